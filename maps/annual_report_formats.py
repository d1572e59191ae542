"""The yearly report in the format asked for (XLSX, CSV, DOCX, HTML: ``render_report`` picks the writer). The HTML
and the Word document carry the printed progress map of the plan's province at the year's end (maps.map_export) as
an image: the HTML's interactive map in a frame was blank when the app served it (its scripts are inline, which the
pages' policy refuses) and when saved (it loaded them from the app), and the Word document's own drawing had no
names, scale or north arrow."""

from __future__ import annotations

from sqlalchemy.orm import Session

from geo.annual_report import LEVEL_OF_SCHEME, AnnualReport, ReportError
from geo.annual_report_csv import to_csv
from geo.annual_report_docx import to_docx
from geo.annual_report_xlsx import to_xlsx
from geo.progress import ProgressQuery
from geo.settings import Settings
from maps.annual_report_html import to_html
from maps.map_export import MapExport, export_map

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def report_file_name(plan: str, year: int, fmt: str, lang: str) -> str:
    """``bao-cao-148-2024.docx``, and ``bao-cao-148-2024_en.docx`` in English (as a layer's ``projects_en.xlsx``): the
    two languages of one report side by side in a folder, neither overwriting the other."""
    return f"bao-cao-{plan.split('/')[0]}-{year}{'_en' if lang == 'en' else ''}.{fmt}"


def render_report(session: Session, report: AnnualReport, fmt: str, settings: Settings) -> bytes:
    """The report as ``fmt``; ``settings`` say where the printed map's sea and neighbouring provinces are."""
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "docx":
        return to_docx(report, _progress_sheet(session, report, settings, "portrait"))
    if fmt == "html":
        return to_html(report, _progress_sheet(session, report, settings, "landscape"))
    formats = sorted(MEDIA_TYPES)
    raise ReportError("format", f"{fmt!r} is not one of {formats}", f"{fmt!r} không phải một trong {formats}")


def _progress_sheet(session: Session, report: AnnualReport, settings: Settings, orientation: str) -> bytes:
    """The printed progress map (PNG, A4, in the report's language) of the plan's projects in its province at the
    report's day: unit names and figures, legend, scale, north arrow and sources (the Word document's own drawing
    had none)."""
    province = report.plan["province_code"]
    progress = ProgressQuery(
        scheme=report.scheme,
        level=LEVEL_OF_SCHEME[report.scheme],
        plans=[report.plan["code"]],
        provinces=[province] if province else [],
    )
    export = MapExport(
        what="progress",
        format="png",
        orientation=orientation,
        as_of=report.year_end,
        scheme=report.scheme,
        progress=progress,
        lang=report.lang,
    )
    return export_map(session, export, settings)
