"""upload jobs: their progress, readable while the load is uncommitted; the states "committing" (a commit under way)
and "expired" (a preview whose file was removed unloaded)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD_STATES = ("pending", "running", "previewed", "committed", "failed")
NEW_STATES = (*OLD_STATES, "committing", "expired")


def _states_check(states: tuple[str, ...]) -> None:
    op.drop_constraint(op.f("ck_ingest_job_state"), "ingest_job", type_="check")
    quoted = ", ".join(f"'{state}'" for state in states)
    op.create_check_constraint(op.f("ck_ingest_job_state"), "ingest_job", f"state IN ({quoted})")


def upgrade() -> None:
    _states_check(NEW_STATES)
    op.create_table(
        "ingest_job_progress",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["ingest_job.id"], name=op.f("fk_ingest_job_progress_job_id_ingest_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_ingest_job_progress")),
    )


def downgrade() -> None:
    op.drop_table("ingest_job_progress")
    op.execute("UPDATE ingest_job SET state = 'failed' WHERE state IN ('committing', 'expired')")
    _states_check(OLD_STATES)
