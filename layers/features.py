"""Features of a catalog layer for OGC API – Features: filtered, paged, in the asked CRS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.queries.features import feature
from layers.catalog import Layer
from layers.cql2 import CqlError, to_sql
from layers.crs import UnsupportedCrs, epsg_of, reproject
from layers.sources import LayerQueryError, source_sql

GEOJSON_DECIMALS = 7


@dataclass
class ItemsQuery:
    """What a client asked of a collection's items."""

    bbox: tuple[float, float, float, float] | None = None
    datetime: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    cql: str | None = None
    crs: str | None = None
    limit: int = 100
    offset: int = 0


def _where(layer: Layer, query: ItemsQuery) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    if query.bbox:
        clauses.append("ST_Intersects(src.geom, ST_MakeEnvelope(:w, :s, :e, :n, 4326))")
        params.update(zip(("w", "s", "e", "n"), query.bbox, strict=True))
    if query.datetime:
        clauses.append(_datetime_sql(layer, query.datetime, params))
    types = {f.key: f.type for f in layer.fields}
    for i, (name, value) in enumerate(sorted(query.properties.items())):
        if name not in types:
            raise LayerQueryError(f"unknown parameter {name!r}; properties of {layer.id!r}: {', '.join(types)}")
        if types[name] in ("number", "integer"):
            try:
                params[f"prop_{i}"] = float(value)
            except ValueError as error:
                raise LayerQueryError(f"{name} is a number; {value!r} is not") from error
            clauses.append(f'src."{name}"::double precision = :prop_{i}')
        else:
            clauses.append(f'src."{name}"::text = :prop_{i}')
            params[f"prop_{i}"] = value
    if query.cql:
        try:
            sql, cql_params = to_sql(query.cql, types)
        except CqlError as error:
            raise LayerQueryError(f"filter: {error}") from error
        clauses.append(sql)
        params.update(cql_params)
    return " AND ".join(clauses) or "TRUE", params


def _parse_date(value: str) -> date | None:
    if value in ("", ".."):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise LayerQueryError(
            f"datetime: {value!r} is not a date (use 2025-07-01, or 2024-01-01/.. for an interval)"
        ) from error


def _datetime_sql(layer: Layer, value: str, params: dict[str, Any]) -> str:
    """Features whose date (or validity interval) meets the instant or interval ``value``."""
    if layer.temporal is None:
        raise LayerQueryError(f"layer {layer.id!r} has no dates; drop the datetime parameter")
    start, end = (value.split("/", 1) + [""])[:2] if "/" in value else (value, value)
    params["t_start"], params["t_end"] = _parse_date(start), _parse_date(end)
    begin, finish = layer.temporal
    if finish is None:
        return (
            f'src."{begin}" IS NOT NULL AND (CAST(:t_end AS date) IS NULL OR src."{begin}" <= :t_end) '
            f'AND (CAST(:t_start AS date) IS NULL OR src."{begin}" >= :t_start)'
        )
    return (
        f'(CAST(:t_end AS date) IS NULL OR src."{begin}" IS NULL OR src."{begin}" <= :t_end) '
        f'AND (CAST(:t_start AS date) IS NULL OR src."{finish}" IS NULL OR src."{finish}" >= :t_start)'
    )


def _select(layer: Layer) -> str:
    columns = ", ".join(f'src."{k}"' for k in layer.field_keys)
    return f"SELECT src.id, {columns}, ST_AsGeoJSON(src.geom, {GEOJSON_DECIMALS}) AS geometry FROM {source_sql(layer)}"


def _epsg(query: ItemsQuery) -> int | None:
    try:
        return epsg_of(query.crs)
    except UnsupportedCrs as error:
        raise LayerQueryError(str(error)) from error


def find_items(session: Session, layer: Layer, query: ItemsQuery) -> dict[str, Any]:
    """A FeatureCollection page with numberMatched / numberReturned, geometries in ``query.crs``."""
    epsg = _epsg(query)
    where, params = _where(layer, query)
    matched = session.execute(text(f"SELECT count(*) FROM {source_sql(layer)} WHERE {where}"), params).scalar_one()
    rows = session.execute(
        text(f"{_select(layer)} WHERE {where} ORDER BY src.id LIMIT :limit OFFSET :offset"),
        {**params, "limit": query.limit, "offset": query.offset},
    ).mappings()
    features = [_in_crs(feature(row), epsg) for row in rows]
    return {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
    }


def get_item(session: Session, layer: Layer, item_id: int, crs: str | None) -> dict[str, Any] | None:
    epsg = _epsg(ItemsQuery(crs=crs))
    row = session.execute(text(f"{_select(layer)} WHERE src.id = :id"), {"id": item_id}).mappings().one_or_none()
    return None if row is None else _in_crs(feature(row), epsg)


def _in_crs(item: dict[str, Any], epsg: int | None) -> dict[str, Any]:
    item["geometry"] = reproject(item["geometry"], epsg)
    return item
