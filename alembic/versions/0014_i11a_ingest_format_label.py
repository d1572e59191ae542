"""ingest jobs: room for the format label of a zip mixing formats

A zipped export holds shapefiles and a CSV of the rows without a geometry; its label ("ZIP archive of CSV with
coordinate columns, ESRI Shapefile") is longer than the 40 characters the column allowed.

Revision ID: i11a
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "i11a"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("ingest_job", "detected_format", type_=sa.String(200), existing_nullable=True)


def downgrade() -> None:
    op.alter_column("ingest_job", "detected_format", type_=sa.String(40), existing_nullable=True)
