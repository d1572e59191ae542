"""An upload's job: queued (pending), running with its progress, then previewed or failed; a preview is then
committing, then committed or failed (or expired, when its file is removed unloaded).

Uploads are checked and committed in the background: the job exists first, so its id can be given at once, and the
load's progress is written beside it in its own short transactions. A load given an existing job records into it:
a dry run into a running job, a commit into a committing one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from geo.models import IngestJob, IngestJobProgress

RUNNING, PREVIEWED, COMMITTING = "running", "previewed", "committing"
UNFINISHED = ("pending", RUNNING, COMMITTING)


def waiting_state(dry_run: bool) -> str:
    """The state a given job must be in for a load to record into it."""
    return RUNNING if dry_run else COMMITTING


def lock_waiting_job(session: Session, job_id: int, dry_run: bool) -> IngestJob:
    """The job a load records into, locked until the load commits or rolls back; ValueError if it is not waiting.

    The lock (FOR NO KEY UPDATE) lets the progress rows, which reference the job, be written meanwhile.
    """
    job = session.get(IngestJob, job_id, with_for_update={"key_share": True})
    if job is None or job.state != waiting_state(dry_run):
        waiting = "an upload being checked" if dry_run else "a preview being committed"
        raise ValueError(f"job {job_id} is not {waiting}")
    return job


def queue_job(engine: Engine, file_name: str, target: str, mode: str, account_id: int | None) -> int:
    """A new pending job for an upload; returns its id."""
    with Session(engine) as session, session.begin():
        job = IngestJob(file_name=file_name, target=target, mode=mode, state="pending", account_id=account_id)
        session.add(job)
        session.flush()
        return job.id


def start_job(engine: Engine, job_id: int) -> None:
    """Pending → running (committed at once, so that readers see it)."""
    with engine.begin() as connection:
        connection.execute(
            update(IngestJob).where(IngestJob.id == job_id, IngestJob.state == "pending").values(state=RUNNING)
        )


def begin_commit(engine: Engine, job_id: int) -> bool:
    """Previewed → committing, in one statement: of two commits of the same preview only one gets True."""
    with engine.begin() as connection:
        flipped = connection.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id, IngestJob.state == PREVIEWED)
            .values(state=COMMITTING)
            .returning(IngestJob.id)
        )
        return flipped.first() is not None


def fail_job(engine: Engine, job_id: int, message: str) -> None:
    """Mark a job that stopped on an unexpected error as failed, with the message, unless it already ended."""
    _fail_unfinished(engine, IngestJob.id == job_id, message)


def fail_interrupted_jobs(engine: Engine, older_than: timedelta) -> None:
    """Jobs pending, running or committing for longer than ``older_than``: cut short (the server stopped)."""
    message = "the job was interrupted (the server stopped?); nothing was loaded: upload the file again"
    _fail_unfinished(engine, IngestJob.created_at < func.now() - older_than, message)


def _fail_unfinished(engine: Engine, which: ColumnElement[bool], message: str) -> None:
    report = {"errors": [{"message": message}], "warnings": []}
    with engine.begin() as connection:
        connection.execute(
            update(IngestJob)
            .where(which, IngestJob.state.in_(UNFINISHED))
            .values(state="failed", errors=report["errors"], report=report, finished_at=func.now())
        )


def expire_previews(engine: Engine, job_ids: list[int]) -> None:
    """Previewed jobs whose file was removed unloaded: expired (committing them would find no file)."""
    if job_ids:
        with engine.begin() as connection:
            connection.execute(
                update(IngestJob)
                .where(IngestJob.id.in_(job_ids), IngestJob.state == PREVIEWED)
                .values(state="expired", finished_at=func.now())
            )


def record_progress(engine: Engine, job_id: int, done: int, total: int) -> None:
    """Write how many features of the job's file are checked (or loaded) so far, in a transaction of its own."""
    statement = insert(IngestJobProgress).values(job_id=job_id, done=done, total=total)
    statement = statement.on_conflict_do_update(
        index_elements=["job_id"], set_={"done": done, "total": total, "updated_at": statement.excluded.updated_at}
    )
    with engine.begin() as connection:
        connection.execute(statement)


def progress_of(session: Session, job_id: int) -> dict[str, Any] | None:
    row = session.execute(
        select(IngestJobProgress.done, IngestJobProgress.total, IngestJobProgress.updated_at).filter_by(job_id=job_id)
    ).first()
    return None if row is None else {"done": row.done, "total": row.total, "updated_at": row.updated_at.isoformat()}


def list_jobs(
    session: Session, states: list[str], account_id: int | None, limit: int, offset: int
) -> tuple[list[IngestJob], int]:
    """Jobs newest first, in ``states`` (all if empty) and by ``account_id`` (anyone's if None); and how many match."""
    query = select(IngestJob)
    if states:
        query = query.where(IngestJob.state.in_(states))
    if account_id is not None:
        query = query.where(IngestJob.account_id == account_id)
    matched = session.scalar(select(func.count()).select_from(query.subquery()))
    jobs = session.scalars(query.order_by(IngestJob.id.desc()).limit(limit).offset(offset)).all()
    return list(jobs), matched
