"""agency successions: who recorded one (none: the data files)

Revision ID: 0029
Revises: 0028

An administrator confirms or corrects a succession the 2025 data leave uncertain (``georeg agency succession``); the
sample data's loader, run again, must not put the data file's guess back over it, as it leaves the agencies a person
assigned to a plan action. ``recorded_by`` says who recorded a succession: null for the data files.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("agency_succession", sa.Column("recorded_by", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("agency_succession", "recorded_by")
