"""Projects near a point, by true distance to their geometry (not to a centroid)."""

from __future__ import annotations

import math
from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import cast, func, select
from sqlalchemy.orm import Session

from geo.models import Project
from geo.queries.features import feature_collection

METRES_PER_DEGREE = 111_320
#: The most projects one answer lists (GET /api/projects/near's ``limit``; the field form asks the next page after).
MOST_LISTED = 200


def point(lon: float, lat: float):
    return func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326)


def distance_to_project(lon: float, lat: float):
    """Metres from the point to the nearest part of the project's geometry, on the ellipsoid."""
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
