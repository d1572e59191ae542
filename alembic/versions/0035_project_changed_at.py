"""projects: the moment each last changed (``changed_at``), which a GIS export writes and its reload compares

Revision ID: 0035
Revises: 0034

A stale export loaded back with ``--mode upsert`` undid what changed after it was exported (trial 52: a deliberate
step back, a site moved by another load, field reports), whenever its old values looked like forward moves. Each
GIS export now writes each project's ``changed_at``, and a reload refuses the projects changed since
(geo.ingest.project_writes.changed_since_export).

Not the ``version``: it counts the status events (gapless, the field form's If-Match), and a load's new name or
site is no status event. A trigger sets ``changed_at`` on every update of a project's row, whoever writes it
(status reports, loads, reviews, retirement), to the millisecond (what GDAL keeps of a GeoJSON's date-time) and
always later than before, so that two states of a project never share one. Projects already registered take their
last event or audit entry, else their creation.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE project ADD COLUMN changed_at timestamptz")
    op.execute(
        "UPDATE project p SET changed_at = date_trunc('milliseconds', greatest(p.created_at, "
        "(SELECT max(e.recorded_at) FROM status_event e WHERE e.project_id = p.id), "
        "(SELECT max(a.at) FROM audit_log a WHERE a.entity = 'project' AND a.entity_id = p.id::text)))"
    )
    op.execute(
        "ALTER TABLE project ALTER COLUMN changed_at SET DEFAULT date_trunc('milliseconds', clock_timestamp()), "
        "ALTER COLUMN changed_at SET NOT NULL"
    )
    op.execute(
        """
CREATE FUNCTION project_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_at := greatest(date_trunc('milliseconds', clock_timestamp()), OLD.changed_at + interval '1 millisecond');
  RETURN NEW;
END $$
"""
    )
    op.execute(
        "CREATE TRIGGER project_changed_at BEFORE UPDATE ON project FOR EACH ROW EXECUTE FUNCTION project_changed_at()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER project_changed_at ON project")
    op.execute("DROP FUNCTION project_changed_at()")
    op.execute("ALTER TABLE project DROP COLUMN changed_at")
