"""project: an index of folded names, the order of the list of an account's projects

Revision ID: 0049
Revises: 0048

The field form's list of the projects in an account's charge, and the supervisor's on /status-reports, sort by the
folded Vietnamese name (georeg_fold) and the id; at a province's 100,000 projects every page folded and sorted every
name (0.3 s and more). The index hands a page its rows in order (geo.queries.in_charge).

An index on ``georeg_fold`` is rebuilt by pg_restore with an empty search_path, where 0024's body found neither
``unaccent`` nor its dictionary ("text search dictionary "unaccent" does not exist": a backup could not be restored);
the function names them by their schema first, the same rules.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0049"
down_revision: str | None = "0048"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_FOLD = """
CREATE OR REPLACE FUNCTION georeg_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower({unaccent}('{dictionary}'::regdictionary, $1))
$$
"""


def upgrade() -> None:
    schema = (
        op.get_bind()
        .exec_driver_sql("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        .scalar_one()
    )
    op.execute(_FOLD.format(unaccent=f"{schema}.unaccent", dictionary=f"{schema}.unaccent"))
    op.execute("CREATE INDEX ix_project_name_folded ON project (georeg_fold(name_vi), id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_project_name_folded")
    op.execute(_FOLD.format(unaccent="unaccent", dictionary="unaccent"))
