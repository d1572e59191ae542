"""shares: a project placed at its district's centre goes to no commune holding a sliver of the district; recomputed

Revision ID: 0052
Revises: 0051

The rule changed in code, not in the schema (geo.apportion.PLACED_MIN_SHARE): a project placed at its district's
centre was spread over every 2025 commune the crosswalk links to its district, one holding 0.4 % of it too (trial
69: the Phước Long – Hồng Dân waste site listed under Phường Giá Rai); now over those holding at least 2 % of it. The
projects with shares through the crosswalk are queued (geo.share_queue) for the app's sweep or ``georeg project
shares``. Downgrading leaves them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0052"
down_revision: str | None = "0051"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO project_share_queue (project_id) SELECT DISTINCT project_id FROM project_unit_share "
        "WHERE method = 'crosswalk' ON CONFLICT (project_id) DO NOTHING"
    )


def downgrade() -> None:
    """Nothing to undo: shares recomputed are shares."""
