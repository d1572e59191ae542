"""The web map page, the project and unit pages and the unit page exports."""

from __future__ import annotations

from dataclasses import asdict, replace
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.auth import PageReader
from api.deps import SessionDep
from api.errors import NotFound
from api.params import (
    BoundaryScheme,
    ChangedSinceForm,
    FieldReportsForm,
    FieldReportsQuery,
    LangParam,
    Language,
    ProjectId,
    ProvinceCode,
    SalinityPeriod,
)
from geo.accounts import account_summaries
from geo.jurisdiction import reach, reachable_count
from geo.models import Account
from geo.queries.changes import all_listed, changed_cells, changed_sites, changes_since
from geo.queries.field_reports import field_reports, report_choices, reports_matching
from geo.queries.history import project_history
from geo.queries.in_charge import projects_in_charge
from geo.queries.map_choices import registry_provinces
from geo.queries.projects import get_project, project_units
from geo.queries.scheme_in_force import scheme_in_force
from geo.queries.unit_summary import find_unit
from geo.report_reviews import reviewable
from geo.said import Said
from geo.stalled import CHASED_AFTER_MONTHS
from geo.vietnam_day import vietnam_today
from maps.assets import inline_assets
from maps.context import SeaMissing, fetched_context, map_context
from maps.map_export import export_unit_map
from maps.pages import Reviewer, changes_page, field_reports_page, project_page, unit_page
from maps.web_map import BASEMAP_URL, build_web_map

router = APIRouter(tags=["web map"])

#: How many of a supervisor's projects without a report /status-reports lists (the rest on the map's filter).
UNREPORTED_LISTED = 30


class ExportFormat(StrEnum):
    html = "html"
    png = "png"


@router.get("/", response_class=HTMLResponse, summary="The web map (Vietnamese by default, ?lang=en)")
def web_map_page(request: Request, session: SessionDep, lang: LangParam = Language.vi) -> HTMLResponse:
    basemap = request.app.state.settings.basemap_pmtiles is not None
    poll = request.app.state.settings.changes_poll_seconds
    statuses = request.query_params.getlist("status")
    web_map = build_web_map(session, lang.value, basemap=basemap, poll_seconds=poll, statuses=statuses)
    return HTMLResponse(web_map.get_root().render())


@router.get("/projects/{project_id}", response_class=HTMLResponse, summary="A project's page")
def project_page_html(
    project_id: ProjectId, request: Request, session: SessionDep, reader: PageReader, lang: LangParam = Language.vi
) -> HTMLResponse:
    project = get_project(session, project_id)
    if project is None:
        raise NotFound(
            Said(
                f"Không có dự án số {project_id}. Hãy tìm dự án theo tên hoặc mã trên bản đồ.",
                f"No project with id {project_id}. Search for it by name or code on the map.",
            )
        )
    context = page_context(request, session, lang.value)
    units = project_units(session, project_id)
    role = reader.role if reader is not None else None
    page = project_page(project, project_history(session, project_id), lang.value, context, units, role)
    return HTMLResponse(page.get_root().render())


@router.get("/status-reports", response_class=HTMLResponse, summary="Officers' reports from the field (?flagged=true)")
def field_reports_html(
    request: Request, session: SessionDep, query: FieldReportsForm, caller: PageReader, lang: LangParam = Language.vi
) -> HTMLResponse:
    return _field_reports(request, session, query, caller, lang.value)


@router.get("/status-reports/flagged", response_class=HTMLResponse, summary="Reports to check: /status-reports?flagged")
def flagged_reports_html(
    request: Request, session: SessionDep, query: FieldReportsForm, caller: PageReader, lang: LangParam = Language.vi
) -> HTMLResponse:
    return _field_reports(request, session, replace(query, flagged=True), caller, lang.value)


def _field_reports(
    request: Request, session: Session, query: FieldReportsQuery, caller: Account | None, lang: str
) -> HTMLResponse:
    """The page; a day typed that is not one is shown in its box, with what to type, and no list (422). The verdict
    buttons are on the reports the caller (of the browser's session) may review; not logged in, a link to log in."""
    context = page_context(request, session, lang, fetched=True)  # the browser keeps it: a supervisor comes daily
    reports = [] if query.since_typed else field_reports(session, **query.filters(), drawn=True)
    username = caller.username if caller else None
    reviewer = Reviewer(username, reviewable(session, caller, reports), request.url.path, request.url.query)
    unreported = _unreported(session, caller) if caller and not query.flagged else None
    choices = report_choices(session, **query.filters())
    matching = reports_matching(session, **query.filters())
    page = field_reports_page(reports, asdict(query), choices, lang, context, reviewer, unreported, matching)
    return HTMLResponse(page.get_root().render(), status_code=422 if query.since_typed else 200)


def _unreported(session: Session, caller: Account) -> dict[str, Any] | None:
    """The caller's projects nobody has reported on for months, longest first (None for an account that may report
    on nothing, a viewer); when there are none, how many projects it is in charge of at all (``inCharge``), and how
    many of them are not finished (``unfinished``), and, for an editor in charge of none, the plan actions whose yearly
    reports its agency writes (``actionsLed``)."""
    if reach(caller.role) == "none":
        return None
    found = projects_in_charge(session, caller, limit=UNREPORTED_LISTED, no_report_months=CHASED_AFTER_MONTHS)
    if not found["numberMatched"]:
        found["inCharge"] = reachable_count(session, caller)
        found["unfinished"] = reachable_count(session, caller, unfinished=True)
    if not found.get("inCharge") and caller.role == "editor":  # what its editor does instead
        found["actionsLed"] = account_summaries(session, [caller.id])[0].writes_reports
    return found


@router.get("/changes", response_class=HTMLResponse, summary="What changed since a day (?since=01/10/2026)")
def changes_html(
    request: Request,
    session: SessionDep,
    since: ChangedSinceForm,
    province: ProvinceCode = None,
    lang: LangParam = Language.vi,
) -> HTMLResponse:
    """A day typed that is not one is kept in its box, marked, with what to type, and nothing listed (422)."""
    day = since.day or vietnam_today()
    found = None if since.typed else changes_since(session, day, province or None)
    listed = found is None or all_listed(found)  # past the lists, every change counted on the map by its square
    sites = changed_sites(session, found) if found and listed else {}
    cells = None if listed else changed_cells(session, day, province or None)
    context = page_context(request, session, lang.value)
    provinces = registry_provinces(session)
    page = changes_page(found, sites, day, province or None, provinces, lang.value, context, since.typed, cells)
    return HTMLResponse(page.get_root().render(), status_code=422 if since.typed else 200)


@router.get("/units/{scheme}/{code}", response_class=HTMLResponse, summary="A unit's page (district, commune, …)")
def unit_page_html(
    scheme: BoundaryScheme,
    code: str,
    request: Request,
    session: SessionDep,
    lang: LangParam = Language.vi,
    period: SalinityPeriod = None,
) -> HTMLResponse:
    context = page_context(request, session, lang.value, scheme.value)
    unit = _unit(session, scheme, code)
    return HTMLResponse(unit_page(session, unit, lang.value, context=context, period=period).get_root().render())


@router.get(
    "/units/{scheme}/{code}/export.{fmt}",
    summary="A unit's page as a standalone HTML file, or its printable map (A4) as a PNG",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "image/png": {}}}},
)
def unit_export(
    scheme: BoundaryScheme,
    code: str,
    fmt: ExportFormat,
    request: Request,
    session: SessionDep,
    lang: LangParam = Language.vi,
) -> Response:
    """The PNG is drawn on the server with matplotlib, as the printable maps are (no browser)."""
    unit = _unit(session, scheme, code)
    in_english = "_en" if lang is Language.en else ""  # both languages' files kept side by side
    # named as the printed sheets are, with the day whose figures it holds: one unit's pages of two days were one name
    name = f"georeg_unit_{scheme.value}-{code}_{vietnam_today().isoformat()}{in_english}.{fmt.value}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt is ExportFormat.png:
        return Response(
            export_unit_map(session, unit, lang.value, request.app.state.settings),
            media_type="image/png",
            headers=headers,
        )
    context = page_context(request, session, lang.value, scheme.value)
    page = unit_page(session, unit, lang.value, exported=True, context=context).get_root().render()
    html = inline_assets(page, request.app.state.settings.assets_dir)
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


def page_context(
    request: Request, session: SessionDep, lang: str, scheme: str | None = None, fetched: bool = False
) -> dict | None:
    """The sea and provinces (of boundary ``scheme``, by default those in force today) under a page's map, or with
    ``fetched`` the address the browser fetches them from (maps.context.fetched_context); None (a map without them)
    when the sea's package is missing."""
    scheme = scheme or scheme_in_force(session, vietnam_today()).scheme
    try:
        context = (
            fetched_context(lang, scheme) if fetched else map_context(session, request.app.state.settings, lang, scheme)
        )
    except SeaMissing:
        return None
    if request.app.state.settings.basemap_pmtiles is not None:  # the office's basemap, as the web map draws it
        context["basemap"] = {"url": BASEMAP_URL, "lang": lang}
    return context


def _unit(session: SessionDep, scheme: BoundaryScheme, code: str) -> dict:
    return find_unit(session, code, scheme.value)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for it; answering "no content" keeps their consoles free of 404s."""
    return Response(status_code=204)
