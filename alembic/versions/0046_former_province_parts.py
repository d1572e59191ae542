"""the former provinces cut to the registry's 2025 ones, kept between map loads

Revision ID: 0046
Revises: 0045

Every web map on the 2025 boundaries asks /map/context.geojson, which cut the former provinces out of the 2025 ones
each time: 0.2–0.27 s of the database's time per page load (five intersections of detailed outlines). The parts
depend only on the provinces of both schemes: they are kept here under a key of those layers' versions
(geo.former_parts), one row, cut again by the first map asking after a load of units changes the key.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "former_province_parts",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("parts", JSONB(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("former_province_parts")
