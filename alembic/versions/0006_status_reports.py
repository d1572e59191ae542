"""status reports: flags on reports accepted beyond the distance threshold; append-only history

Revision ID: 0006
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The history is append-only and projects are retired, never deleted: the database refuses otherwise,
# whatever client writes to it.
REFUSE_FUNCTION = """
CREATE FUNCTION georeg_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0];
END $$
"""
TRIGGERS = {
    "status_event_append_only": ("UPDATE OR DELETE", "status_event", "status history is append-only; add a new event"),
    "project_never_deleted": ("DELETE", "project", "projects are retired (retired_at), never deleted"),
}


def upgrade() -> None:
    op.create_table(
        "status_event_flag",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("threshold_m", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["status_event.id"], name=op.f("fk_status_event_flag_event_id_status_event")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_status_event_flag")),
    )
    op.execute(REFUSE_FUNCTION)
    for name, (events, table, why) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION georeg_refuse_change('{why}')"
        )


def downgrade() -> None:
    for name, (_, table, _) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER {name} ON {table}")
    op.execute("DROP FUNCTION georeg_refuse_change()")
    op.drop_table("status_event_flag")
