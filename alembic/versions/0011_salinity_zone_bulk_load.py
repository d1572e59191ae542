"""salinity zones load in bulk: the link to the ingest job is checked once per statement; no stored area

Revision ID: 0011
Revises: 0010

A foreign key checks (and locks) the ingest job once per inserted row, and the stored geodesic area is computed per
row; for a 100k-zone load the two cost 0.75 s of the database's 0.93 s (bench/ingest.py). No query reads the zones'
area (salinity shares intersect zones with units and compute their own areas), so the column goes. The link to the
job stays enforced, by statement-level triggers that check each INSERT's or UPDATE's distinct job ids at once
(0.03 s for 100k rows), and by a trigger on ingest_job refusing to delete or renumber a job zones point to.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_salinity_zone_ingest_job_id_ingest_job"

CHECK_NEW_ZONES = """
CREATE FUNCTION georeg_salinity_zone_job_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing integer;
BEGIN
    SELECT z.ingest_job_id INTO missing
    FROM (SELECT DISTINCT ingest_job_id FROM new_zones WHERE ingest_job_id IS NOT NULL) AS z
    WHERE NOT EXISTS (SELECT 1 FROM ingest_job j WHERE j.id = z.ingest_job_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'salinity_zone.ingest_job_id % is not an ingest job', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
KEEP_REFERENCED_JOBS = """
CREATE FUNCTION georeg_ingest_job_keep_zones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.id <> OLD.id)
       AND EXISTS (SELECT 1 FROM salinity_zone WHERE ingest_job_id = OLD.id) THEN
        RAISE EXCEPTION 'ingest job % has salinity zones; it is their provenance and stays', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END $$
"""
TRIGGERS = (
    "CREATE TRIGGER salinity_zone_job_on_insert AFTER INSERT ON salinity_zone REFERENCING NEW TABLE AS new_zones "
    "FOR EACH STATEMENT EXECUTE FUNCTION georeg_salinity_zone_job_exists()",
    "CREATE TRIGGER salinity_zone_job_on_update AFTER UPDATE ON salinity_zone REFERENCING NEW TABLE AS new_zones "
    "FOR EACH STATEMENT EXECUTE FUNCTION georeg_salinity_zone_job_exists()",
    "CREATE TRIGGER ingest_job_keeps_zones BEFORE DELETE OR UPDATE OF id ON ingest_job "
    "FOR EACH ROW EXECUTE FUNCTION georeg_ingest_job_keep_zones()",
)


def upgrade() -> None:
    op.drop_column("salinity_zone", "area_m2")
    op.drop_constraint(FOREIGN_KEY, "salinity_zone", type_="foreignkey")
    op.execute(CHECK_NEW_ZONES)
    op.execute(KEEP_REFERENCED_JOBS)
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    op.execute("DROP TRIGGER ingest_job_keeps_zones ON ingest_job")
    op.execute("DROP TRIGGER salinity_zone_job_on_update ON salinity_zone")
    op.execute("DROP TRIGGER salinity_zone_job_on_insert ON salinity_zone")
    op.execute("DROP FUNCTION georeg_ingest_job_keep_zones()")
    op.execute("DROP FUNCTION georeg_salinity_zone_job_exists()")
    op.create_foreign_key(FOREIGN_KEY, "salinity_zone", "ingest_job", ["ingest_job_id"], ["id"])
    op.add_column(
        "salinity_zone",
        sa.Column("area_m2", sa.Float(), sa.Computed("ST_Area(geom::geography)", persisted=True), nullable=False),
    )
