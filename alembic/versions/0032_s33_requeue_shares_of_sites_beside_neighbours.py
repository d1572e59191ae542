"""shares: a site on a neighbouring province's land counts in no unit (geo.apportion); the sites recomputed

Revision ID: 0032
Revises: 0031

The rule changed in code, not in the schema: a site outside the registry's units went to the nearest unit within
10 km, as a work at sea does, even on the land of a neighbouring province (a trial's sites in former Cà Mau counted
in Bạc Liêu's districts); now only within 1 km of it. The projects with a share by the nearest unit are queued
(geo.share_queue) for the app's sweep or ``georeg project shares``. Downgrading leaves them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO project_share_queue (project_id) SELECT DISTINCT project_id FROM project_unit_share "
        "WHERE method = 'nearest' ON CONFLICT (project_id) DO NOTHING"
    )


def downgrade() -> None:
    """Nothing to undo: shares recomputed are shares."""
