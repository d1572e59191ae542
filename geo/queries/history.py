"""A project's current state and its append-only status history, as the API and the report form show them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, cast, func, literal_column, select
from sqlalchemy.orm import Session

from geo.models import (
    Account,
    AuditLogEntry,
    IngestJob,
    Project,
    StatusEvent,
    StatusEventFlag,
    StatusEventReview,
    StatusPhoto,
)
from geo.stalled import is_report_sql
from geo.vocab import LOAD_REPORTER, RECORD_CHANGED

#: Whether a status event is a report (geo.stalled: a load's is not), in a select of its table: a project's history
#: here and in its API answer (geo.queries.projects) says it of each event.
EVENT_IS_REPORT = literal_column(is_report_sql(StatusEvent.__tablename__)).label("is_report")
#: The load that recorded a status event, by the job its source names (geo.ingest.jobs.provenance: "file (ingest job
#: 2)"): its job, file and who ran it, for the history to name whose load it was (trial 73).
_LOAD_JOB = and_(
    StatusEvent.reporter_name == LOAD_REPORTER,
    IngestJob.id == cast(func.substring(StatusEvent.source, r"\(ingest job (\d+)\)$"), Integer),
)

STATE_COLUMNS = (
    "id",
    "code",
    "name_vi",
    "name_en",
    "kind",
    "status",
    "percent",
    "status_date",
    "version",
    "retired_at",
)


def current_state(session: Session, project_id: int) -> dict[str, Any] | None:
    project = session.get(Project, project_id, populate_existing=True)
    if project is None:
        return None
    return {name: getattr(project, name) for name in STATE_COLUMNS}


def project_history(session: Session, project_id: int) -> dict[str, Any] | None:
    """The project's state and every event, oldest first, with distance flags and photos; and the changes loads made
    to its values."""
    state = current_state(session, project_id)
    if state is None:
        return None
    rows = session.execute(
        select(
            StatusEvent.id,
            StatusEvent.version,
            StatusEvent.status,
            StatusEvent.percent,
            StatusEvent.reported_at,
            StatusEvent.recorded_at,
            StatusEvent.note_vi,
            StatusEvent.note_en,
            StatusEvent.reporter_name,
            StatusEvent.distance_m,
            StatusEvent.reporter_accuracy_m,
            StatusEvent.source,
            StatusEvent.is_demo,
            StatusEventFlag.reason.label("flag"),
            StatusEventFlag.distance_m.label("flag_distance_m"),
            StatusEventFlag.threshold_m.label("flag_threshold_m"),
            StatusEventReview.verdict.label("review_verdict"),
            StatusEventReview.note.label("review_note"),
            StatusEventReview.reviewer_name,
            StatusEventReview.reviewed_at,
            StatusEventReview.previous_verdict,
            StatusEventReview.previous_reviewer_name,
            StatusEventReview.previous_reviewed_at,
            EVENT_IS_REPORT,
            IngestJob.id.label("load_job"),
            IngestJob.file_name.label("load_file"),
            func.coalesce(Account.display_name, Account.username).label("loaded_by"),
        )
        .outerjoin(StatusEventFlag, StatusEventFlag.event_id == StatusEvent.id)
        .outerjoin(IngestJob, _LOAD_JOB)
        .outerjoin(Account, Account.id == IngestJob.account_id)
        .outerjoin(StatusEventReview, StatusEventReview.event_id == StatusEvent.id)
        .where(StatusEvent.project_id == project_id)
        .order_by(StatusEvent.version)
    ).mappings()
    events = [dict(row) for row in rows]
    photos = _photos(session, [e["id"] for e in events])
    for event in events:
        event["photos"] = photos.get(event.pop("id"), [])
    return {**state, "history": events, "record_changes": record_changes(session, project_id)}


def record_changes(session: Session, project_id: int) -> list[dict[str, Any]]:
    """The changes loads made to the project's values (a rename, a move), oldest first: when, by which load, and each
    field before and after (geo.ingest.project_writes.record_value_changes)."""
    rows = session.execute(
        select(AuditLogEntry.at, AuditLogEntry.detail.label("source"), AuditLogEntry.changes)
        .where(
            AuditLogEntry.entity == "project",
            AuditLogEntry.entity_id == str(project_id),
            AuditLogEntry.action == RECORD_CHANGED,
        )
        .order_by(AuditLogEntry.at, AuditLogEntry.id)
    ).mappings()
    return [dict(row) for row in rows]


def _photos(session: Session, event_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    rows = session.execute(
        select(StatusPhoto.event_id, StatusPhoto.sha256, StatusPhoto.content_type, StatusPhoto.size_bytes).where(
            StatusPhoto.event_id.in_(event_ids)
        )
    )
    for event_id, sha256, content_type, size in rows:
        found.setdefault(event_id, []).append(
            {"sha256": sha256, "content_type": content_type, "size_bytes": size, "url": f"/api/photos/{sha256}"}
        )
    return found


def photo_path(session: Session, sha256: str) -> tuple[str, str] | None:
    """The stored relative path and content type of a photo, by its hash."""
    row = session.execute(
        select(StatusPhoto.path, StatusPhoto.content_type).where(StatusPhoto.sha256 == sha256).limit(1)
    ).one_or_none()
    return None if row is None else (row[0], row[1])
