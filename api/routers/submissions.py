"""Yearly submissions of lead agencies on their plan actions, the focal agency's review, and the board."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth import EDITOR_ROLES, Caller, Editor
from api.deps import SessionDep, TransactionDep
from api.errors import NotFound
from api.params import PlainText, PlanCode, SubmissionId, Year
from api.schemas.monitoring import (
    OwedSubmissions,
    OwingAgencies,
    SubmissionBoard,
    SubmissionHistory,
    SubmissionOut,
    SubmissionRights,
    Submissions,
)
from geo import submissions
from geo.agencies import agency_code, agency_id, unknown_agency
from geo.models import Submission
from geo.submission_board import board
from geo.submissions import SubmissionRefused, find_plan, submission_dict

router = APIRouter(prefix="/api/submissions", tags=["submissions"])


class Content(BaseModel):
    results: PlainText | None = Field(None, max_length=20_000, description="what was carried out")
    obstacles: PlainText | None = Field(None, max_length=20_000, description="khó khăn, vướng mắc")
    proposals: PlainText | None = Field(None, max_length=20_000, description="đề xuất giải pháp")
    project_ids: list[int] | None = Field(None, description="projects the submission is about")
    value_ids: list[int] | None = Field(None, description="indicator values it reports")


class Edit(Content):
    updated_at: datetime | None = Field(
        None,
        description="the submission's updated_at as the editor read it: the edit is refused (409) if someone changed "
        "the submission since, so that no one's edit is overwritten unseen",
    )


class NewSubmission(Content):
    plan: str = Field(examples=["148/QĐ-UBND"])
    action: str = Field(examples=["13.3"])
    year: int = Field(ge=2000, le=2100)
    reason: PlainText | None = Field(None, description="required for a new version correcting an accepted submission")
    agency: str | None = Field(None, description="admins only: the lead agency the draft is written for")


class Send(BaseModel):
    updated_at: datetime | None = Field(
        None, description="the submission's updated_at as the sender read it: refused (409) if it changed since"
    )


class Review(BaseModel):
    comment: PlainText | None = Field(None, max_length=4000, description="required to return a submission")


def _run(session: Session, step: Callable[[Session], Submission]) -> dict[str, Any]:
    """Run one step in the request's transaction; a refusal answers with its own status (api.errors), a draft
    started twice at the same moment (its unique key, seen at the step's flush) with 409, in the asker's language."""
    try:
        return submission_dict(session, step(session))
    except IntegrityError:
        raise SubmissionRefused(
            409,
            "this submission was started meanwhile by someone else; reload it",
            "Báo cáo này vừa được người khác lập cùng lúc; hãy tải lại trang để xem bản của họ.",
        ) from None


@router.get(
    "", response_model=Submissions, summary="Submissions of a plan and year (every version), optionally of one agency"
)
def list_submissions(
    session: SessionDep, plan: PlanCode, year: Year, agency: Annotated[str | None, Query()] = None
) -> dict[str, Any]:
    found = find_plan(session, plan)
    rows = [submission_dict(session, s) for s in submissions.plan_submissions(session, found, year)]
    return {"plan": plan, "year": year, "submissions": [r for r in rows if agency in (None, r["agency"])]}


@router.get(
    "/board",
    response_model=SubmissionBoard,
    summary="Per agency: submissions owed, late, submitted, returned, accepted; on-time rate",
)
def submission_board(
    session: SessionDep, plan: PlanCode, year: Year, today: Annotated[date | None, Query()] = None
) -> dict[str, Any]:
    return board(session, find_plan(session, plan), year, today)


@router.get(
    "/owed",
    response_model=OwedSubmissions,
    summary="What one agency owes for a plan and year, and the state of each submission",
)
def owed(session: SessionDep, plan: PlanCode, year: Year, agency: Annotated[str, Query()]) -> dict[str, Any]:
    refused = unknown_agency(session, [agency])
    if refused:  # in the asker's language, as the plan's refusal (it was in English alone, trial 72)
        raise NotFound(refused)
    found = board(session, find_plan(session, plan), year)
    mine = [a for a in found["agencies"] if a["agency"] == agency]
    return {
        "plan": plan,
        "year": year,
        "due": found["due"],
        "overdue": found["overdue"],
        "period": found["period"],
        "agency": agency,
        "duties": mine[0]["duties"] if mine else [],
    }


@router.get(
    "/agencies",
    response_model=OwingAgencies,
    summary="The agencies that owe a plan yearly reports or indicator values for a year, with how many of each",
)
def owing_agencies(session: SessionDep, plan: PlanCode, year: Year) -> dict[str, Any]:
    found = find_plan(session, plan)
    return {"plan": plan, "year": year, "agencies": submissions.agencies_owing(session, found, year)}


@router.get(
    "/rights",
    response_model=SubmissionRights,
    summary="What the caller may do on a plan: review and assign (focal), write submissions for an agency",
)
def rights(session: SessionDep, account: Caller, plan: PlanCode, agency: Annotated[str, Query()]) -> dict[str, Any]:
    """The page shows only the buttons the API would accept (the API still checks every step); a caller without an
    account, or not an editor, may do nothing here."""
    own_agency = agency_code(session, account.agency_id) if account is not None else None
    caller = {"own_agency": own_agency, "account": account.username if account is not None else None}
    if account is None or account.role not in EDITOR_ROLES:
        return {"review": False, "report": False} | caller
    own = account.agency_id is not None and account.agency_id == agency_id(session, agency)
    return {
        "review": submissions.is_focal(session, account, find_plan(session, plan)),
        "report": account.role == "admin" or own,
    } | caller


@router.get(
    "/{submission_id}/history",
    response_model=SubmissionHistory,
    summary="Every step of a submission: who, when, which state, comment",
)
def history(session: SessionDep, submission_id: SubmissionId) -> dict[str, Any]:
    return {"submission": submission_id, "steps": submissions.submission_history(session, submission_id)}


@router.post(
    "",
    status_code=201,
    response_model=SubmissionOut,
    summary="Start a draft (the action's lead agency)",
    responses={403: {}, 409: {}},
)
def start(session: TransactionDep, account: Editor, body: NewSubmission) -> dict[str, Any]:
    content = body.model_dump(include=set(submissions.FIELDS))
    return _run(
        session,
        lambda s: submissions.start(s, account, body.plan, body.action, body.year, content, body.reason, body.agency),
    )


@router.patch(
    "/{submission_id}",
    response_model=SubmissionOut,
    summary="Edit a draft or a returned submission",
    responses={403: {}, 409: {}},
)
def edit(session: TransactionDep, account: Editor, submission_id: SubmissionId, body: Edit) -> dict[str, Any]:
    content = body.model_dump(include=set(submissions.FIELDS))
    return _run(session, lambda s: submissions.edit(s, account, submission_id, content, body.updated_at))


@router.post(
    "/{submission_id}/submit",
    response_model=SubmissionOut,
    summary="Send a draft or returned submission to the focal agency",
)
def submit(
    session: TransactionDep, account: Editor, submission_id: SubmissionId, body: Send | None = None
) -> dict[str, Any]:
    read_at = body.updated_at if body else None
    return _run(session, lambda s: submissions.submit(s, account, submission_id, read_at))


@router.post(
    "/{submission_id}/{step}",
    response_model=SubmissionOut,
    summary="The focal agency returns (with a comment), accepts or locks",
)
def review(
    session: TransactionDep,
    account: Editor,
    submission_id: SubmissionId,
    step: Literal["return", "accept", "lock"],
    body: Review | None = None,
) -> dict[str, Any]:
    comment = body.comment if body else None
    return _run(session, lambda s: submissions.review(s, account, submission_id, step, comment))
