"""The yearly report as CSV, written for a spreadsheet in the report's language: the action table first (its header
on the first row), then, each under its title after a blank row, the agencies' reports (who owes which report: the
board the Word document, the workbook and the page carry; the CSV had none, trial 57), the reports not in, the
computed indicators, and the projects past due by action (geo.annual_report_schedules). A table with an action ends
with it as text (geo.annual_report.keyed_by_action), for pandas.

One file, not a zip of several: it opens by a double-click with everything in it, a blank row keeps each table a
region of its own (a spreadsheet's filter and sort take the table the cursor is in), and ``georeg report annual
--out bao-cao.csv`` still writes a CSV.

Numbers, separators and encoding as every CSV of the registry writes them (geo.csv_files).
"""

from __future__ import annotations

from typing import Any

from geo.annual_report import AnnualReport, keyed_by_action, shown_columns
from geo.annual_report_board import BOARD_TITLE, NOT_IN_TITLE, board_rows, board_summary, not_in_rows
from geo.annual_report_schedules import SCHEDULE_COLUMNS, SCHEDULES_TITLE, past_due_said, schedule_rows
from geo.annual_report_words import ACTION_COLUMNS, BOARD_COLUMNS, COMPUTED_COLUMNS, NOT_IN_COLUMNS, Columns, columns_in
from geo.csv_files import PERCENT_DECIMALS, csv_file, csv_number

COMPUTED_TITLE = {"vi": "Chỉ số tính từ cơ sở dữ liệu", "en": "Indicators computed from the database"}


def to_csv(report: AnnualReport) -> bytes:
    """The report's tables as CSV, headed in the report's language (UTF-8 with a byte-order mark, so spreadsheet
    programs read the Vietnamese)."""
    lang = report.lang
    rows = _table(report, ACTION_COLUMNS, report.actions)
    rows += [[], [BOARD_TITLE[lang]], [board_summary(report)], *_table(report, BOARD_COLUMNS, board_rows(report))]
    not_in = not_in_rows(report)
    if not_in:
        rows += [[], [NOT_IN_TITLE[lang]], *_table(report, NOT_IN_COLUMNS, not_in)]
    rows += [[], [COMPUTED_TITLE[lang]]]
    # no value (no project of the kind) is "—", as the DOCX and HTML write it: blank read as forgotten (trial 62)
    rows += _table(report, COMPUTED_COLUMNS, report.computed, none="—")
    if report.projects:
        rows += [[], [SCHEDULES_TITLE.text(lang)], [past_due_said(report)]]
        rows += _table(report, SCHEDULE_COLUMNS, schedule_rows(report))
    return csv_file(rows, lang)


def _table(report: AnnualReport, columns: Columns, rows: list[dict[str, Any]], none: str = "") -> list[list[Any]]:
    """A header row in the report's language, then the rows (a cell without a value written ``none``)."""
    keyed, rows = keyed_by_action(report, shown_columns(report, columns), rows)
    shown = columns_in(keyed, report.lang)
    return [[label for _, label in shown]] + [
        [_cell(key, row[key], report.lang, none) for key, _ in shown] for row in rows
    ]


def _cell(key: str, value: Any, lang: str, none: str) -> Any:
    """A percentage (a column named ``…percent``: progress, on-time rate) with one decimal (geo.csv_files: 80,0);
    None as ``none``; others as they are."""
    if value is None:
        return none
    if key.endswith("percent") and isinstance(value, int | float):
        return csv_number(value, lang, PERCENT_DECIMALS)
    return value
