"""The yearly report in the format asked for (XLSX, CSV, DOCX, HTML: ``render_report`` picks the writer); the HTML
one carries the progress choropleth of the plan at the year's end."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from geo.annual_report import LEVEL_OF_SCHEME, AnnualReport, ReportError
from geo.annual_report_csv import to_csv
from geo.annual_report_docx import to_docx
from geo.annual_report_xlsx import to_xlsx
from geo.progress import ProgressQuery
from maps.annual_report_html import to_html
from maps.annual_report_map import progress_map_png
from maps.assets import inline_assets
from maps.progress_map import build_progress_map

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_report(session: Session, report: AnnualReport, fmt: str, assets_dir: Path | None = None) -> bytes:
    """The report as ``fmt``; with ``assets_dir`` the HTML map carries its scripts and styles (a file that opens
    from disk, without the app); without it, it loads them from the app's /assets."""
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "docx":
        return to_docx(report, progress_map_png(session, report))
    if fmt == "html":
        query = ProgressQuery(
            scheme=report.scheme,
            level=LEVEL_OF_SCHEME[report.scheme],
            as_of=report.year_end,
            plans=[report.plan["code"]],
        )
        page = build_progress_map(session, query).get_root().render()
        return to_html(report, inline_assets(page, assets_dir) if assets_dir else page)
    raise ReportError("format", f"{fmt!r} is not one of {sorted(MEDIA_TYPES)}")
