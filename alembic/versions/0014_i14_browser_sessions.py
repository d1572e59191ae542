"""browser sessions: the login cookie holds a random id (stored hashed, with its expiry and token), not the token

Revision ID: i14a
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "i14a"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "browser_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_token.id"], name=op.f("fk_browser_session_token_id_api_token"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_browser_session")),
        sa.UniqueConstraint("id_hash", name=op.f("uq_browser_session_id_hash")),
    )
    op.create_index(op.f("ix_browser_session_token_id"), "browser_session", ["token_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_browser_session_token_id"), table_name="browser_session")
    op.drop_table("browser_session")
