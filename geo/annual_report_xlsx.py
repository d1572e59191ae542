"""The yearly report as a workbook the planning office can file (or, in English, its partners read): headers in the
report's language, bold frozen header rows, column widths, numbers as numbers, dates as dates, statuses in words; each
table with an action ends with the action as text (geo.annual_report.keyed_by_action), which pandas reads as text."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from geo.annual_report import AnnualReport, heading, keyed_by_action, salinity_note, salinity_rows, shown_columns
from geo.annual_report_board import BOARD_TITLE, board_rows, board_summary, not_in_rows
from geo.annual_report_schedules import SCHEDULE_COLUMNS, SCHEDULES_TITLE, past_due_said, schedule_rows
from geo.annual_report_words import (
    ACTION_COLUMNS,
    ACTION_KEY,
    ACTION_KEY_NOTE,
    BOARD_COLUMNS,
    BUDGET_COLUMNS,
    COMPUTED_COLUMNS,
    CROSSWALK_COLUMNS,
    INDICATOR_COLUMNS,
    NARRATIVE_COLUMNS,
    NOT_IN_COLUMNS,
    PROJECT_COLUMNS,
    columns_in,
)
from geo.said import Said
from geo.vietnam_day import vietnam_today
from geo.workbook_layout import SHEET_DATES, NumberFormat, amount_format, lay_out

ABOUT = (Said("Thông tin", "About"), Said("Mục", "Item"), Said("Nội dung", "Details"))
SHEETS = (
    (Said("Nhiệm vụ", "Actions"), ACTION_COLUMNS, "actions"),
    (SCHEDULES_TITLE, SCHEDULE_COLUMNS, "schedules"),
    (Said("Báo cáo của cơ quan", "Agency reports"), NARRATIVE_COLUMNS, "narrative"),
    (Said("Tình hình báo cáo các cơ quan", "Reports of the agencies"), BOARD_COLUMNS, "board"),
    (Said("Báo cáo chưa gửi, quá hạn", "Reports not in"), NOT_IN_COLUMNS, "not_in"),
    (Said("Chỉ tiêu", "Indicators"), INDICATOR_COLUMNS, "indicators"),
    (Said("Chỉ số tính toán", "Computed indicators"), COMPUTED_COLUMNS, "computed"),
    (Said("Dự án", "Projects"), PROJECT_COLUMNS, "projects"),
    (Said("Vốn theo nhiệm vụ", "Budget by action"), BUDGET_COLUMNS, "budgets"),
    (Said("Đối chiếu huyện - xã", "Districts to communes"), CROSSWALK_COLUMNS, "crosswalk"),
)
SALINITY = (Said("Diện tích theo độ mặn", "Area by salinity class"), Said("Đơn vị hành chính", "Administrative unit"))
#: The amounts, each cell written as the layers' sheets write one (geo.workbook_layout.amount_format): 5.217 and 52,5,
#: with thousands separators; not "5.217,0" nor "100,0" (a trial), nor 11644,7 hectares without a separator.
AMOUNTS = {"percent", "progress_percent", "budget", "capacity_value", "share_of_district", "share_of_commune"}
AMOUNTS |= {"target_min", "target_max", "baseline", "latest_value", "value", "on_time_percent"}
#: The sheets whose rows are worked out from the report's board rather than held by it.
WORKED_OUT = {"board": board_rows, "not_in": not_in_rows, "schedules": schedule_rows}
DAYS = ("accepted_at", "reported_at")  # written as SHEET_DATES


def to_xlsx(report: AnnualReport) -> bytes:
    """The workbook in the report's language: its sheets' names, headers, words and days."""
    lang = report.lang
    book = Workbook()
    info = book.active
    info.title, *header = (said.text(lang) for said in ABOUT)
    info.append(header)
    key_said = (ACTION_KEY[1].text(lang), ACTION_KEY_NOTE.text(lang))
    past_due = [(SCHEDULES_TITLE.text(lang), past_due_said(report))] if report.projects else []
    for row in [*heading(report), *past_due, (BOARD_TITLE[lang], board_summary(report)), key_said]:
        info.append(row)
    lay_out(info)
    for title, columns, attribute in SHEETS:
        if attribute == "crosswalk" and not report.crosswalk:
            continue
        sheet = book.create_sheet(title.text(lang))
        rows = WORKED_OUT[attribute](report) if attribute in WORKED_OUT else getattr(report, attribute)
        keyed, rows = keyed_by_action(report, shown_columns(report, columns), rows)
        columns = columns_in(keyed, lang)
        sheet.append([label for _, label in columns])
        for row in rows:
            sheet.append([_cell(row[key]) for key, _ in columns])
            if row.get("total"):  # the whole plan's row, bold as a printed total (trial 64: read as one more action)
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for index, (key, _) in enumerate(columns, start=1):
            if key in AMOUNTS or key in DAYS:
                _formatted(sheet, index, SHEET_DATES[lang] if key in DAYS else amount_format)
        if attribute == "indicators":
            _demo_values_marked(sheet, [key for key, _ in columns].index("latest_value") + 1, rows)
        lay_out(sheet)
    salinity = salinity_rows(report)
    if salinity:
        title, unit = (said.text(lang) for said in SALINITY)
        sheet = book.create_sheet(title)
        sheet.append([unit, *(f"{label} (ha)" for label in list(salinity[0])[1:])])
        for row in salinity:
            sheet.append(list(row.values()))
        for index in range(2, sheet.max_column + 1):  # hectares
            _formatted(sheet, index, amount_format)
        lay_out(sheet)
        sheet.append([])
        sheet.append([salinity_note(report)])  # which period, source and load; "dự báo" when a prediction
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _formatted(sheet: Worksheet, column: int, number_format: NumberFormat) -> None:
    """The cells of a sheet's ``column`` under its header in ``number_format`` (one format, or one chosen by value)."""
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.number_format = number_format(cell.value) if callable(number_format) else number_format


def _demo_values_marked(sheet: Worksheet, column: int, rows: list[dict[str, Any]]) -> None:
    """The indicators' values from demonstration data shown "1,516 (minh họa)", the cell still a number (trial 63: the
    synthetic forest raster's figure read as measured)."""
    for (cell,), row in zip(sheet.iter_rows(min_row=2, min_col=column, max_col=column), rows, strict=True):
        if row["demo"] and cell.value is not None:
            cell.number_format = f'{cell.number_format}" ({row["demo"]})"'


def _cell(value: Any) -> Any:
    """Numbers stay numbers; timestamps become their day in Vietnam (a spreadsheet cell has no time zone: an
    acceptance at 01:15 on 4 December in Vietnam was written as 3 December, the server's UTC day)."""
    if isinstance(value, datetime):
        return vietnam_today(value) if value.tzinfo else value.date()
    return value
