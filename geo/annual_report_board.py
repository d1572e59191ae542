"""The yearly report's account of the agencies' reports (/monitoring's board, geo.submission_board): how many of the
reports the agencies owe for the year are in, per agency, and which are not sent or late, by name. A director handed
section I with only the accepted reports read it as complete while 34 of 35 were not sent (trial 57)."""

from __future__ import annotations

from typing import Any

from geo.annual_report import AnnualReport, in_language
from geo.annual_report_words import ASSIGN_LEADS
from geo.said import fill
from geo.submission_board import STATE_WORDS

#: The section's title, as /monitoring heads its board.
BOARD_TITLE = {"vi": "Tình hình báo cáo của các cơ quan", "en": "Reports of the agencies"}
WORDS = {
    "summary": {
        "vi": "{accepted} trong {total} báo cáo các cơ quan phải gửi cho năm {year} đã được tiếp nhận{rest}{see}.",
        "en": "{accepted} of the {total} reports the agencies owe for {year} accepted{rest}{see}.",
    },
    "see": {"vi": ": xem mục “{title}”", "en": ": see “{title}”"},
    "unsent": {"vi": "{count} chưa gửi", "en": "{count} not yet sent"},
    "late": {"vi": " ({count} đã quá hạn)", "en": " ({count} late)"},
    "submitted": {"vi": "{count} đã gửi, chờ xem xét", "en": "{count} sent, awaiting review"},
    "returned": {"vi": "{count} trả lại để bổ sung", "en": "{count} returned for revision"},
    "none_owed": {
        "vi": "Không có báo cáo nào các cơ quan phải gửi cho năm {year}.",
        "en": "No agency owes a report for {year}.",
    },
    # the actions the reports owed leave out, said once: plan 148's waste sites, wind farms and dykes (groups 3 and
    # 5–18, whose leads its Appendix I gives, not held) were silently outside its 19 reports owed (trial 68)
    "no_lead": {
        "vi": "{count} nhiệm vụ chưa có cơ quan chủ trì trong hệ thống: các nhiệm vụ này không có báo cáo phải gửi cho "
        "đến khi cơ quan đầu mối giao cơ quan chủ trì ở trang /monitoring (mục “{assign}”).",
        "vi_one": "1 nhiệm vụ chưa có cơ quan chủ trì trong hệ thống: nhiệm vụ này không có báo cáo phải gửi cho đến "
        "khi cơ quan đầu mối giao cơ quan chủ trì ở trang /monitoring (mục “{assign}”).",
        "en": "{count} actions have no lead agency recorded: no report is owed for them until the focal agency "
        "assigns one on /monitoring (“{assign}”).",
        "en_one": "1 action has no lead agency recorded: no report is owed for it until the focal agency assigns one "
        "on /monitoring (“{assign}”).",
    },
}
#: Over the list of the reports not in.
NOT_IN_TITLE = {"vi": "Các báo cáo chưa gửi, quá hạn hoặc bị trả lại:", "en": "Reports not sent, late or returned:"}
#: The states of a report not in (the list the director chases), in the order the list gives them.
NOT_IN = ("late", "owed", "returned")


def _count(state: str, agencies: list[dict[str, Any]]) -> int:
    return sum(agency[state] for agency in agencies)


def board_summary(report: AnnualReport, pointing: bool = False) -> str:
    """How many of the reports owed are accepted, and how many are not (sent, late, returned), ``pointing`` to the
    section giving them (section I's opening, away from it); then how many actions owe none for want of a lead."""
    said = _owed_said(report, pointing)
    unled = sum(not task["leads"] for task in report.tasks)  # a sub-task's are its group's when it has none
    if not unled:
        return said
    return f"{said} {fill(WORDS, 'no_lead', count=unled, assign=ASSIGN_LEADS).text(report.lang)}"


def _owed_said(report: AnnualReport, pointing: bool) -> str:
    """The reports owed for the year and where they stand, in one sentence."""
    lang, agencies, year = report.lang, report.board["agencies"], str(report.year)
    totals = {state: _count(state, agencies) for state in STATE_WORDS[lang]}
    if not sum(totals.values()):
        return fill(WORDS, "none_owed", year=year).text(lang)
    unsent = totals["owed"] + totals["late"]
    rest = [fill(WORDS, "unsent", count=unsent).text(lang)] if unsent else []
    if rest and totals["late"]:
        rest[0] += fill(WORDS, "late", count=totals["late"]).text(lang)
    rest += [fill(WORDS, key, count=totals[key]).text(lang) for key in ("submitted", "returned") if totals[key]]
    said = fill(
        WORDS,
        "summary",
        accepted=totals["accepted"],
        total=sum(totals.values()),
        year=year,
        rest="".join(f"; {part}" for part in rest),
        see=fill(WORDS, "see", title=BOARD_TITLE[lang]).text(lang) if pointing else "",
    )
    return said.text(lang)


def board_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """Per agency: its name in the report's language, the reports it owes, how many in each state, its on-time rate."""
    return [
        {
            "agency": in_language(a["name_vi"], a["name_en"], report.lang),
            "owed_total": a["owed"] + a["late"] + a["submitted"] + a["returned"] + a["accepted"],
            "owed": a["owed"],
            "late": a["late"],
            "submitted": a["submitted"],
            "returned": a["returned"],
            "accepted": a["accepted"],
            "on_time_percent": None if a["on_time_rate"] is None else round(a["on_time_rate"] * 100, 1),
        }
        for a in report.board["agencies"]
    ]


def not_in_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """Each report not in (late, not sent, returned), late ones first: the agency, the action and its state."""
    lang = report.lang
    rows = [
        {
            "agency": in_language(a["name_vi"], a["name_en"], lang),
            "action": duty["action"],
            "action_title": in_language(duty["title_vi"], duty["title_en"], lang),
            "state": STATE_WORDS[lang][duty["state"]],
            "order": NOT_IN.index(duty["state"]),
        }
        for a in report.board["agencies"]
        for duty in a["duties"]
        if duty["state"] in NOT_IN
    ]
    return [{k: v for k, v in row.items() if k != "order"} for row in sorted(rows, key=lambda r: r["order"])]
