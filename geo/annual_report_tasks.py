"""The yearly report's list of the plan's tasks, one row each (the Word document's, section I): the task, its lead as
the action table names it, its projects at the year's end by status, or that it has none, how many of them are past
due (geo.annual_report_schedules), and the year's reports on it. The document had the accepted reports only: plan
1099's 22 tasks A1–A22 were nowhere but among the reports not sent (trial 67)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from geo.annual_report import NO_ACTION, NO_PROJECT, AnnualReport, in_language
from geo.annual_report_schedules import PAST_DUE_COLUMN, past_due_by_task
from geo.annual_report_words import NO_LEAD, Columns
from geo.said import Said
from geo.submission_board import STATE_WORDS
from geo.vi_format import local_number

TASK_COLUMNS: Columns = (
    ("action", Said("Nhiệm vụ", "Action")),
    ("action_title", Said("Tên nhiệm vụ", "Action title")),
    ("agency_name", Said("Cơ quan chủ trì", "Lead agency")),
    ("projects", Said("Dự án (tình trạng cuối năm)", "Projects (status at year end)")),
    PAST_DUE_COLUMN,
    ("reports", Said("Báo cáo năm của cơ quan chủ trì", "The lead agencies' yearly reports")),
)
#: Over the table, the number of tasks filled in.
TASKS_TITLE = {"vi": "Các nhiệm vụ của kế hoạch ({n} nhiệm vụ):", "en": "The plan's actions ({n}):"}
WORDS = {
    "vi": {"project": "{n} dự án", "projects": "{n} dự án", "none_owed": "Không có báo cáo phải gửi"},
    "en": {"project": "{n} project", "projects": "{n} projects", "none_owed": "No report owed"},
}


def tasks_title(report: AnnualReport) -> str:
    return TASKS_TITLE[report.lang].format(n=local_number(len(report.tasks), report.lang))


def task_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """Every task of the plan in its order, then the plan's projects linked to none ("Chưa gắn nhiệm vụ")."""
    lang = report.lang
    leads: dict[str | None, list[str]] = {}
    for row in report.actions:
        named = leads.setdefault(row["action"], [])
        named += [lead for lead in _leads_said(row) if lead not in named]
    projects: dict[str | None, list[str]] = {}
    for project in report.projects:
        projects.setdefault(project["action"], []).append(project["status"])
    tasks = [(t["code"], in_language(t["title_vi"], t["title_en"], lang)) for t in report.tasks]
    tasks += [(None, NO_ACTION[lang])] if None in projects else []
    reports, late = _reports_by_task(report), past_due_by_task(report)
    return [
        {
            "action": code,
            "action_title": title,
            "agency_name": "\n".join(leads.get(code, [])) or NO_LEAD.text(lang),
            "projects": _projects_said(projects.get(code, []), lang),
            "past_due": local_number(late.get(code, 0), lang) if code in projects else "—",
            "reports": reports.get(code, WORDS[lang]["none_owed"]),
        }
        for code, title in tasks
    ]


def _leads_said(row: dict[str, Any]) -> list[str]:
    """An action row's leads, each with the agency the plan named beneath it when merged away since, as /monitoring
    writes them ("Sở Tài chính tỉnh Cà Mau", under it "trước đây là Sở Kế hoạch và Đầu tư tỉnh Bạc Liêu (BL.SKHDT),
    đến 28/02/2025"); or what the row says instead ("Như nhóm nhiệm vụ 13", that the plan as held names none)."""
    if not row["leads"]:
        return [row["agency_name"]]
    return ["\n".join([lead["name"], *lead["formerly"]]) for lead in row["leads"]]


def _projects_said(statuses: list[str], lang: str) -> str:
    """ "2 dự án: Đang thi công 1; Đề xuất trong kế hoạch 1", or that the task has none."""
    if not statuses:
        return NO_PROJECT[lang]
    counted = "; ".join(f"{status}: {n}" for status, n in Counter(statuses).items())
    n = len(statuses)
    return f"{WORDS[lang]['project' if n == 1 else 'projects'].format(n=local_number(n, lang))} — {counted}"


def _reports_by_task(report: AnnualReport) -> dict[str, str]:
    """Each task's reports owed for the year by their state ("Chưa gửi", or "Đã tiếp nhận: 1; Quá hạn: 3" for a task
    of several leads, named in the lead's cell)."""
    states: dict[str, Counter] = {}
    for agency in report.board["agencies"]:
        for duty in agency["duties"]:
            states.setdefault(duty["action"], Counter())[duty["state"]] += 1
    words = STATE_WORDS[report.lang]
    return {
        action: "; ".join(words[s] if sum(n.values()) == 1 else f"{words[s]}: {k}" for s, k in n.items())
        for action, n in states.items()
    }
