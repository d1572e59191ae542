"""projects: the planner's statistics of ST_Dimension(geom), for the one-type OGC collections

Revision ID: 0033
Revises: 0032

``projects_points``, ``projects_lines`` and ``projects_polygons`` (layers.collections) keep the projects with
``ST_Dimension(geom) = 0``, 1 or 2. Without statistics on that expression PostgreSQL guesses it keeps 0.5 % of the
rows (a trial's bbox: 35 points expected, 6,236 found), and plans for a handful: it joins each project to its
agency's holder of duties one by one and sorts every match, where for ``projects`` it walks the ids and stops at
the page (0.56 s against 0.01 s). Extended statistics on the expression (PostgreSQL 14) give it the true shares;
no index: nothing reads the projects by their dimension alone. ANALYZE fills them at once for a registry already
loaded (autovacuum keeps them up to date afterwards).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE STATISTICS st_project_dimension ON (ST_Dimension(geom)) FROM project")
    op.execute("ANALYZE project")


def downgrade() -> None:
    op.execute("DROP STATISTICS st_project_dimension")
