"""Merge the branches of session four: the shares queue (s4_i17a) and projects' Web Mercator geometry (s4_i15a).

Revision ID: 0017
Revises: s4_i17a, s4_i15a
"""

from collections.abc import Sequence

revision: str = "0017"
down_revision: str | Sequence[str] | None = ("s4_i17a", "s4_i15a")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
