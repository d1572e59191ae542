"""an indicator value withdrawn: a history entry that takes back what the registry computed

Revision ID: 0044
Revises: 0043

``georeg forest remove`` took the last forest raster of a year away, and the plans' forest-cover value computed from
it stayed current, shown on /monitoring and in the yearly report as if nothing had happened (session 62). An
indicator's history is append-only, so a withdrawal is a new entry: it supersedes the value withdrawn, with its
reason, holds no value of its own, and names the value it makes current again (``restores_id``: the one entered by
hand before the raster's), or none (the period then holds no value).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITHDRAWAL = (
    "(value IS NULL) = is_withdrawal AND (restores_id IS NULL OR is_withdrawal) "
    "AND (NOT is_withdrawal OR supersedes_id IS NOT NULL)"
)


def upgrade() -> None:
    op.add_column(
        "indicator_value", sa.Column("is_withdrawal", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("indicator_value", sa.Column("restores_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_indicator_value_restores_id_indicator_value"), "indicator_value", "indicator_value",
        ["restores_id"], ["id"],
    )  # fmt: skip
    op.alter_column("indicator_value", "value", existing_type=sa.Float(), nullable=True)
    op.create_check_constraint(op.f("ck_indicator_value_withdrawal"), "indicator_value", WITHDRAWAL)


def downgrade() -> None:
    # a withdrawal holds no value, which the schema before could not hold: each goes, a value entered after one
    # correcting what it withdrew (the one-correction-per-value rule lifted while the two point at the same)
    op.drop_constraint(op.f("ck_indicator_value_withdrawal"), "indicator_value", type_="check")
    op.drop_constraint(op.f("uq_indicator_value_supersedes_id"), "indicator_value", type_="unique")
    op.execute(
        "UPDATE indicator_value v SET supersedes_id = w.supersedes_id FROM indicator_value w "
        "WHERE v.supersedes_id = w.id AND w.is_withdrawal"
    )
    op.execute("DELETE FROM indicator_value WHERE is_withdrawal")
    op.create_unique_constraint(op.f("uq_indicator_value_supersedes_id"), "indicator_value", ["supersedes_id"])
    op.alter_column("indicator_value", "value", existing_type=sa.Float(), nullable=False)
    op.drop_constraint(op.f("fk_indicator_value_restores_id_indicator_value"), "indicator_value", type_="foreignkey")
    op.drop_column("indicator_value", "restores_id")
    op.drop_column("indicator_value", "is_withdrawal")
