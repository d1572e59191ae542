"""Precomputed zoom bands: a crowded low-zoom tile read from a few thousand stored cells instead of every feature.

A z8 tile of a 100k-feature layer draws what layers.vector_tiles makes of 66k features: the small ones merged per
4-pixel cell and colour class into counted points, the larger ones gathered per 16-pixel cell, dimension and colour
class into multi-geometries. Those cells and groups do not depend on the tile — the pixel grid is the world's — so
for a layer that opts in (``Layer.precomputed``, with a stored Web Mercator geometry), each zoom of ``BAND_ZOOMS``
keeps them in ``tile_band_cell`` (per 4-pixel cell and colour: the small features' count, mean centre and lone id,
and the count of the larger ones) and ``tile_band_group`` (per 16-pixel cell, dimension and colour: the simplified
multi-geometry, the members' ids, their extent). A crowded tile then reads its ~4,000 cells and ~1,000 groups; the
fields of a feature alone in its cell or group are read from the layer's source by id, so a status report changes
nothing here. A group reaching past the tile's search box is gathered again from its members that reach into it,
exactly as the live SQL does, so the tile is the same, feature for feature, as the live SQL draws.

Kept in step: every edit that expires tiles by footprint (geo.layer_versions: a retirement, a moved geometry, a
changed colour field) inserts its boxes into ``tile_expiry``; a statement-level trigger there (migration s5_i15a)
runs the layer's ``refresh_sql`` with them in the edit's own transaction, recomputing the cells and groups whose
features may have moved. A whole-layer edit (a load: the layer's version changes) leaves the band stale: tiles use
the live SQL until :func:`rebuild` runs (the next tile request that could use it does, on the primary).
Filtered or as-of tiles, tiles outside the band's zooms and tiles that are not crowded always use the live SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from layers.catalog import Layer
from layers.sources import layer_bounds, source_sql
from layers.vector_tiles import (
    BUFFER_PX,
    CELL_PX,
    CROWDED_TILE_FEATURES,
    GENERALISED_EXTENT,
    GROUP_PX,
    LISTED_FEATURES,
    SMALL_PX,
    TOLERANCE_PX,
    WORK_MEM,
    BuiltTile,
    FeatureIds,
    build_tile,
    cell_range,
    check_tile,
    merged_columns,
    pixel_metres,
)

# Zooms kept precomputed. Below 7 a 16-pixel group is 40 km or more across, and an edit would regather thousands
# of features; from 10 on a crowded tile draws about as many points as it has features (measured: no faster).
BAND_ZOOMS = range(7, 10)
SLACK_M = 2.0  # metres: float4 bounding boxes are rounded outwards by up to a metre in EPSG:3857


class Grid(NamedTuple):
    """One zoom's pixel grid in metres (as layers.vector_tiles sizes it)."""

    z: int
    cell_m: float
    group_m: float
    small_m: float
    tolerance_m: float


def band_zooms(layer: Layer) -> tuple[int, ...]:
    """The zooms whose crowded tiles ``layer`` keeps precomputed (none for a layer that has not opted in)."""
    if not (layer.precomputed and layer.web_mercator and layer.colour_by):
        return ()
    return tuple(z for z in BAND_ZOOMS if z < layer.detail_zoom)


def grids(layer: Layer) -> list[Grid]:
    return [
        Grid(z, *(px * pixel_metres(z) for px in (CELL_PX, GROUP_PX, SMALL_PX, TOLERANCE_PX)))
        for z in band_zooms(layer)
    ]


def refresh_sql(layer: Layer) -> str:
    """One statement recomputing the layer's cells and groups, at every band zoom, that features whose centre lies
    in the boxes ``$1``–``$4`` (arrays of west, south, east, north in WGS 84) belong to: deleted, then inserted from
    the features whose centre falls in those cells and groups now. The grid's sizes are inlined (float repr round
    trips), so the trigger needs only the boxes."""
    layer_id = layer.id.replace("'", "''")
    colour = f'src."{layer.colour_by}"' if layer.colour_by else "NULL::text"
    zooms = ", ".join(
        f"({g.z}, {g.cell_m!r}::float8, {g.group_m!r}::float8, {g.small_m!r}::float8, {g.tolerance_m!r}::float8)"
        for g in grids(layer)
    )
    return f"""
WITH grid (z, cell_m, group_m, small_m, tol) AS (VALUES {zooms}
), boxes AS (
    SELECT ST_Expand(ST_Transform(ST_MakeEnvelope(w, s, e, n, 4326), 3857), {SLACK_M!r}) AS m
    FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[]) AS b (w, s, e, n)
), rects AS (
    SELECT grid.z::smallint AS z, floor(ST_XMin(m) / cell_m)::integer AS cx0,
           floor(ST_XMax(m) / cell_m)::integer AS cx1, floor(ST_YMin(m) / cell_m)::integer AS cy0,
           floor(ST_YMax(m) / cell_m)::integer AS cy1, floor(ST_XMin(m) / group_m)::integer AS gx0,
           floor(ST_XMax(m) / group_m)::integer AS gx1, floor(ST_YMin(m) / group_m)::integer AS gy0,
           floor(ST_YMax(m) / group_m)::integer AS gy1,
           ST_Transform(ST_Expand(ST_MakeEnvelope(floor(ST_XMin(m) / group_m) * group_m,
               floor(ST_YMin(m) / group_m) * group_m, (floor(ST_XMax(m) / group_m) + 1) * group_m,
               (floor(ST_YMax(m) / group_m) + 1) * group_m, 3857), {SLACK_M!r}), 4326) AS search
    FROM boxes CROSS JOIN grid
), feats AS MATERIALIZED (
    SELECT src.id, {colour} AS colour, src.geom_3857 AS geom, b.box
    FROM {source_sql(layer)} CROSS JOIN LATERAL (SELECT Box2D(src.geom_3857) AS box OFFSET 0) AS b
    WHERE src.geom && (SELECT ST_SetSRID(ST_Extent(search)::geometry, 4326) FROM rects)
      AND EXISTS (SELECT 1 FROM rects WHERE src.geom && rects.search)
), binned AS MATERIALIZED (
    SELECT f.id, f.colour, f.geom, g.z, g.tol,
           floor((ST_XMin(box) + ST_XMax(box)) / 2 / g.cell_m) AS cx,
           floor((ST_YMin(box) + ST_YMax(box)) / 2 / g.cell_m) AS cy,
           floor((ST_XMin(box) + ST_XMax(box)) / 2 / g.group_m) AS gx,
           floor((ST_YMin(box) + ST_YMax(box)) / 2 / g.group_m) AS gy,
           (ST_XMin(box) + ST_XMax(box)) / 2 AS mx, (ST_YMin(box) + ST_YMax(box)) / 2 AS my,
           (ST_XMax(box) - ST_XMin(box) < g.small_m AND ST_YMax(box) - ST_YMin(box) < g.small_m) AS small
    FROM feats f CROSS JOIN grid g
), gone_cells AS (
    DELETE FROM tile_band_cell WHERE id IN (
        SELECT c.id FROM rects r CROSS JOIN LATERAL (
            SELECT id FROM tile_band_cell c WHERE c.layer_id = '{layer_id}' AND c.z = r.z
            AND c.cx BETWEEN r.cx0 AND r.cx1 AND c.cy BETWEEN r.cy0 AND r.cy1 OFFSET 0  -- by the index, rect by rect
        ) AS c)
), gone_groups AS (
    DELETE FROM tile_band_group WHERE id IN (
        SELECT g.id FROM rects r CROSS JOIN LATERAL (
            SELECT id FROM tile_band_group g WHERE g.layer_id = '{layer_id}' AND g.z = r.z
            AND g.gx BETWEEN r.gx0 AND r.gx1 AND g.gy BETWEEN r.gy0 AND r.gy1 OFFSET 0  -- by the index, rect by rect
        ) AS g)
), new_cells AS (
    INSERT INTO tile_band_cell (layer_id, z, cx, cy, colour, n_small, mx, my, lone_id, n_big)
    SELECT '{layer_id}', z, cx, cy, colour, count(*) FILTER (WHERE small), avg(mx) FILTER (WHERE small),
           avg(my) FILTER (WHERE small), min(id) FILTER (WHERE small), count(*) FILTER (WHERE NOT small)
    FROM binned b
    WHERE EXISTS (SELECT 1 FROM rects r WHERE r.z = b.z AND b.cx BETWEEN r.cx0 AND r.cx1
                  AND b.cy BETWEEN r.cy0 AND r.cy1)
    GROUP BY z, cx, cy, colour
)
INSERT INTO tile_band_group (layer_id, z, gx, gy, dimension, colour, ids, extent, geom)
SELECT '{layer_id}', z, gx, gy, ST_Dimension(geom), colour, array_agg(id ORDER BY id),
       ST_SetSRID(ST_Extent(geom)::geometry, 3857), ST_Collect(ST_Simplify(geom, tol, true) ORDER BY id)
FROM binned b
WHERE NOT small AND EXISTS (SELECT 1 FROM rects r WHERE r.z = b.z AND b.gx BETWEEN r.gx0 AND r.gx1
                            AND b.gy BETWEEN r.gy0 AND r.gy1)
GROUP BY z, gx, gy, ST_Dimension(geom), colour"""


def definition(layer: Layer) -> str:
    """A hash of the band's SQL: a band built by other code (another release) is rebuilt."""
    return hashlib.blake2b(refresh_sql(layer).encode(), digest_size=16).hexdigest()


def is_current(session: Session, layer: Layer) -> bool:
    """Whether the band was built for the layer's current version by this code."""
    return bool(session.scalar(text(CURRENT), {"layer": layer.id, "definition": definition(layer)}))


CURRENT = """SELECT EXISTS (SELECT 1 FROM tile_band WHERE layer_id = :layer AND definition = :definition
    AND version = (SELECT coalesce(max(version), 1) FROM layer_version WHERE layer_id = :layer))"""


def rebuild(session: Session, layer: Layer) -> bool:
    """Build the layer's band for its current version in ``session``'s transaction (the caller commits); False when
    another transaction is building it. Edits of the layer's geometries wait for the commit; status reports don't."""
    sql, digest = refresh_sql(layer), definition(layer)
    session.execute(
        text(
            "INSERT INTO tile_band (layer_id, version, definition, colour_field, refresh_sql) "
            "VALUES (:layer, 0, '', NULL, '') ON CONFLICT (layer_id) DO NOTHING"
        ),
        {"layer": layer.id},
    )
    locked = session.execute(
        text("SELECT 1 FROM tile_band WHERE layer_id = :layer FOR UPDATE SKIP LOCKED"), {"layer": layer.id}
    ).first()
    if locked is None:
        return False
    if is_current(session, layer):
        return True
    version = session.scalar(
        text("SELECT coalesce(max(version), 1) FROM layer_version WHERE layer_id = :layer"), {"layer": layer.id}
    )
    session.execute(
        text(
            "UPDATE tile_band SET definition = :definition, colour_field = :colour, refresh_sql = :sql "
            "WHERE layer_id = :layer"
        ),
        {"layer": layer.id, "definition": digest, "colour": layer.colour_by, "sql": sql},
    )
    for table in ("tile_band_cell", "tile_band_group"):
        session.execute(text(f"DELETE FROM {table} WHERE layer_id = :layer"), {"layer": layer.id})
    bounds = layer_bounds(session, layer)
    if bounds is not None:
        session.execute(
            text("SELECT tile_band_refresh(:layer, :w, :s, :e, :n)"),
            {"layer": layer.id, **dict(zip("wsen", ([b] for b in bounds), strict=True))},
        )
    session.execute(
        text("UPDATE tile_band SET version = :version WHERE layer_id = :layer"), {"layer": layer.id, "version": version}
    )
    for table in ("tile_band_cell", "tile_band_group"):  # without statistics, tiles read the band by bad plans
        session.execute(text(f"ANALYZE {table}"))
    return True


def draw_tile(
    session: Session,
    layer: Layer,
    z: int,
    x: int,
    y: int,
    filters: Mapping[str, Sequence[str]],
    as_of: date | None = None,
    rebuild_band: Callable[[Layer], None] | None = None,
) -> BuiltTile:
    """Tile z/x/y of ``layer`` from its band when it has one current at ``z`` and the tile is crowded and neither
    filtered nor as of a date, else by the live SQL (layers.vector_tiles.build_tile); the same tile either way.
    ``rebuild_band(layer)`` is called when the band is stale (after a load), before falling back."""
    if as_of is None and not any(filters.values()) and z in band_zooms(layer):
        tile = band_tile(session, layer, z, x, y)
        if tile == STALE and rebuild_band is not None:
            rebuild_band(layer)
            tile = band_tile(session, layer, z, x, y)
        if isinstance(tile, BuiltTile):
            return tile
    return build_tile(session, layer, z, x, y, filters, as_of)


STALE, SPARSE = "stale", "not crowded"


def band_tile(session: Session, layer: Layer, z: int, x: int, y: int) -> BuiltTile | str:
    """The tile from the band; ``STALE`` when the band is not current, ``SPARSE`` when the tile is not crowded
    (the live SQL draws its larger features whole)."""
    check_tile(z, x, y)
    params = dict(
        layer=layer.id,
        definition=definition(layer),
        name=layer.id,
        z=z,
        x=x,
        y=y,
        margin=BUFFER_PX / 256,
        budget=CROWDED_TILE_FEATURES,
        slack=SLACK_M,
        tolerance=TOLERANCE_PX * pixel_metres(z),
    )
    params.update(zip(("cx0", "cx1", "cy0", "cy1"), cell_range(z, x, y), strict=True))
    session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    # psycopg prepares a statement run 5 times on a connection, and PostgreSQL then tries a generic plan, which
    # for this one (a tile's cell ranges unknown) took 3–8 s instead of 0.2 s
    session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    current, crowded, body, whole = session.execute(text(_band_sql(layer)), params).one()
    if not current:
        return STALE
    if not crowded:
        return SPARSE
    whole = whole or []
    return BuiltTile(bytes(body or b""), FeatureIds(whole) if len(whole) <= LISTED_FEATURES else None)


def _band_sql(layer: Layer) -> str:
    fields = ", ".join(f'"{f}"' for f in layer.tile_fields)
    src_fields = ", ".join(f'src."{f}"' for f in layer.tile_fields)

    def lone(table: str) -> str:
        return ", ".join(
            f'{table}.colour AS "{f}"' if f == layer.colour_by else f'src."{f}"' for f in layer.tile_fields
        )

    def merged(table: str) -> str:
        return ", ".join(
            f'{table}.colour AS "{f}"' if f == layer.colour_by else f'NULL AS "{f}"' for f in layer.tile_fields
        )

    group = f', "{layer.colour_by}"' if layer.colour_by else ""
    extent = GENERALISED_EXTENT
    return f"""
WITH env AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS tile, ST_TileEnvelope(:z, :x, :y, margin => :margin) AS search_m,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => :margin), 4326) AS search
), state AS (
    {CURRENT} AS current
), cells AS MATERIALIZED (
    SELECT c.* FROM tile_band_cell c
    WHERE c.layer_id = :layer AND c.z = :z AND c.cx BETWEEN :cx0 AND :cx1 AND c.cy BETWEEN :cy0 AND :cy1
), go AS (
    SELECT (SELECT current FROM state) AND coalesce(sum(n_small + n_big), 0) > :budget AS crowded FROM cells
), groups AS MATERIALIZED (
    SELECT g.*, g.extent @ ST_Expand(env.search_m, -:slack) AS inside
    FROM tile_band_group g, env, go
    WHERE go.crowded AND g.layer_id = :layer AND g.z = :z AND g.extent && ST_Expand(env.search_m, :slack)
), edge AS (
    SELECT src.id, {src_fields}, src.geom_3857 AS geom, g.gx AS band_gx, g.gy AS band_gy, g.dimension AS band_dim
    FROM groups g CROSS JOIN unnest(g.ids) AS m (id) CROSS JOIN env CROSS JOIN LATERAL (
        SELECT * FROM {source_sql(layer)} WHERE src.id = m.id OFFSET 0  -- by id: a few thousand of the tile's features
    ) AS src
    WHERE NOT g.inside AND src.geom && env.search
), stored AS (
    SELECT CASE WHEN c.n_small = 1 THEN c.lone_id END AS id, c.colour, NULLIF(c.n_small, 1)::integer AS n_features,
           ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857) AS g
    FROM cells c CROSS JOIN go WHERE go.crowded AND c.n_small > 0
    UNION ALL
    SELECT CASE WHEN cardinality(g.ids) = 1 THEN g.ids[1] END, g.colour, NULLIF(cardinality(g.ids), 1)::integer, g.geom
    FROM groups g WHERE g.inside
), parts AS (
    SELECT s.id, {merged("s")}, s.n_features, s.g FROM stored s WHERE s.id IS NULL
    UNION ALL
    SELECT s.id, {lone("s")}, s.n_features, s.g
    FROM stored s JOIN {source_sql(layer)} ON src.id = s.id
    WHERE s.id IS NOT NULL AND src.id = ANY ((SELECT array_agg(id) FROM stored)::bigint[])  -- one index pass
    UNION ALL
    SELECT {merged_columns(layer)}, ST_Collect(ST_Simplify(geom, :tolerance, true))
    FROM edge GROUP BY band_gx, band_gy, band_dim{group}
)
SELECT (SELECT current FROM state), (SELECT crowded FROM go), ST_AsMVT(t, :name, {extent}, 'geom', 'id'),
       array_agg(t.id) FILTER (WHERE t.id IS NOT NULL)
FROM (
    SELECT parts.id, {fields}, n_features,
           ST_AsMVTGeom(parts.g, env.tile, {extent}, {BUFFER_PX * extent // 256}, true) AS geom
    FROM parts, env
) AS t WHERE t.geom IS NOT NULL"""
