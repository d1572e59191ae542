"""agencies: who holds a duty on a day, as an SQL function

Revision ID: 0028
Revises: 0027

After the 2025 mergers a project's lead agency (Trà Vinh's department of industry, TV.SCT) no longer exists; its duty
is held by its successor (VL.SCT). The project pages, the map's agency filter, the exports and the progress map read
that successor, each in its own query: ``georeg_duty_holder(agency, day)`` is the one answer they and
geo.agencies.duty_holder share. It follows the successions in force that day, the certain first, then the latest,
successors of successors too, and says whether every step is certain.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""
    CREATE FUNCTION georeg_duty_holder(integer, date) RETURNS TABLE (agency_id integer, certain boolean)
    LANGUAGE sql STABLE AS $$
      WITH RECURSIVE chain (id, certain, seen, depth) AS (
        SELECT a.id, true, ARRAY[a.id], 0 FROM agency a WHERE a.id = $1
        UNION ALL
        SELECT step.successor_id, chain.certain AND step.certain, chain.seen || step.successor_id, chain.depth + 1
        FROM chain
        JOIN agency a ON a.id = chain.id AND a.valid_to < $2
        CROSS JOIN LATERAL (
          SELECT s.successor_id, s.certain FROM agency_succession s
          WHERE s.predecessor_id = a.id AND s.effective_on <= $2
          ORDER BY s.certain DESC, s.effective_on DESC LIMIT 1
        ) step
        WHERE step.successor_id <> ALL (chain.seen)
      )
      SELECT id, certain FROM chain ORDER BY depth DESC LIMIT 1
    $$
    """)


def downgrade() -> None:
    op.execute("DROP FUNCTION georeg_duty_holder(integer, date)")
