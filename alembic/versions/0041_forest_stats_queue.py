"""forest rasters whose statistics wait to be computed after their load's commit (geo.forest_stats_queue)

Revision ID: 0041
Revises: 0040

A forest raster loaded on /upload had no figures until an administrator ran ``georeg forest stats`` (trial 63,
finding 1): the load now queues it in its transaction and computes its statistics after the commit, as a projects
load's shares follow it.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "forest_stats_queue",
        sa.Column("raster_id", sa.Integer(), sa.ForeignKey("raster_dataset.id", ondelete="CASCADE"), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("raster_id"),
    )


def downgrade() -> None:
    op.drop_table("forest_stats_queue")
