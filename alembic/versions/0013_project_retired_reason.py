"""projects: why a project was retired

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("project", sa.Column("retired_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("project", "retired_reason")
