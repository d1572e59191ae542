"""Where the web map writes names: the units (and the grey neighbouring provinces) and the projects, each at a point
inside it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

_PLACES = """
SELECT code, scheme, level, name_vi, name_en, unit_type_vi, is_context,
       ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
       CASE WHEN is_context THEN ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.003), 4) END AS outline
FROM admin_unit WHERE geom IS NOT NULL ORDER BY is_context, level, code"""
_PROJECT_NAMES = """
SELECT code, name_vi, name_en, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
FROM project WHERE retired_at IS NULL AND geom IS NOT NULL ORDER BY code"""


def unit_places(session: Session) -> list[dict[str, Any]]:
    """Every drawn unit with its names, a point inside it and, for a neighbouring (context) province, a simplified
    outline as GeoJSON text."""
    return [dict(r) for r in session.execute(text(_PLACES)).mappings()]


def project_places(session: Session) -> list[dict[str, Any]]:
    """Every current drawn project's code and names with a point on it."""
    return [dict(r) for r in session.execute(text(_PROJECT_NAMES)).mappings()]
