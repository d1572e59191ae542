"""project unit share

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-21 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_unit_share",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("measure", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "method IN ('length', 'area', 'point', 'nearest', 'province', 'crosswalk')",
            name=op.f("ck_project_unit_share_method"),
        ),
        sa.CheckConstraint("share > 0 AND share <= 1.000001", name=op.f("ck_project_unit_share_share")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_unit_share_project_id_project"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_project_unit_share_unit_id_admin_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "unit_id", name=op.f("pk_project_unit_share")),
    )
    op.create_index("ix_project_unit_share_unit_id", "project_unit_share", ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_project_unit_share_unit_id", table_name="project_unit_share")
    op.drop_table("project_unit_share")
