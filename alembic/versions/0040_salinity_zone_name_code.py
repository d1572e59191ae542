"""salinity zones: the file's own zone code and name, and when the zones were loaded

Revision ID: 0040
Revises: 0039

A salinity file's zone code and name (MA_VUNG, TEN_VUNG, …) were dropped at load as "columns not loaded" (trial 58,
F6): the names colleagues wrote could be seen neither in the map's popup nor in the exports. ``loaded_at`` is when a
zone was written, so that the unit page can say which load of a period its figures come from ("nạp ngày …"); zones
already stored take their load's time, or their raster's registration for zones derived from a raster.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("salinity_zone", sa.Column("zone_code", sa.Text(), nullable=True))
    op.add_column("salinity_zone", sa.Column("zone_name", sa.Text(), nullable=True))
    op.add_column(
        "salinity_zone",
        sa.Column("loaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.execute(
        "UPDATE salinity_zone z SET loaded_at = COALESCE(j.finished_at, j.created_at) FROM ingest_job j "
        "WHERE j.id = z.ingest_job_id"
    )
    op.execute(
        "UPDATE salinity_zone z SET loaded_at = r.created_at FROM raster_dataset r WHERE z.ingest_job_id IS NULL "
        "AND z.source LIKE '% — raster_dataset ' || r.id || ' (%'"
    )


def downgrade() -> None:
    op.drop_column("salinity_zone", "loaded_at")
    op.drop_column("salinity_zone", "zone_name")
    op.drop_column("salinity_zone", "zone_code")
