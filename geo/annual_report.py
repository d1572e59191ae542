"""The yearly implementation report of a plan: the form agencies send the planning department before 14 November.

Plan 148/QĐ-UBND section V.2: departments and district People's Committees report each year what was carried out,
the obstacles and proposed solutions, to the Department of Planning and Investment before 14/11. One row per plan
action, lead agency (the project's, else the action's or its task group's lead) and unit (pre-2025 districts by
default, as the plans report; projects without a site count as "province-wide"): projects, status changes reported
in the year, mean percent complete at the end of the year (weighted by each project's share of the unit) and the
statuses then; two empty columns for obstacles and proposals. A second table lists the plan's indicators with the
latest observed value and progress (geo.indicators).
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.indicators import indicator_progress

FORMATS = ("xlsx", "csv", "html")
LEVEL_OF_SCHEME = {"pre2025": "district", "2025": "commune"}
PROVINCE_WIDE = "Toàn tỉnh / province-wide"
ACTION_COLUMNS = (
    ("action", "Mã nhiệm vụ / Action"),
    ("action_title", "Nhiệm vụ / Action title"),
    ("agency", "Mã cơ quan chủ trì / Lead agency code"),
    ("agency_name", "Cơ quan chủ trì / Lead agency"),
    ("unit_code", "Mã đơn vị hành chính / Unit code"),
    ("unit_name", "Đơn vị hành chính / Unit"),
    ("projects", "Số dự án / Projects"),
    ("status_changes", "Số lần cập nhật tình trạng trong năm / Status changes in the year"),
    ("percent", "Tiến độ bình quân cuối năm (%) / Mean percent complete at year end"),
    ("statuses", "Tình trạng cuối năm / Statuses at year end"),
    ("obstacles", "Khó khăn, vướng mắc / Obstacles"),
    ("proposals", "Đề xuất giải pháp / Proposed solutions"),
)
INDICATOR_COLUMNS = (
    ("code", "Mã chỉ tiêu / Indicator"),
    ("name_vi", "Chỉ tiêu / Indicator name"),
    ("unit", "Đơn vị / Unit"),
    ("target", "Mục tiêu / Target"),
    ("target_year", "Năm mục tiêu / Target year"),
    ("baseline", "Giá trị gốc / Baseline"),
    ("latest_period", "Kỳ quan sát gần nhất / Latest period"),
    ("latest_value", "Giá trị quan sát / Latest value"),
    ("latest_is_demo", "Số liệu minh họa / Demo value"),
    ("progress_share", "Mức hoàn thành mục tiêu / Progress share"),
    ("on_track", "Đúng tiến độ / On track"),
)

_ACTION_ROWS = """
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
        WHERE a.id = p.lead_agency_id OR paa.plan_action_id = p.plan_action_id OR paa.plan_action_id = pa.parent_id
        ORDER BY a.id = p.lead_agency_id DESC, paa.plan_action_id = p.plan_action_id DESC, a.code LIMIT 1
    ) ag ON TRUE
    LEFT JOIN placed ON placed.project_id = p.id
    LEFT JOIN state st ON st.project_id = p.id
    LEFT JOIN changes c ON c.project_id = p.id
    WHERE p.retired_at IS NULL OR p.retired_at::date >= :year_start
), statuses AS (
    SELECT action, agency, unit_code, string_agg(status || ': ' || n, '; ' ORDER BY status) AS statuses
    FROM (SELECT action, agency, unit_code, COALESCE(status, 'not yet reported') AS status, count(*) AS n
          FROM rows GROUP BY 1, 2, 3, 4) s
    GROUP BY 1, 2, 3
)
SELECT r.action, r.action_title, r.agency, r.agency_name, r.unit_code, r.unit_name,
       count(*) AS projects, SUM(r.changes)::int AS status_changes,
       round((SUM(r.share * r.percent) FILTER (WHERE r.status <> 'cancelled')
              / NULLIF(SUM(r.share) FILTER (WHERE r.status <> 'cancelled'), 0))::numeric, 1)::float AS percent,
       s.statuses, '' AS obstacles, '' AS proposals
FROM rows r JOIN statuses s ON s.action IS NOT DISTINCT FROM r.action AND s.agency IS NOT DISTINCT FROM r.agency
     AND s.unit_code IS NOT DISTINCT FROM r.unit_code
GROUP BY r.action, r.action_title, r.agency, r.agency_name, r.unit_code, r.unit_name, s.statuses
"""


class ReportError(ValueError):
    """A report that cannot be made (unknown plan, bad year or format); the message says what to give."""


@dataclass
class AnnualReport:
    plan: dict[str, Any]
    year: int
    scheme: str
    actions: list[dict[str, Any]]
    indicators: list[dict[str, Any]]

    @property
    def deadline(self) -> str:
        return f"14/11/{self.year}"

    @property
    def year_end(self) -> date:
        return min(date(self.year, 12, 31), date.today())


def annual_report(session: Session, plan_code: str, year: int, scheme: str = "pre2025") -> AnnualReport:
    """Gather the report of ``plan_code`` for ``year`` (statuses as at the end of the year, or today)."""
    plan = (
        session.execute(
            text("SELECT code, title_vi, title_en, province_code, period_start, period_end FROM plan WHERE code = :c"),
            {"c": plan_code},
        )
        .mappings()
        .first()
    )
    if plan is None:
        known = sorted(session.execute(text("SELECT code FROM plan")).scalars())
        raise ReportError(f"plan: unknown plan {plan_code!r}; expected one of {known}")
    if scheme not in LEVEL_OF_SCHEME:
        raise ReportError(f"scheme: {scheme!r} is not one of {sorted(LEVEL_OF_SCHEME)}")
    if not 2000 <= year <= date.today().year + 1:
        raise ReportError(f"year: {year} is not a reporting year")
    report = AnnualReport(dict(plan), year, scheme, [], [])
    params = {"plan": plan_code, "scheme": scheme, "level": LEVEL_OF_SCHEME[scheme], "province_wide": PROVINCE_WIDE}
    params |= {"year_start": date(year, 1, 1), "year_end": report.year_end}
    rows = [dict(r) for r in session.execute(text(_ACTION_ROWS), params).mappings()]
    report.actions = sorted(
        rows, key=lambda r: (action_order(r["action"]), r["agency"] is None, r["agency"] or "", r["unit_code"] or "")
    )
    report.indicators = [_indicator_row(i) for i in indicator_progress(session, plan_code)]
    return report


def action_order(code: str | None) -> tuple:
    """Sort key of a plan action code in reading order, whatever its form ("2.10" after "2.9", "P10" after "P6";
    Trà Vinh's codes are letters and numbers, Bạc Liêu's dotted numbers); actions without a code last."""
    if code is None:
        return (1, [])
    return (0, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)])


def _indicator_row(indicator: dict[str, Any]) -> dict[str, Any]:
    low, high, latest = indicator["target_min"], indicator["target_max"], indicator["latest"] or {}
    target = f"{low}–{high}" if None not in (low, high) and low != high else str(low if low is not None else high)
    return {
        "code": indicator["code"],
        "name_vi": indicator["name_vi"],
        "unit": indicator["unit"],
        "target": target,
        "target_year": indicator["target_year"],
        "baseline": indicator["baseline_value"],
        "latest_period": latest.get("period"),
        "latest_value": latest.get("value"),
        "latest_is_demo": latest.get("is_demo"),
        "progress_share": indicator["progress_share"],
        "on_track": indicator["on_track"],
    }


def _heading(report: AnnualReport) -> list[tuple[str, str]]:
    plan = report.plan
    return [
        ("Kế hoạch / Plan", f"{plan['code']} — {plan['title_vi']}"),
        ("Năm báo cáo / Reporting year", str(report.year)),
        ("Hạn gửi Sở Kế hoạch và Đầu tư / Due to the planning department", f"trước ngày / before {report.deadline}"),
        ("Tình trạng tính đến / Statuses as of", report.year_end.isoformat()),
        ("Đơn vị hành chính / Units", f"{report.scheme} {LEVEL_OF_SCHEME[report.scheme]}"),
    ]


def to_xlsx(report: AnnualReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Thông tin"
    for row in _heading(report):
        sheet.append(row)
    for title, columns, rows in (
        ("Nhiệm vụ", ACTION_COLUMNS, report.actions),
        ("Chỉ tiêu", INDICATOR_COLUMNS, report.indicators),
    ):
        sheet = book.create_sheet(title)
        sheet.append([label for _, label in columns])
        for row in rows:
            sheet.append([row[key] for key, _ in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(report: AnnualReport) -> bytes:
    """The action table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in ACTION_COLUMNS])
    for row in report.actions:
        writer.writerow(["" if row[key] is None else row[key] for key, _ in ACTION_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def to_html(report: AnnualReport, map_html: str) -> bytes:
    """The report as a page with the progress choropleth (``map_html``, a whole folium page) in a frame."""
    parts = [
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{_e(report.plan['code'])} "
        f"{report.year}</title><style>body{{font:14px sans-serif;margin:16px}}table{{border-collapse:collapse;"
        f"margin:8px 0 24px}}td,th{{border:1px solid #999;padding:3px 6px;vertical-align:top}}</style></head><body>",
        f"<h1>Báo cáo tình hình thực hiện / Implementation report {report.year}</h1>",
        _table([("", "")], [{"": k, "_": v} for k, v in _heading(report)], keys=("", "_"), header=False),
        "<h2>Bản đồ tiến độ / Progress map</h2>",
        f"<iframe id='progress-map' style='width:100%;height:560px;border:1px solid #999' "
        f'srcdoc="{html.escape(map_html, quote=True)}"></iframe>',
        "<h2>Nhiệm vụ / Actions</h2>",
        _table(ACTION_COLUMNS, report.actions),
        "<h2>Chỉ tiêu / Indicators</h2>",
        _table(INDICATOR_COLUMNS, report.indicators),
        "</body></html>",
    ]
    return "".join(parts).encode("utf-8")


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(columns, rows, keys=None, header: bool = True) -> str:
    keys = keys or [key for key, _ in columns]
    head = "<tr>" + "".join(f"<th>{_e(label)}</th>" for _, label in columns) + "</tr>" if header else ""
    body = "".join("<tr>" + "".join(f"<td>{_e(row[k])}</td>" for k in keys) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"
