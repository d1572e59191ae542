"""Running the Alembic migrations from code (the CLI and the tests use this).

The scripts are found beside this module (``geo/alembic``, a link to the source tree's ``alembic/`` that the wheel
ships as files), so an installed package migrates its database without the source tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from alembic import command
from geo.said import Said

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


#: Said when the database's schema is not the one this code needs: a fresh database never migrated, or one left
#: behind by an upgrade of the code.
SCHEMA_BEHIND = Said(
    "Cơ sở dữ liệu chưa được cập nhật lược đồ cho phiên bản georeg này; quản trị viên hãy chạy: georeg db migrate",
    "The registry's database has not been brought up to date for this version of georeg; the administrator should "
    "run: georeg db migrate",
)


@dataclass(frozen=True)
class SchemaState:
    """The migrations a database has (``current``) against those this code ships (``heads``)."""

    current: frozenset[str]
    heads: frozenset[str]

    @property
    def name(self) -> str:
        """current, missing (never migrated) or behind."""
        if self.current == self.heads:
            return "current"
        return "missing" if not self.current else "behind"


def schema_state(engine: Engine) -> SchemaState:
    """Whether ``engine``'s database has this code's schema (raises if it cannot be reached)."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return SchemaState(frozenset(current), _shipped_heads())


@cache
def _shipped_heads() -> frozenset[str]:
    """The migrations' heads: read once per process (reading the scripts takes most of a second)."""
    return frozenset(ScriptDirectory.from_config(alembic_config("postgresql://")).get_heads())
