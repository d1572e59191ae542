"""The yearly report as CSV: the action table (geo.annual_report)."""

from __future__ import annotations

import csv
import io

from geo.annual_report import AnnualReport, shown_columns
from geo.annual_report_words import ACTION_COLUMNS, columns_in


def to_csv(report: AnnualReport) -> bytes:
    """The action table as CSV, headed in the report's language (UTF-8 with a byte-order mark, so spreadsheet programs
    read the Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = columns_in(shown_columns(report, ACTION_COLUMNS), report.lang)
    writer.writerow([label for _, label in columns])
    for row in report.actions:
        writer.writerow(["" if row[key] is None else row[key] for key, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")
