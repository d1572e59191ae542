"""The printable map of the web map's projects: PNG or PDF, A4 or A3, with the map's filters and as_of
(the progress choropleth's is /progress/export, beside the page's other routes)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import SessionDep
from api.params import (
    DEFAULT_SCHEME,
    AsOf,
    FormatParam,
    LangParam,
    Language,
    Orientation,
    OrientationParam,
    Paper,
    PaperParam,
    PlanCodes,
    ProjectKind,
    ProjectStatus,
    SchemeParam,
    SheetFormat,
)
from maps.map_export import MEDIA_TYPES, MapExport, export_map

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
    format: FormatParam = SheetFormat.pdf,
    paper: PaperParam = Paper.a4,
    orientation: OrientationParam = Orientation.landscape,
    lang: LangParam = Language.vi,
    as_of: AsOf = None,
    scheme: SchemeParam = DEFAULT_SCHEME,
    province: Annotated[list[str], Query(description="Province code (either scheme)")] = [],  # noqa: B006
    kind: Annotated[list[ProjectKind], Query()] = [],  # noqa: B006
    status: Annotated[list[ProjectStatus], Query()] = [],  # noqa: B006
    plan: PlanCodes = [],  # noqa: B006
    plan_action: Annotated[list[str], Query(description='Plan action code, e.g. "13.3"')] = [],  # noqa: B006
    agency: Annotated[list[str], Query(description="Lead agency code")] = [],  # noqa: B006
) -> Response:
    filters = {
        "province": province,
        "kind": [k.value for k in kind],
        "status": [s.value for s in status],
        "plan": plan,
        "plan_action": plan_action,
        "agency": agency,
    }
    request = MapExport(
        what="map",
        format=format.value,
        paper=paper.value,
        orientation=orientation.value,
        lang=lang.value,
        as_of=as_of,
        scheme=scheme.value,
        filters={name: values for name, values in filters.items() if values},
    )
    headers = {"Content-Disposition": f'attachment; filename="{request.filename(date.today())}"'}
    return Response(
        export_map(session, request, http.app.state.settings), media_type=MEDIA_TYPES[request.format], headers=headers
    )
