"""The apportionment by geometry as it was before geo.models.unit_pieces, kept to check the new one against.

bench/progress.py computes every share both ways and prints the largest difference. The SQL below is the former
geo/apportion.py statement, except that it selects into a scratch table instead of inserting, and that a line or
polygon mostly outside the units of a level (geo.apportion.MOSTLY_INSIDE) is a site outside them, at a point on it,
as the rules now say; a line, or a strip (geo.apportion.STRIP_MIN_ELONGATION), mostly outside them is cut into parts,
each counting by its measure with the unit it lies in or the nearest one.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.apportion import (
    METRES_PER_DEGREE,
    MOSTLY_INSIDE,
    NEAREST_UNIT_MAX_M,
    PART_M,
    SHARE_LEVELS,
    STRIP_MIN_ELONGATION,
)

SUBDIVIDE_MAX_VERTICES = 64

_SUBDIVIDE = text(f"""
DROP TABLE IF EXISTS pg_temp.reference_piece;
CREATE TEMP TABLE reference_piece AS
    SELECT id AS unit_id, scheme, level, ST_Subdivide(geom, {SUBDIVIDE_MAX_VERTICES}) AS geom
    FROM admin_unit WHERE NOT is_context;
CREATE INDEX ON pg_temp.reference_piece USING gist (geom);
CREATE INDEX ON pg_temp.reference_piece USING gist (geom) WHERE scheme = 'pre2025' AND level = 'district';
CREATE INDEX ON pg_temp.reference_piece USING gist (geom) WHERE scheme = 'pre2025' AND level = 'province';
CREATE INDEX ON pg_temp.reference_piece USING gist (geom) WHERE scheme = '2025' AND level = 'commune';
CREATE INDEX ON pg_temp.reference_piece USING gist (geom) WHERE scheme = '2025' AND level = 'province';
ANALYZE pg_temp.reference_piece;
""")

_BY_GEOMETRY = """
WITH p AS MATERIALIZED (
    SELECT id, geom, ST_Dimension(geom) AS dim, length_m, area_m2, location_precision = 'district' AS district_site
    FROM project
    WHERE geom IS NOT NULL AND (CAST(:ids AS int[]) IS NULL OR id = ANY(CAST(:ids AS int[])))
), levels (scheme, level) AS (VALUES {levels}
), extent AS (
    SELECT p.id, p.dim, u.scheme, u.level, u.unit_id,
           SUM(CASE WHEN ST_CoveredBy(p.geom, u.geom) THEN CASE p.dim WHEN 1 THEN p.length_m ELSE p.area_m2 END
                    WHEN p.dim = 1 THEN ST_Length(ST_Intersection(p.geom, u.geom)::geography)
                    ELSE ST_Area(ST_Intersection(p.geom, u.geom)::geography) END) AS measure
    FROM p JOIN {units} u ON ST_Intersects(p.geom, u.geom)
    WHERE p.dim > 0 AND NOT (p.district_site AND u.scheme = '2025' AND u.level = 'commune')
    GROUP BY p.id, p.dim, u.scheme, u.level, u.unit_id
), extent_kept AS (
    SELECT e.id, e.dim, e.scheme, e.level, e.unit_id, e.measure,
           SUM(e.measure) OVER (PARTITION BY e.id, e.scheme, e.level) AS total,
           CASE e.dim WHEN 1 THEN p.length_m ELSE p.area_m2 END AS whole
    FROM extent e JOIN p ON p.id = e.id WHERE e.measure > 0
), extent_held AS (
    SELECT * FROM extent_kept WHERE total >= {mostly_inside} * whole
), site_outside AS (  -- lines and polygons not held by their parts in the units of a level
    SELECT p.id, p.dim, p.geom, l.scheme, l.level,
           EXISTS (SELECT 1 FROM extent_kept k WHERE k.id = p.id AND k.scheme = l.scheme AND k.level = l.level)
               AS grazing,
           p.dim = 1 OR (p.dim = 2 AND ST_Perimeter(p.geom::geography) ^ 2 >= 4 * {strip} * p.area_m2) AS long
    FROM p CROSS JOIN levels l
    WHERE p.dim > 0 AND NOT (p.district_site AND l.scheme = '2025' AND l.level = 'commune')
      AND NOT EXISTS (SELECT 1 FROM extent_held k WHERE k.id = p.id AND k.scheme = l.scheme AND k.level = l.level)
), long_cut AS (  -- a long one's lines in equal parts of at most {part_m} m, a strip in squares
    SELECT p.id, ARRAY[COALESCE(d.path[1], 1), k] AS path,
           ST_LineSubstring(d.geom, (k - 1)::float / n.n, k::float / n.n) AS geom
    FROM p CROSS JOIN LATERAL ST_Dump(p.geom) d
    CROSS JOIN LATERAL (SELECT GREATEST(1, ceil(ST_Length(d.geom::geography) / {part_m}))::int AS n) n
    CROSS JOIN LATERAL generate_series(1, n.n) k
    WHERE p.dim = 1 AND p.id IN (SELECT id FROM site_outside WHERE long)
    UNION ALL
    SELECT p.id, ARRAY[g.i, g.j], ST_CollectionExtract(ST_Intersection(p.geom, g.geom), 3)
    FROM p CROSS JOIN LATERAL ST_SquareGrid({part_degrees}, p.geom) g
    WHERE p.dim = 2 AND p.id IN (SELECT id FROM site_outside WHERE long) AND ST_Intersects(p.geom, g.geom)
), long_part AS (
    SELECT c.id, c.path, m.measure,
           CASE p.dim WHEN 1 THEN ST_LineInterpolatePoint(c.geom, 0.5) ELSE ST_PointOnSurface(c.geom) END AS geom
    FROM long_cut c JOIN p USING (id)
    CROSS JOIN LATERAL (SELECT CASE p.dim WHEN 1 THEN ST_Length(c.geom::geography)
                                          ELSE ST_Area(c.geom::geography) END AS measure) m
    WHERE m.measure > 0
), parts AS (  -- the points of multipoints and the parts of long sites, at each level they are placed at
    SELECT p.id, d.path, l.scheme, l.level, NULL::float AS measure, d.geom
    FROM p CROSS JOIN LATERAL ST_Dump(p.geom) d CROSS JOIN levels l
    WHERE p.dim = 0 AND NOT (p.district_site AND l.scheme = '2025' AND l.level = 'commune')
    UNION ALL
    SELECT lp.id, lp.path, s.scheme, s.level, lp.measure, lp.geom
    FROM long_part lp JOIN site_outside s ON s.id = lp.id AND s.long
), part_in AS (
    SELECT DISTINCT ON (parts.id, parts.path, parts.scheme, parts.level)
           parts.id, parts.path, parts.scheme, parts.level, parts.measure, u.unit_id
    FROM parts JOIN {units} u ON u.scheme = parts.scheme AND u.level = parts.level AND ST_Intersects(parts.geom, u.geom)
    ORDER BY parts.id, parts.path, parts.scheme, parts.level, u.unit_id
), outside AS (
    SELECT id, NULL::int[] AS path, scheme, level, NULL::float AS measure,
           CASE WHEN grazing THEN ST_PointOnSurface(geom) ELSE geom END AS geom
    FROM site_outside WHERE NOT long
    UNION ALL
    SELECT parts.* FROM parts
    WHERE NOT EXISTS (SELECT 1 FROM part_in i WHERE i.id = parts.id AND i.path = parts.path
                                                AND i.scheme = parts.scheme AND i.level = parts.level)
), nearest AS (
    SELECT o.id, o.measure, n.unit_id, o.scheme, o.level, n.distance_m
    FROM outside o CROSS JOIN LATERAL (
        SELECT c.unit_id, ST_Distance(c.geom::geography, o.geom::geography) AS distance_m
        FROM (SELECT u.unit_id, u.geom FROM {units} u WHERE u.scheme = o.scheme AND u.level = o.level
              ORDER BY u.geom <-> o.geom LIMIT 8) c
        ORDER BY distance_m, c.unit_id LIMIT 1  -- the first by id on a tie (off the end of a shared border)
    ) n
    WHERE n.distance_m <= :max_m
), sited AS (
    SELECT id, unit_id, scheme, level, measure, NULL::float AS distance_m FROM part_in
    UNION ALL
    SELECT id, unit_id, scheme, level, measure, distance_m FROM nearest
)
SELECT id AS project_id, unit_id, measure / total AS share, CASE dim WHEN 1 THEN 'length' ELSE 'area' END AS method,
       measure, NULL::float AS distance_m FROM extent_held
UNION ALL  -- a site, or its points or parts, by their number or measure in each unit
SELECT s.id, s.unit_id,
       SUM(COALESCE(s.measure, 1)) / SUM(SUM(COALESCE(s.measure, 1))) OVER (PARTITION BY s.id, s.scheme, s.level),
       CASE WHEN count(s.distance_m) > 0 THEN 'nearest' WHEN count(s.measure) = 0 THEN 'point'
            WHEN min(p.dim) = 1 THEN 'length' ELSE 'area' END,
       SUM(s.measure), MAX(s.distance_m)
FROM sited s JOIN p USING (id) GROUP BY s.id, s.unit_id, s.scheme, s.level
""".format(
    levels=", ".join(f"('{scheme}', '{level}')" for scheme, level in SHARE_LEVELS),
    units="{units}",
    mostly_inside=MOSTLY_INSIDE,
    strip=STRIP_MIN_ELONGATION,
    part_m=PART_M,
    part_degrees=PART_M / METRES_PER_DEGREE,
)


def reference_shares(session: Session) -> None:
    """Write every project's shares by geometry, the former way, into pg_temp.reference_share."""
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text("SET LOCAL work_mem = '64MB'"))
    session.execute(_SUBDIVIDE)
    session.execute(text("DROP TABLE IF EXISTS pg_temp.reference_share"))
    statement = "CREATE TEMP TABLE reference_share AS " + _BY_GEOMETRY.format(units="pg_temp.reference_piece")
    session.execute(text(statement), {"ids": None, "max_m": NEAREST_UNIT_MAX_M})
