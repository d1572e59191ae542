"""The yearly report as CSV: the action table (geo.annual_report)."""

from __future__ import annotations

import csv
import io

from geo.annual_report import ACTION_COLUMNS, AnnualReport, shown_columns


def to_csv(report: AnnualReport) -> bytes:
    """The action table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = shown_columns(report, ACTION_COLUMNS)
    writer.writerow([label for _, label in columns])
    for row in report.actions:
        writer.writerow(["" if row[key] is None else row[key] for key, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")
