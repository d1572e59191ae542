"""status_event.reporter_agency_id: the agency the reporter's account belonged to when the report was recorded

Revision ID: 0056
Revises: 0055

An administrator moved an officer's account from BL.CCTL (ended 30/06/2025) to its successor CM.SNNMT: his earlier
reports lost their "account of BL.CCTL" and /api/status-reports named CM.SNNMT as their sender's agency (trial s73),
read from the account as it is today. Each event now keeps the agency, set by the writers as it is recorded
(geo.status_history.accounts_agency).

The events recorded before are filled with the best the data has: the agency the account was moved from by the first
change of its agency logged after the report (the audit log of account updates, as /status-reports and a status
sheet's step back have read it since session 71), else the account's agency today. An account moved without a logged
change (by SQL, or before account changes were logged) names its agency today on its earlier reports, as before. A
load's events, which no account sent, keep none.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0056"
down_revision: str | None = "0055"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Each officer's report's agency as the audit log of account changes tells it (the former geo.agencies
#: REPORTERS_AGENCY's): the agency the account was moved from by its first change of agency after the report, else
#: its own today. A move from no agency leaves the report none.
FILL = """
UPDATE status_event e SET reporter_agency_id = (
    SELECT CASE WHEN since.moved THEN (SELECT g.id FROM agency g WHERE g.code = since.code) ELSE a.agency_id END
    FROM account a
    LEFT JOIN LATERAL (
        SELECT true AS moved, l.changes -> 'agency' ->> 0 AS code FROM audit_log l
        WHERE l.entity = 'account' AND l.entity_id = a.id::text AND l.action = 'update' AND l.changes ? 'agency'
          AND l.at > e.recorded_at
        ORDER BY l.at, l.id LIMIT 1
    ) since ON TRUE
    WHERE a.id = e.reporter_account_id
)
WHERE e.reporter_account_id IS NOT NULL
"""


def upgrade() -> None:
    op.add_column("status_event", sa.Column("reporter_agency_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_status_event_reporter_agency_id_agency"), "status_event", "agency", ["reporter_agency_id"], ["id"]
    )
    # the history's append-only trigger (0006) stands aside for this fill alone: it adds what the registry knew of each
    # report and changes nothing a report said
    op.execute("ALTER TABLE status_event DISABLE TRIGGER status_event_append_only")
    op.execute(FILL)
    op.execute("ALTER TABLE status_event ENABLE TRIGGER status_event_append_only")


def downgrade() -> None:
    op.drop_constraint(op.f("fk_status_event_reporter_agency_id_agency"), "status_event", type_="foreignkey")
    op.drop_column("status_event", "reporter_agency_id")
