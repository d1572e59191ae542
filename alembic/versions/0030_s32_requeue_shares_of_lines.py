"""shares: a line or strip mostly outside the units counts by its parts (geo.apportion); the sites recomputed

Revision ID: 0030
Revises: 0029

The rule changed in code, not in the schema: a line mostly outside the units of a level (a sea dyke drawn at the land
edge) was placed at one point, in one unit; it now counts by its parts in the units it runs past. The shares stored
under the former rule are queued (geo.share_queue), so that the app's sweep (at start and every 5 minutes) or
``georeg project shares`` recomputes them; until then /progress says it is recomputing. Downgrading leaves them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO project_share_queue (project_id) SELECT id FROM project "
        "WHERE geom IS NOT NULL AND ST_Dimension(geom) > 0 ON CONFLICT (project_id) DO NOTHING"
    )


def downgrade() -> None:
    """Nothing to undo: shares recomputed are shares."""
