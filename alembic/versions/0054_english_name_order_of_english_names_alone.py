"""project: the English name order indexed for the projects with an English name alone (issue #17)

Revision ID: 0054
Revises: 0053

``ix_project_name_en`` (0051) held every project by the name an English page shows: its English name, else, with
none (``name_en`` empty: every project of a file without an English name column), its Vietnamese one, the key
``ix_project_name_vi`` (0050) already holds. A load of such a file wrote each name into both indexes, in the ICU
collation ``georeg_vi``: 0.7-1 s of the database's CPU per 100,000 projects for the English one
(docs/ingest-at-volume.md). Now it holds the projects with an English name alone; the English list of a large
account reads them along it and those without one along ``ix_project_name_vi``, and merges the two
(geo.queries.in_charge): the same order, by the name shown, then the id.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0054"
down_revision: str | None = "0053"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX ix_project_name_en")
    op.execute("CREATE INDEX ix_project_name_en ON project ((name_en COLLATE georeg_vi), id) WHERE name_en <> ''")


def downgrade() -> None:
    op.execute("DROP INDEX ix_project_name_en")
    shown = "COALESCE(NULLIF(name_en, ''), name_vi)"  # as 0051 made it
    op.execute(f"CREATE INDEX ix_project_name_en ON project (({shown} COLLATE georeg_vi), id)")
