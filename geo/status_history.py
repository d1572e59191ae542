"""Appending status events; the project's current status always follows its history."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from geo.layer_versions import bump
from geo.models import Project, StatusEvent
from geo.vocab import STATUS_CODES


def append_status_event(
    session: Session, project: Project, *, status: str, percent: float, reported_at: date, **details: object
) -> StatusEvent:
    """Record one report on ``project`` and bump its version.

    The project's current status, percent and status date are those of its latest
    report by ``reported_at`` (a late-arriving older report is kept in the history but
    does not overwrite a newer state).
    """
    if status not in STATUS_CODES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUS_CODES)}")
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent}")
    project.version += 1
    event = StatusEvent(
        project=project, version=project.version, status=status, percent=percent, reported_at=reported_at, **details
    )
    session.add(event)
    if project.status_date is None or reported_at >= project.status_date:
        project.status, project.percent, project.status_date = status, percent, reported_at
    bump(session, "projects")
    return event
