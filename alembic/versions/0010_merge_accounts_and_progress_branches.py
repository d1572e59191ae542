"""merge accounts and progress branches

Revision ID: 0010
Revises: 0006, 0009
Create Date: 2026-11-21 11:57:26.468543
"""

from collections.abc import Sequence

revision: str = "0010"
down_revision: tuple[str, ...] = ("0006", "0009")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
