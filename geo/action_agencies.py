"""Lead and partner agencies of plan actions, as the plan's data name them or as the focal agency assigns them, each
for the reporting years it holds (geo.models.PlanActionAgency): an assignment holds from a year on, and the years
before keep the agencies that owed their reports."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.orm import Session

from geo import audit
from geo.accounts import known_as
from geo.agencies import duty_holder
from geo.models import Account, Agency, PlanAction, PlanActionAgency, assignment_holds_in_year
from geo.submissions import SubmissionRefused, due_date, find_plan, is_focal

_ACTIONS = f"""
SELECT pa.code, pa.title_vi, pa.title_en, parent.code AS parent,
       COALESCE(json_agg(json_build_object('id', a.id, 'role', paa.role, 'code', a.code, 'name_vi', a.name_vi,
                'name_en', a.name_en, 'assigned_by', paa.assigned_by) ORDER BY paa.role, a.code)
                FILTER (WHERE a.id IS NOT NULL), '[]') AS agencies
FROM plan_action pa JOIN plan pl ON pl.id = pa.plan_id AND pl.code = :plan
LEFT JOIN plan_action parent ON parent.id = pa.parent_id
LEFT JOIN plan_action_agency paa ON paa.plan_action_id = pa.id AND {assignment_holds_in_year("paa")}
LEFT JOIN agency a ON a.id = paa.agency_id
GROUP BY pa.id, parent.code ORDER BY pa.id
"""


def action_agencies(session: Session, plan_code: str, year: int) -> list[dict[str, Any]]:
    """Every action of the plan with its lead and partner agencies in the reporting year ``year``, each with the
    agency that holds its duties that year (``held_by``, when another: a Trà Vinh department merged away in 2025)."""
    due = due_date(find_plan(session, plan_code), year)
    actions = [dict(row) for row in session.execute(text(_ACTIONS), {"plan": plan_code, "year": year}).mappings()]
    named = {agency["id"]: agency["code"] for action in actions for agency in action["agencies"]}
    # once per agency: one leads or partners many actions (TV.SBN a dozen)
    holders = {agency_id: duty_holder(session, agency_id, due).code for agency_id in named}
    for action in actions:
        for agency in action["agencies"]:
            held_by = holders[agency.pop("id")]
            agency["held_by"] = held_by if held_by != agency["code"] else None
    return actions


def assign(
    session: Session,
    account: Account,
    plan_code: str,
    action_code: str,
    lead: list[str],
    partners: list[str],
    from_year: int,
    was: tuple[list[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Set the lead and partner agencies of one action from the reporting year ``from_year`` on (admin, or the plan's
    focal agency today): the assignments of later years go, the one holding before ends the year before, earlier
    years keep theirs. Agencies merged away may be named (the plan's own lead, for its earlier years): duties pass to
    their successors (geo.agencies).

    ``was``, the lead and partners of ``from_year`` as the assigner read them, refuses (409) an assignment changed
    since: two focal officers each saved a row of the page, and the later one silently undid the other's partner."""
    plan = find_plan(session, plan_code)
    if not is_focal(session, account, plan):
        raise SubmissionRefused(
            403,
            "only the plan's focal agency (or an admin) assigns agencies to actions",
            "Chỉ cơ quan đầu mối của kế hoạch (hoặc quản trị viên) giao cơ quan chủ trì, phối hợp cho nhiệm vụ.",
        )
    action = session.scalar(
        select(PlanAction).where(PlanAction.plan_id == plan.id, PlanAction.code == action_code).with_for_update()
    )
    if action is None:
        raise SubmissionRefused(
            404,
            f"action: plan {plan.code} has no action {action_code!r}",
            f"Nhiệm vụ: kế hoạch {plan.code} không có nhiệm vụ {action_code!r}.",
        )
    if was is not None:
        _unchanged_since(session, action, was, from_year)
    if set(lead) & set(partners):
        raise SubmissionRefused(
            422,
            "an agency is either the lead or a partner of an action, not both",
            "Một cơ quan hoặc chủ trì hoặc phối hợp thực hiện một nhiệm vụ, không vừa là cả hai.",
        )
    codes = sorted(set(lead) | set(partners))
    agencies = {a.code: a for a in session.scalars(select(Agency).where(Agency.code.in_(codes)))}
    unknown = [code for code in codes if code not in agencies]
    if unknown:
        known = list(session.scalars(select(Agency.code)))
        close = [match for code in unknown for match in get_close_matches(code.upper(), known, n=1, cutoff=0.7)]
        meant = (f" (did you mean {', '.join(close)}?)", f" (có phải {', '.join(close)}?)") if close else ("", "")
        raise SubmissionRefused(
            422,
            f"unknown agency code(s) {', '.join(unknown)}{meant[0]}; write the codes as the agency list shows them",
            f"Không có cơ quan mã {', '.join(unknown)}{meant[1]}; hãy ghi mã như danh sách cơ quan ở đầu trang.",
        )
    of_action = PlanActionAgency.plan_action_id == action.id
    session.execute(delete(PlanActionAgency).where(of_action, PlanActionAgency.from_year >= from_year))
    still = or_(PlanActionAgency.to_year.is_(None), PlanActionAgency.to_year >= from_year)
    session.execute(update(PlanActionAgency).where(of_action, still).values(to_year=from_year - 1))
    for role, group in (("lead", lead), ("partner", partners)):
        for code in dict.fromkeys(group):
            session.add(
                PlanActionAgency(
                    plan_action_id=action.id,
                    agency_id=agencies[code].id,
                    role=role,
                    from_year=from_year,
                    assigned_by=account.username,
                )
            )
    session.flush()
    changes = {"plan": plan.code, "action": action.code, "lead": lead, "partners": partners, "from_year": from_year}
    audit.record(
        session, actor=account, action="assign_agencies", entity="plan_action", entity_id=action.id, changes=changes
    )
    return changes


def _unchanged_since(session: Session, action: PlanAction, was: tuple[list[str], list[str]], year: int) -> None:
    """Refuse (409) when the action's lead or partners in ``year`` are not ``was`` any more, naming who assigned
    them."""
    holding = (PlanActionAgency.plan_action_id == action.id, PlanActionAgency.holds_in(year))
    now = {
        role: sorted(
            session.scalars(
                select(Agency.code)
                .join(PlanActionAgency, PlanActionAgency.agency_id == Agency.id)
                .where(*holding, PlanActionAgency.role == role)
            )
        )
        for role in ("lead", "partner")
    }
    if (now["lead"], now["partner"]) == (sorted(set(was[0])), sorted(set(was[1]))):
        return
    by = session.scalar(select(PlanActionAgency.assigned_by).where(*holding).limit(1))
    lead, partners = ", ".join(now["lead"]) or "—", ", ".join(now["partner"]) or "—"
    who = known_as(session, by) if by else None
    raise SubmissionRefused(
        409,
        f"action {action.code}: its agencies were changed by {who or 'someone else'} after you read them (now lead "
        f"{lead}, partners {partners}); press Show to reload, then assign again",
        f"Nhiệm vụ {action.code}: cơ quan đã được {who or 'người khác'} giao lại sau khi bạn mở trang (nay chủ trì "
        f"{lead}, phối hợp {partners}); hãy bấm Xem để tải lại rồi giao lại.",
    )
