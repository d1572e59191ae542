"""Uploads: store the file (size-limited), preview it as a dry run, commit the preview later.

An upload is kept in ``settings.upload_dir/job-<id>/`` between the preview and the commit, and removed once the
job is committed. The commit replays exactly what the preview was asked (stored in the job's report).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import uuid
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from geo.ingest.archive import UnsafeArchiveError
from geo.ingest.pipeline import IngestRequest, ingest
from geo.ingest.report import Report
from geo.ingest.targets import Options
from geo.models import IngestJob
from geo.settings import Settings

_CHUNK = 1 << 20


def store_upload(stream: BinaryIO, file_name: str, settings: Settings) -> Path:
    """Copy ``stream`` into a new folder under ``upload_dir``, refusing it beyond ``upload_max_bytes``."""
    folder = settings.upload_dir / f"new-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    path = folder / _safe_name(file_name)
    written = 0
    with open(path, "wb") as out:
        while block := stream.read(_CHUNK):
            written += len(block)
            if written > settings.upload_max_bytes:
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise UnsafeArchiveError(
                    f"{file_name} is over the upload limit of {settings.upload_max_bytes:,} bytes "
                    "(setting GEOREG_UPLOAD_MAX_BYTES); split it or ask the administrator"
                )
            out.write(block)
    return path


def _safe_name(file_name: str) -> str:
    """The upload's base name without any folder part, restricted to safe characters."""
    base = unicodedata.normalize("NFC", Path(file_name.replace("\\", "/")).name)
    return re.sub(r"[^\w.\-]+", "_", base).lstrip(".") or "upload"


def preview_upload(
    engine: Engine, path: Path, options: Options, settings: Settings, account_id: int | None, **given: Any
) -> Report:
    """Dry-run the stored upload; a clean preview keeps the file for the commit, anything else removes it."""
    request = IngestRequest(path, options, dry_run=True, file_name=path.name, account_id=account_id, **given)
    report = ingest(engine, request, settings)
    if report.ok and report.job_id is not None:
        path.parent.rename(settings.upload_dir / f"job-{report.job_id}")
    else:
        shutil.rmtree(path.parent, ignore_errors=True)
    return report


def commit_job(engine: Engine, job_id: int, settings: Settings, account_id: int | None) -> Report:
    """Load a previewed upload for real; raises LookupError if there is no such preview."""
    with Session(engine) as session:
        job = session.get(IngestJob, job_id)
        if job is None or job.state != "previewed":
            raise LookupError(f"job {job_id} is not a preview waiting to be committed")
        asked = dict(job.report["request"])
    folder = settings.upload_dir / f"job-{job_id}"
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    if not files:
        raise LookupError(f"the file of job {job_id} is no longer kept; upload it again")
    options = Options(**{k: asked.pop(k) for k in ("target", "mode", "kind", "scheme", "province", "period", "source")})
    asked.pop("dry_run")
    request = IngestRequest(files[0], options, file_name=files[0].name, account_id=account_id, job_id=job_id, **asked)
    report = ingest(engine, request, settings)
    if report.ok:
        shutil.rmtree(folder, ignore_errors=True)
    return report
