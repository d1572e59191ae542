"""a registered raster's footprint: the box of its extent, in WGS 84

Revision ID: 0043
Revises: 0042

/changes, for a province, leaves out a forest raster that gives none of its units a figure; one whose figures
could not be computed (or are being computed) gives none, and was listed for every province (session 61). Its
footprint, written when it is registered, says which provinces it touches. Rasters registered before have none
(their files are not read here): /changes keeps listing them for every province while they have no figures.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry

from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    column = sa.Column("footprint", Geometry("POLYGON", srid=4326, spatial_index=False), nullable=True)
    op.add_column("raster_dataset", column)


def downgrade() -> None:
    op.drop_column("raster_dataset", "footprint")
