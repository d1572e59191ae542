"""status events: recorded at the moment they are written, not when their transaction began

Revision ID: 0025
Revises: 0024

``now()`` is the start of the transaction: a load's events, written up to a minute after it began, were recorded
before the field reports that came in meanwhile, which take earlier versions, so a project's history ran backwards
in time; and a report that waited for a load's lock was recorded before the load's event it follows.
``clock_timestamp()`` is the moment the row is written, after the project's row was locked: versions and recorded
times now run the same way.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE status_event ALTER COLUMN recorded_at SET DEFAULT clock_timestamp()")


def downgrade() -> None:
    op.execute("ALTER TABLE status_event ALTER COLUMN recorded_at SET DEFAULT now()")
