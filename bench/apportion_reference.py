"""The apportionment by geometry as it was before geo.models.unit_pieces, kept to check the new one against.

bench/progress.py computes every share both ways and prints the largest difference. The SQL below is the former
geo/apportion.py statement, except that it selects into a scratch table instead of inserting, and that a line or
polygon mostly outside the units of a level (geo.apportion.MOSTLY_INSIDE) is a site outside them, at a point on it,
as the rules now say.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.apportion import MOSTLY_INSIDE, NEAREST_UNIT_MAX_M, SHARE_LEVELS

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
), parts AS (
    SELECT p.id, p.district_site, d.path, d.geom FROM p CROSS JOIN LATERAL ST_Dump(p.geom) d WHERE p.dim = 0
), part_in AS (
    SELECT DISTINCT ON (parts.id, parts.path, u.scheme, u.level) parts.id, parts.path, u.scheme, u.level, u.unit_id
    FROM parts JOIN {units} u ON ST_Intersects(parts.geom, u.geom)
    WHERE NOT (parts.district_site AND u.scheme = '2025' AND u.level = 'commune')
    ORDER BY parts.id, parts.path, u.scheme, u.level, u.unit_id
), outside AS (
    SELECT p.id, NULL::int[] AS path, l.scheme, l.level,
           CASE WHEN EXISTS (SELECT 1 FROM extent_kept k
                             WHERE k.id = p.id AND k.scheme = l.scheme AND k.level = l.level)
                THEN ST_PointOnSurface(p.geom) ELSE p.geom END
    FROM p CROSS JOIN levels l
    WHERE p.dim > 0 AND NOT (p.district_site AND l.scheme = '2025' AND l.level = 'commune')
      AND NOT EXISTS (SELECT 1 FROM extent_held k WHERE k.id = p.id AND k.scheme = l.scheme AND k.level = l.level)
    UNION ALL
    SELECT parts.id, parts.path, l.scheme, l.level, parts.geom FROM parts CROSS JOIN levels l
    WHERE NOT (parts.district_site AND l.scheme = '2025' AND l.level = 'commune')
      AND NOT EXISTS (SELECT 1 FROM part_in i
                      WHERE i.id = parts.id AND i.path = parts.path AND i.scheme = l.scheme AND i.level = l.level)
), nearest AS (
    SELECT o.id, n.unit_id, o.scheme, o.level, n.distance_m
    FROM outside o CROSS JOIN LATERAL (
        SELECT c.unit_id, ST_Distance(c.geom::geography, o.geom::geography) AS distance_m
        FROM (SELECT u.unit_id, u.geom FROM {units} u WHERE u.scheme = o.scheme AND u.level = o.level
              ORDER BY u.geom <-> o.geom LIMIT 8) c
        ORDER BY distance_m LIMIT 1
    ) n
    WHERE n.distance_m <= :max_m
), sited AS (
    SELECT id, unit_id, scheme, level, NULL::float AS distance_m FROM part_in
    UNION ALL
    SELECT id, unit_id, scheme, level, distance_m FROM nearest
)
SELECT id AS project_id, unit_id, measure / total AS share, CASE dim WHEN 1 THEN 'length' ELSE 'area' END AS method,
       measure, NULL::float AS distance_m FROM extent_held
UNION ALL
SELECT id, unit_id, count(*)::float / SUM(count(*)) OVER (PARTITION BY id, scheme, level),
       CASE WHEN count(distance_m) = 0 THEN 'point' ELSE 'nearest' END, NULL, MAX(distance_m)
FROM sited GROUP BY id, unit_id, scheme, level
""".format(
    levels=", ".join(f"('{scheme}', '{level}')" for scheme, level in SHARE_LEVELS),
    units="{units}",
    mostly_inside=MOSTLY_INSIDE,
)


def reference_shares(session: Session) -> None:
    """Write every project's shares by geometry, the former way, into pg_temp.reference_share."""
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text("SET LOCAL work_mem = '64MB'"))
    session.execute(_SUBDIVIDE)
    session.execute(text("DROP TABLE IF EXISTS pg_temp.reference_share"))
    statement = "CREATE TEMP TABLE reference_share AS " + _BY_GEOMETRY.format(units="pg_temp.reference_piece")
    session.execute(text(statement), {"ids": None, "max_m": NEAREST_UNIT_MAX_M})
