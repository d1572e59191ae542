"""monitoring: agencies over time, indicator values never overwritten, yearly submissions

Revision ID: i12a
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "i12a"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLLUPS = "rollup IN ('sum', 'area_mean', 'population_mean', 'province_only')"
STATUSES = "status IN ('draft', 'submitted', 'returned', 'accepted', 'locked')"


def upgrade() -> None:
    op.add_column("agency", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("agency", sa.Column("valid_to", sa.Date(), nullable=True))
    op.create_table(
        "agency_succession",
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("certain", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["agency.id"],
            name=op.f("fk_agency_succession_predecessor_id_agency"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["agency.id"], name=op.f("fk_agency_succession_successor_id_agency"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("predecessor_id", "successor_id", name=op.f("pk_agency_succession")),
    )
    op.add_column("plan", sa.Column("report_due_month", sa.SmallInteger(), nullable=True))
    op.add_column("plan", sa.Column("report_due_day", sa.SmallInteger(), nullable=True))
    op.add_column("plan", sa.Column("focal_agency_id", sa.Integer(), nullable=True))
    op.create_foreign_key(op.f("fk_plan_focal_agency_id_agency"), "plan", "agency", ["focal_agency_id"], ["id"])
    op.add_column("plan_action_agency", sa.Column("assigned_by", sa.String(200), nullable=True))
    op.add_column("indicator", sa.Column("rollup", sa.String(20), server_default="province_only", nullable=False))
    op.create_check_constraint(op.f("ck_indicator_rollup"), "indicator", ROLLUPS)
    op.add_column("indicator", sa.Column("responsible_agency_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_indicator_responsible_agency_id_agency"), "indicator", "agency", ["responsible_agency_id"], ["id"]
    )
    _indicator_value_history()
    _submission()


def _indicator_value_history() -> None:
    op.drop_constraint(op.f("uq_indicator_value_indicator_id_unit_id_period"), "indicator_value", type_="unique")
    for name, column in (
        ("method", sa.Text()),
        ("evidence", sa.Text()),
        ("reason", sa.Text()),
        ("account_id", sa.Integer()),
        ("supersedes_id", sa.Integer()),
    ):
        op.add_column("indicator_value", sa.Column(name, column, nullable=True))
    op.add_column(
        "indicator_value", sa.Column("entered_by", sa.String(200), server_default="sample data", nullable=False)
    )
    op.add_column(
        "indicator_value",
        sa.Column("entered_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    )
    op.create_foreign_key(
        op.f("fk_indicator_value_account_id_account"), "indicator_value", "account", ["account_id"], ["id"]
    )
    op.create_foreign_key(
        op.f("fk_indicator_value_supersedes_id_indicator_value"),
        "indicator_value",
        "indicator_value",
        ["supersedes_id"],
        ["id"],
    )
    op.create_unique_constraint(op.f("uq_indicator_value_supersedes_id"), "indicator_value", ["supersedes_id"])
    op.create_check_constraint(
        op.f("ck_indicator_value_correction_reason"), "indicator_value", "supersedes_id IS NULL OR reason IS NOT NULL"
    )
    op.create_index(
        "uq_indicator_value_first",
        "indicator_value",
        ["indicator_id", sa.text("COALESCE(unit_id, 0)"), "period"],
        unique=True,
        postgresql_where=sa.text("supersedes_id IS NULL"),
    )


def _submission() -> None:
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_action_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("obstacles", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.Column("project_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("value_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(STATUSES, name=op.f("ck_submission_status")),
        sa.CheckConstraint("version = 1 OR reason IS NOT NULL", name=op.f("ck_submission_correction_reason")),
        sa.ForeignKeyConstraint(
            ["plan_action_id"],
            ["plan_action.id"],
            name=op.f("fk_submission_plan_action_id_plan_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_submission_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
        sa.UniqueConstraint(
            "plan_action_id",
            "agency_id",
            "year",
            "version",
            name=op.f("uq_submission_plan_action_id_agency_id_year_version"),
        ),
    )


def downgrade() -> None:
    op.drop_table("submission")
    op.drop_index("uq_indicator_value_first", table_name="indicator_value")
    op.execute("DELETE FROM indicator_value WHERE supersedes_id IS NOT NULL")
    for name in ("method", "evidence", "reason", "account_id", "supersedes_id", "entered_by", "entered_at"):
        op.drop_column("indicator_value", name)
    op.create_unique_constraint(
        op.f("uq_indicator_value_indicator_id_unit_id_period"), "indicator_value", ["indicator_id", "unit_id", "period"]
    )
    for name in ("rollup", "responsible_agency_id"):
        op.drop_column("indicator", name)
    op.drop_column("plan_action_agency", "assigned_by")
    for name in ("report_due_month", "report_due_day", "focal_agency_id"):
        op.drop_column("plan", name)
    op.drop_table("agency_succession")
    for name in ("valid_from", "valid_to"):
        op.drop_column("agency", name)
