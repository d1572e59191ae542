"""status events: their link to the project is checked once per statement, not once per row

Revision ID: 0020
Revises: 0019

A load of 100,000 projects adds 100,000 first status events in its transaction; the foreign key checked and
key-share locked the project of each of them (about 85 ms of each 20,000-project chunk, bench/ingest_projects.py).
The link stays enforced as the shares' is (s5_i17a): a statement-level trigger checks the distinct project ids of
each INSERT at once. Events are append-only (a trigger refuses updates and deletes) and projects are never deleted
(another refuses that), so only an insert needs checking, and renumbering a project that has events is refused, as
the key's NO ACTION did.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_status_event_project_id_project"

CHECK_NEW_EVENTS = """
CREATE FUNCTION georeg_event_projects_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing integer;
BEGIN
    SELECT e.project_id INTO missing FROM (SELECT DISTINCT project_id FROM new_events) AS e
    WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = e.project_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'status_event.project_id % is not a project', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
EVENTS_KEEP_PROJECT_IDS = """
CREATE FUNCTION georeg_events_keep_project_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id AND EXISTS (SELECT 1 FROM status_event WHERE project_id = OLD.id) THEN
        RAISE EXCEPTION 'project % has status events; its id stays', OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
TRIGGERS = (
    "CREATE TRIGGER status_event_project_on_insert AFTER INSERT ON status_event "
    "REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION georeg_event_projects_exist()",
    "CREATE TRIGGER project_events_keep_id AFTER UPDATE OF id ON project "
    "FOR EACH ROW EXECUTE FUNCTION georeg_events_keep_project_id()",
)


def upgrade() -> None:
    op.drop_constraint(FOREIGN_KEY, "status_event", type_="foreignkey")
    op.execute(CHECK_NEW_EVENTS)
    op.execute(EVENTS_KEEP_PROJECT_IDS)
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    op.execute("DROP TRIGGER project_events_keep_id ON project")
    op.execute("DROP TRIGGER status_event_project_on_insert ON status_event")
    op.execute("DROP FUNCTION georeg_events_keep_project_id()")
    op.execute("DROP FUNCTION georeg_event_projects_exist()")
    op.create_foreign_key(FOREIGN_KEY, "status_event", "project", ["project_id"], ["id"])
