"""Where the web map writes names: the units (and the neighbouring provinces), each at a point inside it (the
projects' are asked for the view: layers.drawn_features.drawn_names)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

_PLACES = """
SELECT code, scheme, level, name_vi, name_en, unit_type_vi, is_context,
       ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
FROM admin_unit WHERE geom IS NOT NULL ORDER BY is_context, level, code"""


def unit_places(session: Session) -> list[dict[str, Any]]:
    """Every drawn unit (neighbouring context provinces included) with its names and a point inside it."""
    return [dict(r) for r in session.execute(text(_PLACES)).mappings()]


_EXTENT = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM admin_unit) x"
# The neighbours (context units) of a boundary scheme and the registry's own provinces of that scheme; of the
# pre-2025 scheme when the registry holds no neighbours of the one asked.
_PROVINCES = """
WITH drawn AS (
    SELECT CASE WHEN EXISTS (SELECT FROM admin_unit WHERE is_context AND scheme = :scheme) THEN :scheme
                ELSE 'pre2025' END AS scheme
)
SELECT code, name_vi, name_en, unit_type_vi, is_context,
       ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, :tolerance), 5) AS outline
FROM admin_unit JOIN drawn USING (scheme)
WHERE geom IS NOT NULL AND (is_context OR level = 'province')
ORDER BY is_context, code"""


def registry_extent(session: Session) -> tuple[float, float, float, float] | None:
    """West, south, east, north of every unit the registry holds (its own and its neighbours), or None."""
    row = session.execute(text(_EXTENT)).one()
    return None if row[0] is None else (row[0], row[1], row[2], row[3])


def context_provinces(session: Session, tolerance: float, scheme: str = "pre2025") -> list[dict[str, Any]]:
    """The neighbouring (context) units of boundary ``scheme`` and the registry's provinces of that scheme (of the
    pre-2025 scheme when it has no neighbours), with names, a point inside and an outline simplified by
    ``tolerance`` degrees as GeoJSON text."""
    bound = {"tolerance": tolerance, "scheme": scheme}
    return [dict(r) for r in session.execute(text(_PROVINCES), bound).mappings()]


_COVERED = """
SELECT sum(area_m2) FILTER (WHERE level = :level) / nullif(sum(area_m2) FILTER (WHERE level = 'province'), 0)
FROM admin_unit WHERE scheme = :scheme AND NOT is_context"""


def share_covered(session: Session, scheme: str, level: str) -> float | None:
    """How much of the registry's provinces of ``scheme`` its units of ``level`` cover (0 to 1; None without
    provinces): the 2025 provinces are larger than the former ones whose communes the registry holds, and the
    progress map leaves the rest blank."""
    return session.execute(text(_COVERED), {"scheme": scheme, "level": level}).scalar()
