"""A catalog layer's features whole, filtered and as of a date exactly as its tiles are, for a map drawn in one go
(the printable exports of maps.map_export): no generalisation, no merging, shapes as shapely geometries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shapely import wkb
from sqlalchemy import text
from sqlalchemy.orm import Session

from layers.catalog import Layer
from layers.sources import filter_sql, source_sql


def drawn_features(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]] | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """One dict per feature with a geometry: the layer's fields and ``geometry`` (shapely, WGS 84), in id order.
    Filters and ``as_of`` are checked as for tiles (LayerQueryError names what to change)."""
    where, params = filter_sql(session, layer, filters or {})
    fields = ", ".join(f'src."{f}"' for f in layer.field_keys)
    sql = f"""SELECT src.id, {fields}, ST_AsBinary(src.geom) AS wkb FROM {source_sql(layer, as_of)}
              WHERE src.geom IS NOT NULL AND {where} ORDER BY src.id"""
    rows = session.execute(text(sql), {**params, "as_of": as_of}).mappings()
    return [{**{k: v for k, v in row.items() if k != "wkb"}, "geometry": wkb.loads(bytes(row["wkb"]))} for row in rows]
