"""georeg_fold: the same folding, one call costing a third less (issue #17)

Revision ID: 0053
Revises: 0052

``georeg_fold`` (0024, 0049) is an SQL function that PostgreSQL never inlines: it is IMMUTABLE, as an index needs, and
its body calls unaccent, which is STABLE, so each call ran the body as a query of its own (an executor started and
ended per name). A projects load calls it for each project it writes (``ix_project_name_folded``) and for each new
code it looks up as a possible repeat (geo.ingest.possible_duplicates); at 100,000 projects that was a sizeable part
of the database's CPU of a load (docs/ingest-at-volume.md, session 70). In PL/pgSQL the same expression is evaluated
by PL/pgSQL's simple-expression path, without a query per call. The folded names are the very same, so the index
``ix_project_name_folded`` is left as it is; unaccent and its dictionary are still named by their schema (0049: an
index rebuilt by pg_restore with an empty search_path).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0053"
down_revision: str | None = "0052"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_FOLD = """
CREATE OR REPLACE FUNCTION georeg_fold(text) RETURNS text LANGUAGE {language} IMMUTABLE STRICT PARALLEL SAFE AS $$
    {body}
$$
"""
_EXPRESSION = "lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1))"


def _fold(language: str) -> None:
    schema = (
        op.get_bind()
        .exec_driver_sql("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        .scalar_one()
    )
    expression = _EXPRESSION.format(schema=schema)
    body = f"BEGIN RETURN {expression}; END" if language == "plpgsql" else f"SELECT {expression}"
    op.execute(_FOLD.format(language=language, body=body))


def upgrade() -> None:
    _fold("plpgsql")


def downgrade() -> None:
    _fold("sql")
