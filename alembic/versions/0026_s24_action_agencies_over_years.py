"""plan action agencies: held over reporting years, so that an assignment does not rewrite who owed past years

Revision ID: 0026
Revises: 0025

A lead assigned on the page replaced the action's agencies for every year: assigning VL.STC (from 1 July 2025) made
it owe the reports of 2023 and 2024. An assignment now holds from a year on (``from_year``; 2000, the first
reporting year, for those made before and for the plans' own) to ``to_year`` (none: still); a new one closes the
rows it replaces.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("plan_action_agency", sa.Column("from_year", sa.Integer(), server_default="2000", nullable=False))
    op.add_column("plan_action_agency", sa.Column("to_year", sa.Integer(), nullable=True))
    op.drop_constraint("pk_plan_action_agency", "plan_action_agency", type_="primary")
    op.create_primary_key(
        "pk_plan_action_agency", "plan_action_agency", ["plan_action_id", "agency_id", "role", "from_year"]
    )
    op.create_check_constraint(
        op.f("ck_plan_action_agency_years"), "plan_action_agency", "to_year IS NULL OR to_year >= from_year"
    )


def downgrade() -> None:
    # the assignments closed before their last year go: one row per action, agency and role, as before
    op.execute("DELETE FROM plan_action_agency WHERE to_year IS NOT NULL")
    op.execute(
        "DELETE FROM plan_action_agency p USING plan_action_agency q WHERE p.plan_action_id = q.plan_action_id "
        "AND p.agency_id = q.agency_id AND p.role = q.role AND p.from_year < q.from_year"
    )
    op.drop_constraint(op.f("ck_plan_action_agency_years"), "plan_action_agency", type_="check")
    op.drop_constraint("pk_plan_action_agency", "plan_action_agency", type_="primary")
    op.create_primary_key("pk_plan_action_agency", "plan_action_agency", ["plan_action_id", "agency_id", "role"])
    op.drop_column("plan_action_agency", "to_year")
    op.drop_column("plan_action_agency", "from_year")
