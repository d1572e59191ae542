"""The yearly report as CSV: the action table (geo.annual_report), written for a spreadsheet in the report's language.

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
from geo.annual_report_words import ACTION_COLUMNS, columns_in

#: Per language: the column separator and the decimal sign.
SEPARATORS = {"vi": (";", ","), "en": (",", ".")}


def to_csv(report: AnnualReport) -> bytes:
    """The action table as CSV, headed in the report's language (UTF-8 with a byte-order mark, so spreadsheet programs
    read the Vietnamese)."""
    buffer = io.StringIO()
    delimiter, decimal = SEPARATORS[report.lang]
    writer = csv.writer(buffer, delimiter=delimiter)
    columns = columns_in(shown_columns(report, ACTION_COLUMNS), report.lang)
    writer.writerow([label for _, label in columns])
    for row in report.actions:
        writer.writerow([_cell(row[key], decimal) for key, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any, decimal: str) -> Any:
    """A decimal with the language's decimal sign and no thousands separator (a spreadsheet reads 1234,5 as a number
    in Vietnamese); other values as they are, None as nothing."""
    if value is None:
        return ""
    return str(value).replace(".", decimal) if isinstance(value, float) else value
