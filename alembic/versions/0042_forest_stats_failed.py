"""a forest raster whose statistics could not be computed: when, and why (geo.forest_stats_queue)

Revision ID: 0042
Revises: 0041

A raster whose statistics raised stayed queued with no failed state: the app tried it again every few minutes, and
the unit page said its figures were "being computed" for ever (trial 64). The queue's row now says when they failed
and why, in Vietnamese and English; ``georeg forest stats --raster ID`` computes them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("forest_stats_queue", sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("forest_stats_queue", sa.Column("failure_vi", sa.Text(), nullable=True))
    op.add_column("forest_stats_queue", sa.Column("failure_en", sa.Text(), nullable=True))


def downgrade() -> None:
    for column in ("failure_en", "failure_vi", "failed_at"):
        op.drop_column("forest_stats_queue", column)
