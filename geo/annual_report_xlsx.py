"""The yearly report as a workbook the planning office can file (or, in English, its partners read): headers in the
report's language, bold frozen header rows, column widths, numbers as numbers, dates as dates, statuses in words."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook

from geo.annual_report import AnnualReport, heading, salinity_rows, shown_columns
from geo.annual_report_words import (
    ACTION_COLUMNS,
    BUDGET_COLUMNS,
    COMPUTED_COLUMNS,
    CROSSWALK_COLUMNS,
    INDICATOR_COLUMNS,
    NARRATIVE_COLUMNS,
    PROJECT_COLUMNS,
    columns_in,
)
from geo.said import Said
from geo.vietnam_day import vietnam_today
from geo.workbook_layout import SHEET_DATES, lay_out

ABOUT = (Said("Thông tin", "About"), Said("Mục", "Item"), Said("Nội dung", "Details"))
SHEETS = (
    (Said("Nhiệm vụ", "Actions"), ACTION_COLUMNS, "actions"),
    (Said("Báo cáo của cơ quan", "Agency reports"), NARRATIVE_COLUMNS, "narrative"),
    (Said("Chỉ tiêu", "Indicators"), INDICATOR_COLUMNS, "indicators"),
    (Said("Chỉ số tính toán", "Computed indicators"), COMPUTED_COLUMNS, "computed"),
    (Said("Dự án", "Projects"), PROJECT_COLUMNS, "projects"),
    (Said("Vốn theo nhiệm vụ", "Budget by action"), BUDGET_COLUMNS, "budgets"),
    (Said("Đối chiếu huyện - xã", "Districts to communes"), CROSSWALK_COLUMNS, "crosswalk"),
)
SALINITY = (Said("Diện tích theo độ mặn", "Area by salinity class"), Said("Đơn vị hành chính", "Administrative unit"))
NUMBER_FORMATS = {
    "percent": "0.0",
    "progress_percent": "0.0",
    "budget": "#,##0.0",
    "share_of_district": "0.00",
    "share_of_commune": "0.00",
}
DAYS = ("accepted_at", "reported_at")  # written as SHEET_DATES


def to_xlsx(report: AnnualReport) -> bytes:
    """The workbook in the report's language: its sheets' names, headers, words and days."""
    lang = report.lang
    book = Workbook()
    info = book.active
    info.title, *header = (said.text(lang) for said in ABOUT)
    info.append(header)
    for row in heading(report):
        info.append(row)
    lay_out(info)
    for title, columns, attribute in SHEETS:
        if attribute == "crosswalk" and not report.crosswalk:
            continue
        sheet = book.create_sheet(title.text(lang))
        columns = columns_in(shown_columns(report, columns), lang)
        sheet.append([label for _, label in columns])
        for row in getattr(report, attribute):
            sheet.append([_cell(row[key]) for key, _ in columns])
        formats = NUMBER_FORMATS | dict.fromkeys(DAYS, SHEET_DATES[lang])
        for index, (key, _) in enumerate(columns, start=1):
            if key in formats:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = formats[key]
        lay_out(sheet)
    salinity = salinity_rows(report)
    if salinity:
        title, unit = (said.text(lang) for said in SALINITY)
        sheet = book.create_sheet(title)
        sheet.append([unit, *(f"{label} (ha)" for label in list(salinity[0])[1:])])
        for row in salinity:
            sheet.append(list(row.values()))
        lay_out(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """Numbers stay numbers; timestamps become their day in Vietnam (a spreadsheet cell has no time zone: an
    acceptance at 01:15 on 4 December in Vietnam was written as 3 December, the server's UTC day)."""
    if isinstance(value, datetime):
        return vietnam_today(value) if value.tzinfo else value.date()
    return value
