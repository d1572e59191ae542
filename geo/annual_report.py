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
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.agencies import duty_holder
from geo.computed_indicators import computed_indicators, salinity_areas
from geo.indicator_units import unit_label
from geo.indicators import assess, indicator_progress, period_year
from geo.models import AdminUnit, Agency, Plan, assignment_holds_in_year
from geo.vi_format import vi_date, vi_number
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES, labels

LEVEL_OF_SCHEME = {"pre2025": "district", "2025": "commune"}
UNITS_IN_WORDS = {"pre2025": "Huyện, thị xã, thành phố (trước 01/07/2025)", "2025": "Xã, phường (từ 01/07/2025)"}
NO_ACTION = "Chưa gắn nhiệm vụ"  # projects of the plan not linked to any of its actions
PROVINCE_WIDE = "Toàn tỉnh"
STATUS_WORDS = labels(PROJECT_STATUSES, "vi") | {None: "Chưa có báo cáo"}
KIND_WORDS = labels(PROJECT_KINDS, "vi")
ON_TRACK_WORDS = {True: "Đạt, đúng tiến độ", False: "Chậm so với tiến độ", None: "Chưa đủ số liệu để đánh giá"}
ACTION_COLUMNS = (
    ("action", "Nhiệm vụ số"),
    ("action_title", "Tên nhiệm vụ"),
    ("agency_name", "Cơ quan chủ trì"),
    ("unit_code", "Mã đơn vị hành chính"),
    ("unit_name", "Đơn vị hành chính"),
    ("projects", "Số dự án trên địa bàn"),
    ("status_changes", "Số lần cập nhật tình trạng trong năm"),
    ("percent", "Tiến độ bình quân cuối năm (%)"),
    ("statuses", "Tình trạng dự án cuối năm"),
    ("results", "Kết quả thực hiện"),
    ("obstacles", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất giải pháp"),
)
#: How the action table counts (a trial's planner summed its projects, 22 of Bạc Liêu's 13): said under it.
ACTIONS_COUNTED = (
    "Một dự án trải trên nhiều đơn vị hành chính được tính ở mỗi đơn vị có phần của nó, nên cộng cột “Số dự án trên "
    "địa bàn” thì lớn hơn số dự án của kế hoạch; tiến độ bình quân tính theo phần của dự án trong đơn vị."
)
#: What a report says of a plan that sets no quantitative targets (Trà Vinh's 1099/QĐ-UBND), where its indicators'
#: table would be.
NO_TARGETS = "Kế hoạch không đặt chỉ tiêu định lượng."
INDICATOR_COLUMNS = (
    ("name_vi", "Chỉ tiêu"),
    ("unit", "Đơn vị tính"),
    ("target_min", "Mục tiêu (từ)"),
    ("target_max", "Mục tiêu (đến)"),
    ("target_year", "Năm đạt mục tiêu"),
    ("baseline", "Giá trị năm gốc"),
    ("latest_period", "Kỳ số liệu"),
    ("latest_value", "Giá trị thực hiện"),
    ("progress_percent", "Mức hoàn thành mục tiêu (%)"),
    ("assessment", "Đánh giá"),
    ("provenance", "Nguồn số liệu"),
)
COMPUTED_COLUMNS = (
    ("name_vi", "Chỉ số tính từ cơ sở dữ liệu"),
    ("unit", "Đơn vị tính"),
    ("value", "Giá trị cuối năm"),
    ("sources", "Các dự án đóng góp"),
)
PROJECT_COLUMNS = (
    ("action", "Nhiệm vụ số"),
    ("name_vi", "Tên dự án"),
    ("kind", "Loại công trình"),
    ("units", "Địa bàn"),
    ("capacity_value", "Quy mô"),
    ("capacity_unit", "Đơn vị quy mô"),
    ("status", "Tình trạng cuối năm"),
    ("percent", "Tiến độ (%)"),
    ("reported_at", "Ngày báo cáo gần nhất"),
)

_ACTION_ROWS = f"""
WITH state AS (
    SELECT DISTINCT ON (e.project_id) e.project_id, e.status, e.percent FROM status_event e
    WHERE e.reported_at <= :year_end ORDER BY e.project_id, e.reported_at DESC, e.version DESC
), changes AS (
    SELECT project_id, count(*) AS n FROM status_event
    WHERE reported_at BETWEEN :year_start AND :year_end GROUP BY project_id
), placed AS (
    SELECT s.project_id, u.code, u.name_vi, s.share FROM project_unit_share s
    JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = :scheme AND u.level = :level
), rows AS (
    SELECT pa.code AS action, pa.title_vi AS action_title, ag.code AS agency, ag.name_vi AS agency_name,
           placed.code AS unit_code, COALESCE(placed.name_vi, :province_wide) AS unit_name, p.id AS project_id,
           COALESCE(placed.share, 1) AS share, COALESCE(c.n, 0) AS changes, st.status, st.percent
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
       count(*) AS projects, SUM(r.changes)::int AS status_changes,
       round((SUM(r.share * r.percent) FILTER (WHERE r.status <> 'cancelled')
              / NULLIF(SUM(r.share) FILTER (WHERE r.status <> 'cancelled'), 0))::numeric, 1)::float AS percent,
       s.statuses
FROM rows r JOIN statuses s ON s.action IS NOT DISTINCT FROM r.action AND s.agency IS NOT DISTINCT FROM r.agency
     AND s.unit_code IS NOT DISTINCT FROM r.unit_code
GROUP BY r.action, r.action_title, r.agency, r.agency_name, r.unit_code, r.unit_name, s.statuses
"""
_PROJECTS = """
SELECT pa.code AS action, p.name_vi, p.kind, p.capacity_value, p.capacity_unit, st.status, st.percent, st.reported_at,
       (SELECT string_agg(u.name_vi, ', ' ORDER BY u.name_vi) FROM project_unit_share s
        JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = :scheme AND u.level = :level
        WHERE s.project_id = p.id) AS units
FROM project p JOIN plan pl ON pl.id = p.plan_id AND pl.code = :plan
LEFT JOIN plan_action pa ON pa.id = p.plan_action_id
LEFT JOIN LATERAL (
    SELECT e.status, e.percent, e.reported_at FROM status_event e
    WHERE e.project_id = p.id AND e.reported_at <= :year_end ORDER BY e.reported_at DESC, e.version DESC LIMIT 1
) st ON TRUE
WHERE p.retired_at IS NULL OR p.retired_at::date >= :year_start
ORDER BY p.name_vi
"""
_CROSSWALK = """
SELECT f.code AS district_code, f.name_vi AS district, t.code AS commune_code, t.name_vi AS commune,
       round((c.share_of_from * 100)::numeric, 2)::float AS share_of_district,
       round((c.share_of_to * 100)::numeric, 2)::float AS share_of_commune
FROM unit_crosswalk c JOIN admin_unit f ON f.id = c.from_unit_id AND f.scheme = 'pre2025' AND f.level = 'district'
JOIN admin_unit t ON t.id = c.to_unit_id AND t.level = 'commune'
JOIN admin_unit p ON p.id = f.parent_id AND p.code = :province
ORDER BY f.code, t.code
"""
CROSSWALK_COLUMNS = (
    ("district_code", "Mã huyện (trước 01/07/2025)"),
    ("district", "Huyện, thị xã, thành phố"),
    ("commune_code", "Mã xã, phường (từ 01/07/2025)"),
    ("commune", "Xã, phường"),
    ("share_of_district", "Tỷ lệ diện tích của huyện (%)"),
    ("share_of_commune", "Tỷ lệ diện tích của xã (%)"),
)
# The latest accepted (or locked) version of each action's submissions for the year.
_NARRATIVE = """
SELECT DISTINCT ON (s.plan_action_id, s.agency_id) pa.code AS action, pa.title_vi AS action_title,
       a.name_vi AS agency_name, s.id AS submission, s.version, s.results, s.obstacles, s.proposals,
       s.project_ids, s.value_ids, s.accepted_at
FROM submission s JOIN plan_action pa ON pa.id = s.plan_action_id JOIN plan pl ON pl.id = pa.plan_id AND pl.code = :plan
JOIN agency a ON a.id = s.agency_id
WHERE s.year = :year AND s.status IN ('accepted', 'locked')
ORDER BY s.plan_action_id, s.agency_id, s.version DESC
"""


class ReportError(ValueError):
    """A report that cannot be made (unknown plan, bad year or format); the message says what to give, after the
    name of the ``parameter`` to change (the API answers it as a refused query parameter, api/errors.py)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
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
    actions: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    narrative: list[dict[str, Any]] = field(default_factory=list)
    computed: list[dict[str, Any]] = field(default_factory=list)
    salinity: dict[str, Any] | None = None
    crosswalk: list[dict[str, Any]] = field(default_factory=list)

    @property
    def deadline(self) -> str:
        plan = self.plan
        if plan["report_due_day"] is None:
            return "cùng thời điểm báo cáo kinh tế - xã hội năm (kế hoạch không nêu ngày)"
        return f"trước ngày {vi_date(date(self.year, plan['report_due_month'], plan['report_due_day']))}"

    @property
    def year_end(self) -> date:
        return min(date(self.year, 12, 31), vietnam_today())


def default_scheme(year: int) -> str:
    """Reports of 2025 on are by the 2025 units; earlier ones by the districts of the time."""
    return "2025" if year >= 2025 else "pre2025"


def annual_report(
    session: Session, plan_code: str, year: int, scheme: str | None = None, crosswalk: bool = False
) -> AnnualReport:
    """Gather the report of ``plan_code`` for ``year`` (statuses as at the end of the year, or today); with
    ``crosswalk``, the table linking the province's former districts to the 2025 communes (shares of area)."""
    plan = session.scalar(select(Plan).where(Plan.code == plan_code))
    if plan is None:
        known = sorted(session.scalars(select(Plan.code)))
        raise ReportError("plan", f"unknown plan {plan_code!r}; expected one of {known}")
    scheme = scheme or default_scheme(year)
    if scheme not in LEVEL_OF_SCHEME:
        raise ReportError("scheme", f"{scheme!r} is not one of {sorted(LEVEL_OF_SCHEME)}")
    if not 2000 <= year <= vietnam_today().year + 1:
        raise ReportError("year", f"{year} is not a reporting year")
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
    report = AnnualReport({k: getattr(plan, k) for k in keys}, year, scheme, _issuer(session, plan), vietnam_today())
    params = {"plan": plan_code, "scheme": scheme, "level": LEVEL_OF_SCHEME[scheme], "province_wide": PROVINCE_WIDE}
    params |= {"year": year, "year_start": date(year, 1, 1), "year_end": report.year_end}
    report.narrative = sorted(
        (dict(r) for r in session.execute(text(_NARRATIVE), params).mappings()),
        key=lambda r: (action_order(r["action"]), r["agency_name"]),
    )
    rows = [dict(r) for r in session.execute(text(_ACTION_ROWS), params).mappings()]
    rows += _reported_without_projects(rows, report.narrative)
    holders = _lead_holders(session, plan, year, {r["agency"] for r in rows} - {None})
    report.actions = sorted(
        (_action_row(row, report.narrative, holders) for row in rows),
        key=lambda r: (action_order(r["action"]), r["agency"] is None, r["agency"] or "", r["unit_code"] or ""),
    )
    report.indicators = [_indicator_row(i, year) for i in indicator_progress(session, plan_code)]
    report.computed = [_computed_row(c) for c in computed_indicators(session, plan_code, report.year_end)]
    report.salinity = salinity_areas(session, plan.province_code, scheme, LEVEL_OF_SCHEME[scheme])
    if crosswalk:
        report.crosswalk = [
            dict(r) for r in session.execute(text(_CROSSWALK), {"province": plan.province_code}).mappings()
        ]
    report.projects = [
        dict(r) | {"status": STATUS_WORDS[r["status"]], "kind": KIND_WORDS.get(r["kind"], r["kind"])}
        for r in session.execute(text(_PROJECTS), params).mappings()
    ]
    return report


def _issuer(session: Session, plan: Plan) -> Issuer:
    if plan.focal_agency_id is None:
        province = session.scalar(select(AdminUnit.name_vi).where(AdminUnit.code == plan.province_code))
        return Issuer(province or "", "", "", False)
    holder = duty_holder(session, plan.focal_agency_id, vietnam_today())
    agency = session.get(Agency, holder.agency_id)
    province = session.scalar(
        select(AdminUnit.name_vi).where(AdminUnit.level == "province", AdminUnit.code == agency.province_code)
    )
    name = re.sub(r"\s+tỉnh\s+.*$", "", agency.name_vi)
    return Issuer(province or "", name, agency.code, holder.certain)


def _lead_holders(session: Session, plan: Plan, year: int, codes: set[str]) -> dict[str, str]:
    """Each agency code → the name of the agency holding its duties on the year's due day (itself, or its successor
    after a merger, marked when the succession is uncertain)."""
    due = date(year, plan.report_due_month or 12, plan.report_due_day or 31)
    names = {}
    for agency in session.scalars(select(Agency).where(Agency.code.in_(codes))):
        holder = duty_holder(session, agency.id, due)
        names[agency.code] = holder.name_vi + ("" if holder.certain else " (cơ quan kế thừa chưa chắc chắn)")
    return names


def _reported_without_projects(rows: list[dict[str, Any]], narrative: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row for each action with an accepted report but no project, so that its report is in the action table."""
    added, covered = [], {r["action"] for r in rows}
    for report in narrative:
        if report["action"] in covered:
            continue
        covered.add(report["action"])
        added.append(
            {"action": report["action"], "action_title": report["action_title"], "agency": None}
            | {"agency_name": report["agency_name"], "unit_code": None, "unit_name": PROVINCE_WIDE}
            | {"projects": 0, "status_changes": 0, "percent": None, "statuses": None}
        )
    return added


def _action_row(row: dict[str, Any], narrative: list[dict[str, Any]], holders: dict[str, str]) -> dict[str, Any]:
    """One row of the action table: the lead as it stood in the year, statuses in words, the submissions' text."""
    if row["action"] is None:
        row["action_title"] = NO_ACTION
    if row["agency"] is not None:
        row["agency_name"] = holders[row["agency"]]
    statuses = row.pop("statuses") or {}
    row["statuses"] = "; ".join(f"{STATUS_WORDS[code or None]}: {n}" for code, n in statuses.items())
    reports = [n for n in narrative if n["action"] == row["action"]]
    for key in ("results", "obstacles", "proposals"):
        row[key] = "\n".join(n[key] for n in reports if n[key])
    return row


def action_order(code: str | None) -> tuple:
    """Sort key of a plan action code in reading order, whatever its form ("2.10" after "2.9", "P10" after "P6";
    Trà Vinh's codes are letters and numbers, Bạc Liêu's dotted numbers); actions without a code last."""
    if code is None:
        return (1, [])
    return (0, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)])


def _indicator_row(indicator: dict[str, Any], year: int) -> dict[str, Any]:
    """The indicator against its target with the latest value of a period up to ``year``, and where it came from."""
    observed = [v for v in indicator["observed"] if (period_year(v["period"]) or 0) <= year]
    judged = assess(indicator, observed)
    latest = judged["latest"] or {}
    share = judged["progress_share"]
    provenance = ""
    if latest:
        who = latest.get("method") or ""  # the agency that entered it, not the account's user name
        if latest.get("entered_by_agency"):
            who = f"nhập bởi {latest['entered_by_agency']}"
        elif latest.get("entered_by") not in (None, "registry"):
            who = "nhập bởi quản trị viên hệ thống"
        provenance = "; ".join(
            p
            for p in (
                latest.get("source"),
                who,
                f"mã giá trị {latest['id']}" if latest.get("id") else None,
                f"chưa có số liệu cả năm, dùng số liệu kỳ {latest['period']}" if "-" in latest["period"] else None,
                "số liệu minh họa" if latest.get("is_demo") else None,
            )
            if p
        )
    return {
        "name_vi": indicator["name_vi"],
        "unit": unit_label(indicator["unit"], "vi"),
        "target_min": indicator["target_min"],
        "target_max": indicator["target_max"],
        "target_year": indicator["target_year"],
        "baseline": indicator["baseline_value"],
        "latest_period": latest.get("period"),
        "latest_value": latest.get("value"),
        "progress_percent": round(share * 100, 1) if share is not None else None,
        "assessment": ON_TRACK_WORDS[judged["on_track"]] if latest else "Chưa có số liệu",
        "provenance": provenance,
    }


def _computed_row(indicator: dict[str, Any]) -> dict[str, Any]:
    parts = "; ".join(
        f"{s['name_vi']} ({STATUS_WORDS[s['status']]}): {vi_number(s['adds'])}" for s in indicator["sources"]
    )
    return {
        "name_vi": indicator["name_vi"],
        "unit": unit_label(indicator["unit"], "vi"),
        "value": indicator["value"],
        "sources": parts or "Không có dự án",
    }


def salinity_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """One row per unit: its name and hectares in each salinity class (keys: the classes' Vietnamese labels)."""
    if report.salinity is None:
        return []
    labels = report.salinity["classes"]
    return [
        {"unit": unit["name_vi"]} | {labels.get(code, code): c["area_ha"] for code, c in unit["classes"].items()}
        for unit in report.salinity["units"]
    ]


def heading(report: AnnualReport) -> list[tuple[str, str]]:
    plan = report.plan
    return [
        ("Kế hoạch", f"{plan['code']} ngày {vi_date(plan['issued_on'])} — {plan['title_vi']}"),
        ("Năm báo cáo", str(report.year)),
        ("Thời hạn gửi báo cáo", report.deadline),
        ("Tình trạng dự án tính đến", vi_date(report.year_end)),
        ("Đơn vị hành chính", UNITS_IN_WORDS[report.scheme]),
        ("Cơ quan tổng hợp", f"{report.issuer.agency} tỉnh {report.issuer.province}".strip()),
    ]
