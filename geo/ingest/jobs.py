"""An upload's job: queued (pending), running with its progress, then previewed or failed; a preview is then
committing, then committed or failed (or expired, when its file is removed unloaded).

Uploads are checked and committed in the background: the job exists first, so its id can be given at once, and the
load's progress is written beside it in its own short transactions. A load given an existing job records into it:
a dry run into a running job, a commit into a committing one.

A live load keeps its job's row locked from its start until its outcome is recorded (geo.ingest.pipeline). A job
running or committing whose row nobody holds, past a short start, belongs to a process that stopped (killed, out
of memory, the server restarted): :func:`fail_dead_jobs` ends it as failed, with the reason, at the app's start and
every few minutes. Its load was rolled back with its connection, so nothing was written.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Session, aliased, defer, selectinload

from geo.ingest.messages import Said, said
from geo.ingest.report import counted
from geo.models import Account, IngestJob, IngestJobProgress

RUNNING, PREVIEWED, COMMITTING = "running", "previewed", "committing"
UNFINISHED = ("pending", RUNNING, COMMITTING)
COMMITTABLE = (PREVIEWED, "failed")  # a preview, or a commit that failed, retried while its file is kept


#: A source that is a load's provenance (:func:`provenance`), as SQL's LIKE matches it.
PROVENANCE_LIKE = "% (ingest job %)"


def cited(sources: list[str]) -> list[str]:
    """A file's sources without the loads' provenances an export wrote among them ("du_an.gpkg (ingest job 12)"):
    where the rows came from, not what they cite. The load adds its own."""
    return [source for source in sources if not _PROVENANCE.search(source)]


_PROVENANCE = re.compile(r" \(ingest job \d+\)$")


def provenance(job: IngestJob) -> str:
    """What a load writes into the sources of its rows: its file and its job ("du_an.gpkg (ingest job 12)")."""
    return f"{job.file_name} (ingest job {job.id})"


def dry_run_state(ok: bool, file_kept: bool, changes_nothing: bool = False) -> str:
    """How a dry run ends: previewed when its file is kept to be committed (an upload), checked when it is not (the
    command line's --dry-run: nothing to commit, so it is never offered for loading) or when loading it would change
    nothing (a trial's such upload stayed listed as waiting to be loaded), failed if refused."""
    return "failed" if not ok else PREVIEWED if file_kept and not changes_nothing else "checked"


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
            update(IngestJob)
            .where(IngestJob.id == job_id, IngestJob.state == "pending")
            .values(state=RUNNING, started_at=func.now())
        )


def name_the_load(session: Session, job_id: int) -> None:
    """Name the session of job ``job_id``'s load, for the rest of its transaction, as :func:`waits_for_another_load`
    finds it."""
    session.execute(select(func.set_config("application_name", _load_name(job_id), True)))


def waits_for_another_load(session: Session, job_id: int) -> bool:
    """Whether job ``job_id``'s load waits for another load into its target to end (geo.ingest.pipeline.LOAD_LOCKS):
    /upload said "Loading…" meanwhile (trial 56)."""
    activity = table("pg_stat_activity", column("application_name"), column("wait_event_type"), column("wait_event"))
    waiting = select(activity.c.application_name).where(
        activity.c.application_name == _load_name(job_id),
        activity.c.wait_event_type == "Lock",
        activity.c.wait_event == "advisory",
    )
    return bool(session.scalar(select(waiting.exists())))


def _load_name(job_id: int) -> str:
    return f"georeg load of job {job_id}"


def begin_commit(engine: Engine, job_id: int, retry: bool = False) -> bool:
    """Previewed (or, to ``retry`` a failed commit, failed) → committing, in one statement: of two commits of the
    same job only one gets True."""
    with engine.begin() as connection:
        flipped = connection.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id, IngestJob.state.in_(COMMITTABLE if retry else [PREVIEWED]))
            .values(state=COMMITTING, started_at=func.now(), finished_at=None)
            .returning(IngestJob.id)
        )
        return flipped.first() is not None


def fail_job(engine: Engine, job_id: int, message: Said) -> None:
    """Mark a job that stopped on an unexpected error as failed, with the message, unless it already ended."""
    _fail_unfinished(engine, IngestJob.id == job_id, message)


#: How long a job may go unlocked after it is marked running or committing (the load locks it just after).
START_GRACE = timedelta(minutes=2)
#: How often the app looks for jobs of stopped processes (api.main), besides at its start.
DEAD_JOB_SWEEP = timedelta(minutes=5)
#: How long an upload may wait, queued, for its check to start (it starts as soon as its upload is answered).
QUEUE_GRACE = timedelta(minutes=30)
#: Why a job left unfinished by a stopped process failed, by the state it was left in.
STOPPED = {state: said(f"stopped_{state}") for state in ("pending", RUNNING, COMMITTING)}


def fail_dead_jobs(engine: Engine, start_grace: timedelta = START_GRACE) -> list[int]:
    """Jobs left pending, running or committing by a process that stopped: failed, with the reason; their ids.

    A live load holds its job's row (``FOR NO KEY UPDATE``) from just after its start (``start_grace``): the rows
    skipped as locked are live. A pending job has no holder; it is dead once it has waited longer than any upload
    waits to start.
    """
    started = func.coalesce(IngestJob.started_at, IngestJob.created_at)
    stale = select(IngestJob.id, IngestJob.state).where(
        ((IngestJob.state == "pending") & (IngestJob.created_at < func.now() - QUEUE_GRACE))
        | (IngestJob.state.in_([RUNNING, COMMITTING]) & (started <= func.now() - start_grace))
    )
    with engine.begin() as connection:
        dead = connection.execute(stale.with_for_update(skip_locked=True)).all()
        for job_id, state in dead:
            _fail(connection, IngestJob.id == job_id, STOPPED[state])
    return [job_id for job_id, _ in dead]


def _fail_unfinished(engine: Engine, which: ColumnElement[bool], message: Said) -> None:
    with engine.begin() as connection:
        _fail(connection, which & IngestJob.state.in_(UNFINISHED), message)


def _fail(connection: Connection, which: ColumnElement[bool], message: Said) -> None:
    """Failed with ``message``; the report keeps what was asked (a failed commit can be retried)."""
    errors = [{"message": message.en, "message_vi": message.vi}]  # as a report's problems are kept
    connection.execute(
        update(IngestJob)
        .where(which)
        .values(
            state="failed",
            errors=errors,
            report=func.coalesce(IngestJob.report, type_coerce({}, JSONB)).op("||")(
                type_coerce({"errors": errors, "ok": False}, JSONB)
            ),
            finished_at=func.now(),
        )
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


def discard_preview(engine: Engine, job_id: int) -> bool:
    """A preview nobody is to load (checked again with other choices, or the wrong file): expired at once, as one
    removed for its age. False when the job is not a preview waiting (loaded, being loaded, expired): a commit that
    began first goes on."""
    with engine.begin() as connection:
        discarded = connection.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id, IngestJob.state == PREVIEWED)
            .values(state="expired", finished_at=func.now())
        )
    return discarded.rowcount == 1


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


#: What a list of jobs shows of each one's report (/api/jobs, /upload's checks waiting): these keys, read alone in the
#: database, with the warnings and errors listed counted; not the whole report (50 checks of 20,000 features, each
#: listing 1,000 warnings, were 25 MB of JSON read and parsed after every check and every Load: docs/design.md).
LISTED_KEYS = (
    "changes",
    "more_errors",
    "warning_count",
    "more_warnings",
    "features_warned",
    "size",
    "bands",
    "outdated",
)
_LISTED_REPORT = (
    "(SELECT jsonb_object_agg(key, value) FROM jsonb_each(ingest_job.report) "  # one reading of each report
    f"WHERE key IN ({', '.join(repr(key) for key in LISTED_KEYS)}))"
)
_WARNINGS_LISTED = (  # jsonb_each's value of the warnings only: the report is not read again
    "(SELECT coalesce(jsonb_array_length(value), 0) FROM jsonb_each(ingest_job.report) WHERE key = 'warnings')"
)
_ERRORS_COUNTED = "(SELECT sum(coalesce((e ->> 'count')::int, 1)) FROM jsonb_array_elements(ingest_job.errors) e)"


def listed_report(report: dict[str, Any] | None, errors: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A job's report as a list shows it (:data:`LISTED_KEYS`), from the whole of it: what :func:`list_jobs` reads."""
    report = report or {}
    told = {key: report[key] for key in LISTED_KEYS if key in report}
    return told | {"warnings_listed": len(report.get("warnings") or []), "errors_counted": counted(errors or [])}


def list_jobs(
    session: Session, states: list[str], account_id: int | None, limit: int, offset: int
) -> tuple[list[tuple[IngestJob, dict[str, Any]]], int]:
    """Jobs newest first, in ``states`` (all if empty) and by ``account_id`` (anyone's if None), each with its report
    as a list shows it (:func:`listed_report`); and how many match."""
    chosen = [IngestJob.state.in_(states)] if states else []
    chosen += [IngestJob.account_id == account_id] if account_id is not None else []
    matched = session.scalar(select(func.count()).select_from(IngestJob).where(*chosen))
    page = (
        select(IngestJob)
        .where(*chosen)
        .add_columns(*(literal_column(sql) for sql in (_LISTED_REPORT, _WARNINGS_LISTED, _ERRORS_COUNTED)))
        .options(selectinload(IngestJob.account), defer(IngestJob.report), defer(IngestJob.warnings))
        .options(defer(IngestJob.errors))
        .order_by(IngestJob.id.desc())
        .limit(limit)
        .offset(offset)
    )
    jobs = [
        (job, (told or {}) | {"warnings_listed": warnings or 0, "errors_counted": errors or 0})
        for job, told, warnings, errors in session.execute(page)
    ]
    return jobs, matched


class Replacement(NamedTuple):
    """The later job of a check's file that replaced it: its id, whether it loaded the file, when it ended (or
    began, still under way) and who ran it (an account's display name; None from the command line)."""

    job: int
    loaded: bool
    at: datetime
    by: str | None


def same_file(earlier: Any, later: Any) -> ColumnElement[bool]:
    """Whether two jobs hold the same file: the same content, or the same name uploaded by the same account (the
    officer's file edited and checked again). A colleague's other file of the same name is not the same file: it
    folded away an earlier check it had nothing to do with (trial 64)."""
    same_name = and_(later.file_name == earlier.file_name, later.account_id.is_not_distinct_from(earlier.account_id))
    return or_(later.file_sha256 == earlier.file_sha256, same_name)


def replaced_by(session: Session, job_ids: list[int]) -> dict[int, Replacement]:
    """The checks among ``job_ids`` waiting to be loaded (previews, or refusals kept to load the rest) that a later
    job of the same file (:func:`same_file`) into the same target replaced: the first later load, else the latest
    later check. /upload listed a check as waiting, with its Load button, after its file was loaded (trial 59)."""
    earlier, later = aliased(IngestJob), aliased(IngestJob)
    rows = session.execute(
        select(earlier.id, later.id, later.state, func.coalesce(later.finished_at, later.created_at), Account)
        .join(later, and_(later.id > earlier.id, later.target == earlier.target, same_file(earlier, later)))
        .outerjoin(Account, Account.id == later.account_id)
        .where(earlier.id.in_(job_ids), earlier.state.in_(COMMITTABLE), later.state.in_(_REPLACING))
        .order_by(earlier.id, later.id)
    ).all()
    found: dict[int, Replacement] = {}
    for job, by, state, at, account in rows:
        if job not in found or not found[job].loaded:  # a load, once found, is the one named
            who = (account.display_name or account.username) if account else None
            found[job] = Replacement(by, state == "committed", at, who)
    return found


#: A later job of the same file that replaces a check: one loaded, being loaded, or a newer check waiting.
_REPLACING = (PREVIEWED, COMMITTING, "committed")
