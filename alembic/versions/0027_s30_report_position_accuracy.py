"""status events: the accuracy the reporter's phone stated for its position

Revision ID: 0027
Revises: 0026

A field report's position was kept without how well the phone knew it: an officer whose phone knew its place only to
±3 km passed a landfill's 500 m rule unflagged. The form now sends the phone's stated accuracy; the report keeps it,
and one whose accuracy is wider than its kind's distance is flagged "position_uncertain" once its reporter confirms.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("status_event", sa.Column("reporter_accuracy_m", sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column("status_event", "reporter_accuracy_m")
