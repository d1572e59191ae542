"""submissions: who sent each one, so that its sender does not review it

Revision ID: 0034
Revises: 0033

A focal department's editor wrote, sent and accepted his own yearly report, with no warning (trial 50, B-1). The
account that sent a submission last is kept with it (``submitted_by``, a username as ``created_by`` is); the review
refuses it for that account. Submissions sent before take it from the audit log's last "submitted" step.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("submission", sa.Column("submitted_by", sa.String(length=200), nullable=True))
    op.execute(
        """
        UPDATE submission s SET submitted_by = (
            SELECT l.actor FROM audit_log l
            WHERE l.entity = 'submission' AND l.entity_id = s.id::text AND l.action = 'submitted'
            ORDER BY l.id DESC LIMIT 1
        )
        WHERE s.submitted_at IS NOT NULL
        """
    )


def downgrade() -> None:
    op.drop_column("submission", "submitted_by")
