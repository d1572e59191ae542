"""Lead and partner agencies of plan actions, as the plan's data name them or as the focal agency assigns them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from geo import audit
from geo.models import Account, Agency, PlanAction, PlanActionAgency
from geo.submissions import SubmissionRefused, find_plan, is_focal

_ACTIONS = """
SELECT pa.code, pa.title_vi, pa.title_en, parent.code AS parent,
       COALESCE(json_agg(json_build_object('role', paa.role, 'code', a.code, 'name_vi', a.name_vi,
                'name_en', a.name_en, 'assigned_by', paa.assigned_by) ORDER BY paa.role, a.code)
                FILTER (WHERE a.id IS NOT NULL), '[]') AS agencies
FROM plan_action pa JOIN plan pl ON pl.id = pa.plan_id AND pl.code = :plan
LEFT JOIN plan_action parent ON parent.id = pa.parent_id
LEFT JOIN plan_action_agency paa ON paa.plan_action_id = pa.id LEFT JOIN agency a ON a.id = paa.agency_id
GROUP BY pa.id, parent.code ORDER BY pa.id
"""


def action_agencies(session: Session, plan_code: str) -> list[dict[str, Any]]:
    """Every action of the plan with its lead and partner agencies."""
    find_plan(session, plan_code)
    return [dict(row) for row in session.execute(text(_ACTIONS), {"plan": plan_code}).mappings()]


def assign(
    session: Session, account: Account, plan_code: str, action_code: str, lead: list[str], partners: list[str]
) -> dict[str, Any]:
    """Set the lead and partner agencies of one action (admin, or the plan's focal agency today). Agencies merged
    away may be named (the plan's own lead, for its earlier years): duties pass to their successors (geo.agencies)."""
    plan = find_plan(session, plan_code)
    if not is_focal(session, account, plan):
        raise SubmissionRefused(403, "only the plan's focal agency (or an admin) assigns agencies to actions")
    action = session.scalar(select(PlanAction).where(PlanAction.plan_id == plan.id, PlanAction.code == action_code))
    if action is None:
        raise SubmissionRefused(404, f"action: plan {plan.code} has no action {action_code!r}")
    if set(lead) & set(partners):
        raise SubmissionRefused(422, "an agency is either the lead or a partner of an action, not both")
    codes = sorted(set(lead) | set(partners))
    agencies = {a.code: a for a in session.scalars(select(Agency).where(Agency.code.in_(codes)))}
    unknown = [code for code in codes if code not in agencies]
    if unknown:
        raise SubmissionRefused(422, f"unknown agency code(s) {unknown}; list them at /api/agencies")
    session.execute(delete(PlanActionAgency).where(PlanActionAgency.plan_action_id == action.id))
    for role, group in (("lead", lead), ("partner", partners)):
        for code in dict.fromkeys(group):
            session.add(
                PlanActionAgency(
                    plan_action_id=action.id, agency_id=agencies[code].id, role=role, assigned_by=account.username
                )
            )
    session.flush()
    changes = {"plan": plan.code, "action": action.code, "lead": lead, "partners": partners}
    audit.record(
        session, actor=account, action="assign_agencies", entity="plan_action", entity_id=action.id, changes=changes
    )
    return changes
