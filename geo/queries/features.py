"""Turning rows with a GeoJSON geometry column into GeoJSON features and collections."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TextIO

from sqlalchemy import func

GEOJSON_DECIMALS = 6  # about 0.1 m, the precision of the source data


def geojson_geometry(column: Any) -> Any:
    """SQL for a geometry column as GeoJSON text, labelled for :func:`feature`."""
    return func.ST_AsGeoJSON(column, GEOJSON_DECIMALS).label("geometry")


def feature(row: Mapping[str, Any], geometry_key: str = "geometry") -> dict[str, Any]:
    """A Feature from a row whose ``geometry_key`` holds ST_AsGeoJSON text (or NULL)."""
    properties = {k: _json_value(v) for k, v in row.items() if k not in (geometry_key, "id")}
    geometry = row[geometry_key]
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": json.loads(geometry) if geometry else None,
        "properties": properties,
    }


def _json_value(value: Any) -> Any:
    """Dates as ISO 8601 text, so a feature serialises the same in the API and in a map page."""
    return value.isoformat() if isinstance(value, date) else value


def feature_collection(rows: Iterable[Mapping[str, Any]], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(r) for r in rows], **members}


def write_feature_collection(file: TextIO, rows: Iterable[Mapping[str, Any]], **members: Any) -> None:
    """:func:`feature_collection` of ``rows`` written to ``file`` a feature at a time (Vietnamese text as it is, not
    escaped), so that a layer of any size takes the memory of one feature, not of the whole collection."""
    file.write('{"type": "FeatureCollection", "features": [')
    for number, row in enumerate(rows):
        file.write(("," if number else "") + json.dumps(feature(row), ensure_ascii=False))
    file.write("]")
    for name, value in members.items():
        file.write(f", {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")
    file.write("}")
