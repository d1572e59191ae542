"""an indicator value's reason written by the registry is a code, not an English sentence

Revision ID: 0047
Revises: 0046

The registry stored why it recorded a value over another as English sentences in ``reason``: "recomputed: {source}"
(a value computed again from another forest raster, its source the row's own) and "entered after the value before
was withdrawn" (a value entered with no reason over a withdrawal), which the API served as they were. They are codes
now (geo.value_reasons: ``registry:recomputed``, ``registry:after-withdrawal``), worded in each reader's language; a
reason a person typed is left as typed.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECOMPUTED = "entered_by = 'registry' AND NOT is_withdrawal"
AFTER_WITHDRAWAL = "entered after the value before was withdrawn"


def upgrade() -> None:
    op.execute(
        f"UPDATE indicator_value SET reason = 'registry:recomputed' WHERE {RECOMPUTED} "
        "AND reason = 'recomputed: ' || source"
    )
    op.execute(f"UPDATE indicator_value SET reason = 'registry:after-withdrawal' WHERE reason = '{AFTER_WITHDRAWAL}'")


def downgrade() -> None:
    op.execute(
        f"UPDATE indicator_value SET reason = 'recomputed: ' || source WHERE {RECOMPUTED} "
        "AND reason = 'registry:recomputed'"
    )
    op.execute(f"UPDATE indicator_value SET reason = '{AFTER_WITHDRAWAL}' WHERE reason = 'registry:after-withdrawal'")
