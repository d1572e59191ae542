"""The spreadsheet's rows written as XML (geo.sheet_rows) read back in a spreadsheet program as XlsxWriter's own cells
do: the 50,000-project sheet took 37–39 s cell by cell, and a faster writer must not change what a planner reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import xlsxwriter

from geo.sheet_rows import RowsWorkbook
from geo.workbook_layout import SHEET_DATES, amount_format, write_laid_out

#: Values a registry's sheet holds, and those XlsxWriter escapes or cuts: XML's own characters, a control
#: character, a text looking like Excel's escape, outer spaces, a formula and a link kept as texts, a text past a
#: cell's 32,767 characters; whole and decimal amounts; yes and no; days.
COLUMNS = [
    ["Kè & <cống> Cái Cùng", "  Phường Bạc Liêu", "bờ kè\n", "x\x01y", "_x0041_", "=SUM(A1)", "https://x.vn", None],
    [5217.0, 2.3, None, 3, 10**12, 0.1, -4.25, 1e-7],
    [True, False, None, True, False, True, None, False],
    [date(2024, 12, 31), None, date(1999, 1, 1), date(2026, 3, 1), None, None, date(2024, 2, 29), None],
    [2020, None, 2021, 2022, 2023, 2024, 2025, "Đ" * 40_000],
]
FORMATS = [None, amount_format, None, SHEET_DATES["vi"], None]
LONGEST = [20, 10, 5, 10, 70]  # the last column is wrapped (past 60 characters)


def _cell_by_cell(path: Path) -> None:
    """The same sheet written by XlsxWriter cell by cell, row after row, as before."""
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
        sheet = book.add_worksheet("t")
        sheet.write_row(0, 0, [f"h{n}" for n in range(5)])
        for row, values in enumerate(zip(*COLUMNS, strict=True), start=1):
            for column, (value, fmt) in enumerate(zip(values, FORMATS, strict=True)):
                number_format = fmt(value) if callable(fmt) else fmt
                wrapped = {"text_wrap": True, "valign": "top"} if column == 4 else {}
                style = book.add_format(({"num_format": number_format} if number_format else {}) | wrapped)
                if isinstance(value, str):
                    sheet.write_string(row, column, value, style)
                elif value is not None:
                    sheet.write(row, column, value, style)


def _read(path: Path) -> list[list[tuple]]:
    sheet = openpyxl.load_workbook(path)["t"]
    return [
        [(cell.value, cell.number_format, bool(cell.alignment.wrap_text)) for cell in row]
        for row in sheet.iter_rows(min_row=2)
    ]


def test_a_sheet_written_as_xml_reads_as_one_written_cell_by_cell(tmp_path):
    with RowsWorkbook(tmp_path / "rows.xlsx") as book:
        sheet = write_laid_out(book, "t", [f"h{n}" for n in range(5)], COLUMNS, LONGEST, FORMATS)
        sheet.autofilter(0, 0, len(COLUMNS[0]), len(COLUMNS) - 1)
    _cell_by_cell(tmp_path / "cells.xlsx")
    assert _read(tmp_path / "rows.xlsx") == _read(tmp_path / "cells.xlsx")
    written = openpyxl.load_workbook(tmp_path / "rows.xlsx")["t"]
    assert written.dimensions == "A1:E9" and written.auto_filter.ref == "A1:E9" and written.freeze_panes == "A2"
    assert written["A3"].value == "  Phường Bạc Liêu" and len(written["E9"].value) == 32_767
    assert written["B2"].number_format == "#,##0" and written["B3"].number_format == "#,##0.0##"
