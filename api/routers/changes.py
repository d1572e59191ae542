"""What changed since a day, as JSON and as a table (``/changes`` is the page: api.routers.web_map)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import SessionDep
from api.map_filters import CheckedProjectFilters
from api.params import (
    ChangedSince,
    LangParam,
    Language,
    ProvinceCode,
    SeenVersion,
    TableFormat,
)
from api.schemas.projects import Changes, ProjectsChanged
from api.sheet_responses import TABLE_FILES, table_response
from geo.changes_table import IN_A_FILE, change_rows, changes_csv, changes_file_name, changes_first_rows, changes_xlsx
from geo.queries.changes import changes_since
from geo.queries.map_choices import registry_provinces
from geo.queries.projects_changed import parse_version, projects_changed_after
from geo.vietnam_day import vietnam_today

router = APIRouter(tags=["changes"])


@router.get("/api/changes", response_model=Changes, summary="What changed in the registry since a day")
def changes_read(session: SessionDep, since: ChangedSince = None, province: ProvinceCode = None) -> dict[str, Any]:
    """Statuses recorded (by field reports, loads, imports: each with the status before it), projects added and
    retired, and values changed by loads, on or after ``since`` (today if none), newest first."""
    day = since or vietnam_today()
    return {"since": day, "province": province or None, **changes_since(session, day, province or None)}


@router.get(
    "/api/changes/table.{format}",
    response_class=Response,
    summary="What changed since a day, as /changes lists it, as a table (XLSX or CSV, in ?lang=)",
    responses=TABLE_FILES,
)
def changes_table(
    session: SessionDep,
    format: TableFormat,
    since: ChangedSince = None,
    province: ProvinceCode = None,
    lang: LangParam = Language.vi,
) -> Response:
    """What a director takes to the week's meeting (trial 61): a row per change, in the page's sections' order; the
    workbook says the day and the province chosen on a second sheet, the CSV in its name (geo.changes_table)."""
    day = since or vietnam_today()
    found = changes_since(session, day, province or None, limit=IN_A_FILE)
    chosen = next((p for p in registry_provinces(session) if p["code"] == province), None) if province else None
    rows = change_rows(found, lang.value)
    if format is TableFormat.xlsx:
        body = changes_xlsx(rows, changes_first_rows(found, day, chosen, lang.value), lang.value)
    else:
        body = changes_csv(rows, lang.value)
    name = changes_file_name(day, vietnam_today(), format.value, lang.value, chosen["code"] if chosen else None)
    return table_response(body, format, name)


@router.get(
    "/api/changes/projects",
    response_model=ProjectsChanged,
    summary="Which projects changed since a version of theirs (what the open map and /progress poll)",
)
def projects_changed(
    session: SessionDep,
    filters: CheckedProjectFilters,
    after: SeenVersion = None,
) -> dict[str, Any]:
    """The projects changed after the version ``after`` (status reports, reviews, retirements, moved sites), the
    latest first, as they stand now; one read of one row when nothing changed, however many projects there are.
    With the map's filters, those they show are counted and named, the others counted apart (``outside``)."""
    return projects_changed_after(session, parse_version(after) if after else None, filters)
