"""monitoring: evidence files of indicator values

Revision ID: i12b
Revises: i12a
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "i12b"
down_revision: str | None = "i12a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(120), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["value_id"], ["indicator_value.id"], name=op.f("fk_indicator_evidence_value_id_indicator_value")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_evidence")),
    )
    op.create_index(op.f("ix_indicator_evidence_value_id"), "indicator_evidence", ["value_id"])


def downgrade() -> None:
    op.drop_table("indicator_evidence")
