"""The yearly report as an HTML page: its tables, with the printed progress map as an image in the page (one file
that opens from disk, prints, and carries no script). The page is in the report's language only (a Vietnamese one
had every heading twice, "Nhiệm vụ / Actions"), and reads on a phone: its tables scroll in their own box."""

from __future__ import annotations

import base64
import html
from datetime import date
from itertools import groupby

from geo.annual_report import AnnualReport, budget_count, demo_note, heading, shown_columns
from geo.annual_report_board import BOARD_TITLE, NOT_IN_TITLE, board_rows, board_summary, not_in_rows
from geo.annual_report_schedules import SCHEDULE_COLUMNS, SCHEDULES_TITLE, past_due_said, schedule_rows
from geo.annual_report_words import (
    ACTION_COLUMNS,
    ACTIONS_COUNTED,
    BOARD_COLUMNS,
    BUDGET_SHOWN,
    COMPUTED_COLUMNS,
    INDICATOR_COLUMNS,
    NO_TARGETS,
    NOT_IN_COLUMNS,
    PROJECT_COLUMNS,
    Columns,
    columns_in,
)
from geo.vi_format import local_date, local_number

WORDS = {
    "vi": {
        "title": "Báo cáo tình hình thực hiện năm {year}",
        "map": "Bản đồ tiến độ",
        "actions": "Nhiệm vụ",
        "indicators": "Chỉ tiêu",
        "computed": "Chỉ số tính từ cơ sở dữ liệu",
        "budgets": "Vốn theo nhiệm vụ",
        "projects": "Dự án",
        "none": "Không có.",
    },
    "en": {
        "title": "Implementation report {year}",
        "map": "Progress map",
        "actions": "Actions",
        "indicators": "Indicators",
        "computed": "Indicators computed from the database",
        "budgets": "Budget by action",
        "projects": "Projects",
        "none": "None.",
    },
}
#: An action's own columns, said once over its units' rows (13.3's long title was on each of its eight rows).
REPORTED = ("results", "obstacles", "proposals")  # what the accepted reports on an action say
ACTION_WIDE = ("action", "action_title", *REPORTED)
#: A unit's figures in the action table: what rows of the same projects share, and the cells an action without a
#: project says it across.
FIGURES = ("projects", "status_changes", "demo_changes", "percent", "statuses", "demo_statuses")
UNIT_FIGURES = ("unit_code", "unit_name", *FIGURES)
STYLE = (
    "body{font:14px/1.4 sans-serif;margin:16px;-webkit-text-size-adjust:100%}"
    "h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.5em}"
    ".scroll{overflow-x:auto;max-width:100%;margin:8px 0 24px}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:3px 6px;vertical-align:top}"
    "th{background:#eee}td.num{text-align:right;white-space:nowrap}"
    ".demo{color:#a33;font-weight:bold}.note{max-width:60em}.formerly{color:#555;font-size:.9em}"
    "#progress-map{width:100%;max-width:1400px;height:auto;border:1px solid #999}"
    ".named td:first-child,.named th:first-child{position:sticky;left:0;z-index:1;background:#fff;"
    "box-shadow:2px 0 0 #999}.named th:first-child{background:#eee;z-index:2}.heading td+td{overflow-wrap:anywhere}"
    "@media (max-width:600px){body{margin:8px;font-size:15px}h1{font-size:1.3em}"
    "td,th{min-width:4em}td.long{min-width:14em}th.long{min-width:9em}.named td.long:first-child{min-width:9em}}"
    "@media print{.scroll{overflow:visible}}"
)
NUMBERS = {"projects", "status_changes", "demo_changes", "percent", "demo_statuses", "budget", "capacity_value"}
NUMBERS |= {"owed_total", "accepted", "submitted", "returned", "owed", "late", "on_time_percent"}
NUMBERS |= {"target_min", "target_max", "baseline", "latest_value", "progress_percent", "value"}
NUMBERS |= {"past_due", "in_time", "closed", "undated"}
LONG_HEADING = 50  # characters
LONG = {"action_title", "name", "units", "results", "obstacles", "proposals", "statuses", "provenance", "sources"}
LONG |= {"situation", "agency_name", "unit_name"}


def to_html(report: AnnualReport, map_png: bytes) -> bytes:
    """The report as a page in its language with the progress map (``map_png``) in it."""
    lang, words = report.lang, WORDS[report.lang]
    note = demo_note(report)
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(report.plan['code'], lang)} {report.year}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(words['title'].format(year=report.year), lang)}</h1>",
        f"<p class='demo note'>{_e(note, lang)}</p>" if note else "",
        _table(
            report, (("", ""), ("_", "")), [{"": k, "_": v} for k, v in heading(report)], header=False, kind="heading"
        ),
        f"<h2>{words['map']}</h2>",
        f"<img id='progress-map' alt='{words['map']}' "
        f"src='data:image/png;base64,{base64.b64encode(map_png).decode()}'>",
        f"<h2>{words['actions']}</h2>",
        f"<p class='note'>{_e(ACTIONS_COUNTED.text(lang), lang)}</p>",
        _action_table(report),
        _past_due(report),
        _board(report),
        f"<h2>{words['indicators']}</h2>",
        _table(
            report,
            columns_in(INDICATOR_COLUMNS, lang),
            [_marked(r, "latest_value") if r["demo"] else r for r in report.indicators],  # no value: blank, not "—"
            none=NO_TARGETS.text(lang),
            kind="named",
        ),
        f"<h2>{words['computed']}</h2>",
        _table(report, _without_demo(COMPUTED_COLUMNS, lang), [_marked(r, "value") for r in report.computed]),
        f"<h2>{words['budgets']}</h2>",
        _table(
            report,
            columns_in(BUDGET_SHOWN, lang),
            [row | {"known": budget_count(row, lang)} for row in report.budgets],
        ),
        f"<h2>{words['projects']}</h2>",
        _table(report, _without_demo(PROJECT_COLUMNS, lang), [_marked(r, "status") for r in report.projects]),
        "</body></html>",
    ]
    return "".join(parts).encode("utf-8")


def _past_due(report: AnnualReport) -> str:
    """The projects past due by action (geo.annual_report_schedules), under how many in all; none without projects."""
    if not report.projects:
        return ""
    lang = report.lang
    return (
        f"<h2>{_e(SCHEDULES_TITLE.text(lang), lang)}</h2><p class='note'>{_e(past_due_said(report), lang)}</p>"
        + _table(report, columns_in(SCHEDULE_COLUMNS, lang), schedule_rows(report), kind="named")
    )


def _board(report: AnnualReport) -> str:
    """Who owes which report and where each stands (/monitoring's board), then the reports not in, by name."""
    lang, missing = report.lang, not_in_rows(report)
    parts = [
        f"<h2>{_e(BOARD_TITLE[lang], lang)}</h2>",
        f"<p class='note'>{_e(board_summary(report), lang)}</p>",
        _table(report, columns_in(BOARD_COLUMNS, lang), board_rows(report)),
    ]
    if missing:
        not_in = _table(report, columns_in(NOT_IN_COLUMNS, lang), missing, once="agency")
        parts += [f"<p>{_e(NOT_IN_TITLE[lang], lang)}</p>", not_in]
    return "".join(parts)


def _without_demo(columns: Columns, lang: str) -> tuple[tuple[str, str], ...]:
    """A table's columns, its demonstration mark in the cell it marks rather than a column of its own."""
    return columns_in(tuple(c for c in columns if c[0] != "demo"), lang)


def _marked(row: dict, key: str) -> dict:
    """The row with its ``key`` cell (a status, a computed value) and the row's demonstration mark together."""
    return row | {key: (row[key], row["demo"])}


def _action_table(report: AnnualReport) -> str:
    """The action table, an action's code, title and accepted report said once over the rows of its units, its lead
    once over the rows it leads (the plan 1099's "no lead" sentence was in each commune's row: trial 67), the units of
    the same projects in one row, and an action without a project said so across the units' cells."""
    if not report.actions:
        return f"<p>{WORDS[report.lang]['none']}</p>"
    # the reports' columns when some report says something: three empty columns took a third of the table's width
    said = {key for key in REPORTED if any(row[key] for row in report.actions)}
    shown = tuple(c for c in shown_columns(report, ACTION_COLUMNS) if c[0] not in REPORTED or c[0] in said)
    columns = columns_in(shown, report.lang)
    body = []
    for _, group in groupby(report.actions, key=lambda row: row["action"]):
        rows = _same_projects_as_one(list(group))
        led = _runs(rows, "agency_name")
        for index, row in enumerate(rows):
            spans = {key: len(rows) for key in ACTION_WIDE if index == 0} | (
                {"agency_name": led[index]} if index in led else {}
            )
            body.append("<tr>" + _action_cells(row, columns, spans, report.lang) + "</tr>")
    return _boxed(_head(columns) + "".join(body))


def _action_cells(row: dict, columns: tuple[tuple[str, str], ...], spans: dict[str, int], lang: str) -> str:
    """A row's cells: of the cells said once over several rows (an action's, a lead's), those this row starts
    (``spans``: how many rows each covers); an action without a project says so once across its units' figures."""
    figures = [key for key, _ in columns if key in UNIT_FIGURES]
    cells = []
    for key, _ in columns:
        if key == "agency_name" and key in spans:
            cells.append(_cell(key, row[key], lang, rowspan=spans[key], inner=_leads(row)))
        elif key in ACTION_WIDE or key == "agency_name":
            cells += [_cell(key, row[key], lang, rowspan=spans[key])] if key in spans else []
        elif key not in figures or row["projects"]:
            cells.append(_cell(key, row[key], lang))
        elif key == figures[0]:
            cells.append(_cell("statuses", row["statuses"], lang, colspan=len(figures)))
    return "".join(cells)


def _leads(row: dict) -> str | None:
    """A row's leads, each with the agency the plan named beneath it when merged away since, as /monitoring writes
    them; None where the row says something else (as its task group, no lead in the plan as held)."""
    if not any(lead["formerly"] for lead in row["leads"]):
        return None
    return "".join(
        f"<div>{html.escape(lead['name'])}"
        + "".join(f"<div class='formerly'>{html.escape(said)}</div>" for said in lead["formerly"])
        + "</div>"
        for lead in row["leads"]
    )


def _same_projects_as_one(rows: list[dict]) -> list[dict]:
    """An action's rows, those of the same lead, projects and figures as one row naming their units: plan 1099's sea
    dyke (P6), one project over four communes, was four rows saying the same."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["agency_name"], tuple(row["project_ids"]), *(row[k] for k in FIGURES))
        if key in merged:
            first = merged[key]
            for unit in ("unit_code", "unit_name"):
                first[unit] = ", ".join(str(part) for part in (first[unit], row[unit]) if part)
        else:
            merged[key] = dict(row)
    return list(merged.values())


def _table(
    report: AnnualReport,
    columns,
    rows,
    header: bool = True,
    none: str | None = None,
    kind: str | None = None,
    once: str | None = None,
) -> str:
    """The rows under their columns' names; ``none`` said where there are no rows (not the names over nothing).
    ``kind`` "named": the first column (what a row is) stays in view as the table scrolls sideways (a phone showed
    "34,82 · 30,2 · Đạt mục tiêu" with the indicator's name scrolled away: trial 65); "heading": the report's heading,
    whose values' long words (the salinity source's file path) break at the screen's edge, not its names' words: they
    made the English heading 418 px wide on a 390 px phone, its values cut mid-word (trial 69). ``once``: the column
    said once over the rows of the same value in a run (an agency over its seven reports not sent: trial 67)."""
    if not rows:
        return f"<p>{_e(none or WORDS[report.lang]['none'], report.lang)}</p>"
    starts = _runs(rows, once) if once else {}
    body = "".join(
        "<tr>"
        + "".join(
            _cell(key, row[key], report.lang, rowspan=starts[index] if key == once else 1)
            for key, _ in columns
            if key != once or index in starts
        )
        + "</tr>"
        for index, row in enumerate(rows)
    )
    return _boxed((_head(columns) if header else "") + body, kind)


def _runs(rows: list[dict], key: str) -> dict[int, int]:
    """The first row of each run of rows with the same ``key``, and how many rows the run holds."""
    lengths = [len(list(run)) for _, run in groupby(rows, key=lambda row: row[key])]
    return {sum(lengths[:i]): n for i, n in enumerate(lengths)}


def _head(columns) -> str:
    """The columns' names; on a phone a long one (the demonstration updates', said in full) wider than its numbers,
    not a word a line down the screen."""
    cells = (
        f"<th{' class=long' if len(label) > LONG_HEADING else ''}>{html.escape(label)}</th>" for _, label in columns
    )
    return "<tr>" + "".join(cells) + "</tr>"


def _boxed(rows: str, kind: str | None = None) -> str:
    """A table in a box of the page's width that scrolls sideways (a phone shows a wide table, not a tiny page)."""
    return f"<div class='scroll'><table{f' class={kind}' if kind else ''}>{rows}</table></div>"


def _cell(key: str, value: object, lang: str, rowspan: int = 1, colspan: int = 1, inner: str | None = None) -> str:
    """A table cell of ``value``; ``inner``, the cell's HTML when it says more than its value (leads with their former
    agencies)."""
    kind = "num" if key in NUMBERS else "long" if key in LONG else ""
    attributes = (f" class='{kind}'" if kind else "") + (f" rowspan='{rowspan}'" if rowspan > 1 else "")
    attributes += f" colspan='{colspan}'" if colspan > 1 else ""
    if inner is not None:
        text = inner
    elif isinstance(value, tuple):  # a status (or value) and its demonstration mark
        status, demo = value  # a computed indicator without projects of its kind: "—", its projects' cell says why
        text = _e("—" if status is None else status, lang)
        text += f" <span class='demo'>({_e(demo, lang)})</span>" if demo else ""
    else:
        text = _e(value, lang)
    return f"<td{attributes}>{text}</td>"


def _e(value: object, lang: str) -> str:
    if isinstance(value, float):  # ints are years and counts, written plainly
        return local_number(value, lang)
    if isinstance(value, date):
        return local_date(value, lang)
    return html.escape("" if value is None else str(value))
