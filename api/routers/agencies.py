"""Agencies over time (validity dates, predecessors and successors) and the agencies of each plan action."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.auth import Editor
from api.deps import SessionDep, TransactionDep
from api.errors import NotFound
from api.params import PlanCode
from api.schemas.monitoring import Agencies, AgencyTimeline, AssignedAgencies, PlanActionAgencies, PlanTasks
from geo.action_agencies import action_agencies, assign
from geo.agencies import agency_dict, agency_timeline, all_agencies, exists_on, unknown_agency
from geo.plan_tasks import plan_tasks
from geo.vietnam_day import vietnam_today

router = APIRouter(tags=["agencies"])


class AssignedBefore(BaseModel):
    lead: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)


class ActionAgencies(BaseModel):
    lead: list[str] = Field(description="agency codes leading the action", examples=[["BL.SNNPTNT"]])
    partners: list[str] = Field(default_factory=list, description="agency codes taking part")
    from_year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="the first reporting year the assignment holds for (default: this year); the years before keep "
        "the agencies that owed their reports",
    )
    was: AssignedBefore | None = Field(
        None,
        description="the lead and partners of from_year as the assigner read them: refused (409) if they changed "
        "since, so that no one's assignment is undone unseen",
    )


@router.get(
    "/api/agencies",
    response_model=Agencies,
    summary="Agencies, with validity dates; ?on=DATE keeps those existing that day",
)
def agencies(session: SessionDep, on: Annotated[date | None, Query()] = None) -> dict[str, Any]:
    return {"agencies": [agency_dict(a) for a in all_agencies(session) if on is None or exists_on(a, on)]}


@router.get(
    "/api/agencies/{code}",
    response_model=AgencyTimeline,
    summary="An agency with its predecessors and successors (certain or not)",
)
def agency(session: SessionDep, code: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    found = agency_timeline(session, code)
    if found is None:  # in the asker's language, as /api/submissions/owed's (trial 72)
        raise NotFound(unknown_agency(session, [code]))
    return found


@router.get(
    "/api/plan-actions",
    response_model=PlanTasks,
    summary="Every task of a plan: its title, lead and partner agencies by today's names, its projects (by status, and "
    "how many are past due today) and the year's reports",
)
def list_plan_tasks(
    session: SessionDep,
    plan: PlanCode,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="the reporting year (default: this year)")] = None,
) -> dict[str, Any]:
    today = vietnam_today()
    year = year or today.year
    tasks = plan_tasks(session, plan, year, today, schedule_on=today)
    return {"plan": plan, "year": year, "named_on": today, "schedule_on": today, "tasks": tasks}


@router.get(
    "/api/plan-actions/agencies",
    response_model=PlanActionAgencies,
    summary="Every action of a plan with its lead and partner agencies in a reporting year",
)
def list_action_agencies(
    session: SessionDep,
    plan: PlanCode,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="the reporting year (default: this year)")] = None,
) -> dict[str, Any]:
    year = year or vietnam_today().year
    return {"plan": plan, "year": year, "actions": action_agencies(session, plan, year)}


@router.put(
    "/api/plan-actions/agencies",
    response_model=AssignedAgencies,
    summary="Assign the lead and partner agencies of an action from a reporting year on (admin or the plan's focal "
    "agency)",
    responses={401: {}, 403: {}, 404: {}, 422: {}},
)
def put_action_agencies(
    session: TransactionDep, account: Editor, plan: PlanCode, action: Annotated[str, Query()], body: ActionAgencies
) -> dict[str, Any]:
    was = (body.was.lead, body.was.partners) if body.was else None
    from_year = body.from_year or vietnam_today().year
    return assign(session, account, plan, action, body.lead, body.partners, from_year, was)
