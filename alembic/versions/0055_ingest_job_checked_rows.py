"""ingest_job.checked_rows: the projects a preview's check matched, each [id, row version], beside its report

Revision ID: 0055
Revises: 0054

A preview's Load refused for field reports recorded since its check was refused once the whole file had been read
again (10–16 s for 20,000 features): the check now keeps the projects it matched, and Load looks at them first
(geo.ingest.pipeline). Kept out of the report, which lists and pages read (20,000 pairs are some 300 kB of JSON).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision: str = "0055"
down_revision: str | None = "0054"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ingest_job", sa.Column("checked_rows", JSONB))


def downgrade() -> None:
    op.drop_column("ingest_job", "checked_rows")
