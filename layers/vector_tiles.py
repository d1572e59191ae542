"""Mapbox Vector Tiles of a catalog layer straight from PostGIS, generalised by zoom.

Below the layer's ``detail_zoom`` a tile is generalised to what a screen can show: coordinates are quantised to a
quarter pixel, lines and polygons are simplified to the pixel, and features under ``SMALL_PX`` pixels across (all
points included) are merged per ``CELL_PX`` grid cell and per colour class into one point (with no id) carrying
``n_features``. In a crowded tile (over ``CROWDED_TILE_FEATURES`` features centred in it or its buffer) the larger
ones are also gathered per ``GROUP_PX`` cell, colour class and dimension into one multi-geometry, drawn the same, so
a z8 tile of a 100k-feature layer stays small while every class still shows where it is; an uncrowded tile keeps
each larger feature with its id and properties. A cell holding a single feature gives that feature, with its id and
properties (a point for a small one), not a point counting one.
From ``detail_zoom`` on, every feature comes whole at full precision. (Pixels are those of a 256-pixel tile.)
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.said import Said
from layers.catalog import Layer
from layers.sources import LayerQueryError, filter_sql, source_sql

EXTENT = 4096
GENERALISED_EXTENT = 1024
BUFFER_PX = 4
WORLD_METRES = 40075016.685578488
METRES_PER_DEGREE = WORLD_METRES / 360
EARTH_RADIUS = 6378137.0  # of the sphere of Web Mercator (EPSG:3857)
WORK_MEM = "32MB"
MAX_ZOOM = 22
SMALL_PX = 2.0
CELL_PX = 4.0
TOLERANCE_PX = 1.0
CROWDED_TILE_FEATURES = 5000
GROUP_PX = 16.0


# A tile drawing more features whole than this does not list them (any edit of its area expires it).
LISTED_FEATURES = 50_000


class FeatureIds(Collection[int]):
    """The ids of the features a tile draws whole, sorted, 8 bytes each: a z10 tile may draw thousands whole (every
    feature alone in its cell), and a status report of any other feature must leave it cached."""

    __slots__ = ("_ids",)

    def __init__(self, ids: Iterable[int]) -> None:
        self._ids = array("q", sorted(ids))

    def __contains__(self, feature_id: object) -> bool:
        if not isinstance(feature_id, int):
            return False
        i = bisect_left(self._ids, feature_id)
        return i < len(self._ids) and self._ids[i] == feature_id

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class BuiltTile(NamedTuple):
    body: bytes
    whole_ids: FeatureIds | None  # the features drawn whole, with their fields (others are merged, showing
    # their colour field only); None when too many to list


def pixel_metres(z: int) -> float:
    """Size of one pixel of a 256-pixel tile at zoom ``z``, in Web Mercator metres."""
    return WORLD_METRES / (2**z) / 256


def check_tile(z: int, x: int, y: int) -> None:
    if not 0 <= z <= MAX_ZOOM:
        raise LayerQueryError(
            Said(
                f"mức thu phóng {z} nằm ngoài phạm vi; dùng 0–{MAX_ZOOM}",
                f"zoom {z} is out of range; use 0–{MAX_ZOOM}",
            )
        )
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        raise LayerQueryError(
            Said(
                f"không có ô {z}/{x}/{y}; ở mức thu phóng {z}, x và y chạy từ 0 đến {2**z - 1}",
                f"tile {z}/{x}/{y} does not exist; at zoom {z}, x and y run from 0 to {2**z - 1}",
            )
        )


def merged_columns(layer: Layer) -> str:
    """The columns of a point or multi-geometry merging a group of features (id, tile fields, n_features): the id
    and fields of a feature alone in its group, the colour field and the count otherwise."""
    kinds = {f.key: "bool_and" if f.type == "boolean" else "min" for f in layer.fields}
    lone = ", ".join(
        f'"{f}"' if f == layer.colour_by else f'CASE WHEN count(*) = 1 THEN {kinds[f]}("{f}") END AS "{f}"'
        for f in layer.tile_fields
    )
    return "CASE WHEN count(*) = 1 THEN min(id) END, " + lone + ", NULLIF(count(*), 1)::integer"


def _tile_sql(layer: Layer, where: str, extent: int, as_of: date | None = None) -> str:
    """One pass over the features in the search box reads each one's bounding box once (a lateral subquery) and
    keeps the geometry only of those not merged into a point; merged features are grouped by integer cell numbers
    of the Web Mercator pixel grid (a hash aggregate, not a sort of geometries), and a merged point is placed at
    the mean of its features' box centres. A cell holding one feature gives that feature, with its id and fields.

    A layer whose source yields ``geom_3857`` (``Layer.web_mercator``: a stored, generated column) is tested,
    simplified and drawn in metres with no reprojection at all. Otherwise sizes are tested in degrees (pixel sizes
    converted at the tile's latitude), box centres are projected by the spherical Mercator formulas in SQL, and
    only the features drawn whole or gathered into a multi-geometry go through ST_Transform (PROJ costs some
    20 µs a geometry: for every feature of a z8 tile, most of its time)."""
    fields = ", ".join(f'"{f}"' for f in layer.tile_fields)
    merged = merged_columns(layer)
    group = f', "{layer.colour_by}"' if layer.colour_by else ""
    buffer = BUFFER_PX * extent // 256
    if layer.web_mercator:
        box, mx, my = "Box2D(src.geom_3857)", "(ST_XMin(box) + ST_XMax(box)) / 2", "(ST_YMin(box) + ST_YMax(box)) / 2"
        drawn, mercator = "src.geom_3857", "{}"
    else:
        box = "Box2D(src.geom)"
        mx = f"(ST_XMin(box) + ST_XMax(box)) * {METRES_PER_DEGREE / 2!r}"
        my = f"ln(tan(radians(45 + (ST_YMin(box) + ST_YMax(box)) / 4))) * {EARTH_RADIUS!r}"
        drawn, mercator = "src.geom", "ST_Transform({}, 3857)"
    simplified = "ST_Simplify(geom, :tolerance, true)"
    return f"""
WITH env AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS tile,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => :margin), 4326) AS search
), feats AS MATERIALIZED (
    SELECT src.id, {fields}, b.mx, b.my, b.small, CASE WHEN b.small THEN NULL ELSE {drawn} END AS geom
    FROM {source_sql(layer, as_of)} CROSS JOIN env CROSS JOIN LATERAL (
        SELECT {mx} AS mx, {my} AS my,
               (:generalise AND ST_XMax(box) - ST_XMin(box) < :small_x
                AND ST_YMax(box) - ST_YMin(box) < :small_y) AS small
        FROM (SELECT {box} AS box OFFSET 0) AS one
    ) AS b
    WHERE src.geom && env.search AND {where}
), crowd AS (
    SELECT :generalise AND count(*) > :budget AS crowded FROM feats
    WHERE floor(mx / :cell_m) BETWEEN :cx0 AND :cx1 AND floor(my / :cell_m) BETWEEN :cy0 AND :cy1
), parts AS (
    SELECT id, {fields}, NULL::integer AS n_features, {mercator.format(simplified)} AS g
    FROM feats, crowd WHERE NOT small AND NOT crowded
    UNION ALL
    SELECT {merged}, {mercator.format(f"ST_Collect({simplified})")}
    FROM feats, crowd WHERE NOT small AND crowded
    GROUP BY floor(mx / :group_m), floor(my / :group_m), ST_Dimension(geom){group}
    UNION ALL
    SELECT {merged}, ST_SetSRID(ST_MakePoint(avg(mx), avg(my)), 3857)
    FROM feats WHERE small AND floor(mx / :cell_m) BETWEEN :cx0 AND :cx1 AND floor(my / :cell_m) BETWEEN :cy0 AND :cy1
    GROUP BY floor(mx / :cell_m), floor(my / :cell_m){group}
)
SELECT ST_AsMVT(t, :name, {extent}, 'geom', 'id'), array_agg(t.id) FILTER (WHERE t.id IS NOT NULL) FROM (
    SELECT parts.id, {fields}, n_features, ST_AsMVTGeom(parts.g, env.tile, {extent}, {buffer}, true) AS geom
    FROM parts, env
) AS t WHERE t.geom IS NOT NULL"""


def build_tile(
    session: Session,
    layer: Layer,
    z: int,
    x: int,
    y: int,
    filters: Mapping[str, Sequence[str]],
    as_of: date | None = None,
) -> BuiltTile:
    """The MVT bytes of tile z/x/y of ``layer`` (one MVT layer named after it; empty bytes for an empty tile), and
    the ids of the features it draws whole (with their fields) rather than merged.

    With ``as_of``, the layer as of that date (its ``as_of_source``; LayerQueryError for a layer without one)."""
    check_tile(z, x, y)
    where, params = filter_sql(session, layer, filters, as_of)
    generalise = z < layer.detail_zoom
    # One pixel in the units of the geometries tested and simplified: metres, or degrees at the tile's latitude.
    px_x = pixel_metres(z) if layer.web_mercator else pixel_metres(z) / METRES_PER_DEGREE
    px_y = px_x if layer.web_mercator else px_x * math.cos(math.radians(_tile_latitude(z, y)))
    params.update(
        z=z,
        x=x,
        y=y,
        name=layer.id,
        margin=BUFFER_PX / 256,
        generalise=generalise,
        small_x=SMALL_PX * px_x,
        small_y=SMALL_PX * px_y,
        cell_m=CELL_PX * pixel_metres(z),
        tolerance=TOLERANCE_PX * px_y if generalise else 0.0,
        budget=CROWDED_TILE_FEATURES,
        group_m=GROUP_PX * pixel_metres(z),
        as_of=as_of,
    )
    params.update(zip(("cx0", "cx1", "cy0", "cy1"), cell_range(z, x, y), strict=True))
    sql = _tile_sql(layer, where, GENERALISED_EXTENT if generalise else EXTENT, as_of)
    session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))  # a z8 tile's groups fit in memory
    body, whole = session.execute(text(sql), params).one()
    whole = whole or []
    return BuiltTile(bytes(body or b""), FeatureIds(whole) if len(whole) <= LISTED_FEATURES else None)


def cell_range(z: int, x: int, y: int) -> tuple[int, int, int, int]:
    """The ``CELL_PX`` cells of the world's pixel grid (numbered from its centre, as ``floor(metres / cell)``) that a
    tile's search box covers: the tile's and one more on each side (``BUFFER_PX`` is one cell). A tile counts the
    features whose centre lies in them to know whether it is crowded, and draws the merged points of those cells, so
    the count and the points depend on no feature whose centre is elsewhere (layers.tile_bands stores them)."""
    per_tile, margin, half = int(256 / CELL_PX), int(BUFFER_PX / CELL_PX), int(2**z * 256 / CELL_PX / 2)
    west, top = x * per_tile - half, half - y * per_tile
    return west - margin, west + per_tile - 1 + margin, top - per_tile - margin, top - 1 + margin


def search_box(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The WGS 84 box (west, south, east, north) whose features a tile is made of: the tile with its buffer, and
    half a pixel more for rounding. An edit whose footprints miss it leaves the tile as it was, at every zoom."""
    size = WORLD_METRES / 2**z
    pad = (BUFFER_PX + 0.5) * pixel_metres(z)
    west, north = -WORLD_METRES / 2 + x * size - pad, WORLD_METRES / 2 - y * size + pad
    east, south = west + size + 2 * pad, north - size - 2 * pad
    return west / METRES_PER_DEGREE, _latitude(south), east / METRES_PER_DEGREE, _latitude(north)


def _latitude(mercator_y: float) -> float:
    return math.degrees(math.atan(math.sinh(mercator_y / WORLD_METRES * 2 * math.pi)))


def _tile_latitude(z: int, y: int) -> float:
    """Latitude of the centre of tile row ``y`` at zoom ``z``."""
    n = math.pi - 2 * math.pi * (y + 0.5) / 2**z
    return math.degrees(math.atan(math.sinh(n)))
