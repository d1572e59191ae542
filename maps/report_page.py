"""The yearly report in each format; the HTML one carries the progress choropleth of the plan at the year's end."""

from __future__ import annotations

from sqlalchemy.orm import Session

from geo.annual_report import LEVEL_OF_SCHEME, AnnualReport, ReportError, to_csv, to_html, to_xlsx
from geo.progress import ProgressQuery
from maps.progress_map import build_progress_map

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def render_report(session: Session, report: AnnualReport, fmt: str) -> bytes:
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "html":
        query = ProgressQuery(
            scheme=report.scheme,
            level=LEVEL_OF_SCHEME[report.scheme],
            as_of=report.year_end,
            plans=[report.plan["code"]],
        )
        return to_html(report, build_progress_map(session, query).get_root().render())
    raise ReportError(f"format: {fmt!r} is not one of {sorted(MEDIA_TYPES)}")
