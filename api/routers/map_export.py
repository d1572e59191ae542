"""The printable map of the web map's projects: PNG or PDF, A4 or A3, with the map's filters and as_of
(the progress choropleth's is /progress/export, beside the page's other routes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import SessionDep
from api.params import (
    DEFAULT_SCHEME,
    AgencyCodes,
    AsOf,
    BoundaryScheme,
    NoReportMonths,
    PlanActionCodes,
    PlanCodes,
    PrintFrame,
    ProjectKind,
    ProjectSchedule,
    ProjectUnitCodes,
    SheetDep,
    StatusFilter,
)
from api.sheet_responses import sheet_response
from maps.map_export import MapExport, map_scheme

router = APIRouter(tags=["web map"])


@router.get(
    "/map/export",
    summary="The web map's projects as a printable map (PNG or PDF; A4 or A3) with the map's filters and as_of",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}}}},
)
def map_export(
    http: Request,
    session: SessionDep,
    sheet: SheetDep,
    frame: PrintFrame,
    as_of: AsOf = None,
    scheme: Annotated[
        BoundaryScheme | None,
        Query(
            description="boundaries: pre2025 (provinces, districts; the default) or 2025 (provinces, communes); left "
            "out, a map of units (?unit=) is drawn in theirs"
        ),
    ] = None,
    province: Annotated[list[str], Query(description="Province code (either scheme)")] = [],  # noqa: B006
    unit: ProjectUnitCodes = [],  # noqa: B006
    kind: Annotated[list[ProjectKind], Query()] = [],  # noqa: B006
    status: StatusFilter = [],  # noqa: B006
    plan: PlanCodes = [],  # noqa: B006
    plan_action: PlanActionCodes = [],  # noqa: B006
    agency: AgencyCodes = [],  # noqa: B006
    schedule: Annotated[list[ProjectSchedule], Query(description="past_due, in_time, closed or undated")] = [],  # noqa: B006
    no_report_months: NoReportMonths = None,
    salinity: Annotated[
        str | None,
        Query(
            pattern=r"^(latest|\d{4}(-\d{2})?)$",
            description='The salinity zones of this period drawn under the projects, e.g. "2025-03"; "latest": the '
            "newest loaded",
        ),
    ] = None,
) -> Response:
    filters = {
        "province": province,
        "unit": unit,
        "kind": [k.value for k in kind],
        "status": status,
        "plan": plan,
        "plan_action": plan_action,
        "agency": agency,
        "schedule": [s.value for s in schedule],
        "no_report_months": [str(no_report_months)] if no_report_months else [],
    }
    export = MapExport(
        what="map",
        as_of=as_of,
        scheme=map_scheme(session, unit, scheme and scheme.value, DEFAULT_SCHEME.value),
        filters={name: values for name, values in filters.items() if values},
        frame=frame,
        salinity=salinity,
        **sheet.sheet(),
    )
    return sheet_response(http, session, export)
