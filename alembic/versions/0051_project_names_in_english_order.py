"""project: the list of an account's projects sorted by the names an English page shows

Revision ID: 0051
Revises: 0050

The English field form listed an account's projects "By name" in the order of their Vietnamese names (session 69):
"Cau Ngang substation" after "Wind farm …" because "Trạm biến áp" sorts after "Nhà máy". In English the list is
sorted by the name it shows, the English name where the project has one, else the Vietnamese, in the collation
``georeg_vi`` (0050: numbers by their value; English letters in English order); this index hands a page its rows in
that order, as ``ix_project_name_vi`` does in Vietnamese (geo.queries.in_charge).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0051"
down_revision: str | None = "0050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shown = "COALESCE(NULLIF(name_en, ''), name_vi)"  # a project with no English name has '' (geo.ingest.targets)
    op.execute(f"CREATE INDEX ix_project_name_en ON project (({shown} COLLATE georeg_vi), id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_project_name_en")
