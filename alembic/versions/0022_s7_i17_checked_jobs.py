"""ingest jobs: the state "checked", a dry run whose file was not kept to be committed (the command line's --dry-run)

Revision ID: 0022
Revises: 0021

Such dry runs ended "previewed", like an upload's preview, and so were offered on /upload among the checked files
waiting to be loaded, where committing them could only fail: no file was kept. The previews already recorded without
an account (the command line records none; an upload always has one) become "checked".
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = ("pending", "running", "previewed", "committing", "committed", "failed", "expired")
NEW_STATES = ("pending", "running", "previewed", "checked", "committing", "committed", "failed", "expired")


def _states_check(states: tuple[str, ...]) -> None:
    op.drop_constraint(op.f("ck_ingest_job_state"), "ingest_job", type_="check")
    quoted = ", ".join(f"'{state}'" for state in states)
    op.create_check_constraint(op.f("ck_ingest_job_state"), "ingest_job", f"state IN ({quoted})")


def upgrade() -> None:
    _states_check(NEW_STATES)
    op.execute("UPDATE ingest_job SET state = 'checked' WHERE state = 'previewed' AND account_id IS NULL")


def downgrade() -> None:
    op.execute("UPDATE ingest_job SET state = 'previewed' WHERE state = 'checked'")
    _states_check(OLD_STATES)
