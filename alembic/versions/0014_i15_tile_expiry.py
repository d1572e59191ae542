"""tiles: expiry by the footprints of edits (layer_version.edits, tile_expiry)

Revision ID: i15a
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "i15a"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("layer_version", sa.Column("edits", sa.BigInteger(), server_default="0", nullable=False))
    op.create_table(
        "tile_expiry",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("layer_id", sa.String(length=80), nullable=False),
        sa.Column("edit", sa.BigInteger(), nullable=False),
        sa.Column("west", sa.Float(), nullable=False),
        sa.Column("south", sa.Float(), nullable=False),
        sa.Column("east", sa.Float(), nullable=False),
        sa.Column("north", sa.Float(), nullable=False),
        sa.Column("fields", postgresql.ARRAY(sa.String(length=80)), nullable=True),
        sa.Column("feature_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tile_expiry")),
    )
    op.create_index("ix_tile_expiry_layer_id_edit", "tile_expiry", ["layer_id", "edit"])


def downgrade() -> None:
    op.drop_index("ix_tile_expiry_layer_id_edit", table_name="tile_expiry")
    op.drop_table("tile_expiry")
    op.drop_column("layer_version", "edits")
