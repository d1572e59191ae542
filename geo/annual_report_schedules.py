"""The yearly report's projects past due by plan action: "which actions of 148/QĐ-UBND are behind?" was asked for a
quarterly briefing and nothing in the report answered it (its only "Quá hạn" was the agencies' reports not sent); the
planner filtered the map by plan and schedule, then pivoted its Excel on the action.

Each action with projects, in the plan's order, then the whole plan: its projects and how many are past due, within
their time, finished or cancelled, or without a year due, at the report's day (the year's end, or today in the year
under way) by their status then (geo.schedule, as the map of that day judges them). A table in the workbook, the CSV
and the page; a column of the Word document's list of tasks; and, in each, one sentence saying how many in all.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from geo.annual_report import AnnualReport
from geo.annual_report_words import Columns
from geo.said import Said
from geo.vi_format import local_date, local_number
from geo.vocab import PROJECT_SCHEDULES

#: The schedules' columns in the words of the map's schedule filter (geo.vocab.PROJECT_SCHEDULES).
SCHEDULE_COLUMNS: Columns = (
    ("action", Said("Nhiệm vụ số", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("projects", Said("Số dự án", "Projects")),
    *((term.code, Said(term.vi, term.en)) for term in PROJECT_SCHEDULES),
)
SCHEDULES_TITLE = Said("Dự án quá hạn theo nhiệm vụ", "Projects past due by action")
#: The Word document's list of tasks: how many of a task's projects are past due ("—" for a task without any).
PAST_DUE_COLUMN = ("past_due", Said("Dự án quá hạn", "Projects past due"))
_SAID = {
    "vi": "Đến {day}, {n} trong {of} dự án của kế hoạch quá hạn (chưa xong — đề xuất, chuẩn bị đầu tư, đang thi công "
    "hoặc tạm dừng — khi đã qua năm phải hoàn thành: năm kết thúc của dự án, không có thì năm cuối kỳ kế hoạch), theo "
    "tình trạng ngày đó.",
    "en": "On {day}, {n} of the plan's {of} projects were past due (not finished — proposed, in investment "
    "preparation, under construction or suspended — after the year they were due: their own end year, or else the "
    "plan's last), by their status that day.",
}


def schedule_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """Each action with projects in the plan's order, then the whole plan (``total``): its projects and how many of
    them are in each schedule at the report's day."""
    return report.by_action(_schedule_row)


def _schedule_row(
    action: str | None, title: str, projects: list[dict[str, Any]], total: bool = False
) -> dict[str, Any]:
    counted = Counter(project["schedule_code"] for project in projects)
    row = {"action": action, "action_title": title, "projects": len(projects), "total": total}
    return row | {term.code: counted[term.code] for term in PROJECT_SCHEDULES}


def past_due_by_task(report: AnnualReport) -> dict[str | None, int]:
    """Each action's projects past due at the report's day (an action without one absent)."""
    return dict(Counter(p["action"] for p in report.projects if p["schedule_code"] == "past_due"))


def past_due_said(report: AnnualReport) -> str:
    """ "Đến 31/12/2025, 9 trong 22 dự án của kế hoạch quá hạn (…)": how many in all, and what past due means."""
    lang = report.lang
    n = sum(past_due_by_task(report).values())
    day, of = local_date(report.year_end, lang), local_number(len(report.projects), lang)
    return _SAID[lang].format(day=day, n=local_number(n, lang), of=of)
