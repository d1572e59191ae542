"""Turning rows with a GeoJSON geometry column into GeoJSON features and collections."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any


def feature(row: Mapping[str, Any], geometry_key: str = "geometry") -> dict[str, Any]:
    """A Feature from a row whose ``geometry_key`` holds ST_AsGeoJSON text (or NULL)."""
    properties = {k: v for k, v in row.items() if k not in (geometry_key, "id")}
    geometry = row[geometry_key]
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": json.loads(geometry) if geometry else None,
        "properties": properties,
    }


def feature_collection(rows: Iterable[Mapping[str, Any]], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(r) for r in rows], **members}
