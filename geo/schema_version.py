"""Whether a database has this code's schema: its migrations against those this code ships.

Kept apart from geo.migrations (which runs them with Alembic) so that answering costs no Alembic: every ``georeg``
command asks it before it starts, and Alembic's import and its reading of the scripts (each imported, with GeoAlchemy
and SQLAlchemy's DDL) took 0.3 s of CPU of a command's start (about 0.1 s of a load's, which imports much of the same
next); here the scripts' revision ids are read as text, and the database's from its ``alembic_version`` table.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, text

from geo.said import Said

#: The migration scripts (``geo/alembic``, a link to the source tree's ``alembic/`` that the wheel ships as files).
VERSIONS = Path(__file__).resolve().parent / "alembic" / "versions"

#: Said when the database's schema is not the one this code needs: a fresh database never migrated, or one left
#: behind by an upgrade of the code.
SCHEMA_BEHIND = Said(
    "Cơ sở dữ liệu chưa được cập nhật lược đồ cho phiên bản georeg này; quản trị viên hãy chạy: georeg db migrate",
    "The registry's database has not been brought up to date for this version of georeg; the administrator should "
    "run: georeg db migrate",
)

#: A script's own id and those it revises, as Alembic's template writes them (``revision: str = "0038"``,
#: ``down_revision: tuple[str, ...] = ("i11a", "i12b")``).
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


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
        migrated = connection.scalar(text("SELECT to_regclass('alembic_version') IS NOT NULL"))
        current = connection.scalars(text("SELECT version_num FROM alembic_version")) if migrated else ()
        return SchemaState(frozenset(current), shipped_heads())


@cache
def shipped_heads() -> frozenset[str]:
    """The migrations no other one revises (Alembic's heads), read once per process from the scripts' text."""
    revisions, revised = set(), set()
    for script in VERSIONS.glob("*.py"):
        for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            ids = ast.literal_eval(value.strip())
            if name == "revision":
                revisions.add(ids)
            elif ids is not None:
                revised.update((ids,) if isinstance(ids, str) else ids)
    return frozenset(revisions - revised)
