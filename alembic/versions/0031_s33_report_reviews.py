"""status event reviews: a reviewer's verdict on a report flagged to check

Revision ID: 0031
Revises: 0030

A report sent from afar, or from a position its phone knew only roughly, was accepted as its sender confirmed and
counted in progress with nothing a supervisor could do but read it (trials 45–47). A reviewer now says it stands or
not; a rejected one is left out of every reading of its project's state.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_event_review",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer_account_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_name", sa.String(length=200), nullable=False),
        sa.Column(
            "reviewed_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("previous_verdict", sa.String(length=20), nullable=True),
        sa.Column("previous_reviewer_name", sa.String(length=200), nullable=True),
        sa.Column("previous_reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("verdict IN ('confirmed', 'rejected')", name=op.f("ck_status_event_review_verdict")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["status_event.id"], name=op.f("fk_status_event_review_event_id_status_event")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_account_id"], ["account.id"], name=op.f("fk_status_event_review_reviewer_account_id_account")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_status_event_review")),
    )


def downgrade() -> None:
    op.drop_table("status_event_review")
