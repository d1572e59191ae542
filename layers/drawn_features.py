"""A catalog layer's features whole, filtered and as of a date exactly as its tiles are, for a map drawn in one go
(the printable exports of maps.map_export): no generalisation, no merging, shapes as shapely geometries; and their
names in a box, where the web map writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shapely import wkb
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.said import Said
from layers.catalog import Layer
from layers.sources import LayerQueryError, filter_sql, source_sql


def drawn_features(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]] | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """One dict per feature with a geometry: the layer's fields and ``geometry`` (shapely, WGS 84), in id order.
    Filters and ``as_of`` are checked as for tiles (LayerQueryError names what to change)."""
    where, params = filter_sql(session, layer, filters or {}, as_of)
    fields = ", ".join(f'src."{f}"' for f in layer.field_keys)
    sql = f"""SELECT src.id, {fields}, ST_AsBinary(src.geom) AS wkb FROM {source_sql(layer, as_of)}
              WHERE src.geom IS NOT NULL AND {where} ORDER BY src.id"""
    rows = session.execute(text(sql), {**params, "as_of": as_of}).mappings()
    return [{**{k: v for k, v in row.items() if k != "wkb"}, "geometry": wkb.loads(bytes(row["wkb"]))} for row in rows]


def drawn_names(
    session: Session,
    layer: Layer,
    filters: Mapping[str, Sequence[str]],
    as_of: date | None,
    box: tuple[float, float, float, float],
    limit: int,
) -> list[dict[str, Any]]:
    """The names (``name_vi``, ``name_en``) of the layer's features in ``box`` (west, south, east, north; WGS 84)
    that its tiles draw with these filters and as of that date, each with a point on it (``lon``, ``lat``): at most
    ``limit``, in id order (the same names stay as the map moves)."""
    if "name_vi" not in layer.field_keys:
        raise LayerQueryError(
            Said(
                f"lớp {layer.id!r} không có tên; lớp dự án và lớp đơn vị hành chính có",
                f"layer {layer.id!r} has no names; the projects' and the units' have",
            )
        )
    where, params = filter_sql(session, layer, filters, as_of)
    sql = f"""SELECT src.name_vi, src.name_en, round(ST_X(point)::numeric, 5)::float8 AS lon,
                     round(ST_Y(point)::numeric, 5)::float8 AS lat
              FROM {source_sql(layer, as_of)}, LATERAL ST_PointOnSurface(src.geom) AS point
              WHERE src.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326) AND {where}
              ORDER BY src.id LIMIT :limit"""
    west, south, east, north = box
    bound = {**params, "as_of": as_of, "west": west, "south": south, "east": east, "north": north, "limit": limit}
    return [dict(row) for row in session.execute(text(sql), bound).mappings()]


def unlocated_features(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]] | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The features these filters choose (as of that date) that have no geometry, with the layer's fields, in id
    order: the province-wide projects a printed map counts but cannot draw, so that it names them after the map (a
    sheet of 16 late projects named the 12 drawn: trial 50)."""
    where, params = filter_sql(session, layer, filters or {}, as_of)
    fields = ", ".join(f'src."{f}"' for f in layer.field_keys)
    sql = f"""SELECT src.id, {fields} FROM {_features_source(layer, as_of)}
              WHERE src.geom IS NULL AND {where} ORDER BY src.id"""
    return [dict(row) for row in session.execute(text(sql), {**params, "as_of": as_of}).mappings()]


def _features_source(layer: Layer, as_of: date | None) -> str:
    """The layer's features as ``src``, those with no geometry too where it has them (``features_source``)."""
    features = layer.features_as_of_source if as_of is not None else layer.features_source
    return f"({features}) AS src" if features is not None else source_sql(layer, as_of)


def chosen_features(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]] | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """What these filters choose (as of that date), for a legend: ``matched``, how many (the web map said which
    filters were chosen but not how many projects they chose: trial 50); ``unlocated``, how many have no geometry (the
    province-wide projects, which a map cannot draw but should count: a printed sheet of 16 late projects said 12);
    ``drawn``, the values of the layer's ``colour_by`` and ``outline_by`` fields among those drawn (the web map's
    legend listed every kind under "past due", where four kinds had a late project)."""
    source = _features_source(layer, as_of)
    fields = [f for f in (layer.colour_by, layer.outline_by) if f]
    where, params = filter_sql(session, layer, filters or {}, as_of)
    drawn = "".join(
        f', array_remove(array_agg(DISTINCT src."{f}") FILTER (WHERE src.geom IS NOT NULL), NULL) AS "{f}"'
        for f in fields
    )
    counts = "count(*) AS matched, count(*) FILTER (WHERE src.geom IS NULL) AS unlocated"
    sql = f"SELECT {counts}{drawn} FROM {source} WHERE {where}"
    row = session.execute(text(sql), {**params, "as_of": as_of}).mappings().one()
    drawn_values = {f: sorted(row[f] or []) for f in fields}
    return {"matched": row["matched"], "unlocated": row["unlocated"], "drawn": drawn_values}
