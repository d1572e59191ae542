"""The yearly report's account of the agencies' reports (/monitoring's board, geo.submission_board): how many of the
reports the agencies owe for the year are in, per agency, and which are not sent or late, by name. A director handed
section I with only the accepted reports read it as complete while 34 of 35 were not sent (trial 57)."""

from __future__ import annotations

from typing import Any

from geo.annual_report import AnnualReport, in_language
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
        "vi": "Không có báo cáo nào các cơ quan phải gửi cho năm {year} (kế hoạch chưa giao cơ quan chủ trì).",
        "en": "No agency owes a report for {year} (the plan names no lead agencies).",
    },
}
#: Over the list of the reports not in.
NOT_IN_TITLE = {"vi": "Các báo cáo chưa gửi, quá hạn hoặc bị trả lại:", "en": "Reports not sent, late or returned:"}
#: The states of a report not in (the list the director chases), in the order the list gives them.
NOT_IN = ("late", "owed", "returned")


def _count(state: str, agencies: list[dict[str, Any]]) -> int:
    return sum(agency[state] for agency in agencies)


def board_summary(report: AnnualReport, pointing: bool = False) -> str:
    """One sentence: how many of the reports owed are accepted, and how many are not (sent, late, returned);
    ``pointing`` to the section giving them (section I's opening, away from it)."""
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
