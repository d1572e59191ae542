"""project shares: their links to the project and the unit are checked once per statement, not once per row

Revision ID: s5_i17a
Revises: 0017

Recomputing the shares of a load's 100,000 projects writes some 400,000 rows; the two foreign keys checked (and
key-share locked) a project and a unit for each of them, 8 of the 10 seconds of that INSERT (bench/ingest_projects.py).
The links stay enforced, as salinity zones' link to their job is (0011): a statement-level trigger checks the
distinct project and unit ids of each INSERT or UPDATE at once, locking the units it finds (FOR KEY SHARE, as the
foreign key did: a unit cannot be deleted under a share being written). Projects are never deleted (a trigger
refuses it), so they need no lock. Deleting units (or, were it ever allowed, projects) deletes their shares, as
ON DELETE CASCADE did, and renumbering a referenced unit or project is refused, as the keys' NO ACTION did.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "s5_i17a"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEYS = {
    "fk_project_unit_share_project_id_project": ("project", "project_id"),
    "fk_project_unit_share_unit_id_admin_unit": ("admin_unit", "unit_id"),
}

CHECK_NEW_SHARES = """
CREATE FUNCTION georeg_share_links_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing integer;
BEGIN
    SELECT s.project_id INTO missing FROM (SELECT DISTINCT project_id FROM new_shares) AS s
    WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = s.project_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'project_unit_share.project_id % is not a project', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM 1 FROM admin_unit u WHERE u.id IN (SELECT DISTINCT unit_id FROM new_shares) FOR KEY SHARE;
    SELECT s.unit_id INTO missing FROM (SELECT DISTINCT unit_id FROM new_shares) AS s
    WHERE NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.id = s.unit_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'project_unit_share.unit_id % is not an admin unit', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
SHARES_FOLLOW = """
CREATE FUNCTION georeg_shares_follow_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM project_unit_share WHERE {column} = OLD.id;
    ELSIF NEW.id <> OLD.id AND EXISTS (SELECT 1 FROM project_unit_share WHERE {column} = OLD.id) THEN
        RAISE EXCEPTION '{table} % has shares; its id stays', OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$
"""
TRIGGERS = (
    "CREATE TRIGGER project_unit_share_links_on_insert AFTER INSERT ON project_unit_share "
    "REFERENCING NEW TABLE AS new_shares FOR EACH STATEMENT EXECUTE FUNCTION georeg_share_links_exist()",
    "CREATE TRIGGER project_unit_share_links_on_update AFTER UPDATE ON project_unit_share "
    "REFERENCING NEW TABLE AS new_shares FOR EACH STATEMENT EXECUTE FUNCTION georeg_share_links_exist()",
    *(
        f"CREATE TRIGGER {table}_shares_follow AFTER DELETE OR UPDATE OF id ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION georeg_shares_follow_{table}()"
        for table, _ in FOREIGN_KEYS.values()
    ),
)


def upgrade() -> None:
    for name in FOREIGN_KEYS:
        op.drop_constraint(name, "project_unit_share", type_="foreignkey")
    op.execute(CHECK_NEW_SHARES)
    for table, column in FOREIGN_KEYS.values():
        op.execute(SHARES_FOLLOW.format(table=table, column=column))
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for table, _ in FOREIGN_KEYS.values():
        op.execute(f"DROP TRIGGER {table}_shares_follow ON {table}")
        op.execute(f"DROP FUNCTION georeg_shares_follow_{table}()")
    op.execute("DROP TRIGGER project_unit_share_links_on_update ON project_unit_share")
    op.execute("DROP TRIGGER project_unit_share_links_on_insert ON project_unit_share")
    op.execute("DROP FUNCTION georeg_share_links_exist()")
    for name, (table, column) in FOREIGN_KEYS.items():
        op.create_foreign_key(name, "project_unit_share", table, [column], ["id"], ondelete="CASCADE")
