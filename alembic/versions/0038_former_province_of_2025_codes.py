"""projects: a site given the 2025 province that succeeded its former one is stored with the former one

Revision ID: 0038
Revises: 0037

The rule changed in code, not in the schema (geo.ingest.provinces): a site given the code of the 2025 province a former
province of the registry was merged into (96, Cà Mau, for a site in former Bạc Liêu, 95) is stored with the former
province, decided by the crosswalk, not by the 2025 outline. The 2025 outlines differ from the former ones along the
borders, and a trial's sites up to 415 m inside Bạc Liêu's districts were stored as 96 (trial 54): the province filter
95, its exports and the search left them out. The projects so stored are given the former province whose outline
holds their point on surface (its pieces, as the load reads them), each with an entry in its record of changes; the
projects layer's tiles expire. Downgrading leaves them: the former province is the registry's rule.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MENDED = """
WITH successor AS (
    SELECT f.id AS former_id, f.code AS former, t.code AS today FROM unit_crosswalk c
    JOIN admin_unit f ON f.id = c.from_unit_id AND f.scheme = 'pre2025' AND f.level = 'province' AND NOT f.is_context
    JOIN admin_unit t ON t.id = c.to_unit_id AND t.scheme = '2025' AND t.level = 'province'
), found AS (
    SELECT DISTINCT ON (p.id) p.id, p.province_code AS given, s.former
    FROM project p JOIN successor s ON s.today = p.province_code
    JOIN admin_unit_piece pc ON pc.unit_id = s.former_id AND ST_Intersects(pc.geom, ST_PointOnSurface(p.geom))
    WHERE p.geom IS NOT NULL AND p.province_code NOT IN (
        SELECT code FROM admin_unit WHERE scheme = 'pre2025' AND level = 'province' AND NOT is_context)
    ORDER BY p.id, s.former
), mended AS (
    UPDATE project p SET province_code = f.former FROM found f WHERE p.id = f.id RETURNING p.id, f.given, f.former
), recorded AS (
    INSERT INTO audit_log (actor, action, entity, entity_id, changes, detail)
    SELECT 'georeg db migrate', 'load_update', 'project', id::text,
           jsonb_build_object('province_code', jsonb_build_array(given, former)),
           'georeg db migrate 0038: province code ' || given || ' (from 1 July 2025) read as former province ' || former
    FROM mended RETURNING 1
)
INSERT INTO layer_version (layer_id, version) SELECT 'projects', 2 WHERE EXISTS (SELECT 1 FROM recorded)
ON CONFLICT (layer_id) DO UPDATE SET version = layer_version.version + 1, changed_at = now()
"""


def upgrade() -> None:
    op.execute(MENDED)


def downgrade() -> None:
    """Nothing to undo: the former province is the registry's rule."""
