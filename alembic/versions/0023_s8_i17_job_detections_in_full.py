"""ingest jobs: the detected CRS and encoding kept in full, whatever their length

Revision ID: 0023
Revises: 0022

A file whose layers differ names each layer's CRS and encoding ("du_an_bac_lieu: tcvn3; du_an_tra_vinh: vni"). The
columns held 80 and 20 characters: the CRS was cut short, and a zip of two offices' shapefiles in different legacy
encodings could not be recorded at all, so its load failed at the end.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDTHS = {"detected_format": 200, "detected_crs": 80, "detected_encoding": 20}


def upgrade() -> None:
    for column in WIDTHS:
        op.alter_column("ingest_job", column, type_=sa.Text())


def downgrade() -> None:
    for column, width in WIDTHS.items():
        op.execute(f"UPDATE ingest_job SET {column} = left({column}, {width})")
        op.alter_column("ingest_job", column, type_=sa.String(width))
