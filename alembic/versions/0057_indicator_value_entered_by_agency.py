"""indicator_value.entered_by_agency_id: the agency the entering account belonged to when the value was entered

Revision ID: 0057
Revises: 0056

As status events' senders (0056): an administrator moving an officer's account to the successor of its agency made
the values the officer had entered name the successor as the agency that entered them (the indicator lists, the yearly
report, a refusal naming who entered a value; trial s73), read from the account as it is today. Each value now keeps the
agency, set as it is entered (geo.status_history.accounts_agency).

The values entered before are filled as 0056 fills the events: the agency the account was moved from by the first
change of its agency logged after the value was entered (the audit log of account updates), else the account's agency
today. The registry's values and the sample data's, entered by no account, keep none.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0057"
down_revision: str | None = "0056"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: 0056's FILL, of a value and the day it was entered (a migration stands alone: its SQL is written again, not
#: imported): the agency the account was moved from by its first change of agency after the value was entered, else
#: its own today. A move from no agency (an admin given one) leaves the value none.
FILL = """
UPDATE indicator_value v SET entered_by_agency_id = (
    SELECT CASE WHEN since.moved THEN (SELECT g.id FROM agency g WHERE g.code = since.code) ELSE a.agency_id END
    FROM account a
    LEFT JOIN LATERAL (
        SELECT true AS moved, l.changes -> 'agency' ->> 0 AS code FROM audit_log l
        WHERE l.entity = 'account' AND l.entity_id = a.id::text AND l.action = 'update' AND l.changes ? 'agency'
          AND l.at > v.entered_at
        ORDER BY l.at, l.id LIMIT 1
    ) since ON TRUE
    WHERE a.id = v.account_id
)
WHERE v.account_id IS NOT NULL
"""


def upgrade() -> None:
    op.add_column("indicator_value", sa.Column("entered_by_agency_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_indicator_value_entered_by_agency_id_agency"),
        "indicator_value",
        "agency",
        ["entered_by_agency_id"],
        ["id"],
    )
    op.execute(FILL)


def downgrade() -> None:
    op.drop_constraint(op.f("fk_indicator_value_entered_by_agency_id_agency"), "indicator_value", type_="foreignkey")
    op.drop_column("indicator_value", "entered_by_agency_id")
