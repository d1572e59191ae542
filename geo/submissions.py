"""Yearly submissions: each lead agency reports on each of its plan actions, the focal agency reviews.

    draft ──submit──> submitted ──accept──> accepted ──lock──> locked
      ^                  │
      └────return────────┘  (returned, with the reviewer's comment; edited and submitted again)

Who: the *lead* of an action writes and submits; the lead is the agency the plan's data (or an assignment) names
for the action or, failing that, for its task group, carried forward to its successor in force on the year's due
day (geo.agencies) — so an agency merged away cannot submit for a year after its merger, while its earlier
submissions stay under its name. The plan's *focal* agency as it stands today (its successor) returns, accepts
and locks; an admin may do both; never the account that sent the report (``submitted_by``): someone else reviews
it. An accepted or locked submission is never edited: a correction is a new version, a draft again, with a reason.
The due day is the plan's (``report_due_day/month``); a plan without one has no lateness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from geo import audit
from geo.accounts import known_as
from geo.agencies import duty_holder, duty_holders
from geo.indicator_values import ValueRefused, indicators_held
from geo.models import (
    Account,
    Agency,
    AuditLogEntry,
    IndicatorValue,
    Plan,
    PlanAction,
    Project,
    Submission,
    assignment_holds_in_year,
)
from geo.said import Said
from geo.vi_format import local_moment
from geo.vietnam_day import vietnam_today
from geo.vocab import SUBMISSION_STATUSES, labels

EDITABLE = ("draft", "returned")
FIELDS = ("results", "obstacles", "proposals", "project_ids", "value_ids")

# Lead agencies of each action of a plan in a reporting year: its own, else its task group's (as the yearly report
# routes them).
_LEADS = f"""
WITH lead AS (
    SELECT plan_action_id, agency_id FROM plan_action_agency
    WHERE role = 'lead' AND {assignment_holds_in_year("plan_action_agency")}
)
SELECT pa.id AS action_id, pa.code AS action, pa.title_vi, pa.title_en, l.agency_id
FROM plan_action pa JOIN plan pl ON pl.id = pa.plan_id AND pl.code = :plan
JOIN LATERAL (
    SELECT agency_id FROM lead WHERE plan_action_id = pa.id
    UNION ALL
    SELECT agency_id FROM lead WHERE plan_action_id = pa.parent_id
      AND NOT EXISTS (SELECT 1 FROM lead own WHERE own.plan_action_id = pa.id)
) l ON TRUE
"""


#: What is said when no plan is loaded at all (trial 72: "unknown plan ''; expected one of []", in English alone).
NO_PLAN = Said(
    "chưa nạp kế hoạch nào; quản trị viên nạp các kế hoạch bằng lệnh `georeg load-sample`",
    "no plan is loaded yet; an administrator loads the plans with `georeg load-sample`",
)


class SubmissionRefused(ValueRefused):
    """A submission step that may not be taken; ``status`` is the HTTP status (403, 404, 409, 422)."""


@dataclass(frozen=True)
class Duty:
    """One submission owed: a plan action, a year and the agency that owes it (with how sure the succession is)."""

    action_id: int
    action: str
    title_vi: str
    title_en: str
    agency_id: int
    agency: str
    agency_name_vi: str
    agency_name_en: str
    certain: bool


def action_order(code: str | None) -> tuple:
    """Sort key of a plan action code in reading order, whatever its form ("2.10" after "2.9", "P10" after "P6";
    Trà Vinh's codes are letters and numbers, Bạc Liêu's dotted numbers); actions without a code last."""
    if code is None:
        return (1, [])
    return (0, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)])


def due_date(plan: Plan, year: int) -> date:
    """The day the year's submissions are due: the plan's day, or 31 December when it names none."""
    if plan.report_due_month and plan.report_due_day:
        return date(year, plan.report_due_month, plan.report_due_day)
    return date(year, 12, 31)


#: How long before a year's due day its reports are being written: from then on the page opens on that year.
REPORTING_SEASON_DAYS = 60


def reporting_year(plan: Plan, today: date) -> int:
    """The year whose reports an agency is writing or owes: this year once its due day is less than
    :data:`REPORTING_SEASON_DAYS` away or past (plan 148 is due on 14 November of the year itself), else last year."""
    return today.year if (due_date(plan, today.year) - today).days <= REPORTING_SEASON_DAYS else today.year - 1


def reporting_years(session: Session, today: date) -> dict[str, tuple[int, str | None]]:
    """Each plan's :func:`reporting_year` and province, by its code."""
    plans = session.scalars(select(Plan).order_by(Plan.code))
    return {plan.code: (reporting_year(plan, today), plan.province_code) for plan in plans}


def find_plan(session: Session, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        known = sorted(session.scalars(select(Plan.code)))
        if not known:  # a registry of units alone (load-sample --only units), or a province's before its plan
            raise SubmissionRefused(404, f"plan: {NO_PLAN.en}", f"plan: {NO_PLAN.vi}")
        raise SubmissionRefused(
            422,
            f"plan: unknown plan {code!r}; expected one of {known}",
            f"plan: không có kế hoạch {code!r}; phải là một trong {known}",
        )
    return plan


def duties(session: Session, plan: Plan, year: int) -> list[Duty]:
    """Every submission owed for ``plan`` and ``year``: one per action and agency holding the lead on the due day."""
    leads = session.execute(text(_LEADS), {"plan": plan.code, "year": year}).mappings().all()
    holders, found = duty_holders(session, {row["agency_id"] for row in leads}, due_date(plan, year)), {}
    for row in leads:
        holder = holders[row["agency_id"]]
        found[(row["action_id"], holder.agency_id)] = Duty(
            row["action_id"],
            row["action"],
            row["title_vi"],
            row["title_en"],
            holder.agency_id,
            holder.code,
            holder.name_vi,
            holder.name_en,
            holder.certain,
        )
    return list(found.values())


def actions_led(session: Session, today: date) -> dict[str, list[str]]:
    """The plan actions whose yearly report each agency (by code) writes for the year being reported (it leads them on
    the due day, as :func:`duties` finds them), as "148/QĐ-UBND 1.1": the work of an agency with no project of its own,
    whose editor was told to be given units and kinds (session 66)."""
    led: dict[str, list[str]] = {}
    for plan in session.scalars(select(Plan).order_by(Plan.code)):
        for duty in duties(session, plan, reporting_year(plan, today)):
            led.setdefault(duty.agency, []).append(f"{plan.code} {duty.action}")
    return led


def agencies_owing(session: Session, plan: Plan, year: int) -> list[dict[str, Any]]:
    """The agencies that owe ``plan`` something for ``year``, by code: yearly reports (the leads of its actions on the
    due day, :func:`duties`) and indicator values (the responsible agencies on 31 December), with how many of each.
    What /monitoring offers to choose: a trial's page kept Vĩnh Long's agency on Bạc Liêu's plan, "no report owed"."""
    owing: dict[str, dict[str, Any]] = {}

    def entry(code: str, name_vi: str, name_en: str) -> dict[str, Any]:
        blank = {"agency": code, "name_vi": name_vi, "name_en": name_en, "reports": 0, "indicators": 0}
        return owing.setdefault(code, blank)

    for duty in duties(session, plan, year):
        entry(duty.agency, duty.agency_name_vi, duty.agency_name_en)["reports"] += 1
    for _, holder in indicators_held(session, plan, year):
        entry(holder.code, holder.name_vi, holder.name_en)["indicators"] += 1
    return [owing[code] for code in sorted(owing)]


def is_focal(session: Session, account: Account, plan: Plan, on: date | None = None) -> bool:
    """An admin, or an editor of the agency that holds the plan's focal role on ``on`` (today)."""
    if account.role == "admin":
        return True
    if account.role != "editor" or account.agency_id is None or plan.focal_agency_id is None:
        return False
    return duty_holder(session, plan.focal_agency_id, on or vietnam_today()).agency_id == account.agency_id


def latest(session: Session, action_id: int, agency_id: int, year: int) -> Submission | None:
    return session.scalar(
        select(Submission)
        .where(Submission.plan_action_id == action_id, Submission.agency_id == agency_id, Submission.year == year)
        .order_by(Submission.version.desc())
        .limit(1)
        .with_for_update()
    )


def start(
    session: Session,
    account: Account,
    plan_code: str,
    action_code: str,
    year: int,
    content: dict[str, Any],
    reason: str | None = None,
    agency_code: str | None = None,
) -> Submission:
    """A new draft (version 1, or the next version correcting an accepted one, with ``reason``)."""
    if year > vietnam_today().year:
        raise SubmissionRefused(
            422,
            f"year: {year} has not come yet; submissions are for years up to {vietnam_today().year}",
            f"Năm {year} chưa đến; chỉ báo cáo cho các năm đến {vietnam_today().year}.",
        )
    plan = find_plan(session, plan_code)
    action = session.scalar(select(PlanAction).where(PlanAction.plan_id == plan.id, PlanAction.code == action_code))
    if action is None:
        raise SubmissionRefused(
            404,
            f"action: plan {plan.code} has no action {action_code!r}",
            f"Kế hoạch {plan.code} không có nhiệm vụ {action_code!r}.",
        )
    duty = _duty_of(session, account, plan, action, year, agency_code)
    current = latest(session, action.id, duty.agency_id, year)
    if current is not None and current.status not in ("accepted", "locked"):
        sent = current.status == "submitted"
        raise SubmissionRefused(
            409,
            f"{_called(session, current, 'en')} is {_status(current, 'en')} (no. {current.id}): "
            + ("wait for the focal agency's review." if sent else "open it and edit it instead of starting another."),
            f"{_called(session, current, 'vi')} đang ở tình trạng “{_status(current, 'vi')}” (số {current.id}): "
            + ("chờ cơ quan đầu mối xem xét." if sent else "hãy mở và sửa báo cáo đó thay vì lập báo cáo mới."),
        )
    if current is not None and not (reason or "").strip():
        raise SubmissionRefused(
            422,
            "reason: an accepted submission is corrected by a new version; say why",
            "Lý do sửa đổi: báo cáo đã tiếp nhận được sửa bằng một lần báo cáo mới; hãy nêu lý do.",
        )
    row = Submission(
        plan_action_id=action.id,
        agency_id=duty.agency_id,
        year=year,
        version=current.version + 1 if current else 1,
        status="draft",
        reason=reason.strip() if current and reason else None,
        created_by=account.username,
        **_content(session, content),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor=account, action="start", entity="submission", entity_id=row.id, changes=content)
    return row


def edit(
    session: Session, account: Account, submission_id: int, content: dict[str, Any], read_at: datetime | None = None
) -> Submission:
    """Write ``content`` into a draft or a returned submission; ``read_at``, the submission's ``updated_at`` as the
    editor read it, refuses the edit if someone changed it since (:func:`_unchanged_since`)."""
    row = _own(session, account, submission_id)
    _unchanged_since(session, row, read_at)
    if row.status not in EDITABLE:
        raise SubmissionRefused(
            409,
            f"{_called(session, row, 'en')} is {_status(row, 'en')}: only a draft or a returned report can be edited.",
            f"{_called(session, row, 'vi')} đang ở tình trạng “{_status(row, 'vi')}”, không còn là dự thảo hay báo cáo "
            "bị trả lại nên không sửa được.",
        )
    for key, value in _content(session, content).items():
        setattr(row, key, value)
    row.updated_at = func.now()
    audit.record(session, actor=account, action="edit", entity="submission", entity_id=row.id, changes=content)
    return row


def submit(session: Session, account: Account, submission_id: int, read_at: datetime | None = None) -> Submission:
    """Send a draft or a returned submission, as it was read at ``read_at`` (its ``updated_at``) when given."""
    row = _own(session, account, submission_id)
    _unchanged_since(session, row, read_at)
    if row.status not in EDITABLE:
        raise SubmissionRefused(
            409,
            f"{_called(session, row, 'en')} is {_status(row, 'en')}: only a draft or a returned report can be sent.",
            f"{_called(session, row, 'vi')} đang ở tình trạng “{_status(row, 'vi')}”, không còn là dự thảo hay báo cáo "
            "bị trả lại nên không gửi được.",
        )
    if not row.results.strip():
        raise SubmissionRefused(
            422,
            "results: write what was carried out before submitting",
            "Kết quả thực hiện: hãy ghi những việc đã làm trước khi gửi.",
        )
    sent_at = row.submitted_at or datetime.now(UTC)
    return _move(session, account, row, "submitted", submitted_at=sent_at, submitted_by=account.username)


def review(session: Session, account: Account, submission_id: int, step: str, comment: str | None) -> Submission:
    """The focal agency's step: ``return`` (a comment is required), ``accept`` or ``lock``."""
    row = _get(session, submission_id)
    plan = session.get(Plan, session.get(PlanAction, row.plan_action_id).plan_id)
    if not is_focal(session, account, plan):
        raise SubmissionRefused(
            403,
            "only the plan's focal agency (or an admin) reviews submissions",
            "Chỉ cơ quan đầu mối của kế hoạch (hoặc quản trị viên) xem xét báo cáo.",
        )
    expected = {"return": "submitted", "accept": "submitted", "lock": "accepted"}[step]
    if row.status != expected:
        # who moved it, and when: "someone may have just dealt with it" left two reviewers asking each other
        who = _last_changed_by(session, row)
        raise SubmissionRefused(
            409,
            f"{_called(session, row, 'en')} is {_status(row, 'en')} (by {who or 'someone else'} at "
            f"{local_moment(row.updated_at, 'en')}), so it cannot be {STEP_DONE_EN[step]}: press Show to see it as it "
            "is now.",
            f"{_called(session, row, 'vi')} đang ở tình trạng “{_status(row, 'vi')}” (do {who or 'người khác'} lúc "
            f"{local_moment(row.updated_at, 'vi')}), không làm được bước này: hãy bấm Xem để thấy báo cáo như hiện "
            "nay.",
        )
    if step in ("return", "accept") and row.submitted_by == account.username:
        _refuse_the_sender(session, row, plan)
    if step == "return" and not (comment or "").strip():
        raise SubmissionRefused(
            422,
            "comment: say what to add or change when returning a submission",
            "Nhận xét: hãy ghi cần bổ sung, sửa gì khi trả lại báo cáo.",
        )
    target = {"return": "returned", "accept": "accepted", "lock": "locked"}[step]
    extra = {"accepted_at": datetime.now(UTC)} if step == "accept" else {}
    # A return's comment stands while the submission is returned; accepting it clears it (the history keeps it).
    kept = row.review_comment if step == "lock" else None
    return _move(session, account, row, target, review_comment=comment or kept, **extra)


def _refuse_the_sender(session: Session, row: Submission, plan: Plan) -> None:
    """403 for the account that sent the report, naming who reviews it: a second pair of eyes is the point, as for
    the field reports flagged to check (geo.report_reviews); a trial's focal editor wrote, sent and accepted his own."""
    focal = duty_holder(session, plan.focal_agency_id, vietnam_today()) if plan.focal_agency_id else None
    vi_who = f"một tài khoản khác của {focal.name_vi} ({focal.code})" if focal else "một tài khoản khác"
    en_who = f"another account of {focal.name_en} ({focal.code})" if focal else "another account"
    en, vi = (_called(session, row, lang) for lang in ("en", "vi"))
    raise SubmissionRefused(
        403,
        f"You sent {en[0].lower()}{en[1:]}: someone else reviews it — {en_who}, the plan's focal department, or an "
        "admin.",
        f"Bạn là người gửi {vi[0].lower()}{vi[1:]}: người khác xem xét báo cáo này — {vi_who}, cơ quan đầu mối của "
        "kế hoạch, hoặc quản trị viên.",
    )


def _move(session: Session, account: Account, row: Submission, status: str, **values: Any) -> Submission:
    audit.record(
        session,
        actor=account,
        action=status,
        entity="submission",
        entity_id=row.id,
        changes={"from": row.status, "to": status, "comment": values.get("review_comment")},
    )
    row.status = status
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = func.now()
    session.flush()
    return row


#: What a review step does to a report, as a refusal says it cannot be done ("… so it cannot be accepted").
STEP_DONE_EN = {"return": "returned", "accept": "accepted", "lock": "locked"}


def _called(session: Session, row: Submission, lang: str) -> str:
    """A submission as its agency knows it: the report on its action for its year."""
    action = session.get(PlanAction, row.plan_action_id).code
    return (
        f"Báo cáo về nhiệm vụ {action} năm {row.year}"
        if lang == "vi"
        else f"The report on action {action} for {row.year}"
    )


def _status(row: Submission, lang: str) -> str:
    """The submission's status in words that follow "is" ("is a draft", "is submitted")."""
    if lang == "en" and row.status == "draft":
        return "a draft"
    return labels(SUBMISSION_STATUSES, lang)[row.status].lower()


def _unchanged_since(session: Session, row: Submission, read_at: datetime | None) -> None:
    """Refuse (409) a step on a submission changed since its editor read it (``read_at``, its ``updated_at`` then):
    two staff of an agency on one report each saved, and the later send silently wrote back the other's text as it
    was before their edit. The row is locked (``_get``), so two steps cannot both pass this check."""
    if read_at is None or row.updated_at == read_at:
        return
    who = _last_changed_by(session, row)
    raise SubmissionRefused(
        409,
        f"{_called(session, row, 'en')} (no. {row.id}) was changed by {who or 'someone else'} at "
        f"{local_moment(row.updated_at, 'en')}, after you opened it; read their version, then make your change again",
        f"{_called(session, row, 'vi')} đã được {who or 'người khác'} sửa lúc {local_moment(row.updated_at, 'vi')}, "
        "sau khi bạn mở nó: hãy đọc bản họ vừa lưu rồi sửa lại phần của bạn.",
    )


def _last_changed_by(session: Session, row: Submission) -> str | None:
    """The name of whoever took the submission's last step, as the audit log recorded it."""
    last = session.scalar(
        select(AuditLogEntry.actor)
        .where(AuditLogEntry.entity == "submission", AuditLogEntry.entity_id == str(row.id))
        .order_by(AuditLogEntry.id.desc())
        .limit(1)
    )
    return known_as(session, last) if last else None


def _duty_of(
    session: Session, account: Account, plan: Plan, action: PlanAction, year: int, agency_code: str | None
) -> Duty:
    owed = [d for d in duties(session, plan, year) if d.action_id == action.id]
    if not owed:
        raise SubmissionRefused(
            422,
            f"action {action.code} has no lead agency yet; the focal agency assigns one",
            f"Nhiệm vụ {action.code} chưa có cơ quan chủ trì; cơ quan đầu mối phân công.",
        )
    if account.role == "admin" and agency_code:
        mine = [d for d in owed if d.agency == agency_code]
    else:
        mine = [d for d in owed if account.role == "editor" and d.agency_id == account.agency_id]
    if not mine:
        leads = ", ".join(f"{d.agency} ({d.agency_name_vi})" for d in owed)
        raise SubmissionRefused(
            403,
            f"action {action.code} in {year} is reported by {leads}, not by your agency",
            f"Nhiệm vụ {action.code} năm {year} do {leads} báo cáo, không phải cơ quan của bạn.",
        )
    return mine[0]


def _own(session: Session, account: Account, submission_id: int) -> Submission:
    row = _get(session, submission_id)
    if account.role != "admin" and (account.role != "editor" or account.agency_id != row.agency_id):
        raise SubmissionRefused(
            403,
            f"{_called(session, row, 'en')} (no. {row.id}) belongs to another agency.",
            f"{_called(session, row, 'vi')} (số {row.id}) thuộc cơ quan khác.",
        )
    plan = session.get(Plan, session.get(PlanAction, row.plan_action_id).plan_id)
    holders = {d.agency_id for d in duties(session, plan, row.year) if d.action_id == row.plan_action_id}
    if row.agency_id not in holders:
        raise SubmissionRefused(
            403,
            f"your agency no longer reports on this action for {row.year} (merged)",
            f"Cơ quan của bạn không còn báo cáo nhiệm vụ này cho năm {row.year} (đã sáp nhập).",
        )
    return row


def _get(session: Session, submission_id: int) -> Submission:
    row = session.get(Submission, submission_id, with_for_update=True)
    if row is None:
        raise SubmissionRefused(
            404, f"no submission with id {submission_id}", f"không có báo cáo nộp nào số {submission_id}"
        )
    return row


def _content(session: Session, content: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in content.items() if k in FIELDS and v is not None}
    for key, model in (("project_ids", Project), ("value_ids", IndicatorValue)):
        ids = sorted(set(values.get(key) or []))
        found = set(session.scalars(select(model.id).where(model.id.in_(ids)))) if ids else set()
        if set(ids) - found:
            raise SubmissionRefused(422, f"{key}: no such id(s) {sorted(set(ids) - found)}")
        if key in values:
            values[key] = ids
    return values


def submission_dict(session: Session, row: Submission) -> dict[str, Any]:
    action = session.get(PlanAction, row.plan_action_id)
    agency = session.get(Agency, row.agency_id)
    keys = (
        "id",
        "year",
        "version",
        "status",
        "results",
        "obstacles",
        "proposals",
        "project_ids",
        "value_ids",
        "reason",
        "review_comment",
        "created_by",
        "created_at",
        "submitted_at",
        "submitted_by",
        "accepted_at",
        "updated_at",
    )
    return {k: getattr(row, k) for k in keys} | {
        "written_by": known_as(session, row.created_by) if row.created_by else None,
        "action": action.code,
        "action_title": action.title_vi,
        "agency": agency.code,
        "agency_name": agency.name_vi,
    }


def plan_submissions(session: Session, plan: Plan, year: int) -> list[Submission]:
    """Every version of every submission on the plan's actions for ``year``."""
    return list(
        session.scalars(
            select(Submission)
            .join(PlanAction, PlanAction.id == Submission.plan_action_id)
            .where(PlanAction.plan_id == plan.id, Submission.year == year)
            .order_by(Submission.plan_action_id, Submission.agency_id, Submission.version)
        )
    )


def submission_history(session: Session, submission_id: int) -> list[dict[str, Any]]:
    """Every step of a submission as the audit log recorded it: who, when, from and to which state, comment."""
    _get(session, submission_id)
    rows = session.scalars(
        select(AuditLogEntry)
        .where(AuditLogEntry.entity == "submission", AuditLogEntry.entity_id == str(submission_id))
        .order_by(AuditLogEntry.at, AuditLogEntry.id)
    )
    return [{"at": r.at, "by": r.actor, "action": r.action, "changes": r.changes} for r in rows]
