"""forest statistics: the share of a unit the raster covers; figures only for a unit covered nearly whole

Revision ID: 0039
Revises: 0038

A raster covering a quarter of a province became its forest cover and the plan's indicator (trial 59, F-j): a unit
is now given its forest ha and cover % only when the raster has values over at least 95 % of it (geo.forest); a unit
covered less keeps a row with the share covered and no figures, so the unit page and /api/forest can say "the raster
covers 25 % of this unit". Existing statistics keep their figures until `georeg forest stats` is run again.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("forest_unit_stat", sa.Column("covered_m2", sa.Float(), nullable=True))
    op.alter_column("forest_unit_stat", "forest_m2", nullable=True)
    op.alter_column("forest_unit_stat", "cover_percent", nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM forest_unit_stat WHERE cover_percent IS NULL")
    op.alter_column("forest_unit_stat", "cover_percent", nullable=False)
    op.alter_column("forest_unit_stat", "forest_m2", nullable=False)
    op.drop_column("forest_unit_stat", "covered_m2")
