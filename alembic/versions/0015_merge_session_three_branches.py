"""merge the branches of issues 11, 12, 14, 15 and 17 (ingest format label, monitoring, browser sessions, tile
expiry, ingest job start and unknown precision)

Revision ID: 0015
Revises: i11a, i12b, i14a, i15a, i17b
Create Date: 2026-11-30 22:20:00
"""

from collections.abc import Sequence

revision: str = "0015"
down_revision: tuple[str, ...] = ("i11a", "i12b", "i14a", "i15a", "i17b")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
