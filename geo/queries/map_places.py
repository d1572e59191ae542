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


# The former provinces a registry's 2025 province was made of (most of a former one's area lies in it), each cut to
# it: former Trà Vinh, whose communes the registry holds, and former Bến Tre and Vĩnh Long, blank without them. A
# former province's part is held when the former province is the registry's, or 2025 communes of the registry lie
# in it (an office's commune file of former Cà Mau, loaded: the legend said it blank, trial s73).
FORMER_PARTS = """
SELECT n.code AS province, o.code, o.name_vi,
       NOT o.is_context OR EXISTS (
         SELECT FROM admin_unit c WHERE c.scheme = '2025' AND c.level = 'commune' AND NOT c.is_context
           AND c.geom && cut.part AND ST_Within(ST_PointOnSurface(c.geom), cut.part)) AS held,
       ST_X(ST_PointOnSurface(cut.part)) AS lon, ST_Y(ST_PointOnSurface(cut.part)) AS lat,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(cut.part, :tolerance), 5) AS outline
FROM admin_unit n
JOIN admin_unit o ON o.scheme = 'pre2025' AND o.level = 'province' AND ST_Intersects(o.geom, n.geom)
CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(o.geom, n.geom), 3) AS part) cut
WHERE n.scheme = '2025' AND n.level = 'province' AND NOT n.is_context AND ST_Area(cut.part) > 0.5 * ST_Area(o.geom)
ORDER BY n.code, held DESC, o.code"""


def former_parts(session: Session, tolerance: float) -> list[dict[str, Any]]:
    """The former provinces in each of the registry's 2025 provinces, cut to it: the 2025 province's code
    (``province``), the former one's code and name, whether the registry holds its units (``held``), a point inside
    the part and its outline simplified by ``tolerance`` degrees as GeoJSON text."""
    return [dict(r) for r in session.execute(text(FORMER_PARTS), {"tolerance": tolerance}).mappings()]


_COVERED = """
SELECT sum(area_m2) FILTER (WHERE level = :level) / nullif(sum(area_m2) FILTER (WHERE level = 'province'), 0)
FROM admin_unit WHERE scheme = :scheme AND NOT is_context"""


def share_covered(session: Session, scheme: str, level: str) -> float | None:
    """How much of the registry's provinces of ``scheme`` its units of ``level`` cover (0 to 1; None without
    provinces): the 2025 provinces are larger than the former ones whose communes the registry holds, and the
    progress map leaves the rest blank."""
    return session.execute(text(_COVERED), {"scheme": scheme, "level": level}).scalar()
