"""search: names folded in PostgreSQL (georeg_fold), so a search reads only what it finds

Revision ID: 0024
Revises: 0023

The search read every project into Python to fold its name there: 0.4–0.7 s a keystroke at 30,000 projects, and
growing with the registry. ``georeg_fold`` is the matching key in SQL: no diacritics (unaccent's rules: đ, ð → d;
"Hoà" and "Hòa" alike) and lower case; spaces are left as they are (collapsing them cost as much again per name).
unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        """
        CREATE FUNCTION georeg_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT lower(unaccent('unaccent'::regdictionary, $1))
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION georeg_fold(text)")
