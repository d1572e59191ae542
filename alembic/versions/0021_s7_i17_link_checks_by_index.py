"""the statement-level link checks of status events and shares look each id up in its primary key

Revision ID: 0021
Revises: 0020

The triggers of 0020 (status events -> project) and s5_i17a (shares -> project and unit) joined the statement's new
ids to the whole table with NOT EXISTS. PL/pgSQL plans that query once per session and keeps the plan: planned while
the project table was nearly empty (a new registry, or a load's first small chunk), it was a nested loop over a
materialised scan of every project, kept for the next chunks as the table grew. The INSERT of a 20,000-project chunk
then took 20-45 s instead of 0.6 s (seen in bench/ingest_projects.py; a 72 s share recomputation once, too). Each id
is now looked up in the primary key by a subquery, with sequential scans off inside the function so that even a plan
made for a tiny table probes the index: the same cost per id whatever the table's size or statistics. Same checks,
same errors.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK_NEW_EVENTS = """
CREATE OR REPLACE FUNCTION georeg_event_projects_exist() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off AS $$
DECLARE
    missing integer;
BEGIN
    SELECT e.project_id INTO missing FROM (SELECT DISTINCT project_id FROM new_events) AS e
    WHERE (SELECT true FROM project p WHERE p.id = e.project_id) IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'status_event.project_id % is not a project', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
CHECK_NEW_SHARES = """
CREATE OR REPLACE FUNCTION georeg_share_links_exist() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off AS $$
DECLARE
    missing integer;
BEGIN
    SELECT s.project_id INTO missing FROM (SELECT DISTINCT project_id FROM new_shares) AS s
    WHERE (SELECT true FROM project p WHERE p.id = s.project_id) IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'project_unit_share.project_id % is not a project', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM 1 FROM admin_unit u WHERE u.id IN (SELECT DISTINCT unit_id FROM new_shares) FOR KEY SHARE;
    SELECT s.unit_id INTO missing FROM (SELECT DISTINCT unit_id FROM new_shares) AS s
    WHERE (SELECT true FROM admin_unit u WHERE u.id = s.unit_id) IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'project_unit_share.unit_id % is not an admin unit', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
# The functions as 0020 and s5_i17a wrote them, for the downgrade.
JOINED_EVENTS = CHECK_NEW_EVENTS.replace("\nSET enable_seqscan = off", "").replace(
    "WHERE (SELECT true FROM project p WHERE p.id = e.project_id) IS NULL",
    "WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = e.project_id)",
)
JOINED_SHARES = (
    CHECK_NEW_SHARES.replace("\nSET enable_seqscan = off", "")
    .replace(
        "WHERE (SELECT true FROM project p WHERE p.id = s.project_id) IS NULL",
        "WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = s.project_id)",
    )
    .replace(
        "WHERE (SELECT true FROM admin_unit u WHERE u.id = s.unit_id) IS NULL",
        "WHERE NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = s.unit_id)",
    )
)


def upgrade() -> None:
    op.execute(CHECK_NEW_EVENTS)
    op.execute(CHECK_NEW_SHARES)


def downgrade() -> None:
    op.execute(JOINED_EVENTS)
    op.execute(JOINED_SHARES)
