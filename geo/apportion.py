"""Apportioning projects to admin units: each project's share of every unit it lies in.

Rules (all measured in metres on the ellipsoid, through ``geography``):

- lines by length and polygons by area inside each unit, normalised over the units they
  touch so that the shares sum to 1 (the part of a sea dyke drawn beyond the coastline
  counts with the units the rest of it lies in);
- points by containment; a multipoint by the number of its points in each unit;
- a site outside every unit (coastal and offshore works: the sample coastline is drawn at
  the land edge) goes to the nearest unit within ``NEAREST_UNIT_MAX_M``; farther than that
  it is not apportioned at that level;
- province-wide programmes (no geometry) count only for their province, and for the 2025
  province(s) their former province became part of (through the crosswalk);
- projects placed at a district centroid (precision "district") are spread over the 2025
  communes by the crosswalk shares of their district, since their site within the
  district is unknown.

Shares are kept for the lowest level and the provinces of both boundary schemes. Call
:func:`recompute_shares` whenever a project's geometry is written (the sample loader and
the ingest do); it bumps the ``progress`` layer in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.layer_versions import bump

NEAREST_UNIT_MAX_M = 10_000.0
SUBDIVIDE_MAX_VERTICES = 64
# Below this many projects the unit geometries are used as they are; above, they are
# first cut into small pieces, which makes containment and intersection tests cheap.
SUBDIVIDE_FROM_PROJECTS = 500
PROGRESS_LAYER = "progress"

# (scheme, level) pairs a project is apportioned to.
SHARE_LEVELS = (("pre2025", "district"), ("pre2025", "province"), ("2025", "commune"), ("2025", "province"))

_WHOLE_UNITS = "(SELECT id AS unit_id, scheme, level, geom FROM admin_unit WHERE NOT is_context)"

_SUBDIVIDE = text(f"""
DROP TABLE IF EXISTS pg_temp.unit_piece;
CREATE TEMP TABLE unit_piece AS
    SELECT id AS unit_id, scheme, level, ST_Subdivide(geom, {SUBDIVIDE_MAX_VERTICES}) AS geom
    FROM admin_unit WHERE NOT is_context;
CREATE INDEX ON pg_temp.unit_piece USING gist (geom);
CREATE INDEX ON pg_temp.unit_piece USING gist (geom) WHERE scheme = 'pre2025' AND level = 'district';
CREATE INDEX ON pg_temp.unit_piece USING gist (geom) WHERE scheme = 'pre2025' AND level = 'province';
CREATE INDEX ON pg_temp.unit_piece USING gist (geom) WHERE scheme = '2025' AND level = 'commune';
CREATE INDEX ON pg_temp.unit_piece USING gist (geom) WHERE scheme = '2025' AND level = 'province';
ANALYZE pg_temp.unit_piece;
""")

# All four levels in one pass: one index probe per project finds its pieces at every level.
_BY_GEOMETRY = """
INSERT INTO project_unit_share (project_id, unit_id, share, method, measure, distance_m)
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
    SELECT id, dim, scheme, level, unit_id, measure, SUM(measure) OVER (PARTITION BY id, scheme, level) AS total
    FROM extent WHERE measure > 0
), parts AS (
    SELECT p.id, p.district_site, d.path, d.geom FROM p CROSS JOIN LATERAL ST_Dump(p.geom) d WHERE p.dim = 0
), part_in AS (
    SELECT DISTINCT ON (parts.id, parts.path, u.scheme, u.level) parts.id, parts.path, u.scheme, u.level, u.unit_id
    FROM parts JOIN {units} u ON ST_Intersects(parts.geom, u.geom)
    WHERE NOT (parts.district_site AND u.scheme = '2025' AND u.level = 'commune')
    ORDER BY parts.id, parts.path, u.scheme, u.level, u.unit_id
), outside AS (
    SELECT p.id, NULL::int[] AS path, l.scheme, l.level, p.geom FROM p CROSS JOIN levels l
    WHERE p.dim > 0 AND NOT (p.district_site AND l.scheme = '2025' AND l.level = 'commune')
      AND NOT EXISTS (SELECT 1 FROM extent_kept k WHERE k.id = p.id AND k.scheme = l.scheme AND k.level = l.level)
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
SELECT id, unit_id, measure / total, CASE dim WHEN 1 THEN 'length' ELSE 'area' END, measure, NULL FROM extent_kept
UNION ALL
SELECT id, unit_id, count(*)::float / SUM(count(*)) OVER (PARTITION BY id, scheme, level),
       CASE WHEN count(distance_m) = 0 THEN 'point' ELSE 'nearest' END, NULL, MAX(distance_m)
FROM sited GROUP BY id, unit_id, scheme, level
""".format(levels=", ".join(f"('{scheme}', '{level}')" for scheme, level in SHARE_LEVELS), units="{units}")

_PROVINCE_WIDE = text("""
INSERT INTO project_unit_share (project_id, unit_id, share, method)
SELECT p.id, u.id, 1, 'province'
FROM project p JOIN admin_unit u ON u.scheme = 'pre2025' AND u.level = 'province' AND u.code = p.province_code
WHERE p.geom IS NULL AND (CAST(:ids AS int[]) IS NULL OR p.id = ANY(CAST(:ids AS int[])))
""")

# Province-wide programmes follow their former province into the 2025 province(s);
# district-placed projects are spread over the 2025 communes their district became.
_THROUGH_CROSSWALK = text("""
INSERT INTO project_unit_share (project_id, unit_id, share, method)
SELECT s.project_id, c.to_unit_id, SUM(s.share * c.share_of_from),
       CASE WHEN p.geom IS NULL THEN 'province' ELSE 'crosswalk' END
FROM project_unit_share s
JOIN project p ON p.id = s.project_id
JOIN admin_unit f ON f.id = s.unit_id AND f.scheme = 'pre2025'
JOIN unit_crosswalk c ON c.from_unit_id = f.id
WHERE (CAST(:ids AS int[]) IS NULL OR p.id = ANY(CAST(:ids AS int[])))
  AND ((p.geom IS NULL AND f.level = 'province') OR (p.location_precision = 'district' AND f.level = 'district'))
GROUP BY s.project_id, c.to_unit_id, p.geom IS NULL
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
    session: Session, project_ids: Collection[int] | None = None, max_distance_m: float = NEAREST_UNIT_MAX_M
) -> int:
    """Recompute the shares of ``project_ids`` (all projects when None); returns the rows written."""
    ids = sorted(project_ids) if project_ids is not None else None
    if ids == []:
        return 0
    restore: list[str] = []
    if ids is None:
        restore = _drop_keys(session)
        session.execute(text("TRUNCATE project_unit_share"))
    else:
        session.execute(text("DELETE FROM project_unit_share WHERE project_id = ANY(:ids)"), {"ids": ids})
    # One planning-heavy statement: JIT compilation costs more than it saves,
    # and the sorts need more than the default memory to stay off disk.
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text("SET LOCAL work_mem = '64MB'"))
    units = _WHOLE_UNITS
    if ids is None or len(ids) >= SUBDIVIDE_FROM_PROJECTS:
        session.execute(_SUBDIVIDE)
        units = "pg_temp.unit_piece"
    params = {"ids": ids, "max_m": max_distance_m}
    written = session.execute(text(_BY_GEOMETRY.format(units=units)), params).rowcount
    written += session.execute(_PROVINCE_WIDE, {"ids": ids}).rowcount
    written += session.execute(_THROUGH_CROSSWALK, {"ids": ids}).rowcount
    for statement in restore:
        session.execute(text(statement))
    bump(session, PROGRESS_LAYER)
    return written
