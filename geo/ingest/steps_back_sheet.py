"""The list of the projects a file puts back (geo.ingest.project_writes.steps_back), as a CSV a GIS officer opens
in Excel or QGIS: every one, where the refusal names the first five (trial s71: 5 of 258). Written beside the file
by ``georeg ingest`` and downloaded from /upload."""

from __future__ import annotations

from datetime import date
from typing import Any

from geo.csv_files import PERCENT_DECIMALS, csv_file, csv_number
from geo.vi_format import vi_date
from geo.vocab import PROJECT_STATUSES, labels

HEADINGS = {
    "vi": (
        *("Mã dự án", "Tên dự án", "Tình trạng hiện có", "Tiến độ hiện có (%)", "Tình trạng trong tệp"),
        *("Tiến độ trong tệp (%)", "Báo cáo của", "Cơ quan", "Ngày báo cáo"),
    ),
    "en": (
        *("Project code", "Project name", "Status now", "Percent now", "Status in the file", "Percent in the file"),
        *("Reported by", "Agency", "Report day"),
    ),
}


def steps_back_csv(rows: list[dict[str, Any]], lang: str) -> bytes:
    """``rows`` (a report's ``steps_back_list``) as a CSV in ``lang``: statuses in words, percents as numbers, the
    report's day as 31/12/2025, its officer and agency where a field officer's report set the status."""
    statuses = labels(PROJECT_STATUSES, lang)
    lines = [
        (
            row["code"],
            row["name"],
            statuses.get(row["status"], row["status"]),
            csv_number(row["percent"], lang, PERCENT_DECIMALS),
            statuses.get(row["file_status"], row["file_status"]),
            csv_number(row["file_percent"], lang, PERCENT_DECIMALS),
            row["reported_by"],
            row[f"agency_{lang}"],
            vi_date(date.fromisoformat(row["reported_on"])) if row["reported_on"] else None,
        )
        for row in rows
    ]
    return csv_file([HEADINGS[lang], *lines], lang)
