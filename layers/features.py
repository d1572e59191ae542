"""Features of a catalog layer for OGC API – Features: filtered, paged, in the asked CRS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.coded_words import read_status, words_taken
from geo.queries.features import feature
from geo.said import Said
from geo.vocab import PROJECT_STATUSES
from layers.catalog import Layer
from layers.collections import Collection
from layers.cql2 import CqlError, to_sql
from layers.cql2_json import to_text
from layers.crs import CRS84, UnsupportedCrs, bbox_to_crs84, epsg_of, reproject, to_crs84
from layers.sources import CrsRefused, LayerQueryError, UnknownValue, filter_sql, provinces_said

GEOJSON_DECIMALS = 7
#: The geometry the spatial filters (bbox, S_INTERSECTS) test: the stored one, so that they use the GiST index on
#: it. A one-type collection serves its ST_Multi (Collection.geometry_column), which covers the same ground; a test
#: on that expression read every project (2.9 s for a bbox page of projects_points at 50,000 projects).
FILTERED_GEOMETRY = "src.geom"
#: The member of a page of a units collection filtered by province saying, in both languages, which units the filter
#: chose (layers.sources.provinces_said): former Trà Vinh's (84) 2025 communes, whose own province code is 86.
PROVINCE_READ = "provinceRead"


@dataclass
class ItemsQuery:
    """What a client asked of a collection's items."""

    bbox: tuple[float, float, float, float] | None = None
    bbox_crs: str | None = None
    datetime: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    cql: str | None = None
    cql_json: bool = False
    filter_crs: str | None = None
    crs: str | None = None
    limit: int = 100
    offset: int = 0
    after: int | None = None  # the items with ids above this (keyset paging), instead of offset
    units: list[str] = field(default_factory=list)  # former districts' or 2025 communes' codes (layers.sources)
    provinces: list[str] = field(default_factory=list)  # provinces' codes, as the exports' province filter reads them
    no_report_months: list[str] = field(default_factory=list)  # "no report for N months" (geo.stalled), from today
    hits_only: bool = False


def _where(collection: Collection, query: ItemsQuery) -> tuple[str, dict[str, Any]]:
    clauses, params, layer = [], {}, collection.layer
    if query.bbox:
        box = bbox_to_crs84(query.bbox, _epsg(query.bbox_crs, "bbox-crs"))
        clauses.append(f"ST_Intersects({FILTERED_GEOMETRY}, ST_MakeEnvelope(:w, :s, :e, :n, 4326))")
        params.update(zip(("w", "s", "e", "n"), box, strict=True))
    if query.datetime:
        clauses.append(_datetime_sql(layer, query.datetime, params))
    types = {f.key: f.format or f.type for f in layer.fields}
    choices = {f.key: f.choices for f in layer.fields if f.choices}
    for i, (name, value) in enumerate(sorted(query.properties.items())):
        if name not in types:
            listed = ", ".join(types)
            raise LayerQueryError(
                Said(
                    f"không có tham số {name!r}; thuộc tính của {collection.id!r}: {listed}",
                    f"unknown parameter {name!r}; properties of {collection.id!r}: {listed}",
                )
            )
        if name == "status":  # a code or a word for it, as the registry's other filters take it
            value = _status_code(value)
        if name in choices and value not in choices[name]:
            allowed = ", ".join(choices[name])
            raise LayerQueryError(
                Said(
                    f"{name} {value!r} không hợp lệ; dùng một trong: {allowed}",
                    f"{name} {value!r} is not allowed; use one of: {allowed}",
                )
            )
        if types[name] in ("number", "integer"):
            try:
                params[f"prop_{i}"] = float(value)
            except ValueError as error:
                said = Said(f"{name} là một số; {value!r} không phải số", f"{name} is a number; {value!r} is not")
                raise LayerQueryError(said) from error
            clauses.append(f'src."{name}"::double precision = :prop_{i}')
        else:
            clauses.append(f'src."{name}"::text = :prop_{i}')
            params[f"prop_{i}"] = value
    if query.cql:
        filter_epsg = _epsg(query.filter_crs, "filter-crs")
        try:
            cql = to_text(query.cql) if query.cql_json else query.cql
            sql, cql_params = to_sql(cql, types, FILTERED_GEOMETRY, lambda geometry: to_crs84(geometry, filter_epsg))
        except CqlError as error:
            raise LayerQueryError(Said(f"filter: {error.vi}", f"filter: {error}")) from error
        clauses.append(sql)
        params.update(cql_params)
    return " AND ".join(clauses) or "TRUE", params


def _status_code(word: str) -> str:
    """The code of the status ``word`` names (geo.coded_words); UnknownValue, with the words taken, if none."""
    code = read_status(word)
    if code is None:
        taken = words_taken(PROJECT_STATUSES)
        raise UnknownValue(
            Said(
                f"không có tình trạng {word!r}; các từ được nhận: {taken.vi}",
                f"unknown status {word!r}; the words taken: {taken.en}",
            )
        )
    return code


def _parse_date(value: str) -> date | None:
    if value in ("", ".."):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise LayerQueryError(
            Said(
                f"datetime: {value!r} không phải một ngày (viết 2025-07-01, hoặc 2024-01-01/.. cho một khoảng)",
                f"datetime: {value!r} is not a date (use 2025-07-01, or 2024-01-01/.. for an interval)",
            )
        ) from error


def _datetime_sql(layer: Layer, value: str, params: dict[str, Any]) -> str:
    """Features whose date (or validity interval) meets the instant or interval ``value``."""
    if layer.temporal is None:
        raise LayerQueryError(
            Said(
                f"lớp {layer.id!r} không có ngày tháng; bỏ tham số datetime",
                f"layer {layer.id!r} has no dates; drop the datetime parameter",
            )
        )
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


def _select(collection: Collection) -> str:
    columns = ", ".join(f'src."{k}"' for k in collection.layer.field_keys)
    geometry = f"ST_AsGeoJSON({collection.geometry_column}, {GEOJSON_DECIMALS}) AS geometry"
    return f"SELECT src.id, {columns}, {geometry} FROM {collection.source_sql()}"


def _epsg(uri: str | None, parameter: str = "crs") -> int | None:
    try:
        return epsg_of(uri)
    except UnsupportedCrs as error:
        raise CrsRefused(Said(f"{parameter}: {error.said.vi}", f"{parameter}: {error.said.en}")) from error


def find_items(session: Session, collection: Collection, query: ItemsQuery) -> tuple[dict[str, Any], int]:
    """A FeatureCollection page with numberMatched / numberReturned, geometries in ``query.crs`` (only the numbers
    when ``query.hits_only``), and the position among the matches of its first item."""
    epsg = _epsg(query.crs)
    where, params = _where(collection, query)
    if query.units or query.provinces or query.no_report_months:  # "the projects of huyện Trà Cú": its polygon is
        # too long a CQL2 filter; "not reported on for 6 months" (geo.stalled) no property says
        chosen = {"unit": query.units, "province": query.provinces, "no_report_months": query.no_report_months}
        in_units, unit_params = filter_sql(session, collection.layer, chosen)
        where, params = f"{where} AND {in_units}", {**params, **unit_params}
    said = provinces_said(session, collection.layer, query.provinces)
    told = {PROVINCE_READ: {"vi": said.vi, "en": said.en}} if said else {}
    without_jit(session)
    matched, start = _matches(session, collection, query, where, params)
    if query.hits_only:
        return {
            "type": "FeatureCollection",
            "features": [],
            "numberMatched": matched,
            "numberReturned": 0,
            **told,
        }, start
    if query.after is not None:
        where, params = f"{where} AND src.id > :after", {**params, "after": query.after}
    rows = session.execute(
        text(f"{_select(collection)} WHERE {where} ORDER BY src.id LIMIT :limit OFFSET :offset"),
        {**params, "limit": query.limit, "offset": 0 if query.after is not None else query.offset},
    ).mappings()
    features = [_in_crs(feature(row), epsg) for row in rows]
    page = {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
        **told,
    }
    return page, start


def without_jit(session: Session) -> None:
    """JIT off for the request's statements. A bbox or spatial filter lifts the planner's estimate of a count past
    PostgreSQL's jit_optimize_above_cost: compiling took about 1 s of a page's count that runs in 0.06 s, so every
    bbox page QGIS asks for cost 1–2 s (docs/benchmarks.md)."""
    session.execute(text("SET LOCAL jit = off"))


def _matches(
    session: Session, collection: Collection, query: ItemsQuery, where: str, params: dict[str, Any]
) -> tuple[int, int]:
    """numberMatched and the page's first position (its offset, or how many match up to ``after``), in one count."""
    if query.after is None:
        count = f"SELECT count(*) FROM {collection.source_sql()} WHERE {where}"
        return session.execute(text(count), params).scalar_one(), query.offset
    count = f"SELECT count(*), count(*) FILTER (WHERE src.id <= :after) FROM {collection.source_sql()} WHERE {where}"
    matched, start = session.execute(text(count), {**params, "after": query.after}).one()
    return matched, start


def get_item(session: Session, collection: Collection, item_id: int, crs: str | None) -> dict[str, Any] | None:
    epsg = _epsg(crs)
    select = f"{_select(collection)} WHERE src.id = :id"
    row = session.execute(text(select), {"id": item_id}).mappings().one_or_none()
    return None if row is None else _in_crs(feature(row), epsg)


def _in_crs(item: dict[str, Any], epsg: int | None) -> dict[str, Any]:
    item["geometry"] = reproject(item["geometry"], epsg)
    return item


def extent(session: Session, collection: Collection) -> dict[str, Any]:
    """The collection's spatial extent (CRS84) and, when its features have dates, its temporal extent (an interval
    open at the end while some feature is still valid)."""
    begin, finish = collection.layer.temporal or (None, None)
    first = f'min(src."{begin}")' if begin else "NULL"
    last = f'max(src."{begin}")' if begin else "NULL"
    if finish:
        last = f'CASE WHEN bool_or(src."{finish}" IS NULL) THEN NULL ELSE max(src."{finish}") END'
    row = session.execute(
        text(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), first, last FROM ("
            f"SELECT ST_Extent({collection.geometry_column}) AS e, {first} AS first, {last} AS last "
            f"FROM {collection.source_sql()}) b"
        )
    ).one()
    found: dict[str, Any] = {
        "spatial": {"bbox": [list(row[:4]) if row[0] is not None else [-180, -90, 180, 90]], "crs": CRS84}
    }
    if begin:
        interval = [value.isoformat() if value else None for value in row[4:]]
        found["temporal"] = {"interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return found
