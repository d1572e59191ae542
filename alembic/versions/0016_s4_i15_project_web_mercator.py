"""projects keep their geometry in Web Mercator too (geom_3857), so vector tiles reproject nothing

Revision ID: s4_i15a
Revises: 0015

A stored generated column: PostgreSQL recomputes it on every insert and update of ``geom`` (ingest, geometry edits,
the API), so it is never out of step. Tiles test sizes, simplify and draw in metres from it; reprojecting every
feature of a low-zoom tile with PROJ was most of its cost (docs/tiles-at-scale.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry

from alembic import op

revision: str = "s4_i15a"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "project",
        sa.Column(
            "geom_3857",
            Geometry(srid=3857, spatial_index=False, from_text="ST_GeomFromEWKT", name="geometry"),
            sa.Computed("ST_Transform(geom, 3857)", persisted=True),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_column("project", "geom_3857")
