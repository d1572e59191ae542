"""Every CSV of the registry for a spreadsheet writes its numbers one way (geo.csv_files): the reader's decimal sign
(Vietnamese "," with ";" between the columns, English "." with ","), no thousands separator, a percentage with one
decimal. They wrote three styles: "80,0" in the yearly report, "80" and "4.331,63" in /progress's table, "1.234,5" in
/status-reports' (each file's own test reads its numbers back: test_progress_table, test_annual_report,
reporting/test_supervisor_reports, test_changes)."""

from __future__ import annotations

import csv
import io

import pytest

from geo.field_reports_table import HEADINGS, reports_csv


@pytest.mark.parametrize(
    ("lang", "separator", "progress", "distance"), [("vi", ";", "80,0", "1234,5"), ("en", ",", "80.0", "1234.5")]
)
def test_a_report_sent_a_kilometre_off_writes_its_distance_as_a_number_an_excel_in_the_readers_language_reads(
    lang, separator, progress, distance
):
    """An Excel set to English read "1.234,5" as text, and one set to Vietnamese "1,234.5"."""
    row = ["Kè", "BL-1", None, "08:00 01/12/2026", "Đang thi công", 80.0, "", "", "Thu", "", 1234.5, "", ""]
    assert len(row) == len(HEADINGS)
    written = list(csv.reader(io.StringIO(reports_csv([row], lang).decode("utf-8-sig")), delimiter=separator))
    assert written[-1][5] == progress and written[-1][10] == distance
