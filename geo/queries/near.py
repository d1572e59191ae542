"""Projects near a point, by true distance to their geometry (not to a centroid)."""

from __future__ import annotations

import math
from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import Float, Integer, String, and_, cast, func, select, true
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from geo.bound_arrays import unnested
from geo.models import Project
from geo.queries.features import feature_collection

METRES_PER_DEGREE = 111_320
#: The most projects one answer lists (GET /api/projects/near's ``limit``; the field form asks the next page after).
MOST_LISTED = 200


def point(lon: float, lat: float):
    return func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326)


def distance_to_project(lon, lat):
    """Metres from the point (numbers, or SQL: a status file's positions) to the nearest part of the project's
    geometry, on the ellipsoid."""
    return func.ST_Distance(cast(Project.geom, Geography), cast(point(lon, lat), Geography))


def search_degrees(lat: float, radius_m: float) -> float:
    """A radius in degrees that surely covers ``radius_m``, so the GiST index can pre-select candidates."""
    return 1.05 * radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(min(abs(lat), 85))), 0.05))


def projects_near(
    session: Session, lon: float, lat: float, radius_m: float, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """A FeatureCollection of the current projects within ``radius_m``, nearest first, each with ``distance_m``: the
    ``limit`` after the ``offset`` nearest, and how many the radius holds (``numberMatched``), for a list that says
    there are more (trial 71: 50 shown of 312 within 2 km, and nothing said)."""
    distance = distance_to_project(lon, lat)
    within = (
        Project.retired_at.is_(None),
        func.ST_DWithin(Project.geom, point(lon, lat), search_degrees(lat, radius_m)),
        distance <= radius_m,
    )
    query = (
        select(
            Project.id,
            Project.code,
            Project.name_vi,
            Project.name_en,
            Project.kind,
            Project.status,
            Project.percent,
            Project.status_date,
            Project.version,
            Project.location_precision,
            distance.label("distance_m"),
            func.ST_AsGeoJSON(Project.geom, 6).label("geometry"),
        )
        .where(*within)
        .order_by(distance, Project.id)
        .limit(limit)
        .offset(offset)
    )
    rows = session.execute(query).mappings().all()
    if offset == 0 and len(rows) < limit:  # the first page holds every one: counted already
        matched = len(rows)
    else:
        matched = session.execute(select(func.count()).select_from(Project).where(*within)).scalar_one()
    return feature_collection(rows, numberMatched=matched, numberReturned=len(rows))


#: The projects one position's search keeps, nearest first, as :func:`projects_near` answers a status file's row.
NEAREST_KEPT = 50
_NAMED = (Project.id, Project.code, Project.name_vi, Project.name_en, Project.kind)


def nearest_to_each(
    session: Session, positions: list[tuple[int, float, float]], radius_m: float
) -> dict[int, list[Row]]:
    """For each (number, lon, lat), the current projects within ``radius_m`` (id, code, names, kind, distance_m),
    nearest first, at most :data:`NEAREST_KEPT`: :func:`projects_near`'s answer for every position of a status file
    in one statement (searched a row at a time, 300 rows took 5-20 s on a loaded machine)."""
    if not positions:
        return {}
    numbers, lons, lats = (list(values) for values in zip(*positions, strict=True))
    degrees = [search_degrees(lat, radius_m) for lat in lats]
    at = unnested("at", number=(Integer, numbers), lon=(Float, lons), lat=(Float, lats), degrees=(Float, degrees))
    distance = distance_to_project(at.c.lon, at.c.lat)
    within = (
        Project.retired_at.is_(None),
        func.ST_DWithin(Project.geom, point(at.c.lon, at.c.lat), at.c.degrees),
        distance <= radius_m,
    )
    near = select(*_NAMED, distance.label("distance_m")).where(*within).order_by(distance, Project.id)
    near = near.limit(NEAREST_KEPT).lateral("near")
    query = select(at.c.number, near).join_from(at, near, true()).order_by(at.c.number, near.c.distance_m, near.c.id)
    found: dict[int, list[Row]] = {n: [] for n, _, _ in positions}
    for row in session.execute(query):
        found[row.number].append(row)
    return found


def coded_at(session: Session, coded: list[tuple[int, str, float, float]]) -> dict[int, Row]:
    """For each (number, code, lon, lat), the current project of that code (id, code, names, kind) and its
    distance_m from the position (None for a project with no site), in one statement; a number whose code no project
    has is left out."""
    if not coded:
        return {}
    numbers, codes, lons, lats = (list(values) for values in zip(*coded, strict=True))
    at = unnested("at", number=(Integer, numbers), code=(String, codes), lon=(Float, lons), lat=(Float, lats))
    query = select(at.c.number, *_NAMED, distance_to_project(at.c.lon, at.c.lat).label("distance_m")).join_from(
        at, Project, and_(Project.code == at.c.code, Project.retired_at.is_(None))
    )
    return {row.number: row for row in session.execute(query)}
