"""Uploads: store the file (size-limited), preview it as a dry run in the background, commit the preview later.

An upload is kept in ``uploads_folder(engine, settings)/job-<id>/`` (a folder per database) between the preview and
the commit, and removed once the job is committed. The commit replays exactly what the preview was asked (stored in the
job's report). A GeoTIFF is previewed and committed as a raster (forest cover, salinity), anything else as vector
data. Previews never committed are removed (their jobs expired) once older than ``settings.upload_max_age_hours``,
when the next upload arrives.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
import unicodedata
import uuid
from dataclasses import fields
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from geo.ingest.archive import UnsafeArchiveError
from geo.ingest.jobs import (
    COMMITTABLE,
    Replacement,
    begin_commit,
    discard_preview,
    expire_previews,
    fail_dead_jobs,
    fail_job,
    record_progress,
    replaced_by,
    start_job,
)
from geo.ingest.mapping import parse_map_options
from geo.ingest.messages import said
from geo.ingest.pipeline import IngestRequest, Progress, ingest
from geo.ingest.raster import RasterReport, RasterRequest, register_raster
from geo.ingest.report import Report
from geo.ingest.sniff import UnknownFormatError, sniff
from geo.ingest.targets import Options
from geo.log_words import WORDS, logged
from geo.models import IngestJob
from geo.option_words import read_on_the_page
from geo.registry_files import database_identity
from geo.said import Said, SaidError, fill
from geo.settings import Settings
from geo.vi_format import local_moment, local_number

_CHUNK = 1 << 20
_log = logging.getLogger(__name__)

#: What an upload's options are (Options' fields), as its job's report keeps them to commit it later.
OPTION_NAMES = tuple(f.name for f in fields(Options))


def uploads_folder(engine: Engine, settings: Settings) -> Path:
    """The uploads awaiting commit of the database ``engine`` reaches: ``upload_dir``/<name>-<cluster>-<oid>.

    Jobs are numbered per database. Two registries served from one checkout, each with its local cluster's database
    "georeg", kept each other's "job-5" in one folder, and committing one loaded the other's file; so did a database
    dropped and made again under its name. The cluster's identifier (from its initdb) and the database's own number
    tell them apart; the name is there for whoever looks at the folder."""
    return settings.upload_dir / _database_identity(engine)


@lru_cache(maxsize=16)
def _database_identity(engine: Engine) -> str:
    with engine.connect() as connection:
        name, cluster, number = database_identity(connection)
    return f"{name}-{cluster}-{number}"


def store_upload(engine: Engine, stream: BinaryIO, file_name: str, settings: Settings) -> Path:
    """Copy ``stream`` into a new folder under the database's uploads, refusing it beyond ``upload_max_bytes``."""
    folder = uploads_folder(engine, settings) / f"new-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    path = folder / _safe_name(file_name)
    written = 0
    with open(path, "wb") as out:
        while block := stream.read(_CHUNK):
            written += len(block)
            if written > settings.upload_max_bytes:
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise UnsafeArchiveError(said("upload_over_limit", name=file_name, limit=settings.upload_max_bytes))
            out.write(block)
    return path


def _safe_name(file_name: str) -> str:
    """The upload's base name without any folder part, restricted to safe characters."""
    base = unicodedata.normalize("NFC", Path(file_name.replace("\\", "/")).name)
    return re.sub(r"[^\w.\-]+", "_", base).lstrip(".") or "upload"


def remove_stale_uploads(engine: Engine, settings: Settings) -> list[Path]:
    """Remove upload folders untouched for more than ``upload_max_age_hours``; returns the folders removed.

    A folder's age is that of the newest of itself and its files, so a preview is kept as long as it is fresh. The
    job of a removed preview becomes "expired"; jobs left unfinished by a process that stopped become "failed"
    (geo.ingest.jobs.fail_dead_jobs).
    """
    max_age = timedelta(hours=settings.upload_max_age_hours)
    removed = []
    uploads = uploads_folder(engine, settings)
    if uploads.is_dir():
        oldest_kept = time.time() - max_age.total_seconds()
        for folder in uploads.iterdir():
            try:
                newest = max(p.stat().st_mtime for p in [folder, *folder.iterdir()])
            except OSError:  # not a folder, or removed meanwhile by another request
                continue
            if newest < oldest_kept:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    expire_previews(engine, [int(f.name.removeprefix("job-")) for f in removed if re.fullmatch(r"job-\d+", f.name)])
    fail_dead_jobs(engine)
    return removed


class UploadOptionsRefused(SaidError):
    """Options an upload cannot take (a GeoTIFF given a CRS, an encoding or columns; a column choice that is not
    field=column): 422, said in the page's language."""


def upload_mapping(items: list[str]) -> dict[str, str]:
    """The upload's column choices (``["name_vi=Hạng mục"]``, as ``--map`` takes them) as ``{field: column}``."""
    try:
        return parse_map_options(items)
    except SaidError as error:
        raise UploadOptionsRefused(error.said) from None


@read_on_the_page
def check_upload_options(path: Path, given: dict[str, Any]) -> bool:
    """Whether the upload is a GeoTIFF; refuses (removing the stored file) options it cannot take: a GeoTIFF has its
    own CRS, and no text or columns."""
    is_raster = _is_geotiff(path)
    if is_raster and (given.get("crs") or given.get("encoding") or given.get("mapping")):
        shutil.rmtree(path.parent, ignore_errors=True)
        raise UploadOptionsRefused(said("raster_options"))
    return is_raster


def run_preview(engine: Engine, job_id: int, path: Path, options: Options, settings: Settings, **kwargs: Any) -> None:
    """Preview an upload queued with geo.ingest.jobs.queue_job, in the background: whatever happens, the job ends.

    An unexpected error fails the job with its message (and is logged) rather than leaving it running.
    """
    started, report = time.monotonic(), None
    try:
        report = preview_upload(engine, path, options, settings, job_id=job_id, **kwargs)
    except Exception as exc:
        _log.exception("%s", logged("preview_stopped", job=job_id))
        shutil.rmtree(path.parent, ignore_errors=True)
        fail_job(engine, job_id, said("check_failed", name=path.name, detail=exc))
    _log.info("%s", job_ended("job_checked", job_id, path.name, report, time.monotonic() - started))


@read_on_the_page
def preview_upload(
    engine: Engine,
    path: Path,
    options: Options,
    settings: Settings,
    account_id: int | None = None,
    year: int | None = None,
    job_id: int | None = None,
    title: str | None = None,
    **given: Any,
) -> Report | RasterReport:
    """Dry-run the stored upload; a clean preview keeps the file for the commit, and so does a stale export refused
    (loaded keeping the projects changed since: geo.ingest.targets); anything else (a file that would change nothing
    too) removes it.

    With ``job_id`` (a queued upload) the job is marked running and its progress recorded as features are checked.
    Raises ValueError (the file removed) when a GeoTIFF comes with options that only vector data take.
    """
    is_raster = check_upload_options(path, given)
    if job_id is not None:
        start_job(engine, job_id)
    if is_raster:
        raster = RasterRequest(
            path,
            options.target,
            options.source or "",
            year=year,
            period=options.period,
            title=(title or "").strip() or None,
            file_name=path.name,
            account_id=account_id,
            dry_run=True,
            job_id=job_id,
            file_kept=True,
        )
        report = register_raster(engine, raster, settings)
    else:
        request = IngestRequest(
            path,
            options,
            dry_run=True,
            file_name=path.name,
            account_id=account_id,
            job_id=job_id,
            file_kept=True,
            **given,
        )
        report = ingest(engine, request, settings, _progress(engine, job_id))
    loadable = report.ok and not getattr(report, "changes_nothing", False)
    if report.job_id is not None and (loadable or getattr(report, "outdated", False)):
        path.parent.rename(uploads_folder(engine, settings) / f"job-{report.job_id}")
    else:
        shutil.rmtree(path.parent, ignore_errors=True)
    return report


def _progress(engine: Engine, job_id: int | None) -> Progress | None:
    """A progress callback recording into the job's progress row (none without a job)."""
    if job_id is None:
        return None
    return lambda done, total: record_progress(engine, job_id, done, total)


class JobNotCommittable(SaidError):
    """A job that cannot be committed: 409 (api.errors), said in the page's language."""


def start_commit(engine: Engine, job_id: int, settings: Settings, keep_changed: bool = False) -> None:
    """Mark a previewed upload committing, for :func:`run_commit`, or retry one whose commit failed (its file is kept
    until it is loaded); JobNotCommittable if it cannot be committed (or another commit of it came first). A commit
    refused because its projects changed since the check is retried only keeping those projects as they are
    (``keep_changed``): loaded as it was, it would be refused again. A check that a newer check of the same file
    replaced is not loaded: the newer one is (geo.ingest.jobs.replaced_by); one whose file a later job loaded is
    not loaded either: loading it again would repeat that load (a raster registered twice) or be refused as outdated,
    failing the check, which then left both lists of /upload (trial 64)."""
    with Session(engine) as session:
        job = session.get(IngestJob, job_id)
        state = job.state if job else None
        outdated = state == "failed" and bool((job.report or {}).get("outdated"))
        newer = replaced_by(session, [job_id]).get(job_id)
    if newer is not None and newer.loaded:  # another tab's check of the same file, or a colleague's, loaded it
        raise JobNotCommittable(loaded_by_another(job_id, newer))
    if newer is not None:  # a tab left open on it, a newer check of its file meanwhile (trial 62)
        raise JobNotCommittable(said("job_replaced", job=str(job_id), by=str(newer.job)))
    if outdated and not keep_changed:
        raise JobNotCommittable(said("job_outdated", job=str(job_id)))
    if state == "checked":
        raise JobNotCommittable(said("job_checked_only", job=str(job_id)))
    if state == "expired":
        raise JobNotCommittable(said("job_expired", job=str(job_id)))
    if state in COMMITTABLE and not _upload_files(engine, settings, job_id):
        raise JobNotCommittable(said("job_file_gone", job=str(job_id)))
    if not begin_commit(engine, job_id, retry=state == "failed"):
        raise JobNotCommittable(said("job_not_waiting", job=str(job_id)))


def loaded_by_another(job_id: int, newer: Replacement) -> Said:
    """Why a check whose file a later job loaded is not loaded: that job, when and by whom."""
    when = Said(local_moment(newer.at, "vi"), local_moment(newer.at, "en"))
    if newer.by is None:
        return said("job_loaded_from_command_line", job=str(job_id), by=str(newer.job), when=when)
    return said("job_loaded_by_another", job=str(job_id), by=str(newer.job), when=when, who=newer.by)


def discard_upload(engine: Engine, job_id: int, settings: Settings) -> None:
    """Discard a preview waiting to be loaded: its job expired, its file removed; JobNotCommittable if it is not one
    (a commit that began first goes on with its file)."""
    if not discard_preview(engine, job_id):
        raise JobNotCommittable(said("job_not_discardable", job=str(job_id)))
    shutil.rmtree(uploads_folder(engine, settings) / f"job-{job_id}", ignore_errors=True)


def run_commit(engine: Engine, job_id: int, settings: Settings, account_id: int | None, **chosen: bool) -> None:
    """Load a committing upload, in the background: whatever happens, the job ends committed or failed; ``chosen``:
    the choices of the load (``keep_changed``, ``retire_absent``: geo.ingest.pipeline.IngestRequest)."""
    started, report = time.monotonic(), None
    try:
        report = commit_job(engine, job_id, settings, account_id, **chosen)
    except Exception as exc:
        _log.exception("%s", logged("commit_stopped", job=job_id))
        fail_job(engine, job_id, said("commit_failed", detail=exc))
    file_name = report.file_name if report else "-"  # stopped: its job's id names it in the line above
    _log.info("%s", job_ended("job_loaded", job_id, file_name, report, time.monotonic() - started))


def job_ended(step: str, job_id: int, file_name: str, report: Report | RasterReport | None, seconds: float) -> str:
    """The log line of an upload's check or load (``step``) run after its answer: the access line gives the 202's
    time alone (trial s69: a 20 s check was logged as its answer's); the job, its file, its rows (a raster: none),
    how it ended (None: it stopped on an error of the registry's) and its own time in seconds."""
    if report is None:
        outcome = fill(WORDS, "job_stopped")
    elif not report.ok:
        outcome = fill(WORDS, "job_refused", count=getattr(report, "error_count", 0) or len(report.errors))
    else:
        outcome = fill(WORDS, "job_loaded_ok" if step == "job_loaded" else "job_loadable")
    rows = getattr(report, "feature_count", None)
    return logged(
        step,
        job=job_id,
        file=file_name,
        rows=Said(local_number(rows, "vi"), local_number(rows, "en")) if rows is not None else "-",
        outcome=outcome,
        seconds=Said(local_number(seconds, "vi", 1), local_number(seconds, "en", 1)),
    )


@read_on_the_page
def commit_job(
    engine: Engine, job_id: int, settings: Settings, account_id: int | None, **chosen: bool
) -> Report | RasterReport:
    """Load a committing upload (see :func:`start_commit`) all-or-nothing, with the load's ``chosen`` choices; the
    file is removed once loaded. One refused as outdated (the projects changed since its check) keeps it, to be
    loaded keeping those projects as they are (trial 54: refused whole for one report among 500 projects)."""
    with Session(engine) as session:
        job = session.get(IngestJob, job_id)
        asked, is_raster = dict(job.report["request"]), job.detected_format == "GeoTIFF"
    files = _upload_files(engine, settings, job_id)
    if is_raster:
        raster = RasterRequest(files[0], **asked, file_name=files[0].name, account_id=account_id, job_id=job_id)
        report = register_raster(engine, raster, settings)
    else:
        options = Options(**{k: asked.pop(k, None) for k in OPTION_NAMES})  # a job from before an option: None
        asked.pop("dry_run")
        request = IngestRequest(
            files[0], options, file_name=files[0].name, account_id=account_id, job_id=job_id, **asked, **chosen
        )
        report = ingest(engine, request, settings, _progress(engine, job_id))
    if report.ok:
        shutil.rmtree(uploads_folder(engine, settings) / f"job-{job_id}", ignore_errors=True)
    return report


def can_commit(engine: Engine, job: IngestJob, settings: Settings, outdated: bool) -> bool:
    """Whether committing ``job`` can load anything: a preview, or a failed commit to retry, whose file is kept (a
    command-line load that failed kept none); not one refused as ``outdated`` (its report's), which is loaded only
    keeping the projects changed since."""
    return job.state in COMMITTABLE and not outdated and bool(_upload_files(engine, settings, job.id))


def _upload_files(engine: Engine, settings: Settings, job_id: int) -> list[Path]:
    folder = uploads_folder(engine, settings) / f"job-{job_id}"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _is_geotiff(path: Path) -> bool:
    try:
        return sniff(path) == "geotiff"
    except UnknownFormatError:
        return False
