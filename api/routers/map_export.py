"""The printable map of the web map's projects: PNG or PDF, A4 or A3, with the map's filters and as_of
(the progress choropleth's is /progress/export, beside the page's other routes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import SessionDep
from api.map_filters import CheckedProjectFilters, filters_by_parameter
from api.params import (
    DEFAULT_SCHEME,
    AsOf,
    BoundaryScheme,
    PrintFrame,
    SheetDep,
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
    filters: CheckedProjectFilters,
    as_of: AsOf = None,
    scheme: Annotated[
        BoundaryScheme | None,
        Query(
            description="boundaries: pre2025 (provinces, districts; the default) or 2025 (provinces, communes); left "
            "out, a map of units (?unit=) is drawn in theirs"
        ),
    ] = None,
    salinity: Annotated[
        str | None,
        Query(
            pattern=r"^(latest|\d{4}(-\d{2})?)$",
            description='The salinity zones of this period drawn under the projects, e.g. "2025-03"; "latest": the '
            "newest loaded",
        ),
    ] = None,
) -> Response:
    export = MapExport(
        what="map",
        as_of=as_of,
        scheme=map_scheme(session, filters.units, scheme and scheme.value, DEFAULT_SCHEME.value),
        filters=filters_by_parameter(filters),
        frame=frame,
        salinity=salinity,
        **sheet.sheet(),
    )
    return sheet_response(http, session, export)
