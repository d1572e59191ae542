"""Merge the branches of session five: share links checked per statement (s5_i17a) and the precomputed zoom bands
of crowded low-zoom tiles (s5_i15a).

Revision ID: 0019
Revises: s5_i17a, s5_i15a
"""

from collections.abc import Sequence

revision: str = "0019"
down_revision: str | Sequence[str] | None = ("s5_i17a", "s5_i15a")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
