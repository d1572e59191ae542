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


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
