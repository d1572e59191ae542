"""The yearly report as a workbook the planning office can file: Vietnamese headers, bold frozen header rows,
column widths, numbers as numbers, dates as dates, statuses in words."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook

from geo.annual_report import (
    ACTION_COLUMNS,
    BUDGET_COLUMNS,
    COMPUTED_COLUMNS,
    CROSSWALK_COLUMNS,
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    AnnualReport,
    heading,
    salinity_rows,
    shown_columns,
)
from geo.vietnam_day import vietnam_today
from geo.workbook_layout import lay_out

NARRATIVE_COLUMNS = (
    ("action", "Nhiệm vụ số"),
    ("action_title", "Tên nhiệm vụ"),
    ("agency_name", "Cơ quan báo cáo"),
    ("results", "Kết quả thực hiện"),
    ("obstacles", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất giải pháp"),
    ("version", "Lần báo cáo"),
    ("accepted_at", "Ngày tiếp nhận"),
    ("submission", "Số hiệu báo cáo"),
)
SHEETS = (
    ("Nhiệm vụ", ACTION_COLUMNS, "actions"),
    ("Báo cáo của cơ quan", NARRATIVE_COLUMNS, "narrative"),
    ("Chỉ tiêu", INDICATOR_COLUMNS, "indicators"),
    ("Chỉ số tính toán", COMPUTED_COLUMNS, "computed"),
    ("Dự án", PROJECT_COLUMNS, "projects"),
    ("Vốn theo nhiệm vụ", BUDGET_COLUMNS, "budgets"),
    ("Đối chiếu huyện - xã", CROSSWALK_COLUMNS, "crosswalk"),
)
NUMBER_FORMATS = {
    "percent": "0.0",
    "progress_percent": "0.0",
    "budget": "#,##0.0",
    "share_of_district": "0.00",
    "share_of_commune": "0.00",
    "accepted_at": "dd/mm/yyyy",
    "reported_at": "dd/mm/yyyy",
}


def to_xlsx(report: AnnualReport) -> bytes:
    book = Workbook()
    info = book.active
    info.title = "Thông tin"
    info.append(["Mục", "Nội dung"])
    for row in heading(report):
        info.append(row)
    lay_out(info)
    for title, columns, attribute in SHEETS:
        if attribute == "crosswalk" and not report.crosswalk:
            continue
        sheet = book.create_sheet(title)
        columns = shown_columns(report, columns)
        sheet.append([label for _, label in columns])
        for row in getattr(report, attribute):
            sheet.append([_cell(row[key]) for key, _ in columns])
        for index, (key, _) in enumerate(columns, start=1):
            if key in NUMBER_FORMATS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = NUMBER_FORMATS[key]
        lay_out(sheet)
    salinity = salinity_rows(report)
    if salinity:
        sheet = book.create_sheet("Diện tích theo độ mặn")
        sheet.append(["Đơn vị hành chính", *(f"{label} (ha)" for label in list(salinity[0])[1:])])
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
