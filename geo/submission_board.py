"""The yearly board of a plan: per agency, the submissions it owes, which are late, submitted, returned or accepted,
and its on-time rate (submissions first sent by the due day, over the submissions already due or sent). A plan that
names no due day has a year's reports late once the year is over; the board gives the plan's period, which the page
says a year lies outside of (plan 1099's 2017–2020)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from geo.models import Plan, Submission
from geo.submissions import action_order, due_date, duties
from geo.vietnam_day import vietnam_today

#: A duty's state in words, as /monitoring's board and the yearly report's section on the agencies' reports say it.
STATE_WORDS = {
    "vi": {
        "owed": "Chưa gửi",
        "late": "Quá hạn",
        "submitted": "Đã gửi",
        "returned": "Trả lại để bổ sung",
        "accepted": "Đã tiếp nhận",
    },
    "en": {
        "owed": "Not sent",
        "late": "Late",
        "submitted": "Submitted",
        "returned": "Returned for revision",
        "accepted": "Accepted",
    },
}
STATE_OF_STATUS = {"submitted": "submitted", "returned": "returned", "accepted": "accepted", "locked": "accepted"}


def board(session: Session, plan: Plan, year: int, today: date | None = None) -> dict[str, Any]:
    """Each duty's state (owed, late, submitted, returned, accepted) and the totals per agency."""
    today = today or vietnam_today()
    due = due_date(plan, year)
    deadline = datetime.combine(due, time.max, tzinfo=UTC)
    has_due_day = plan.report_due_month is not None
    # a plan naming no day ("with the year's socio-economic report") has its reports late once the year is over: a
    # 2019 report not sent in 2026 read "not sent, not due yet"
    overdue = today > due if has_due_day else today.year > year
    first: dict[tuple[int, int], Submission] = {}
    latest: dict[tuple[int, int], Submission] = {}
    for row in session.scalars(select(Submission).where(Submission.year == year).order_by(Submission.version)):
        first.setdefault((row.plan_action_id, row.agency_id), row)
        latest[(row.plan_action_id, row.agency_id)] = row
    agencies: dict[str, dict[str, Any]] = {}
    for duty in sorted(duties(session, plan, year), key=lambda d: (d.agency, action_order(d.action))):
        row, sent = latest.get((duty.action_id, duty.agency_id)), first.get((duty.action_id, duty.agency_id))
        # a later version corrects an accepted one, which stands meanwhile; timeliness is the first version's
        status = "accepted" if row and row.version > 1 else row and row.status
        state = STATE_OF_STATUS.get(status or "draft", "owed")
        if state == "owed" and overdue:
            state = "late"
        on_time = bool(sent and sent.submitted_at and (not has_due_day or sent.submitted_at <= deadline))
        entry = agencies.setdefault(
            duty.agency,
            {
                "agency": duty.agency,
                "name_vi": duty.agency_name_vi,
                "name_en": duty.agency_name_en,
                "duties": [],
                "owed": 0,
                "late": 0,
                "submitted": 0,
                "returned": 0,
                "accepted": 0,
                "on_time": 0,
                "counted": 0,
            },
        )
        entry[state] += 1
        entry["on_time"] += on_time
        entry["counted"] += bool(sent and sent.submitted_at) or overdue
        entry["duties"].append(
            {
                "action": duty.action,
                "title_vi": duty.title_vi,
                "title_en": duty.title_en,
                "state": state,
                "submission": row.id if row else None,
                "version": row.version if row else None,
                "submitted_at": row.submitted_at if row else None,
                "first_sent_at": sent.submitted_at if sent else None,
                "on_time": on_time,
                "certain": duty.certain,
            }
        )
    for entry in agencies.values():
        counted = entry.pop("counted")
        entry["on_time_rate"] = round(entry["on_time"] / counted, 4) if counted else None
    return {
        "plan": plan.code,
        "year": year,
        "due": due if has_due_day else None,
        "overdue": overdue,
        "period": [plan.period_start, plan.period_end],
        "agencies": list(agencies.values()),
    }
