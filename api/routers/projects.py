"""Projects as GeoJSON: a filtered, paged collection and single projects with history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth import Admin, KnownCaller
from api.deps import SessionDep, TransactionDep, client_address
from api.errors import in_request_language, no_project
from api.map_filters import CheckedProjectFilters
from api.paging import page_links
from api.params import PageOffset, PlainText, ProjectId
from api.schemas.projects import NearProjects, ProjectPage, ProjectWithHistory
from geo.jurisdiction import changeable, not_in_charge
from geo.models import Account, Project
from geo.queries.near import MOST_LISTED, projects_near
from geo.queries.projects import find_projects, get_project, project_position
from geo.retirement import restore_project, retire_project

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.get(
    "", response_model=ProjectPage, response_model_exclude_unset=True, summary="Projects as a GeoJSON FeatureCollection"
)
def list_projects(
    request: Request,
    session: SessionDep,
    filters: CheckedProjectFilters,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: PageOffset = 0,
    after: Annotated[
        int | None, Query(ge=0, description="projects with ids above this (what a next link carries)")
    ] = None,
) -> dict[str, Any]:
    collection = find_projects(session, filters, limit, offset, after)
    start = offset if after is None else project_position(session, filters, after)
    last_id = collection["features"][-1]["id"] if collection["features"] else None
    collection["links"] = page_links(request, limit, start, collection["numberMatched"], last_id=last_id)
    return collection


@router.get("/near", response_model=NearProjects, summary="Projects near a point, by true distance to their geometry")
def near(
    session: SessionDep,
    caller: KnownCaller,
    lon: Annotated[float, Query(ge=-180, le=180, description="longitude, WGS 84")],
    lat: Annotated[float, Query(ge=-90, le=90, description="latitude, WGS 84")],
    radius_m: Annotated[float, Query(gt=0, le=50_000, description="search radius in metres")] = 1000,
    limit: Annotated[int, Query(ge=1, le=MOST_LISTED)] = 50,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """Current projects whose geometry lies within ``radius_m`` of the point, nearest first, with ``distance_m``;
    ``numberMatched`` says how many the radius holds, ``offset`` skips the nearest (the next page of a list).

    A point beside a 40 km dyke is near the dyke, wherever the dyke's centroid is. With a token or the browser
    session, each says whether the caller may report on it (``may_report``), as the field form shows.
    """
    found = projects_near(session, lon, lat, radius_m, limit, offset)
    if caller is not None:
        yours = changeable(session, caller, [f["id"] for f in found["features"]])
        for feature in found["features"]:
            feature["properties"]["may_report"] = feature["id"] in yours
    return found


@router.get(
    "/{project_id}",
    response_model=ProjectWithHistory,
    summary="One project with its status history (a retired one too)",
)
def read_project(
    request: Request,
    project_id: ProjectId,
    session: SessionDep,
    caller: KnownCaller,
    as_of: Annotated[
        date | None, Query(description="its schedule as of this day (null before its first report), not today's")
    ] = None,
) -> dict[str, Any]:
    """With a token or the browser session, says whether the caller may report on it (``may_report``), as the field
    form shows for a project chosen from afar (from a map's popup), and when not, why and whose it is (``not_yours``,
    in the language of Accept-Language): the form says it before anything is typed, in the words a report would be
    refused with."""
    project = get_project(session, project_id, as_of)
    if project is None:
        raise no_project(project_id)
    if caller is not None:
        may_report = project_id in changeable(session, caller, [project_id])
        project["properties"]["may_report"] = may_report
        if not may_report:
            why = not_in_charge(session, caller, session.get(Project, project_id))
            project["properties"]["not_yours"] = in_request_language(request, why)
    return project


class Retirement(BaseModel):
    reason: PlainText = Field(
        min_length=3, description="why it leaves the registry: duplicate of …, dropped by the plan …"
    )


def _change_retirement(
    request: Request, session: Session, project_id: int, account: Account, reason: str | None
) -> dict[str, Any]:
    project = session.get(Project, project_id, with_for_update=True)
    if project is None:
        raise no_project(project_id)
    address = client_address(request)
    if reason is None:
        restore_project(session, project, account, address)
    else:
        retire_project(session, project, reason, account, address)
    session.flush()
    return get_project(session, project_id)


@router.post(
    "/{project_id}/retire",
    response_model=ProjectWithHistory,
    summary="Retire a project (admin): off maps, lists and progress, history kept",
)
def retire(
    request: Request, session: TransactionDep, project_id: ProjectId, body: Retirement, account: Admin
) -> dict[str, Any]:
    return _change_retirement(request, session, project_id, account, body.reason)


@router.post("/{project_id}/restore", response_model=ProjectWithHistory, summary="Undo a project's retirement (admin)")
def restore(request: Request, session: TransactionDep, project_id: ProjectId, account: Admin) -> dict[str, Any]:
    return _change_retirement(request, session, project_id, account, None)
