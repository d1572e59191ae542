"""The yearly implementation report of a plan: what the focal agency files for the Provincial People's Committee.

Plan 148/QĐ-UBND section V.2: departments and district People's Committees report each year what was carried out,
the obstacles and proposed solutions, to the planning department before 14/11; it consolidates them. The report
gathers, for a plan and year:
- per plan action, lead agency and unit (pre-2025 districts for years before 2025, the 2025 communes from 2025 on,
  as the units then were; projects without a site count as "province-wide"): projects, status changes reported in
  the year, mean percent complete at the end of the year (weighted by each project's share of the unit) and the
  statuses then, with the results, obstacles and proposals of the accepted submissions on the action;
- the narrative: the accepted submissions (latest accepted version per action and agency);
- the indicators against their targets, with the values of periods up to the year (geo.indicators), each saying
  where it came from; and every project's state at the end of the year.
Writers: CSV in geo.annual_report_csv, XLSX in geo.annual_report_xlsx, DOCX in geo.annual_report_docx; HTML in
maps.annual_report_html; maps.annual_report_formats picks one by format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.agencies import duty_holder, duty_holders
from geo.annual_report_words import (
    ACTION_KEY,
    CLEANED_NOTE,
    CLEANED_TITLE,
    COMPUTED_DONE,
    COMPUTED_SITUATION,
    DEMO_VALUES_NOTE,
    FORMERLY,
    IN_ENGLISH,
    NO_LEAD,
    SUCCESSOR_UNCERTAIN,
    VERDICTS,
    VERDICTS_NOTE,
    VERDICTS_TITLE,
    Columns,
)
from geo.computed_indicators import computed_indicators, salinity_areas
from geo.forest import DEMO_DESCRIPTION, province_cover
from geo.forest import INDICATOR_CODE as FOREST_COVER
from geo.indicator_units import unit_label
from geo.indicators import assess, indicator_progress, period_order, period_year
from geo.models import AdminUnit, Agency, Plan, assignment_holds_in_year
from geo.plain_text import cleaned
from geo.plan_tasks import plan_tasks
from geo.removal_words import withdrawal_said
from geo.said import Said, SaidError
from geo.salinity import SALINITY_CLASSES, cited_source
from geo.schedule import due_year_sql, schedule_sql
from geo.source_labels import source_label
from geo.stalled import is_report_sql, last_report_sql
from geo.status_history import COUNTED, to_check
from geo.submission_board import board
from geo.submissions import NO_PLAN, action_order, due_date
from geo.unit_names import unit_label as unit_name
from geo.unit_names import unit_name_sql
from geo.vi_format import local_date, local_number, month_year, vi_date, vi_sort_key
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, PROJECT_SCHEDULES, PROJECT_STATUSES, labels

LEVEL_OF_SCHEME = {"pre2025": "district", "2025": "commune"}
LANGUAGES = ("vi", "en")
UNITS_IN_WORDS = {
    "vi": {"pre2025": "Huyện, thị xã, thành phố (trước 01/07/2025)", "2025": "Xã, phường (từ 01/07/2025)"},
    "en": {
        "pre2025": "Districts, towns and cities (before 1 Jul 2025)",
        "2025": "Communes and wards (from 1 Jul 2025)",
    },
}
NO_ACTION = {"vi": "Chưa gắn nhiệm vụ", "en": "Not linked to an action"}  # projects of the plan outside its actions
PROVINCE_WIDE = {"vi": "Toàn tỉnh", "en": "Province-wide"}
#: A task of the plan with no project in the registry (plan 1099's A1–A22): listed with the others, saying so.
NO_PROJECT = {"vi": "Chưa có dự án gắn với nhiệm vụ này", "en": "No project attached to this action"}
#: The lead of a sub-task the plan gives none of its own: its task group's, said in the group's row (plan 148's 74
#: sub-tasks each repeated their group's agencies, or that the plan names none).
AS_GROUP = {"vi": "Như nhóm nhiệm vụ {group}", "en": "As its task group {group}"}
WHOLE_PLAN = {"vi": "Cả kế hoạch", "en": "Whole plan"}
STATUS_WORDS = {
    lang: labels(PROJECT_STATUSES, lang) | {None: {"vi": "Chưa có báo cáo", "en": "Not reported yet"}[lang]}
    for lang in LANGUAGES
}
KIND_WORDS = {lang: labels(PROJECT_KINDS, lang) for lang in LANGUAGES}
SCHEDULE_WORDS = {lang: labels(PROJECT_SCHEDULES, lang) | {None: STATUS_WORDS[lang][None]} for lang in LANGUAGES}
#: How a project's status from the sample's demonstration events is marked, wherever it is shown.
DEMO = {"vi": "minh họa", "en": "demo"}
#: How an indicator's value from demonstration data is marked, in brackets after it: "1,52 (minh họa)" (trial 63: the
#: synthetic forest raster's 1,52 % read as measured).
DEMO_VALUE = {"vi": "minh họa", "en": "demonstration"}
#: How a status from a report sent from afar (or a rough position), accepted as its sender confirmed, is marked: it
#: read as sure as any in the report a department files (trial 47); a reviewer checks it (/status-reports/flagged).
FLAGGED = {"vi": "⚑ báo cáo gửi từ xa, cần kiểm tra", "en": "⚑ report sent from afar, to check"}
#: The demonstration columns, shown only in a report holding demonstration data (a real province's has none).
DEMO_COLUMNS = {"demo_changes", "demo_statuses", "demo"}


def _named(column: str) -> str:
    """SQL: ``column`` (``u.name``, ``pa.title``) in the report's language (``:lang``): its English, or its
    Vietnamese where it has none (as the pages write it) rather than a blank."""
    return f"CASE WHEN :lang = 'en' THEN COALESCE(NULLIF({column}_en, ''), {column}_vi) ELSE {column}_vi END"


_ACTION_ROWS = f"""
WITH state AS (
    SELECT DISTINCT ON (e.project_id) e.project_id, e.status, e.percent, e.is_demo FROM status_event e
    WHERE e.reported_at <= :year_end AND {COUNTED} ORDER BY e.project_id, e.reported_at DESC, e.version DESC
), changes AS (
    SELECT project_id, count(*) FILTER (WHERE NOT is_demo) AS n, count(*) FILTER (WHERE is_demo) AS demo_n
    FROM status_event e WHERE reported_at BETWEEN :year_start AND :year_end AND {is_report_sql("e")}
    GROUP BY project_id  -- reports only: a GIS load's status is no update from the field (trial 59, F-n)
), placed AS (
    SELECT s.project_id, u.code, {unit_name_sql("u")} AS name, s.share FROM project_unit_share s
    JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = :scheme AND u.level = :level
), rows AS (
    SELECT pa.code AS action, {_named("pa.title")} AS action_title, ag.code AS agency, ag.name_vi AS agency_name,
           placed.code AS unit_code,
           COALESCE(placed.name, :province_wide) AS unit_name, p.id AS project_id,
           COALESCE(placed.share, 1) AS share,
           COALESCE(c.n, 0) AS changes, COALESCE(c.demo_n, 0) AS demo_changes, st.status, st.percent,
           COALESCE(st.is_demo, FALSE) AS demo
    FROM project p JOIN plan pl ON pl.id = p.plan_id AND pl.code = :plan
    LEFT JOIN plan_action pa ON pa.id = p.plan_action_id
    LEFT JOIN LATERAL (
        SELECT a.code, a.name_vi FROM agency a
        LEFT JOIN plan_action_agency paa ON paa.agency_id = a.id AND paa.role = 'lead'
             AND {assignment_holds_in_year("paa")}
        WHERE a.id = p.lead_agency_id OR paa.plan_action_id = p.plan_action_id OR paa.plan_action_id = pa.parent_id
        ORDER BY a.id = p.lead_agency_id DESC, paa.plan_action_id = p.plan_action_id DESC, a.code LIMIT 1
    ) ag ON TRUE
    LEFT JOIN placed ON placed.project_id = p.id
    LEFT JOIN state st ON st.project_id = p.id
    LEFT JOIN changes c ON c.project_id = p.id
    WHERE p.retired_at IS NULL OR p.retired_at::date >= :year_start
), statuses AS (
    SELECT action, agency, unit_code, jsonb_object_agg(COALESCE(status, ''), n) AS statuses
    FROM (SELECT action, agency, unit_code, status, count(*) AS n
          FROM rows GROUP BY 1, 2, 3, 4) s
    GROUP BY 1, 2, 3
)
SELECT r.action, r.action_title, r.agency, r.agency_name, r.unit_code, r.unit_name,
       count(*) AS projects, SUM(r.changes)::int AS status_changes, SUM(r.demo_changes)::int AS demo_changes,
       count(*) FILTER (WHERE r.demo) AS demo_statuses,
       round((SUM(r.share * r.percent) FILTER (WHERE r.status <> 'cancelled')
              / NULLIF(SUM(r.share) FILTER (WHERE r.status <> 'cancelled'), 0))::numeric, 1)::float AS percent,
       s.statuses, array_agg(r.project_id ORDER BY r.project_id) AS project_ids
FROM rows r JOIN statuses s ON s.action IS NOT DISTINCT FROM r.action AND s.agency IS NOT DISTINCT FROM r.agency
     AND s.unit_code IS NOT DISTINCT FROM r.unit_code
GROUP BY r.action, r.action_title, r.agency, r.agency_name, r.unit_code, r.unit_name, s.statuses
"""
#: A project's schedule at the report's day by its status then (geo.schedule: past due, in time, closed, undated);
#: none for a project not reported yet by then.
_SCHEDULE_THEN = f"""CASE WHEN st.status IS NOT NULL THEN
    {schedule_sql("st.status", due_year_sql("p.end_year", "pl.period_end"), "CAST(:year_end AS date)")} END"""
_PROJECTS = f"""
SELECT pa.code AS action, {_named("pa.title")} AS action_title, {_named("p.name")} AS name, p.kind,
       p.capacity_value, p.capacity_unit, p.budget_vnd_billion AS budget, st.status, st.percent,
       {_SCHEDULE_THEN} AS schedule_code,
       {last_report_sql("p.id", ":year_end")} AS reported_at,  -- as /status-reports: a GIS load is no report
       COALESCE(st.is_demo, FALSE) AS demo, COALESCE(st.flagged, FALSE) AS flagged,
       CASE WHEN p.location_precision = 'province' THEN :province_wide ELSE (  -- "Toàn tỉnh", as its page says
        SELECT string_agg(name, ', ' ORDER BY name) FROM (SELECT {unit_name_sql("u")} AS name FROM project_unit_share s
        JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = :scheme AND u.level = :level
        WHERE s.project_id = p.id) names) END AS units
FROM project p JOIN plan pl ON pl.id = p.plan_id AND pl.code = :plan
LEFT JOIN plan_action pa ON pa.id = p.plan_action_id
LEFT JOIN LATERAL (
    SELECT e.status, e.percent, e.reported_at, e.is_demo,
           {to_check("e.id")} AS flagged
    FROM status_event e
    WHERE e.project_id = p.id AND e.reported_at <= :year_end AND {COUNTED}
    ORDER BY e.reported_at DESC, e.version DESC LIMIT 1
) st ON TRUE
WHERE p.retired_at IS NULL OR p.retired_at::date >= :year_start
"""
_CROSSWALK = f"""
SELECT f.code AS district_code, {unit_name_sql("f")} AS district,
       t.code AS commune_code, {unit_name_sql("t")} AS commune,
       round((c.share_of_from * 100)::numeric, 2)::float AS share_of_district,
       round((c.share_of_to * 100)::numeric, 2)::float AS share_of_commune
FROM unit_crosswalk c JOIN admin_unit f ON f.id = c.from_unit_id AND f.scheme = 'pre2025' AND f.level = 'district'
JOIN admin_unit t ON t.id = c.to_unit_id AND t.level = 'commune'
JOIN admin_unit p ON p.id = f.parent_id AND p.code = :province
ORDER BY f.code, t.code
"""
# The latest accepted (or locked) version of each action's submissions for the year.
_NARRATIVE = f"""
SELECT DISTINCT ON (s.plan_action_id, s.agency_id) pa.code AS action, {_named("pa.title")} AS action_title,
       {_named("a.name")} AS agency_name, s.id AS submission, s.version,
       s.results, s.obstacles, s.proposals, s.project_ids, s.value_ids, s.accepted_at
FROM submission s JOIN plan_action pa ON pa.id = s.plan_action_id JOIN plan pl ON pl.id = pa.plan_id AND pl.code = :plan
JOIN agency a ON a.id = s.agency_id
WHERE s.year = :year AND s.status IN ('accepted', 'locked')
ORDER BY s.plan_action_id, s.agency_id, s.version DESC
"""


# The province's projects the pages count (/progress, a unit's page: every project, in a plan or not), by plan.
_PROVINCE_PROJECTS = """
SELECT count(*) AS total, count(*) FILTER (WHERE p.plan_id IS NULL) AS no_plan,
       count(*) FILTER (WHERE pl.code <> :plan) AS other_plans
FROM project p LEFT JOIN plan pl ON pl.id = p.plan_id
WHERE p.province_code = :province AND (p.retired_at IS NULL OR p.retired_at::date >= :year_start)
"""


class ReportError(SaidError):
    """A report that cannot be made (unknown plan, bad year or format); the message says what to give, in English
    and Vietnamese, after the name of the ``parameter`` to change (the API answers it as a refused query parameter,
    api/errors.py; the command line in its --lang)."""

    def __init__(self, parameter: str, message: str, vi: str) -> None:
        super().__init__(Said(f"{parameter}: {vi}", f"{parameter}: {message}"))
        self.parameter = parameter


@dataclass
class Issuer:
    """Who files the report: the plan's focal agency as it stands today, under its province's People's Committee."""

    province: str
    agency: str
    agency_code: str
    certain: bool


@dataclass
class AnnualReport:
    plan: dict[str, Any]
    year: int
    scheme: str
    issuer: Issuer
    issued_on: date
    lang: str = "vi"
    actions: list[dict[str, Any]] = field(default_factory=list)
    #: Every task of the plan in its order, its leads named as on the year's due day (geo.plan_tasks).
    tasks: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    narrative: list[dict[str, Any]] = field(default_factory=list)
    computed: list[dict[str, Any]] = field(default_factory=list)
    salinity: dict[str, Any] | None = None
    crosswalk: list[dict[str, Any]] = field(default_factory=list)
    #: The plan's province's projects: ``total``, ``no_plan`` (in no plan), ``other_plans`` (another plan's).
    province_projects: dict[str, int] = field(default_factory=dict)
    #: The reports the agencies owe for the year and where each stands (geo.submission_board, as /monitoring shows).
    board: dict[str, Any] = field(default_factory=lambda: {"agencies": []})
    #: The texts stored with characters that are not text, cleaned for the files (geo.plain_text.cleaned): each
    #: one's beginning and the characters removed, said in the report's notes (:func:`cleaned_note`).
    cleaned: list[tuple[str, str]] = field(default_factory=list)

    @property
    def deadline(self) -> str:
        plan, en = self.plan, self.lang == "en"
        if plan["report_due_day"] is None:
            if en:
                return "with the year's socio-economic report (the plan names no day)"
            return "cùng thời điểm báo cáo kinh tế - xã hội năm (kế hoạch không nêu ngày)"
        due = date(self.year, plan["report_due_month"], plan["report_due_day"])
        return f"before {local_date(due, 'en')}" if en else f"trước ngày {vi_date(due)}"

    @property
    def year_end(self) -> date:
        return min(date(self.year, 12, 31), vietnam_today())

    @property
    def demo_statuses(self) -> int:
        """How many projects' statuses at the year's end come from demonstration data (the sample's)."""
        return sum(bool(project["demo"]) for project in self.projects)

    @property
    def demo_changes(self) -> int:
        """How many status updates of the year are demonstration data (counted apart from the real ones)."""
        return sum(row["demo_changes"] for row in self.actions)

    @property
    def has_demo(self) -> bool:
        return bool(self.demo_statuses or self.demo_changes or any(row["demo"] for row in self.computed))

    @property
    def budgets(self) -> list[dict[str, Any]]:
        """Per plan action in reading order, then the whole plan: projects, how many have a budget, their total."""
        return self.by_action(_budget_row)

    def by_action(self, row: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
        """``row(action, title, projects)`` of each plan action with projects in reading order, then
        ``row(None, "Cả kế hoạch", every project, total=True)``; none for a plan without projects."""
        actions: dict[str | None, list[dict[str, Any]]] = {}
        for project in self.projects:
            actions.setdefault(project["action"], []).append(project)
        rows = [
            row(code, projects[0]["action_title"] or NO_ACTION[self.lang], projects)
            for code, projects in actions.items()
        ]
        return [*rows, row(None, WHOLE_PLAN[self.lang], self.projects, total=True)] if rows else []


def _budget_row(action: str | None, title: str, projects: list[dict[str, Any]], total: bool = False) -> dict[str, Any]:
    """``total``: the whole plan's row, which the workbook writes bold."""
    figures = [p["budget"] for p in projects if p["budget"] is not None]
    return {
        "action": action,
        "action_title": title,
        "projects": len(projects),
        "with_budget": len(figures),
        "budget": sum(figures) if figures else None,
        "total": total,
    }


def budget_count(row: dict[str, Any], lang: str) -> str:
    """ "4 trong 13 dự án có số vốn": how much of a total is known (a total over some projects is not the action's)."""
    known, of = local_number(row["with_budget"], lang), local_number(row["projects"], lang)
    return f"projects with a budget figure: {known} of {of}" if lang == "en" else f"{known} trong {of} dự án có số vốn"


def unlinked_note(report: AnnualReport) -> str | None:
    """What the group "Chưa gắn nhiệm vụ" is, where the plan has projects in it: 11 of plan 1099's 22 (its wind farms,
    17.160 of 17.208 tỷ) were read as a registry's gap (trial 57). None where every project has its action."""
    n = sum(1 for project in report.projects if project["action"] is None)
    if not n:
        return None
    if report.lang == "en":
        return (
            f"{n} projects belong to the plan but to none of its numbered actions (the plan names them in its text "
            "only): they are counted in the plan's totals, under “Not linked to an action”, not in any action's."
        )
    return (
        f"{n} dự án thuộc kế hoạch nhưng không thuộc nhiệm vụ có số thứ tự nào của kế hoạch (kế hoạch chỉ nêu trong "
        "phần nội dung): được tính vào tổng của cả kế hoạch, ở nhóm “Chưa gắn nhiệm vụ”, không vào nhiệm vụ nào."
    )


def verdicts_note(report: AnnualReport) -> str:
    """How the report judges its indicators, and what "(minh họa)" means where one of their values is marked so."""
    note = VERDICTS_NOTE.text(report.lang)
    demo = any(row["demo"] for row in report.indicators)
    return f"{note} {DEMO_VALUES_NOTE.text(report.lang)}" if demo else note


def demo_note(report: AnnualReport) -> str | None:
    """What a report holding demonstration data says of it at its top; None for a registry with none."""
    if not report.has_demo:
        return None
    n, of, changes = (
        local_number(v, report.lang) for v in (report.demo_statuses, len(report.projects), report.demo_changes)
    )
    if report.lang == "en":
        return (
            f"Year-end status from demonstration data, not a real report (marked “{DEMO['en']}”): {n} of {of} "
            f"projects. Demonstration status updates in the year, not counted as updates: {changes}."
        )
    return (
        f"{n} trong {of} dự án có tình trạng cuối năm lấy từ dữ liệu minh họa, không phải báo cáo thật (ghi "
        f"“{DEMO['vi']}”); {changes} lần cập nhật minh họa trong năm không được tính là lần cập nhật tình trạng."
    )


#: How the report's count of projects stands to the province's that /progress and a unit's page count.
_COUNTED = {
    "vi": {
        "plan": "{count} dự án thuộc Kế hoạch {plan}",
        "province": " (cơ sở dữ liệu có {total} dự án của tỉnh: {others}; trang Tiến độ (/progress) và trang đơn vị "
        "hành chính tính tất cả các dự án của tỉnh, nên số dự án, vốn và tiến độ ở đó khác báo cáo này)",
        "no_plan": "{n} dự án không thuộc kế hoạch nào",
        "other_plans": "{n} dự án thuộc kế hoạch khác",
    },
    "en": {
        "plan": "{count} projects of plan {plan}",
        "province": " (the database holds {total} projects of the province: {others}; the progress page (/progress) "
        "and the unit pages count all the province's projects, so their project counts, budgets and progress differ "
        "from this report's)",
        "no_plan": "{n} in no plan",
        "other_plans": "{n} in another plan",
    },
}


def projects_counted(report: AnnualReport) -> str:
    """ "22 dự án thuộc Kế hoạch 1099/QĐ-UBND (cơ sở dữ liệu có 23 dự án của tỉnh: 1 dự án không thuộc kế hoạch
    nào; …)": the pages counting all the province's projects gave 23 and a larger budget, unexplained (trial 57)."""
    words, lang, counts = _COUNTED[report.lang], report.lang, report.province_projects
    said = words["plan"].format(count=local_number(len(report.projects), lang), plan=report.plan["code"])
    others = [
        words[key].format(n=local_number(counts[key], lang)) for key in ("no_plan", "other_plans") if counts.get(key)
    ]
    if not others:
        return said
    total = local_number(counts["total"], lang)
    return said + words["province"].format(total=total, others="; ".join(others))


def shown_columns(report: AnnualReport, columns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``columns`` less the demonstration ones when the report holds no demonstration data."""
    return columns if report.has_demo else tuple(c for c in columns if c[0] not in DEMO_COLUMNS)


def keyed_by_action(
    report: AnnualReport, columns: Columns, rows: list[dict[str, Any]]
) -> tuple[Columns, list[dict[str, Any]]]:
    """A data table's (the workbook's, the CSV's) ``columns`` and ``rows``, the action key after them where the table
    has an action: "148/QĐ-UBND 13.10", which pandas reads as text, as GDAL does (annual_report_words.ACTION_KEY)."""
    if "action" not in dict(columns):
        return columns, rows
    key, plan = ACTION_KEY[0], report.plan["code"]
    return (*columns, ACTION_KEY), [row | {key: f"{plan} {row['action']}" if row["action"] else None} for row in rows]


def default_scheme(year: int) -> str:
    """Reports of 2025 on are by the 2025 units; earlier ones by the districts of the time."""
    return "2025" if year >= 2025 else "pre2025"


def annual_report(
    session: Session,
    plan_code: str,
    year: int,
    scheme: str | None = None,
    crosswalk: bool = False,
    lang: str = "vi",
) -> AnnualReport:
    """Gather the report of ``plan_code`` for ``year`` (statuses as at the end of the year, or today); with
    ``crosswalk``, the table linking the province's former districts to the 2025 communes (shares of area). Its
    words (statuses, titles, indicators) are in ``lang``; the submissions' text as the agencies wrote it."""
    plan = session.scalar(select(Plan).where(Plan.code == plan_code))
    if plan is None:
        known = sorted(session.scalars(select(Plan.code)))
        if not known:
            raise ReportError("plan", NO_PLAN.en, NO_PLAN.vi)
        raise ReportError(
            "plan",
            f"unknown plan {plan_code!r}; expected one of {known}",
            f"không có kế hoạch {plan_code!r}; hãy chọn một trong {known}",
        )
    scheme = scheme or default_scheme(year)
    if scheme not in LEVEL_OF_SCHEME:
        schemes = sorted(LEVEL_OF_SCHEME)
        raise ReportError("scheme", f"{scheme!r} is not one of {schemes}", f"{scheme!r} không phải một trong {schemes}")
    if not 2000 <= year <= vietnam_today().year + 1:
        raise ReportError("year", f"{year} is not a reporting year", f"{year} không phải năm báo cáo")
    if lang not in LANGUAGES:
        raise ReportError(
            "lang", f"{lang!r} is not one of {list(LANGUAGES)}", f"{lang!r} không phải một trong {list(LANGUAGES)}"
        )
    keys = (
        "code",
        "title_vi",
        "title_en",
        "province_code",
        "issued_on",
        "period_start",
        "period_end",
        "report_due_day",
        "report_due_month",
    )
    plan_row = {k: getattr(plan, k) for k in keys}
    report = AnnualReport(plan_row, year, scheme, _issuer(session, plan, lang), vietnam_today(), lang)
    params = {"plan": plan_code, "scheme": scheme, "level": LEVEL_OF_SCHEME[scheme], "lang": lang}
    params |= {"province_wide": PROVINCE_WIDE[lang], "year": year}
    params |= {"year_start": date(year, 1, 1), "year_end": report.year_end}
    report.narrative = sorted(
        (dict(r) for r in session.execute(text(_NARRATIVE), params).mappings()),
        key=lambda r: (action_order(r["action"]), r["agency_name"]),
    )
    report.board = board(session, plan, year)
    report.tasks = plan_tasks(session, plan_code, year, due_date(plan, year), report.board)
    rows = [dict(r) for r in session.execute(text(_ACTION_ROWS), params).mappings()]
    rows += _tasks_without_projects(rows, report.tasks, lang)
    holders = _lead_holders(session, plan, year, {r["agency"] for r in rows} - {None}, lang)
    in_plan = {task["code"]: place for place, task in enumerate(report.tasks)}  # the plan's order: P1–P10, A1–A22
    groups = {task["code"]: task["task_group"] for task in report.tasks if task["task_group"]}
    report.actions = sorted(
        (_action_row(row, report.narrative, holders, groups, lang) for row in rows),
        key=lambda r: (
            in_plan.get(r["action"], len(in_plan)),
            r["agency"] is None,
            r["agency"] or "",
            r["unit_code"] or "",
        ),
    )
    targets = indicator_progress(session, plan_code)
    report.indicators = [_indicator_row(i, year, lang) for i in targets]
    report.computed = [_computed_row(c, lang) for c in computed_indicators(session, plan_code, report.year_end)]
    measured = province_cover(session, plan.province_code, year)
    if measured and not any(i["code"] == FOREST_COVER for i in targets):  # with a target, in the indicators already
        report.computed.append(_forest_row(measured, lang))
    report.salinity = salinity_areas(session, plan.province_code, scheme, LEVEL_OF_SCHEME[scheme], year)
    if crosswalk:
        report.crosswalk = [
            dict(r)
            for r in session.execute(text(_CROSSWALK), {"province": plan.province_code, "lang": lang}).mappings()
        ]
    province = {"province": plan.province_code, "plan": plan_code, "year_start": params["year_start"]}
    report.province_projects = dict(session.execute(text(_PROVINCE_PROJECTS), province).mappings().one())
    report.projects = sorted(
        (_project_row(dict(r), lang) for r in session.execute(text(_PROJECTS), params).mappings()),
        key=lambda r: (action_order(r["action"]), vi_sort_key(r["name"])),
    )
    _clean(report)
    return report


#: The report's parts that hold texts from the registry (names, the agencies' reports, sources).
_STORED_TEXTS = ("plan", "actions", "tasks", "indicators", "projects", "narrative", "computed", "salinity", "crosswalk")


def _clean(report: AnnualReport) -> None:
    """Clean the texts stored with characters that are not text (before they were refused, or written to the database
    directly): a Word file holding a vertical tab does not open (lxml refuses it) and openpyxl refuses the sheet."""
    for name in (*_STORED_TEXTS, "board"):
        setattr(report, name, cleaned(getattr(report, name), report.cleaned))
    report.issuer = Issuer(**cleaned(asdict(report.issuer), report.cleaned))


def cleaned_note(report: AnnualReport) -> str | None:
    """Which stored texts the report's files give cleaned of characters that are not text; None when none."""
    if not report.cleaned:
        return None
    quote = "«{}» ({})" if report.lang == "vi" else "“{}” ({})"
    distinct = dict.fromkeys(report.cleaned)  # a text the report gives twice (an action's report, its board) once
    texts = "; ".join(quote.format(beginning, found) for beginning, found in distinct)
    return CLEANED_NOTE.text(report.lang).format(count=local_number(len(distinct), report.lang), texts=texts)


def _project_row(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """A project's row with its status, kind and schedule at the report's day in words (its schedule's code kept to
    count by), ``demo`` saying "minh họa" when its status is a demonstration one (a trial read the sample's "Đang thi
    công 5 %" as a real report)."""
    kind = KIND_WORDS[lang].get(row["kind"], row["kind"])
    status = STATUS_WORDS[lang][row["status"]] + (f" ({FLAGGED[lang]})" if row.pop("flagged") else "")
    schedule = SCHEDULE_WORDS[lang][row["schedule_code"]]
    return row | {"status": status, "kind": kind, "schedule": schedule, "demo": DEMO[lang] if row["demo"] else ""}


def _issuer(session: Session, plan: Plan, lang: str) -> Issuer:
    if plan.focal_agency_id is None:
        province = session.scalar(select(AdminUnit.name_vi).where(AdminUnit.code == plan.province_code))
        return Issuer(province or "", "", "", False)
    holder = duty_holder(session, plan.focal_agency_id, vietnam_today())
    agency = session.get(Agency, holder.agency_id)
    province = session.scalar(
        select(AdminUnit.name_vi).where(AdminUnit.level == "province", AdminUnit.code == agency.province_code)
    )
    if lang == "en" and agency.name_en:
        name = re.sub(r",\s+.*$", "", agency.name_en)
    else:
        name = re.sub(r"\s+tỉnh\s+.*$", "", agency.name_vi)
    return Issuer(province or "", name, agency.code, holder.certain)


def _lead_holders(session: Session, plan: Plan, year: int, codes: set[str], lang: str) -> dict[str, dict[str, Any]]:
    """Each agency code → the agency holding its duties on the year's due day (itself, or its successor after a
    merger): its ``name``, marked when the succession is uncertain, and ``formerly`` the agency named, when another,
    as /monitoring writes it beneath (:func:`formerly_said`)."""
    due = date(year, plan.report_due_month or 12, plan.report_due_day or 31)
    uncertain = f" ({SUCCESSOR_UNCERTAIN.text(lang)})"
    agencies = list(session.scalars(select(Agency).where(Agency.code.in_(codes))))
    holders, leads = duty_holders(session, [agency.id for agency in agencies], due), {}
    for agency in agencies:
        holder = holders[agency.id]
        name = in_language(holder.name_vi, holder.name_en, lang) + ("" if holder.certain else uncertain)
        named = {"code": agency.code, "name_vi": agency.name_vi, "name_en": agency.name_en, "until": agency.valid_to}
        formerly = [] if holder.agency_id == agency.id else [formerly_said(named, lang)]
        leads[agency.code] = {"name": name, "formerly": formerly}
    return leads


def formerly_said(agency: dict[str, Any], lang: str) -> str:
    """ "trước đây là Sở Kế hoạch và Đầu tư tỉnh Bạc Liêu (BL.SKHDT), đến 28/02/2025": an agency the plan named,
    merged away since (``code``, ``name_vi``, ``name_en``, its last day ``until``), as /monitoring says it."""
    name = in_language(agency["name_vi"], agency["name_en"], lang)
    return FORMERLY.text(lang).format(name=name, code=agency["code"], day=local_date(agency["until"], lang))


def _tasks_without_projects(rows: list[dict[str, Any]], tasks: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """A row for each task of the plan without a project, its leads named: the table had plan 1099's ten priority
    projects only, its 22 tasks A1–A22 nowhere but among the reports not sent (trial 67). An accepted report on such
    a task is in its row (:func:`_action_row`)."""
    covered = {r["action"] for r in rows}
    blank = {"unit_code": None, "unit_name": None, "projects": 0, "status_changes": 0, "demo_changes": 0}
    blank |= {"percent": None, "statuses": None, "demo_statuses": 0, "project_ids": [], "agency": None}
    return [
        blank
        | {"action": task["code"], "action_title": in_language(task["title_vi"], task["title_en"], lang)}
        | {"agency_name": _leads_said(task, lang), "leads": [] if task["from_group"] else _leads(task, lang)}
        for task in tasks
        if task["code"] not in covered
    ]


def _leads_said(task: dict[str, Any], lang: str) -> str:
    """A task's leads by name, "as its task group 13" for a sub-task without its own, or that the plan (as held)
    names none."""
    if task["from_group"]:
        return AS_GROUP[lang].format(group=task["from_group"])
    return "; ".join(lead["name"] for lead in _leads(task, lang)) or NO_LEAD.text(lang)


def _leads(task: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """A task's leads as the action rows give them: each ``name`` and the agencies it stands for (``formerly``)."""
    return [
        {
            "name": in_language(a["name_vi"], a["name_en"], lang),
            "formerly": [formerly_said(former, lang) for former in a["formerly"]],
        }
        for a in task["leads"]
    ]


def _action_row(
    row: dict[str, Any],
    narrative: list[dict[str, Any]],
    holders: dict[str, dict[str, Any]],
    groups: dict[str, str],
    lang: str,
) -> dict[str, Any]:
    """One row of the action table: the lead as it stood in the year (``leads``: its name and the agency the plan
    named, when merged away since; a sub-task's without one: as its task group, ``groups`` giving each sub-task's),
    statuses in words, the submissions' text."""
    if row["action"] is None:
        row["action_title"] = NO_ACTION[lang]
    if row["agency"] is not None:
        row["leads"] = [holders[row["agency"]]]
        row["agency_name"] = holders[row["agency"]]["name"]
    elif row["action"] in groups and not row["agency_name"]:
        row["agency_name"] = AS_GROUP[lang].format(group=groups[row["action"]])
    elif row["action"] is not None and not row["agency_name"]:
        row["agency_name"] = NO_LEAD.text(lang)
    row.setdefault("leads", [])
    statuses = row.pop("statuses") or {}
    row["statuses"] = "; ".join(f"{STATUS_WORDS[lang][code or None]}: {n}" for code, n in statuses.items())
    if not row["projects"]:
        row["statuses"] = NO_PROJECT[lang]
    reports = [n for n in narrative if n["action"] == row["action"]]
    for key in ("results", "obstacles", "proposals"):
        row[key] = "\n".join(n[key] for n in reports if n[key])
    return row


def in_language(vi: str, en: str | None, lang: str) -> str:
    """A name or title in ``lang``: its English, or its Vietnamese where it has none (as the pages write it)."""
    return (en or vi) if lang == "en" else vi


#: The parts of an indicator value's source, in each language.
_PROVENANCE = {
    "vi": {
        "by": "nhập bởi {who}",
        "admin": "nhập bởi quản trị viên hệ thống",
        "id": "mã giá trị {id}",
        "part": "chưa có số liệu cả năm, dùng số liệu kỳ {period}",
        "demo": "số liệu minh họa",
        "none": "Chưa có số liệu",
    },
    "en": {
        "by": "entered by {who}",
        "admin": "entered by the system administrator",
        "id": "value id {id}",
        "part": "no full-year figure yet, using the figure of {period}",
        "demo": "demonstration data",
        "none": "No data yet",
    },
}


def _indicator_row(indicator: dict[str, Any], year: int, lang: str) -> dict[str, Any]:
    """The indicator against its target with the latest value of a period up to ``year``, and where it came from."""
    observed = [v for v in indicator["observed"] if (period_year(v["period"]) or 0) <= year]
    judged = assess(indicator, observed)
    latest = judged["latest"] or {}
    share = judged["progress_share"]
    words = _PROVENANCE[lang]
    provenance = ""
    withdrawn = _withdrawn_since(indicator, latest, year, lang)
    if latest:
        who = source_label(latest.get("method"), lang)  # the agency that entered it, not the account's user name
        if latest.get("entered_by_agency"):
            agency = in_language(latest["entered_by_agency"], latest.get("entered_by_agency_en"), lang)
            who = words["by"].format(who=agency)
        elif latest.get("entered_by") not in (None, "registry"):
            who = words["admin"]
        provenance = "; ".join(
            p
            for p in (
                source_label(latest.get("source"), lang),  # the registry's own phrases in the report's language
                who,
                # a value's id lets its agency find it; one the registry computed has none to find (trial 63)
                words["id"].format(id=latest["id"])
                if latest.get("id") and latest.get("entered_by") != "registry"
                else None,
                words["part"].format(period=latest["period"]) if "-" in latest["period"] else None,
                words["demo"] if latest.get("is_demo") else None,
            )
            if p
        )
    if withdrawn and not provenance:  # the cell begins with it
        withdrawn[0] = withdrawn[0][:1].upper() + withdrawn[0][1:]
    provenance = "; ".join(p for p in (provenance, *withdrawn) if p)
    return {
        "name": in_language(indicator["name_vi"], indicator["name_en"], lang),
        "unit": unit_label(indicator["unit"], lang),
        "target_min": indicator["target_min"],
        "target_max": indicator["target_max"],
        "target_year": indicator["target_year"],
        "baseline": indicator["baseline_value"],
        "latest_period": latest.get("period"),
        "latest_value": latest.get("value"),
        "progress_percent": round(share * 100, 1) if share is not None else None,
        "assessment": verdict(indicator["direction"], judged).text(lang) if latest else words["none"],
        "provenance": provenance,
        "demo": DEMO_VALUE[lang] if latest.get("is_demo") else "",
    }


def _withdrawn_since(indicator: dict[str, Any], latest: dict[str, Any], year: int, lang: str) -> list[str]:
    """The values of periods up to ``year`` after the ``latest`` held that were withdrawn, none held since (a forest
    raster removed): said, so that the year's figure is not read as never computed, nor an older one as the year's."""
    after = period_order(latest["period"]) if latest else None
    return [
        withdrawal_said(w, lang)
        for w in indicator["withdrawn"]
        if (period_year(w["period"]) or 0) <= year and (after is None or period_order(w["period"]) > after)
    ]


def verdict(direction: str, judged: dict[str, Any]) -> Said:
    """The verdict of geo.indicators.assess's ``judged``: the value against the target first, then the pace."""
    if judged["met"]:
        return VERDICTS["met"]
    if direction == "range" or judged["above"]:
        return VERDICTS["outside"]
    return VERDICTS[{True: "on_track", False: "behind", None: "pace_unknown"}[judged["on_track"]]]


def _forest_row(measured: dict[str, Any], lang: str) -> dict[str, Any]:
    """The registry's forest cover of the plan's province, for a plan that sets no forest target: plan 1099's report
    had none, though its unit page said 1,94 % (trial 57). Its raster said, and "minh họa" when a demo one."""
    year, raster = measured["year"], measured["title"]
    if lang == "en":
        name = f"Forest cover in {year} (measured by the registry; the plan sets no target)"
        source = DEMO_DESCRIPTION["en"] if measured["is_demo"] else f"Raster: {raster}"
    else:
        name = f"Độ che phủ rừng năm {year} (cơ sở dữ liệu đo; kế hoạch không đặt chỉ tiêu)"
        source = DEMO_DESCRIPTION["vi"] if measured["is_demo"] else f"Ảnh raster: {raster}"
    demo = DEMO[lang] if measured["is_demo"] else ""
    row = {"name": name, "unit": "%", "value": measured["cover_percent"], "demo": demo}
    return row | {"situation": "—", "sources": source}


def _computed_row(indicator: dict[str, Any], lang: str) -> dict[str, Any]:
    """The computed indicator, ``demo`` saying "minh họa" when its value rests on demonstration statuses, as each
    contributing project's status says it (34 km of sea dyke from a demonstration 80 % read as real: trial 57)."""
    parts = "; ".join(
        f"{in_language(s['name_vi'], s['name_en'], lang)} ({STATUS_WORDS[lang][s['status']]}"
        f"{', ' + DEMO[lang] if s['status_is_demo'] else ''}): {local_number(s['adds'], lang)}"
        for s in indicator["sources"]
    )
    return {
        "name": in_language(indicator["name_vi"], indicator["name_en"], lang),
        "unit": unit_label(indicator["unit"], lang),
        "value": indicator["value"],
        "demo": DEMO[lang] if indicator["from_demo"] else "",
        "situation": computed_situation(indicator, lang),
        "sources": parts or "—",
    }


def computed_situation(indicator: dict[str, Any], lang: str) -> str:
    """What the value stands on: "5 wind farm projects registered, none operating yet", "3 of 5 … operating", or "No
    project of this kind in the registry"."""
    words = COMPUTED_SITUATION
    if not indicator["registered"]:
        return words["none"][lang]
    registered = ", ".join(
        f"{local_number(n, lang, 0)} " + words["project" if n == 1 else "projects"][lang].format(kind=_kind(kind, lang))
        for kind, n in indicator["registered"].items()
    )
    done = COMPUTED_DONE[indicator["code"]].text(lang)
    key = "some_done" if indicator["done"] else "none_done"
    return words[key][lang].format(registered=registered, done=done, done_n=local_number(indicator["done"], lang, 0))


def _kind(kind: str, lang: str) -> str:
    """A project kind inside a sentence: "điện gió", "wind farm"."""
    return KIND_WORDS[lang].get(kind, kind).lower()


def salinity_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """One row per unit: its name and hectares in each salinity class (keys: the classes' labels), in the report's
    language; "không có số liệu" in each for a unit no zone reaches (22 communes read 0 ha: trial 65)."""
    if report.salinity is None:
        return []
    names = {c.code: c.en if report.lang == "en" else c.vi for c in SALINITY_CLASSES}
    unknown = SALINITY_NOTE[report.lang]["no_data"]
    return [
        {"unit": unit_name(unit, report.lang)}
        | {names.get(code, code): c["area_ha"] if unit["covered"] else unknown for code, c in unit["classes"].items()}
        for unit in report.salinity["units"]
    ]


#: What the salinity figures are: their period, whether a prediction, their source and load (trial 63, finding 3: the
#: sheet carried the 2025-03 machine-learning prediction as 2026's, then the office's 2026-03 zones, alike).
SALINITY_NOTE = {
    "vi": {
        "title": "Độ mặn (trang «Diện tích theo độ mặn»)",
        "period": "Kỳ {period}",
        "coverage": "vùng mặn của kỳ phủ {share} % diện tích tỉnh",
        "newest": "kỳ mới hơn {period} chỉ phủ {share} % nên báo cáo dùng kỳ mới nhất phủ từ một nửa tỉnh",
        "uncovered": "đơn vị vùng mặn không phủ tới ghi “không có số liệu”",
        "no_data": "không có số liệu",
        "before": "số liệu kỳ trước năm báo cáo {year}",
        "prediction": "DỰ BÁO bằng mô hình, không phải số đo",
        "source": "nguồn: {source}, nạp ngày {day}",
    },
    "en": {
        "title": "Salinity (sheet «Area by salinity class»)",
        "period": "Period {period}",
        "coverage": "its zones cover {share} % of the province",
        "newest": "the newer period {period} covers only {share} %: the report uses the newest covering half or more",
        "uncovered": "units no zone reaches read “no data”",
        "no_data": "no data",
        "before": "figures of a period before the reporting year {year}",
        "prediction": "a model's PREDICTION, not measured",
        "source": "source: {source}, loaded on {day}",
    },
}


def salinity_note(report: AnnualReport) -> str | None:
    """The period, the share of the province its zones cover (and the newer period passed over for covering less than
    half), the source (and its load's day) of the report's salinity figures, saying "dự báo" when they are a
    prediction and when the period is of a year before the report's; None without salinity figures."""
    salinity, words = report.salinity, SALINITY_NOTE[report.lang]
    if salinity is None:
        return None
    of_year, lang = period_year(salinity["period"]), report.lang
    newest = salinity["newest"] if salinity["newest"] != salinity["period"] else None
    newest_share = local_number(salinity["newest_coverage"] * 100, lang)
    parts = [
        words["period"].format(period=month_year(salinity["period"])),
        words["coverage"].format(share=local_number(salinity["coverage"] * 100, lang)),
        words["newest"].format(period=month_year(newest), share=newest_share) if newest else None,
        words["uncovered"] if not all(unit["covered"] for unit in salinity["units"]) else None,
        words["before"].format(year=report.year) if of_year and of_year < report.year else None,
        words["prediction"] if salinity["prediction"] else None,
        words["source"].format(
            source=cited_source(salinity["source"], report.lang), day=local_date(salinity["loaded_at"], report.lang)
        ),
    ]
    return " · ".join(part for part in parts if part)


def heading(report: AnnualReport) -> list[tuple[str, str]]:
    """The report's particulars (the XLSX's first sheet, the HTML's top), with its demonstration data when any."""
    plan, issuer = report.plan, report.issuer
    if report.lang == "en":
        rows = [
            (
                "Plan",
                f"{plan['code']} of {local_date(plan['issued_on'], 'en')} — {plan['title_en'] or plan['title_vi']}",
            ),
            ("Reporting year", str(report.year)),
            ("Report due", report.deadline),
            ("Project statuses as of", local_date(report.year_end, "en")),
            ("Administrative units", UNITS_IN_WORDS["en"][report.scheme]),
            ("Consolidated by", f"{issuer.agency}, {issuer.province}".strip(", ")),
            ("Projects counted", projects_counted(report)),
            ("Language", IN_ENGLISH),
        ]
    else:
        rows = [
            ("Kế hoạch", f"{plan['code']} ngày {vi_date(plan['issued_on'])} — {plan['title_vi']}"),
            ("Năm báo cáo", str(report.year)),
            ("Thời hạn gửi báo cáo", report.deadline),
            ("Tình trạng dự án tính đến", vi_date(report.year_end)),
            ("Đơn vị hành chính", UNITS_IN_WORDS["vi"][report.scheme]),
            ("Cơ quan tổng hợp", f"{issuer.agency} tỉnh {issuer.province}".strip()),
            ("Dự án được tính", projects_counted(report)),
        ]
    unlinked = unlinked_note(report)
    rows += [(NO_ACTION[report.lang], unlinked)] if unlinked else []
    salinity = salinity_note(report)
    rows += [(SALINITY_NOTE[report.lang]["title"], salinity)] if salinity else []
    if report.indicators:
        rows.append((VERDICTS_TITLE.text(report.lang), verdicts_note(report)))
    cleaned_texts = cleaned_note(report)
    rows += [(CLEANED_TITLE.text(report.lang), cleaned_texts)] if cleaned_texts else []
    note = demo_note(report)
    return [*rows, ({"vi": "Dữ liệu minh họa", "en": "Demonstration data"}[report.lang], note)] if note else rows
