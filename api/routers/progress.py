"""Progress per admin unit: figures as JSON or GeoJSON, and the choropleth page."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.errors import ParametersRefused
from api.map_filters import codes_refused
from api.params import (
    DEFAULT_SCHEME,
    AgencyCodes,
    AsOf,
    BoundaryScheme,
    LangParam,
    Language,
    PlanActionCodes,
    PlanCodes,
    PrintFrame,
    ProjectKind,
    SheetDep,
    TableFormat,
    UnitLevel,
    default_level,
)
from api.schemas.unit_figures import ProgressCollection, ProgressFigures
from api.sheet_responses import TABLE_FILES, sheet_response, table_response
from geo.progress import (
    ProgressQuery,
    ProgressQueryError,
    check_query,
    province_totals,
    unit_progress,
    unit_progress_geojson,
)
from geo.progress_table import (
    chosen_names,
    progress_first_rows,
    progress_table,
    table_csv,
    table_file_name,
    table_xlsx,
)
from geo.queries.projects import known_province_codes, plan_codes, unknown_plan
from geo.said import Said
from geo.share_queue import share_state
from geo.vietnam_day import vietnam_today
from maps.map_export import MapExport
from maps.web_map import build_web_map

router = APIRouter(tags=["progress"])


class Weight(StrEnum):
    count = "count"
    budget = "budget"
    size = "size"


class Format(StrEnum):
    json = "json"
    geojson = "geojson"


def progress_query(
    session: SessionDep,
    scheme: Annotated[
        BoundaryScheme | None,
        Query(
            description="boundaries: pre2025 (provinces, districts; the default) or 2025 (provinces, communes; the "
            "default when level=commune)"
        ),
    ] = None,
    level: Annotated[UnitLevel | None, Query(description="default: district (pre2025) or commune (2025)")] = None,
    weight: Annotated[Weight, Query(description="count, budget (billion VND) or size (MW, else km or ha)")] = (
        Weight.count
    ),
    as_of: AsOf = None,
    kind: Annotated[list[ProjectKind], Query()] = [],  # noqa: B006
    plan: PlanCodes = [],  # noqa: B006
    plan_action: PlanActionCodes = [],  # noqa: B006
    agency: AgencyCodes = [],  # noqa: B006
    via: Annotated[BoundaryScheme | None, Query(description="Compute in this other scheme, carry by crosswalk")] = None,
    province: Annotated[
        list[str],
        Query(
            description="the units lying in this province only (a former code, e.g. 95, or a 2025 one, e.g. 96 for "
            "the former provinces merged into it); repeatable"
        ),
    ] = [],  # noqa: B006
    unit: Annotated[
        list[str],
        Query(
            description="the units of this unit only (a former district, e.g. 961: its 2025 communes; a 2025 commune: "
            "the former districts it was made of); repeatable"
        ),
    ] = [],  # noqa: B006
) -> ProgressQuery:
    if scheme is None:  # communes asked for: the boundaries that have them, not a refusal
        scheme = BoundaryScheme("2025") if level is not None and level.value == "commune" else DEFAULT_SCHEME
    query = ProgressQuery(
        scheme=scheme.value,
        level=level.value if level else default_level(scheme),
        weight=weight.value,
        as_of=as_of,
        kinds=[k.value for k in kind],
        plans=plan,
        plan_actions=plan_action,
        agencies=agency,
        via=via.value if via else None,
        provinces=province,
        units=unit,
    )
    problems = []
    try:
        check_query(query)
    except ProgressQueryError as error:
        problems.append((error.parameter, error.said))
    known_plans = plan_codes(session)
    problems += [("plan", unknown_plan(p, known_plans)) for p in plan if p not in known_plans]
    known_provinces = sorted(known_province_codes(session))
    problems += [
        (
            "province",
            Said(
                f"không có tỉnh mã {p!r}; các mã tỉnh: {known_provinces}",
                f"no province with code {p!r}; expected one of {known_provinces}",
            ),
        )
        for p in province
        if p not in known_provinces
    ]
    problems += codes_refused(session, {"unit": unit, "plan_action": plan_action, "agency": agency})  # as the map's
    if problems:
        raise ParametersRefused(problems)
    return query


QueryDep = Annotated[ProgressQuery, Depends(progress_query)]


@router.get(
    "/api/progress",
    response_model=ProgressFigures | ProgressCollection,
    summary="Progress per admin unit (JSON rows or a GeoJSON FeatureCollection)",
)
def read_progress(
    session: SessionDep, query: QueryDep, format: Annotated[Format, Query()] = Format.json
) -> dict[str, Any]:
    shares = share_state(session).as_dict()  # "recomputing" while a load's new projects wait for their shares
    if format is Format.geojson:
        return unit_progress_geojson(session, query) | {"shares": shares}
    units = unit_progress(session, query)
    return {
        "shares": shares,
        "scheme": query.scheme,
        "level": query.level,
        "weight": query.weight,
        "as_of": query.as_of,
        "via": query.via,
        "units": units,
        "totals": province_totals(session, query, units),
    }


@router.get(
    "/api/progress/table.{format}",
    response_class=Response,
    summary="Progress per admin unit as a table (XLSX or CSV, headed in ?lang=): the rows of /api/progress",
    responses=TABLE_FILES,
)
def progress_table_file(
    session: SessionDep, query: QueryDep, format: TableFormat, lang: LangParam = Language.vi
) -> Response:
    """Unit, code, projects, their part, mean progress (and the budget or size weighed by), each province's total
    under its units: the /progress page's table; the workbook says what its figures are of on a second sheet (the
    day, units and boundaries, weight, provinces and filters), the CSV in its name (geo.progress_table)."""
    units = unit_progress(session, query)
    totals = province_totals(session, query, units)
    headings, rows, total_rows = progress_table(units, totals, query, lang.value)
    if format is TableFormat.xlsx:
        named = chosen_names(session, query, lang.value)
        about = progress_first_rows(query, units, totals, named, vietnam_today(), lang.value)
        body = table_xlsx(headings, rows, total_rows, query, lang.value, about)
    else:
        body = table_csv(headings, rows, lang.value)
    name = table_file_name(query, vietnam_today(), format.value, lang.value)
    return table_response(body, format, name)


@router.get("/progress", response_class=HTMLResponse, summary="The progress choropleth page (?lang=en)")
def progress_page(
    request: Request, session: SessionDep, query: QueryDep, lang: LangParam = Language.vi
) -> HTMLResponse:
    """The web map opened on the choropleth; ``query`` only checks the parameters (the page reads them itself)."""
    basemap = request.app.state.settings.basemap_pmtiles is not None
    poll = request.app.state.settings.changes_poll_seconds
    built = build_web_map(session, lang.value, focus="progress", basemap=basemap, poll_seconds=poll)
    return HTMLResponse(built.get_root().render())


@router.get(
    "/progress/export",
    summary="The progress choropleth as a printable map (PNG or PDF; A4 or A3), as of a date",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}}}},
)
def progress_export(
    http: Request,
    session: SessionDep,
    query: QueryDep,
    sheet: SheetDep,
    frame: PrintFrame,
) -> Response:
    """The same figures as /api/progress with the same parameters, drawn with title, as-of date, legend, scale bar,
    north arrow and source line."""
    export = MapExport(
        what="progress", as_of=query.as_of, scheme=query.scheme, progress=query, frame=frame, **sheet.sheet()
    )
    return sheet_response(http, session, export)
