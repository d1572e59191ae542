"""The projects an account is in charge of (may report on), a page at a time: what an officer reporting from the
office picks from, not only the projects within 2 km of the phone (trial: a Vĩnh Long officer at the office could
not find his agency's projects in the field form).

At a province's volume (100,000 projects) the list read every project in the account's charge with its latest
report, its lead agencies and its folded name, then counted and sorted them for each page of 30: 10–20 s a page
(trial 66). Now the count reads only the account's projects and each one's latest report from one grouped pass
over the reports; a page is read in the order of the index of names (ix_project_name_vi) and stops at its
last row; the lead agencies are read for the page's rows only (docs/benchmarks.md)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    Date,
    Integer,
    Select,
    Subquery,
    TextClause,
    any_,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from geo.jurisdiction import in_charge, its_agencies, its_projects
from geo.models import Account, Agency, Project
from geo.queries.projects import HOLDERS_TODAY
from geo.queries.search import every_word_in, query_words
from geo.stalled import is_report_sql, months_before, unreported_sql
from geo.vietnam_day import vietnam_today

#: How the list is sorted: the projects whose state is oldest first (never reported on first), or by name.
Order = Literal["oldest_report", "name"]
#: A part of a page: its projects, and the order they are read in.
Part = tuple[Select, tuple[Any, ...]]
_LISTED = ("id", "code", "name_vi", "name_en", "kind", "status", "percent", "status_date")
_LEAD = ("lead_agency_code", "lead_agency_vi", "lead_agency_en")
#: The agency holding the lead today, where the one the plan named ended in the 2025 mergers (and its last day).
_LEAD_NOW = ("lead_now_code", "lead_now_vi", "lead_now_en", "lead_agency_ended")
#: A project's name (vi and en) and code, as the search folds them: "nha may dien gio" finds "Nhà máy điện gió".
_NAMES = func.georeg_fold(Project.name_vi + " " + func.coalesce(Project.name_en, "") + " " + Project.code)
#: The order of names as people read them, by language: the name the list shows (in English, the English name where
#: the project has one, else, its name_en empty, the Vietnamese one: the English list was in the order of the
#: Vietnamese names, session 69), numbers by their value ("số 7" before "số 67", "Dừa" before "Đa": the ICU collation
#: georeg_vi, migration 0050, which orders English letters as English does), then the id ('' written out, not a
#: parameter, here and below: an index's expression and predicate are matched as written).
_IN_ORDER = {
    "vi": Project.name_vi.collate("georeg_vi"),
    "en": func.coalesce(func.nullif(Project.name_en, literal_column("''")), Project.name_vi).collate("georeg_vi"),
}
#: A part of a page read along the names, in each language: which projects, and their shown name in the order of an
#: index. In Vietnamese, all of them along ix_project_name_vi (migration 0050). In English, those with an English name
#: along ix_project_name_en, which holds theirs alone (migration 0054: a load of files without English names wrote
#: every name twice, in both indexes), and those without one along ix_project_name_vi, the name they show being the
#: Vietnamese: two reads, each up to the page's last row, merged.
_ALONG_NAMES = {
    "vi": (((), Project.name_vi.collate("georeg_vi")),),
    "en": (
        ((Project.name_en != literal_column("''"),), Project.name_en.collate("georeg_vi")),
        ((Project.name_en == literal_column("''"),), Project.name_vi.collate("georeg_vi")),
    ),
}
#: From how many matching projects a page is read along the index of names testing each project it reads (it stops
#: at its last row: a province account's first page of 20,000 read 0.3 s of its set for 30 rows); with fewer, as many
#: names would be read for each one listed (all of them for a page not full), and the account's set is read instead.
WALKED_FROM = 1000
#: The day of each project's latest report, a load's status aside (geo.stalled): what "no report for months" counts
#: from; one grouped pass over the reports, not a look-up per project.
_REPORTED = (
    text(
        f"SELECT e.project_id, max(e.reported_at) AS last_report FROM status_event e WHERE {is_report_sql('e')} "
        "GROUP BY e.project_id"
    )
    .columns(project_id=Integer, last_report=Date)
    .subquery("reported")
)
#: Nobody has reported on the project yet: looked up project by project, along the index of names, until a page is
#: full.
_NEVER_REPORTED = text(
    f"NOT EXISTS (SELECT FROM status_event e WHERE e.project_id = project.id AND {is_report_sql('e')})"
)


def projects_in_charge(
    session: Session,
    account: Account,
    query: str = "",
    order: Order = "oldest_report",
    limit: int = 30,
    offset: int = 0,
    no_report_months: int | None = None,
    lang: str = "vi",
) -> dict[str, Any]:
    """The current projects ``account`` may report on whose name or code holds every word of ``query`` (diacritics
    and case aside), sorted by ``order`` (by the names as ``lang`` shows them): ``numberMatched`` over every page, and
    the page's ``projects`` (each with its state, the day it is of, ``status_date``, the day of its latest report,
    ``last_report``, which a GIS load's status is not, its lead agency and the one holding that lead today). With
    ``no_report_months``, only those nobody has reported on for so many months (geo.stalled): what a supervisor chases
    (trial 51)."""
    session.execute(text("SET LOCAL jit = off"))  # compiling took 3 s of a 100,000-project count that runs in 0.2 s
    since = months_before(vietnam_today(), no_report_months) if no_report_months else None
    words = query_words(query)
    agencies = its_agencies(session, account)  # its successions read once, for the count and the page
    if words:
        mine = (_searched(session, account, words, agencies),)
        rows = select(Project.id, Project.status).where(*mine)
    else:
        rows = its_projects(session, account, Project.retired_at.is_(None), agencies=agencies)
    matched = session.scalar(_counted(rows.subquery("mine"), since))
    walked = not words and matched >= WALKED_FROM
    if not words:  # many: each project tested as the page reads it, up to its last row; few: the set read whole
        mine = Project.retired_at.is_(None), in_charge(session, account, walked, agencies)
    if walked:  # two workers would each read hundreds of rows ahead of the page's 30th
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))  # (0.05 -> 0.3 s); a search keeps them
    page = session.execute(_page(_parts(mine, since, order, lang, walked), order, limit, offset)).all()
    details = _details(session, [row.id for row in page])
    return {"numberMatched": matched, "projects": [details[row.id] | {"last_report": row.last_report} for row in page]}


def _searched(session: Session, account: Account, words: list[str], agencies: set[int]):
    """The condition on ``Project`` of the account's current projects whose names hold every one of ``words``: their
    ids, read once a request (the count and the page's two parts each folded and searched every name before);
    ``agencies``: its agencies (geo.jurisdiction.its_agencies)."""
    charge = in_charge(session, account, agencies=agencies)
    mine = select(Project.id, _NAMES.label("names")).where(Project.retired_at.is_(None), charge)
    named = mine.offset(0).subquery("named")  # the account's projects picked first, then each name folded once
    condition, params = every_word_in("named.names", words)
    found = session.scalars(select(named.c.id).where(text(condition).bindparams(**params))).all()
    return Project.id == any_(literal(found, ARRAY(Integer)))


def _unreported(status: str, last_report: str, since: date) -> TextClause:
    """Not finished (``status``), and no report since ``since`` (geo.stalled), the latest report's day being
    ``last_report``."""
    return text(unreported_sql(status, last_report, ":since")).bindparams(since=since)


def _counted(mine: Subquery, since: date | None) -> Select:
    """How many projects match: one pass over the account's projects (``mine``: their ids and states), each with its
    latest report."""
    counted = select(func.count()).select_from(mine).outerjoin(_REPORTED, _REPORTED.c.project_id == mine.c.id)
    return counted.where(*([_unreported("mine.status", "reported.last_report", since)] if since else []))


def _parts(mine: tuple[Any, ...], since: date | None, order: Order, lang: str, walked: bool) -> list[Part]:
    """The matching projects in parts, each with the order it is read in: those never reported on and the others (each
    row its id, its latest report's day and its name as ``lang`` shows it). Apart, each part is read in the order of
    its index; together, a sort of every project would be needed for each page. Those never reported on, read along
    the names (``walked``: a large account's), are read as :data:`_ALONG_NAMES` says, in English in two; the others
    by the name shown, in one (their latest reports are grouped whole first, whatever the order: in English, sorted
    after, no index holding that order since migration 0054)."""
    never = select(Project.id, literal(None, Date).label("last_report")).where(*mine, _NEVER_REPORTED)
    reported = select(Project.id, _REPORTED.c.last_report).where(*mine)
    reported = reported.join(_REPORTED, _REPORTED.c.project_id == Project.id)
    if since:
        never, reported = (
            never.where(_unreported("project.status", "NULL", since)),
            reported.where(_unreported("project.status", "reported.last_report", since)),
        )
    shown = _IN_ORDER[lang]
    along = _ALONG_NAMES[lang] if walked else (((), shown),)
    first = () if order == "name" else (_REPORTED.c.last_report,)
    return [(never.add_columns(name.label("named")).where(*which), (name, Project.id)) for which, name in along] + [
        (reported.add_columns(shown.label("named")), (*first, shown, Project.id))
    ]


def _page(parts: list[Part], order: Order, limit: int, offset: int) -> Select:
    """The page's rows of all ``parts`` in ``order`` (oldest report first: those never reported on first), each
    part read in its order up to the page's last row."""
    end = offset + limit
    rows = union_all(*(part.order_by(*in_order).limit(end) for part, in_order in parts)).subquery("parts")
    first = () if order == "name" else (rows.c.last_report.asc().nulls_first(),)
    return select(rows).order_by(*first, rows.c.named.collate("georeg_vi"), rows.c.id).limit(limit).offset(offset)


def _details(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """What the list shows of the projects ``ids``, by id: their state, lead agency and the one holding it today."""
    now = HOLDERS_TODAY.c
    lead = (Agency.code, Agency.name_vi, Agency.name_en)
    lead_now = (now.code, now.name_vi, now.name_en, now.ended)
    rows = session.execute(
        select(
            *(getattr(Project, name) for name in _LISTED),
            *(c.label(name) for c, name in zip(lead, _LEAD, strict=True)),
            *(c.label(name) for c, name in zip(lead_now, _LEAD_NOW, strict=True)),
        )
        .outerjoin(Agency, Agency.id == Project.lead_agency_id)
        .outerjoin(HOLDERS_TODAY, now.id == Project.lead_agency_id)
        .where(Project.id.in_(ids))
    )
    return {row["id"]: dict(row) for row in rows.mappings()}
