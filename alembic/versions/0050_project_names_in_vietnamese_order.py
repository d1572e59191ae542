"""project: the list of an account's projects sorted as people read the names

Revision ID: 0050
Revises: 0049

The list sorted by the folded name (0049): "… số 67" before "… số 7", "Đ" among the "D"s (user trial 72). An ICU
collation in Vietnamese order with numbers by their value (``georeg_vi``: "Cống Dừa" < "Cống Đa Lộc",
"Trạm số 7" < "Trạm số 67") orders it now; the index on the name in that collation hands a page its rows in order,
as the folded one did (geo.queries.in_charge). The folded names' index stays: the look-up of a file's possible
repeats joins along it (geo.ingest.possible_duplicates).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0050"
down_revision: str | None = "0049"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE COLLATION IF NOT EXISTS georeg_vi (provider = icu, locale = 'vi-u-kn-true')")
    op.execute("CREATE INDEX ix_project_name_vi ON project ((name_vi COLLATE georeg_vi), id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_project_name_vi")
    op.execute("DROP COLLATION georeg_vi")
