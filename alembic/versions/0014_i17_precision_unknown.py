"""projects: location precision "unknown", for sites loaded from files that do not say how precise they are

Revision ID: i17b
Revises: i17a
"""

from collections.abc import Sequence

from alembic import op

revision: str = "i17b"
down_revision: str | None = "i17a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("surveyed", "approximate", "commune", "district", "province")


def _check(codes: tuple[str, ...]) -> None:
    quoted = ", ".join(f"'{code}'" for code in codes)
    op.execute(
        "ALTER TABLE project DROP CONSTRAINT ck_project_location_precision, "
        f"ADD CONSTRAINT ck_project_location_precision CHECK (location_precision IN ({quoted}))"
    )


def upgrade() -> None:
    _check((*BEFORE, "unknown"))


def downgrade() -> None:
    op.execute("UPDATE project SET location_precision = 'approximate' WHERE location_precision = 'unknown'")
    _check(BEFORE)
