"""The projects an account is in charge of (may report on), a page at a time: what an officer reporting from the
office picks from, not only the projects within 2 km of the phone (trial: a Vĩnh Long officer at the office could
not find his agency's projects in the field form)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.orm import Session

from geo.jurisdiction import in_charge
from geo.models import Account, Agency, Project
from geo.queries.projects import HOLDERS_TODAY
from geo.queries.search import every_word_in, query_words
from geo.stalled import last_report_sql, months_before, unreported_sql
from geo.vietnam_day import vietnam_today

#: How the list is sorted: the projects whose state is oldest first (never reported on first), or by name.
Order = Literal["oldest_report", "name"]
_LISTED = ("id", "code", "name_vi", "name_en", "kind", "status", "percent", "status_date", "last_report")
_LEAD = ("lead_agency_code", "lead_agency_vi", "lead_agency_en")
#: The day of a project's latest report, a load's status aside (geo.stalled): what "no report for months" counts from.
_LAST_REPORT = literal_column(last_report_sql(f"{Project.__tablename__}.id")).label("last_report")
#: The agency holding the lead today, where the one the plan named ended in the 2025 mergers (and its last day).
_LEAD_NOW = ("lead_now_code", "lead_now_vi", "lead_now_en", "lead_agency_ended")
#: A project's name (vi and en) and code, as the search folds them: "nha may dien gio" finds "Nhà máy điện gió".
_NAMES = func.georeg_fold(Project.name_vi + " " + func.coalesce(Project.name_en, "") + " " + Project.code)


def projects_in_charge(
    session: Session,
    account: Account,
    query: str = "",
    order: Order = "oldest_report",
    limit: int = 30,
    offset: int = 0,
    no_report_months: int | None = None,
) -> dict[str, Any]:
    """The current projects ``account`` may report on whose name or code holds every word of ``query`` (diacritics
    and case aside), sorted by ``order``: ``numberMatched`` over every page, and the page's ``projects`` (each with
    its state, the day it is of, ``status_date``, the day of its latest report, ``last_report``, which a GIS load's
    status is not, its lead agency and the one holding that lead today). With ``no_report_months``, only those nobody
    has reported on for so many months (geo.stalled): what a supervisor chases (trial 51).

    The account's projects are picked first (a materialised CTE), then searched: the planner searched the names of
    every project first, 1.5 s of a 30,000-project registry for an agency's 3,000."""
    columns = [getattr(Project, name) for name in _LISTED[:-1]] + [_LAST_REPORT]
    lead = (Agency.code.label(_LEAD[0]), Agency.name_vi.label(_LEAD[1]), Agency.name_en.label(_LEAD[2]))
    now = HOLDERS_TODAY.c
    lead_now = (now.code, now.name_vi, now.name_en, now.ended)
    mine = (
        select(
            *columns,
            *lead,
            *(c.label(name) for c, name in zip(lead_now, _LEAD_NOW, strict=True)),
            _NAMES.label("names"),
        )
        .outerjoin(Agency, Agency.id == Project.lead_agency_id)
        .outerjoin(HOLDERS_TODAY, now.id == Project.lead_agency_id)
        .where(Project.retired_at.is_(None), in_charge(session, account))
        .cte("in_charge")
        .prefix_with("MATERIALIZED")
    )
    found = select(*(mine.c[name] for name in _LISTED + _LEAD + _LEAD_NOW))
    words = query_words(query)
    if words:
        condition, params = every_word_in("in_charge.names", words)
        found = found.where(text(condition).bindparams(**params))
    if no_report_months:
        since = months_before(vietnam_today(), no_report_months)
        unreported = unreported_sql("in_charge.status", "in_charge.last_report", ":since")
        found = found.where(text(unreported).bindparams(since=since))
    matched = session.scalar(select(func.count()).select_from(found.subquery()))
    by_name = (func.georeg_fold(mine.c.name_vi), mine.c.id)
    sort = by_name if order == "name" else (mine.c.last_report.asc().nulls_first(), *by_name)
    page = found.order_by(*sort).limit(limit).offset(offset)
    return {"numberMatched": matched, "projects": [dict(row) for row in session.execute(page).mappings()]}
