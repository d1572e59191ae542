"""The crosswalk between the pre-2025 and 2025 boundary schemes, by area overlap.

The two boundary sets come from different sources and generalisations, so where units
share a border their outlines overlap in thin slivers (tens of metres wide) that are
artefacts, not territory. A pair counts as a sliver when nothing of the overlap is left
after shrinking it by ``SLIVER_WIDTH_M`` on every side (it is under ~120 m wide), or when
it covers less than ``SLIVER_SHARE`` of the smaller of the two units. Slivers are dropped
and the remaining overlaps are normalised so that each unit's shares sum to exactly 1.
In the sample data this drops 86 of 166 touching district–commune pairs, together about
0.3 % of the districts' area.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

SLIVER_WIDTH_M = 60.0
SLIVER_SHARE = 0.01

# (pre-2025 level, 2025 level) pairs the crosswalk links.
LINKED_LEVELS = (("district", "commune"), ("province", "province"))

_REBUILD = text("""
WITH pairs AS (
    SELECT f.id AS from_id, t.id AS to_id, ST_Intersection(f.geom, t.geom) AS overlap
    FROM admin_unit f
    JOIN admin_unit t ON ST_Intersects(f.geom, t.geom)
    WHERE f.scheme = 'pre2025' AND f.level = :from_level
      AND t.scheme = '2025' AND t.level = :to_level
), kept AS (
    SELECT from_id, to_id, ST_Area(overlap::geography) AS overlap_m2
    FROM pairs
    JOIN admin_unit f ON f.id = from_id
    JOIN admin_unit t ON t.id = to_id
    WHERE NOT ST_IsEmpty(ST_Buffer(overlap::geography, -:sliver_m)::geometry)
      AND ST_Area(overlap::geography) >= :sliver_share * LEAST(f.area_m2, t.area_m2)
)
INSERT INTO unit_crosswalk (from_unit_id, to_unit_id, overlap_m2, share_of_from, share_of_to)
SELECT from_id, to_id, overlap_m2,
       overlap_m2 / SUM(overlap_m2) OVER (PARTITION BY from_id),
       overlap_m2 / SUM(overlap_m2) OVER (PARTITION BY to_id)
FROM kept
""")


def rebuild_crosswalk(session: Session) -> int:
    """Recompute every crosswalk pair from the unit geometries; returns the number of pairs."""
    session.execute(text("DELETE FROM unit_crosswalk"))
    for from_level, to_level in LINKED_LEVELS:
        session.execute(
            _REBUILD,
            {"from_level": from_level, "to_level": to_level, "sliver_m": SLIVER_WIDTH_M, "sliver_share": SLIVER_SHARE},
        )
    return session.scalar(text("SELECT count(*) FROM unit_crosswalk")) or 0


# A unit's counterparts in the other scheme: for a former unit the 2025 units its area went to, for a 2025 unit the
# former units it was made of; each with the share of the unit's own area it holds, the largest first.
_COUNTERPARTS = text("""
SELECT o.code, o.scheme, o.level, o.name_vi, o.name_en, o.unit_type_vi, o.is_context,
       CASE WHEN c.from_unit_id = :unit_id THEN c.share_of_from ELSE c.share_of_to END AS share
FROM unit_crosswalk c
JOIN admin_unit o ON o.id = CASE WHEN c.from_unit_id = :unit_id THEN c.to_unit_id ELSE c.from_unit_id END
WHERE :unit_id IN (c.from_unit_id, c.to_unit_id)
ORDER BY share DESC, o.code
""")
# The 2025 provinces a former unit's area went to (its 2025 counterparts', or their provinces), with their shares.
_NOW_IN = text("""
SELECT p.code, p.scheme, p.level, p.name_vi, p.name_en, p.unit_type_vi, p.is_context, sum(c.share_of_from) AS share
FROM unit_crosswalk c JOIN admin_unit t ON t.id = c.to_unit_id
JOIN admin_unit p ON p.id = CASE WHEN t.level = 'province' THEN t.id ELSE t.parent_id END
WHERE c.from_unit_id = :unit_id
GROUP BY p.id ORDER BY share DESC, p.code
""")


def unit_lineage(session: Session, unit: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What the July 2025 reform made of ``unit`` (an admin_unit row with id and scheme), by the crosswalk: for a
    former unit the 2025 ``provinces`` it is now in and the 2025 units (``counterparts``) its area went to, each with
    its share of the former unit; for a 2025 unit the former units it was made of (``counterparts``), each with its
    share of the 2025 unit, and no provinces. A unit is_context when the registry does not cover it (no page)."""

    def rows(sql: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in session.execute(sql, {"unit_id": unit["id"]}).mappings()]

    provinces = rows(_NOW_IN) if unit["scheme"] == "pre2025" else []
    return {"provinces": provinces, "counterparts": rows(_COUNTERPARTS)}
