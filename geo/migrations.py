"""Running the Alembic migrations from code (the CLI and the tests use this; whether a database has them:
geo.schema_version).

The scripts are found beside this module (``geo/alembic``, a link to the source tree's ``alembic/`` that the wheel
ships as files), so an installed package migrates its database without the source tree.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from alembic import command

SCRIPTS = Path(__file__).resolve().parent / "alembic"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    """Upgrade to ``revision``; by default every head, so feature branches of the schema all apply."""
    command.upgrade(alembic_config(database_url), revision)


def already_past(revision: str, current: frozenset[str]) -> bool:
    """Whether an upgrade to ``revision`` that left the database at ``current`` (geo.schema_version) found it already
    further on: Alembic's upgrade to a revision the database has passed changes nothing and says nothing, and an
    administrator who asked for an older one must not be told it is there."""
    if revision in ("head", "heads"):
        return False
    return not any(one.startswith(revision) for one in current)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
