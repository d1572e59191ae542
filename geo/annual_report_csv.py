"""The yearly report as CSV, written for a spreadsheet in the report's language: the action table first (its header
on the first row), then, each under its title after a blank row, the agencies' reports (who owes which report: the
board the Word document, the workbook and the page carry; the CSV had none, trial 57), the reports not in, and the
computed indicators.

One file, not a zip of several: it opens by a double-click with everything in it, a blank row keeps each table a
region of its own (a spreadsheet's filter and sort take the table the cursor is in), and ``georeg report annual
--out bao-cao.csv`` still writes a CSV.

Vietnamese: ";" between the columns and "," before the decimals ("80,0"), as an Excel set to Vietnamese reads a CSV
opened by double-click (its list separator is ";", its decimal sign ","): the dots of "80.0" read as 800 or as text
and the commas split no column (trial 57). English: "," and "." as an English Excel reads them. The layers' CSV
exports (geo.layer_export) are GIS data, loaded back by QGIS and by the registry: "," and "." in both languages.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from geo.annual_report import AnnualReport, shown_columns
from geo.annual_report_board import BOARD_TITLE, NOT_IN_TITLE, board_rows, board_summary, not_in_rows
from geo.annual_report_words import ACTION_COLUMNS, BOARD_COLUMNS, COMPUTED_COLUMNS, NOT_IN_COLUMNS, Columns, columns_in

#: Per language: the column separator and the decimal sign.
SEPARATORS = {"vi": (";", ","), "en": (",", ".")}
COMPUTED_TITLE = {"vi": "Chỉ số tính từ cơ sở dữ liệu", "en": "Indicators computed from the database"}


def to_csv(report: AnnualReport) -> bytes:
    """The report's tables as CSV, headed in the report's language (UTF-8 with a byte-order mark, so spreadsheet
    programs read the Vietnamese)."""
    buffer = io.StringIO()
    delimiter, decimal = SEPARATORS[report.lang]
    writer = csv.writer(buffer, delimiter=delimiter)
    lang = report.lang
    _table(writer, report, ACTION_COLUMNS, report.actions, decimal)
    writer.writerows([[], [BOARD_TITLE[lang]], [board_summary(report)]])
    _table(writer, report, BOARD_COLUMNS, board_rows(report), decimal)
    not_in = not_in_rows(report)
    if not_in:
        writer.writerows([[], [NOT_IN_TITLE[lang]]])
        _table(writer, report, NOT_IN_COLUMNS, not_in, decimal)
    writer.writerows([[], [COMPUTED_TITLE[lang]]])
    # no value (no project of the kind) is "—", as the DOCX and HTML write it: blank read as forgotten (trial 62)
    _table(writer, report, COMPUTED_COLUMNS, report.computed, decimal, none="—")
    return buffer.getvalue().encode("utf-8-sig")


def _table(
    writer: Any, report: AnnualReport, columns: Columns, rows: list[dict[str, Any]], decimal: str, none: str = ""
) -> None:
    """A header row in the report's language, then the rows (a cell without a value written ``none``)."""
    shown = columns_in(shown_columns(report, columns), report.lang)
    writer.writerow([label for _, label in shown])
    for row in rows:
        writer.writerow([_cell(row[key], decimal, none) for key, _ in shown])


def _cell(value: Any, decimal: str, none: str) -> Any:
    """A decimal with the language's decimal sign and no thousands separator (a spreadsheet reads 1234,5 as a number
    in Vietnamese); other values as they are, None as ``none``."""
    if value is None:
        return none
    return str(value).replace(".", decimal) if isinstance(value, float) else value
