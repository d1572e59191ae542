"""Running the Alembic migrations from code (the CLI and the tests use this)."""

from __future__ import annotations

from alembic.config import Config

from alembic import command
from geo.settings import PROJECT_ROOT


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    """Upgrade to ``revision``; by default every head, so feature branches of the schema all apply."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
