"""Where the boundaries a printed map draws come from (for its source line)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_SOURCES = """
SELECT DISTINCT source FROM admin_unit
WHERE (scheme = :scheme OR is_context) AND source <> '' ORDER BY source"""


def boundary_sources(session: Session, scheme: str) -> list[str]:
    """The sources (files) the boundaries of ``scheme`` and the context provinces were loaded from."""
    return list(session.execute(text(_SOURCES), {"scheme": scheme}).scalars())
