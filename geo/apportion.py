"""Apportioning projects to admin units: each project's share of every unit it lies in.

Rules (all measured in metres on the ellipsoid, through ``geography``):

- lines by length and polygons by area inside each unit, normalised over the units they
  touch so that the shares sum to 1 (the part of a sea dyke drawn beyond the coastline
  counts with the units the rest of it lies in);
- a line with less than half of itself inside the units of a level (a sea dyke drawn along
  the coast, which the sample boundaries put at the land edge) is apportioned by its parts:
  cut into equal parts of at most about ``PART_M`` (1 km), each part counts by its length with the unit
  its middle lies in or, outside them, the nearest unit within ``NEAREST_UNIT_MAX_M``; parts
  farther than that are left out and the shares normalised over the rest. A dyke running
  past several coastal communes so counts in each, by its length along each; placed at one
  point, it counted whole in one ward. A short line (a sluice at a river mouth) is one or a
  few parts: it counts in the one unit it lies off or, across a river between two, in both
  by its length, as a line inside the units would;
- a polygon with less than half of itself inside the units is a site outside them, placed at
  a point on it, unless it is a strip: an offshore wind farm's block of sea, whose edge only
  grazes the coast, is one site whose slivers over land said which district it belonged to,
  and sharing it among the communes it faces would count one farm in units whose coast it
  only passes. A strip (perimeter² ≥ 4 × ``STRIP_MIN_ELONGATION`` × area, about 20 times as
  long as wide: a mangrove belt on the tidal flats along the whole coast) is a work along the
  coast like a dyke, apportioned like one, by squares about ``PART_M`` a side, by area. The
  sample's wind-farm bands are at most 12 times as long as wide;
- points by containment; a multipoint by the number of its points in each unit;
- a site outside every unit (coastal and offshore works: the sample coastline is drawn at
  the land edge) goes to the nearest unit within ``NEAREST_UNIT_MAX_M`` (the first by id when
  two are as near, as off the end of the border they share: many of a dyke's parts are);
  farther than that it is not apportioned at that level; nor is one on a neighbouring
  province's land farther than ``NEIGHBOUR_LAND_MARGIN_M`` from the nearest unit. A unit given a site, or parts of
  one, from outside it has the method "nearest" and the greatest distance of them (the
  project page says of it that the work lies, or part of it lies, outside the boundary);
- province-wide programmes (no geometry) count only for their province, and for the 2025
  province(s) their former province became part of (through the crosswalk);
- projects placed at a district centroid (precision "district") are spread over the 2025
  communes by the crosswalk shares of their district, since their site within the
  district is unknown; a commune holding less than ``PLACED_MIN_SHARE`` of the district
  (a sliver along its border) gets none, the others' shares renormalised.

Shares are kept for the lowest level and the provinces of both boundary schemes. Call
:func:`recompute_shares` whenever a project's geometry is written (the sample loader and
the ingest do); it bumps the ``progress`` layer in the same transaction.

Speed (bench/progress.py): projects are tested against the units cut into small pieces
(geo.models.unit_pieces, kept in step with the units by the database). A line or polygon
that meets no border of a unit it touches lies wholly inside it and counts with its whole
length or area, already stored on the project; only those meeting a border are intersected,
piece by piece. A full recompute computes into a scratch table, which lets PostgreSQL use
parallel workers, then swaps the rows in; a batch of many projects (the shares after a load)
is copied with its own spatial index, so that pieces are joined to the batch's projects near
them, as in a full recompute. Only the few lines and strips mostly outside the units of a
level are cut into parts (once, for all levels), each part placed as a point is. The
figures are those of the former, plain
computation (bench/apportion_reference.py) to within 1e-6 of a share.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.layer_versions import bump
from geo.models.unit_pieces import PIECE_LEVELS
from geo.unit_names import unit_label_sql

NEAREST_UNIT_MAX_M = 10_000.0
#: A site outside the units on the land of a neighbouring province (one the registry keeps only as context) goes to
#: the nearest unit only within this margin (m) of it: a sluice on a border canal, a boundary drawn a little off.
#: Farther in, it is that province's, and counts in no unit (as the load says): 1,213 of a trial's sites in former Cà
#: Mau, 5–10 km from Bạc Liêu's districts, were counted in Giá Rai and Phước Long (trial 48).
NEIGHBOUR_LAND_MARGIN_M = 1_000.0
#: The share of a line or polygon that must lie inside the units of a level for it to be apportioned by its parts in
#: them; with less it is a site outside them: a compact one placed at a point on it, a line or strip cut into parts
#: (see the rules above).
MOSTLY_INSIDE = 0.5
#: A line outside the units of a level is apportioned by parts of at most this length (m), a strip by squares about
#: this size; a part counts with the unit it lies in, or the nearest.
PART_M = 1000.0
#: A polygon outside the units is a strip (apportioned by its parts) when its perimeter squared is at least 4 times
#: this times its area: for a long, thin strip, when it is about this many times as long as it is wide.
STRIP_MIN_ELONGATION = 20.0
# Metres in a degree at the equator: squares of PART_M / METRES_PER_DEGREE degrees are about PART_M a side here.
METRES_PER_DEGREE = 111_320.0
PROGRESS_LAYER = "progress"

# (scheme, level) pairs a project is apportioned to; the pieces of each have their own index.
SHARE_LEVELS = PIECE_LEVELS

# How a line or polygon meets one piece of a unit (geo.models.unit_pieces), coded in the measure column so that
# each test runs once: the project lies in the piece, or meets no border of the unit there (so, being in one
# part, it lies wholly inside the unit); otherwise the measure is that of its intersection with the piece.
COVERED, INSIDE = -1, -2
# Lon/lat degrees are metres times a factor that varies by under 3 % over the two provinces; a piece farther than
# this ratio times the nearest one, in degrees, cannot be the nearest in metres, so its distance on the ellipsoid
# is not computed.
NEAREST_DEGREE_SLACK = 1.05
# Batches of at least this many projects are joined to the unit pieces through a scratch copy (see _insert_some).
BATCH_TABLE_FROM = 1_000

_PROJECTS = "(CAST(:ids AS int[]) IS NULL OR p.id = ANY(CAST(:ids AS int[])))"
_NOT_DISTRICT_COMMUNE = "NOT (p.location_precision = 'district' AND pc.scheme = '2025' AND pc.level = 'commune')"
_MEASURE = "CASE ST_Dimension(p.geom) WHEN 1 THEN ST_Length({g}::geography) ELSE ST_Area({g}::geography) END"


def nearest_unit(site: str, scheme: str, level: str) -> str:
    """A lateral subquery of the unit of ``scheme`` and ``level`` nearest to ``site`` (an SQL geometry lying outside
    them all) on the ellipsoid, as ``unit_id`` and ``distance_m``: among the 8 pieces nearest in degrees, the first
    by id on a tie (off the end of a shared border); none farther than ``:max_m``, nor for a site on a neighbouring
    province's land farther than NEIGHBOUR_LAND_MARGIN_M. The one rule of the shares and of the districts a file's
    sites cover (geo.ingest.project_writes.districts_of_sites)."""
    return f"""(
        SELECT n.* FROM (
            SELECT c.unit_id, ST_Distance(c.geom::geography, {site}::geography) AS distance_m
            FROM (SELECT c.*, min(c.degrees) OVER () AS nearest_degrees
                  FROM (SELECT u.unit_id, u.geom, ST_Distance(u.geom, {site}) AS degrees FROM admin_unit_piece u
                        WHERE u.scheme = '{scheme}' AND u.level = '{level}' ORDER BY u.geom <-> {site} LIMIT 8) c) c
            WHERE c.degrees <= c.nearest_degrees * {NEAREST_DEGREE_SLACK}
            ORDER BY distance_m, c.unit_id LIMIT 1
        ) n
        WHERE n.distance_m <= :max_m AND (n.distance_m <= {NEIGHBOUR_LAND_MARGIN_M} OR NOT EXISTS (
            SELECT 1 FROM admin_unit nb
            WHERE nb.level = 'province' AND nb.is_context AND ST_Intersects(nb.geom, {site})))
    )"""


def unit_of_point(site: str, scheme: str, level: str) -> str:
    """The id of the unit of ``scheme`` and ``level`` a point ``site`` (SQL) counts in, as the shares place a point:
    the one it lies in (the first by id on a shared border), else the nearest (:func:`nearest_unit`); NULL if none."""
    return (
        f"COALESCE((SELECT min(pc.unit_id) FROM admin_unit_piece pc WHERE pc.scheme = '{scheme}' "
        f"AND pc.level = '{level}' AND ST_Intersects(pc.geom, {site})), "
        f"(SELECT n.unit_id FROM {nearest_unit(site, scheme, level)} n))"
    )


def _nearest(scheme: str, level: str) -> str:
    """The nearest unit of one level to each site outside them all (``outside``: :func:`nearest_unit`)."""
    return (
        "SELECT o.id, o.path, n.unit_id, o.scheme, o.level, n.distance_m "
        f"FROM outside o CROSS JOIN LATERAL {nearest_unit('o.geom', scheme, level)} n "
        f"WHERE o.scheme = '{scheme}' AND o.level = '{level}'"
    )


# A line cut into equal parts of at most PART_M (each part of each of its lines), a strip by a grid of squares
# about PART_M a side (lon/lat degrees, so the same cut whatever the batch).
_CUT_INTO_PARTS = f"""
    SELECT ARRAY[COALESCE(d.path[1], 1), k] AS path, ST_LineSubstring(d.geom, (k - 1)::float / n, k::float / n) AS geom
    FROM ST_Dump(s.geom) d
    CROSS JOIN LATERAL (SELECT GREATEST(1, ceil(ST_Length(d.geom::geography) / {PART_M}))::int AS n) parts
    CROSS JOIN LATERAL generate_series(1, n) k
    WHERE s.dim = 1
    UNION ALL
    SELECT ARRAY[g.i, g.j], ST_CollectionExtract(ST_Intersection(s.geom, g.geom), 3)
    FROM ST_SquareGrid({PART_M / METRES_PER_DEGREE}, s.geom) g
    WHERE s.dim = 2 AND ST_Intersects(g.geom, s.geom)
"""

_LEVEL_ROWS = ", ".join(f"('{scheme}', '{level}')" for scheme, level in SHARE_LEVELS)

# All four levels in one statement; each line or polygon is tested once against each piece it meets, and
# intersected only with the pieces of the units whose border it meets.
_BY_GEOMETRY = f"""
WITH unit_extent AS (  -- each line or polygon in each unit it meets (the join may run in parallel workers)
    SELECT id, dim, scheme, level, unit_id,
           bool_or(measure = {COVERED}) OR bool_and(measure = {INSIDE}) AS whole_in, max(whole) AS whole,
           SUM(measure) FILTER (WHERE measure >= 0) AS cut,
           array_agg(piece_id) FILTER (WHERE measure = {INSIDE}) AS rest
    FROM (
        SELECT p.id, pc.id AS piece_id, pc.unit_id, pc.scheme, pc.level, ST_Dimension(p.geom) AS dim,
               CASE ST_Dimension(p.geom) WHEN 1 THEN p.length_m ELSE p.area_m2 END AS whole,
               CASE WHEN ST_Covers(pc.geom, p.geom) THEN {COVERED}
                    WHEN ST_NumGeometries(p.geom) = 1 AND NOT ST_Intersects(pc.border, p.geom) THEN {INSIDE}
                    ELSE {_MEASURE.format(g="ST_Intersection(p.geom, pc.geom)")} END AS measure
        FROM admin_unit_piece pc JOIN __projects__ p ON ST_Intersects(pc.geom, p.geom)
        WHERE {_PROJECTS} AND ST_Dimension(p.geom) > 0 AND {_NOT_DISTRICT_COMMUNE}
        OFFSET 0  -- each test once per pair, not once per aggregate above
    ) pair
    GROUP BY id, dim, scheme, level, unit_id
), extent AS MATERIALIZED (  -- in a unit it crosses into: its cut pieces, plus the pieces it lies in there
    SELECT id, dim, scheme, level, unit_id, whole,
           CASE WHEN whole_in THEN whole WHEN rest IS NULL THEN cut ELSE COALESCE(cut, 0) + (
               SELECT SUM({_MEASURE.format(g="ST_Intersection(p.geom, pc.geom)")})
               FROM __projects__ p JOIN admin_unit_piece pc ON pc.id = ANY(e.rest) WHERE p.id = e.id) END AS measure
    FROM unit_extent e
), extent_kept AS (
    SELECT id, dim, scheme, level, unit_id, whole, measure, SUM(measure) OVER (PARTITION BY id, scheme, level) AS total
    FROM extent WHERE measure > 0
), extent_held AS (  -- at least half of it inside the units of the level: apportioned by its parts in them
    SELECT * FROM extent_kept WHERE total >= {MOSTLY_INSIDE} * whole
), part_in AS (  -- the unit of each level a point lies in (the first by id, on a shared border)
    SELECT p.id, '{{}}'::int[] AS path, pc.scheme, pc.level, min(pc.unit_id) AS unit_id
    FROM admin_unit_piece pc JOIN __projects__ p ON ST_Intersects(pc.geom, p.geom)
    WHERE {_PROJECTS} AND ST_Dimension(p.geom) = 0 AND ST_NumGeometries(p.geom) = 1 AND {_NOT_DISTRICT_COMMUNE}
    GROUP BY p.id, pc.scheme, pc.level
    UNION ALL
    SELECT p.id, d.path, pc.scheme, pc.level, min(pc.unit_id)
    FROM __projects__ p CROSS JOIN LATERAL ST_Dump(p.geom) d JOIN admin_unit_piece pc ON ST_Intersects(pc.geom, d.geom)
    WHERE {_PROJECTS} AND ST_Dimension(p.geom) = 0 AND ST_NumGeometries(p.geom) > 1 AND {_NOT_DISTRICT_COMMUNE}
    GROUP BY p.id, d.path, pc.scheme, pc.level
), levels (scheme, level) AS (VALUES {_LEVEL_ROWS}
), site_outside AS MATERIALIZED (  -- lines, polygons and points not held by their parts in the units of a level
    SELECT p.id, l.scheme, l.level, p.geom, ST_Dimension(p.geom) AS dim,
           (p.id, l.scheme, l.level) IN (SELECT id, scheme, level FROM extent_kept) AS grazing,
           CASE ST_Dimension(p.geom) WHEN 0 THEN false WHEN 1 THEN true
                ELSE ST_Perimeter(p.geom::geography) ^ 2 >= 4 * {STRIP_MIN_ELONGATION} * p.area_m2 END AS long
    FROM __projects__ p CROSS JOIN levels l
    WHERE p.geom IS NOT NULL AND {_PROJECTS} AND (ST_Dimension(p.geom) > 0 OR ST_NumGeometries(p.geom) = 1)
      AND NOT (p.location_precision = 'district' AND l.scheme = '2025' AND l.level = 'commune')
      AND (p.id, l.scheme, l.level) NOT IN (SELECT id, scheme, level FROM extent_held
                                            UNION ALL SELECT id, scheme, level FROM part_in WHERE path = '{{}}')
), long_part AS MATERIALIZED (  -- a line or strip outside, cut into parts, each at a point in its middle
    SELECT id, path, dim, measure,
           CASE dim WHEN 1 THEN ST_LineInterpolatePoint(geom, 0.5) ELSE ST_PointOnSurface(geom) END AS point
    FROM (SELECT s.id, s.dim, c.path, c.geom,
                 CASE s.dim WHEN 1 THEN ST_Length(c.geom::geography) ELSE ST_Area(c.geom::geography) END AS measure
          FROM (SELECT DISTINCT ON (id) id, dim, geom FROM site_outside WHERE long) s
          CROSS JOIN LATERAL ({_CUT_INTO_PARTS}) c) cut
    WHERE measure > 0
), long_part_in AS (  -- the unit each part lies in, at each level its site is outside
    SELECT lp.id, lp.path, s.scheme, s.level, min(pc.unit_id) AS unit_id
    FROM long_part lp JOIN site_outside s ON s.id = lp.id AND s.long
    JOIN admin_unit_piece pc ON pc.scheme = s.scheme AND pc.level = s.level AND ST_Intersects(pc.geom, lp.point)
    GROUP BY lp.id, lp.path, s.scheme, s.level
), outside AS (  -- compact sites outside the units of a level (or mostly: at a point on them), the parts of long
                 -- ones and the points of multipoints outside them
    SELECT id, '{{}}'::int[] AS path, scheme, level, CASE WHEN grazing THEN ST_PointOnSurface(geom) ELSE geom END
    FROM site_outside WHERE NOT long
    UNION ALL
    SELECT lp.id, lp.path, s.scheme, s.level, lp.point
    FROM long_part lp JOIN site_outside s ON s.id = lp.id AND s.long
    WHERE NOT EXISTS (SELECT 1 FROM long_part_in i
                      WHERE i.id = lp.id AND i.path = lp.path AND i.scheme = s.scheme AND i.level = s.level)
    UNION ALL
    SELECT p.id, d.path, l.scheme, l.level, d.geom
    FROM __projects__ p CROSS JOIN LATERAL ST_Dump(p.geom) d CROSS JOIN levels l
    WHERE {_PROJECTS} AND ST_Dimension(p.geom) = 0 AND ST_NumGeometries(p.geom) > 1
      AND NOT (p.location_precision = 'district' AND l.scheme = '2025' AND l.level = 'commune')
      AND NOT EXISTS (SELECT 1 FROM part_in i
                      WHERE i.id = p.id AND i.path = d.path AND i.scheme = l.scheme AND i.level = l.level)
), nearest AS ({" UNION ALL ".join(_nearest(scheme, level) for scheme, level in SHARE_LEVELS)}
), part_sited AS (  -- each part of a site (a multipoint's point, a long site's part) with its unit and weight
    SELECT id, unit_id, scheme, level, 0 AS dim, 1.0 AS weight, NULL::float AS distance_m
    FROM part_in WHERE path <> '{{}}'
    UNION ALL
    SELECT i.id, i.unit_id, i.scheme, i.level, lp.dim, lp.measure, NULL
    FROM long_part_in i JOIN long_part lp USING (id, path)
    UNION ALL
    SELECT n.id, n.unit_id, n.scheme, n.level, COALESCE(lp.dim, 0), COALESCE(lp.measure, 1), n.distance_m
    FROM nearest n LEFT JOIN long_part lp USING (id, path) WHERE n.path <> '{{}}'
)
SELECT id AS project_id, unit_id, measure / total AS share, CASE dim WHEN 1 THEN 'length' ELSE 'area' END AS method,
       measure, NULL::float AS distance_m
FROM extent_held
UNION ALL
SELECT id, unit_id, 1, 'point', NULL, NULL FROM part_in WHERE path = '{{}}'
UNION ALL
SELECT id, unit_id, 1, 'nearest', NULL, distance_m FROM nearest WHERE path = '{{}}'
UNION ALL  -- a multipoint counts in each unit by the number of its points there, a long site by its parts' measure
SELECT id, unit_id, SUM(weight) / SUM(SUM(weight)) OVER (PARTITION BY id, scheme, level),
       CASE WHEN count(distance_m) > 0 THEN 'nearest' WHEN dim = 0 THEN 'point' WHEN dim = 1 THEN 'length'
            ELSE 'area' END,
       CASE WHEN dim > 0 THEN SUM(weight) END, MAX(distance_m)
FROM part_sited GROUP BY id, unit_id, scheme, level, dim
"""
_COLUMNS = "project_id, unit_id, share, method, measure, distance_m"

_PROVINCE_WIDE = text("""
INSERT INTO project_unit_share (project_id, unit_id, share, method)
SELECT p.id, u.id, 1, 'province'
FROM project p JOIN admin_unit u ON u.scheme = 'pre2025' AND u.level = 'province' AND u.code = p.province_code
WHERE p.geom IS NULL AND (CAST(:ids AS int[]) IS NULL OR p.id = ANY(CAST(:ids AS int[])))
""")


# Province-wide programmes follow their former province into the 2025 province(s);
# district-placed projects are spread over the 2025 communes their district became.
# Each project of a batch, and its shares, are looked up by key (as _DELETE_SOME does): joined to the batch's ids as
# "p.id = ANY(ids)", the statement was planned from the statistics of a load's project table, which autovacuum
# analysed while the load was writing it (only the committed projects counted: 36 rows over 543 pages): the planner
# then read the shares of every pre-2025 unit and, for each, probed the project through the whole index of folded
# names, (georeg_fold(name_vi), id): 24 ms a share, 100,000 projects' first batch of shares 13 minutes and more.
def _batch_by_key(columns: str, condition: str = "TRUE") -> str:
    """SQL: the ``columns`` of the projects ``:ids`` meeting ``condition``, each looked up in the project key, so that
    no statistics make the batch a read of the whole table or of another index."""
    return (
        "SELECT p.* FROM unnest(CAST(:ids AS int[])) AS i (id) CROSS JOIN LATERAL "
        f"(SELECT {columns} FROM project WHERE id = i.id AND {condition} OFFSET 0) p"
    )


#: The projects with shares through the crosswalk: province-wide ones and those placed at a district.
_THROUGH_UNITS = "(geom IS NULL OR location_precision = 'district')"
_CROSSWALK_PROJECTS = {
    "some": _batch_by_key("id, geom, location_precision", _THROUGH_UNITS),
    "all": f"SELECT id, geom, location_precision FROM project WHERE {_THROUGH_UNITS}",
}
#: A project placed at its district's centroid goes to the 2025 communes holding at least this share of the district,
#: by their shares renormalised over them: its site is unknown, and a commune holding a sliver of the district (in the
#: sample at most 1.5 %, the smallest real part 3.5 %) does not say where it is. The Phước Long – Hồng Dân waste site
#: was listed under Phường Giá Rai, which holds 0.4 % of former Phước Long district (trial 69).
PLACED_MIN_SHARE = 0.02
_THROUGH_CROSSWALK = """
WITH p AS MATERIALIZED ({projects}), c AS MATERIALIZED (
    SELECT from_unit_id, to_unit_id, share_of_from / SUM(share_of_from) OVER (PARTITION BY from_unit_id) AS share
    FROM unit_crosswalk WHERE share_of_from >= :placed_min_share
)
INSERT INTO project_unit_share (project_id, unit_id, share, method)
SELECT s.project_id, c.to_unit_id, SUM(s.share * c.share),
       CASE WHEN p.geom IS NULL THEN 'province' ELSE 'crosswalk' END
FROM p
CROSS JOIN LATERAL (
    SELECT s.project_id, s.unit_id, s.share,
           (SELECT f.level FROM admin_unit f WHERE f.id = s.unit_id AND f.scheme = 'pre2025') AS level
    FROM project_unit_share s WHERE s.project_id = p.id OFFSET 0) s
JOIN c ON c.from_unit_id = s.unit_id
WHERE (p.geom IS NULL AND s.level = 'province') OR (p.location_precision = 'district' AND s.level = 'district')
GROUP BY s.project_id, c.to_unit_id, p.geom IS NULL
"""


def _through_crosswalk(session: Session, params: dict) -> int:
    """The shares through the crosswalk of the projects ``params["ids"]`` (all when None); returns the rows written."""
    projects = _CROSSWALK_PROJECTS["all" if params["ids"] is None else "some"]
    params = params | {"placed_min_share": PLACED_MIN_SHARE}
    return session.execute(text(_THROUGH_CROSSWALK.format(projects=projects)), params).rowcount


# The shares of some projects, found through the key project by project: as "project_id = ANY(ids)", a batch of
# thousands is planned as a read of the whole table, which grows with the registry (so is the copy of a batch).
_DELETE_SOME = text("""
DELETE FROM project_unit_share WHERE ctid = ANY(ARRAY(
    SELECT s.ctid FROM unnest(CAST(:ids AS int[])) AS i (id)
    CROSS JOIN LATERAL (SELECT ctid FROM project_unit_share WHERE project_id = i.id OFFSET 0) s))
""")

# A full recompute rewrites the whole table: checking two foreign keys and updating two indexes row by row costs
# more than computing the shares, so they are dropped and rebuilt (validated in one pass) in the same transaction.
# Readers of the table wait for that transaction instead of seeing the old shares.
_KEYS = """
SELECT format('ALTER TABLE project_unit_share DROP CONSTRAINT %I', conname),
       format('ALTER TABLE project_unit_share ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)),
       contype = 'p' AS first
FROM pg_constraint WHERE conrelid = 'project_unit_share'::regclass AND contype IN ('p', 'f')
UNION ALL
SELECT format('DROP INDEX %I', c.relname), pg_get_indexdef(i.indexrelid), false
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'project_unit_share'::regclass AND NOT i.indisprimary
"""


def _drop_keys(session: Session) -> list[str]:
    """Drop the table's keys and indexes; returns the statements that restore them (the primary key first)."""
    rows = session.execute(text(_KEYS)).all()
    for drop, _, _ in sorted(rows, key=lambda row: row[2]):  # foreign keys and indexes before the primary key
        session.execute(text(drop))
    return [restore for _, restore, _ in sorted(rows, key=lambda row: not row[2])]


def recompute_shares(
    session: Session,
    project_ids: Collection[int] | None = None,
    max_distance_m: float = NEAREST_UNIT_MAX_M,
    *,
    for_a_check: bool = False,
) -> int:
    """Recompute the shares of ``project_ids`` (all projects when None); returns the rows written.

    ``for_a_check``: in a check (a dry run) that is rolled back after, every project's rows are rewritten one by one
    rather than the table truncated, and the progress layer is not bumped: a truncate or a bump held until the
    rollback would make every reader of the progress, and every status report, wait for the check (issue 17)."""
    if for_a_check and project_ids is None:
        project_ids = session.execute(text("SELECT id FROM project")).scalars().all()
    ids = sorted(project_ids) if project_ids is not None else None
    if ids == []:
        return 0
    # One planning-heavy statement: JIT compilation costs more than it saves,
    # and the sorts need more than the default memory to stay off disk.
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text("SET LOCAL work_mem = '64MB'"))
    # The ids go as one array literal: bound as a list, the driver would convert it again for each of its uses.
    params = {"ids": None if ids is None else "{" + ",".join(map(str, ids)) + "}", "max_m": max_distance_m}
    if ids is None:
        written = _rewrite_all(session, params)
    else:
        session.execute(_DELETE_SOME, params)
        written = _insert_some(session, params, len(ids))
    written += session.execute(_PROVINCE_WIDE, params).rowcount
    written += _through_crosswalk(session, params)
    if not for_a_check:
        bump(session, PROGRESS_LAYER)
    return written


_UNITS_OF_PROJECTS = text(
    "SELECT p.code, array_agg(u.code ORDER BY array_position(ARRAY['province', 'district', 'commune'], u.level), "
    "u.code) FROM project_unit_share s "
    "JOIN project p ON p.id = s.project_id JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = :scheme "
    "GROUP BY p.code"
)


def units_of_projects(session: Session, scheme: str) -> dict[str, tuple[str, ...]]:
    """Each project's units of ``scheme`` (by code) as its shares place it: a units load compares them before and
    after its recompute to say which projects its boundaries moved into other units."""
    return {code: tuple(units) for code, units in session.execute(_UNITS_OF_PROJECTS, {"scheme": scheme})}


def names_of_units(session: Session, scheme: str, codes: Collection[str]) -> dict[str, dict[str, str]]:
    """The units ``codes`` of ``scheme`` named as people write them, in each language ({"954": {"vi": "Thành phố Bạc
    Liêu", "en": …}}): a units load named the projects it moved by unit codes alone, "95, 954 → 95, 958" (trial 65)."""
    rows = session.execute(
        text(
            f"SELECT u.code, {unit_label_sql('u', 'vi')}, {unit_label_sql('u', 'en')} FROM admin_unit u "
            "WHERE u.scheme = :scheme AND u.code = ANY(:codes) ORDER BY u.valid_from"
        ),
        {"scheme": scheme, "codes": list(codes)},
    )
    return {code: {"vi": vi, "en": en} for code, vi, en in rows}


def _insert_some(session: Session, params: dict, count: int) -> int:
    """The shares of the projects ``params["ids"]`` inserted; a batch of many is first copied with its own spatial
    index, so that each unit piece is joined to the batch's projects near it (and prepared once for all of them, as
    in a full recompute) rather than each project to the pieces near it."""
    if count < BATCH_TABLE_FROM:
        return session.execute(
            text(f"INSERT INTO project_unit_share ({_COLUMNS}) {_by_geometry('project')}"), params
        ).rowcount
    session.execute(text("DROP TABLE IF EXISTS pg_temp.share_batch"))
    session.execute(
        text(
            "CREATE TEMP TABLE share_batch ON COMMIT DROP AS "
            + _batch_by_key("id, geom, length_m, area_m2, location_precision")
        ),
        params,
    )
    session.execute(text("ALTER TABLE share_batch ADD PRIMARY KEY (id)"))
    session.execute(text("CREATE INDEX ON share_batch USING gist (geom)"))
    session.execute(text("ANALYZE share_batch"))
    written = session.execute(
        text(f"INSERT INTO project_unit_share ({_COLUMNS}) {_by_geometry('share_batch')}"), params | {"ids": None}
    ).rowcount
    session.execute(text("DROP TABLE share_batch"))
    return written


def _by_geometry(projects: str) -> str:
    """The geometry statement over the projects of the table ``projects`` (its id, geom, measures, precision)."""
    return _BY_GEOMETRY.replace("__projects__", projects)


def _rewrite_all(session: Session, params: dict) -> int:
    """Compute every share into a scratch table, then swap them in with the table's keys dropped and rebuilt.

    Unlike an INSERT, creating a table from a query may use parallel workers (the pieces are a plain table).
    """
    session.execute(text("SET LOCAL min_parallel_table_scan_size = 0"))
    session.execute(text("DROP TABLE IF EXISTS pg_temp.share_scratch"))
    session.execute(text(f"CREATE TEMP TABLE share_scratch ON COMMIT DROP AS {_by_geometry('project')}"), params)
    restore = _drop_keys(session)
    session.execute(text("TRUNCATE project_unit_share"))
    written = session.execute(
        text(f"INSERT INTO project_unit_share ({_COLUMNS}) SELECT {_COLUMNS} FROM share_scratch")
    ).rowcount
    session.execute(text("DROP TABLE share_scratch"))
    for statement in restore:
        session.execute(text(statement))
    return written
