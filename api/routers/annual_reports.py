"""The yearly implementation report of a plan (XLSX, CSV, DOCX, or HTML with the progress map)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import SessionDep
from api.params import BoundaryScheme, LangParam, Language, PlanCode, Year
from geo.annual_report import annual_report
from maps.annual_report_formats import MEDIA_TYPES, render_report, report_file_name

router = APIRouter(prefix="/api/reports", tags=["reports"])


class ReportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    html = "html"
    docx = "docx"


@router.get(
    "/annual",
    response_class=Response,
    summary="Yearly report per plan action, agency and unit (due before 14 November)",
)
def annual(
    request: Request,
    session: SessionDep,
    plan: PlanCode,
    year: Year,
    format: Annotated[ReportFormat, Query()] = ReportFormat.xlsx,
    scheme: Annotated[
        BoundaryScheme | None,
        Query(description="units: pre2025 districts or 2025 communes; default: 2025 from the year 2025 on"),
    ] = None,
    crosswalk: Annotated[bool, Query(description="add the districts-to-communes crosswalk (XLSX sheet)")] = False,
    lang: LangParam = Language.vi,
) -> Response:
    """The report in ``lang``, every format: the Vietnamese one the department files, or the English one for donors
    and partners (its file name ends ``_en``)."""
    report = annual_report(session, plan, year, scheme.value if scheme else None, crosswalk, lang.value)
    body = render_report(session, report, format.value, request.app.state.settings)
    filename = report_file_name(plan, year, format.value, lang.value)
    headers = {} if format is ReportFormat.html else {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=MEDIA_TYPES[format.value], headers=headers)
