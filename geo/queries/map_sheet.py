"""What a printed map draws besides its layers: the neighbouring provinces around the registry's own, and where
the boundaries it draws come from (for the source line)."""

from __future__ import annotations

from typing import Any

from shapely import wkb
from sqlalchemy import text
from sqlalchemy.orm import Session

_CONTEXT = """
SELECT code, name_vi, name_en, unit_type_vi, ST_AsBinary(geom) AS wkb
FROM admin_unit WHERE is_context ORDER BY code"""
_SOURCES = """
SELECT DISTINCT source FROM admin_unit
WHERE (scheme = :scheme OR is_context) AND source <> '' ORDER BY source"""


def context_provinces(session: Session) -> list[dict[str, Any]]:
    """The neighbouring provinces loaded for context, with their outline as a shapely geometry."""
    rows = session.execute(text(_CONTEXT)).mappings()
    return [{**{k: v for k, v in r.items() if k != "wkb"}, "geometry": wkb.loads(bytes(r["wkb"]))} for r in rows]


def boundary_sources(session: Session, scheme: str) -> list[str]:
    """The sources (files) the boundaries of ``scheme`` and the context provinces were loaded from."""
    return list(session.execute(text(_SOURCES), {"scheme": scheme}).scalars())
