"""Finding projects and admin units by name, ignoring case, diacritics and tone placement.

Names are compared through geo.text_encoding.fold, so "chau hung" finds "Châu Hưng" and "Hoà"/"Hòa" are the same.
The registry holds thousands of names at most, so they are folded in Python rather than in a folded column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.text_encoding import fold

_PLACES = """
SELECT 'project' AS type, p.id, p.code, p.name_vi, p.name_en, p.kind AS detail, NULL AS scheme, NULL AS unit_type_vi,
       ST_XMin(p.geom) AS west, ST_YMin(p.geom) AS south, ST_XMax(p.geom) AS east, ST_YMax(p.geom) AS north
FROM project p WHERE p.retired_at IS NULL
UNION ALL
SELECT 'unit', u.id, u.code, u.name_vi, u.name_en, u.level, u.scheme, u.unit_type_vi,
       ST_XMin(u.geom), ST_YMin(u.geom), ST_XMax(u.geom), ST_YMax(u.geom)
FROM admin_unit u WHERE NOT u.is_context
"""


def search_places(session: Session, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Projects and units whose name (vi or en) or code holds every word of ``query``; names starting with the
    query (at a word) first, then shorter names. Each has its bounding box (None for a project with no site)."""
    words = fold(query).split()
    if not words:
        return []
    phrase = " ".join(words)
    found = []
    for row in session.execute(text(_PLACES)).mappings():
        names = [fold(row["name_vi"]), fold(row["name_en"] or "")]
        haystack = " ".join([*names, fold(row["code"])])
        if all(word in haystack for word in words):
            starts = any(f" {phrase}" in f" {name}" for name in names)
            found.append((not starts, len(row["name_vi"]), row))
    found.sort(key=lambda item: (item[0], item[1], item[2]["type"], item[2]["id"]))
    return [_place(row) for _, _, row in found[:limit]]


def _place(row: Any) -> dict[str, Any]:
    box = [row["west"], row["south"], row["east"], row["north"]]
    place = {k: row[k] for k in ("type", "id", "code", "name_vi", "name_en", "scheme")}
    place["bbox"] = box if None not in box else None
    if row["type"] == "project":
        return place | {"kind": row["detail"]}
    return place | {"level": row["detail"], "unit_type_vi": row["unit_type_vi"]}
