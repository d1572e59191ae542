"""Upload jobs that survive a crash: a check or a commit killed mid-way leaves nothing loaded, its job ends failed
with the reason once the server looks (at its start and every few minutes), and a killed commit is retried from the
kept file. A live load is never taken for a dead one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from ingest_files import project_mix
from sqlalchemy import Engine, create_engine, text

from geo.ingest import IngestRequest, Options, ingest, uploads
from geo.ingest.jobs import fail_dead_jobs, queue_job, start_job
from geo.settings import Settings

COMMITTED = 2_000  # four chunks of 500: the kill waits for the commit's end, not for a count (20,000 took 42 s)
NOW = timedelta(0)  # as at a restart: no job of the stopped process can still be starting
CHILD = """
import sys
from pathlib import Path
from sqlalchemy import create_engine
from geo.ingest import Options, uploads
from geo.settings import Settings

settings = Settings(database_url=sys.argv[1], upload_dir=Path(sys.argv[2]), ingest_chunk_size=500)
engine, job_id = create_engine(sys.argv[1]), int(sys.argv[3])
if sys.argv[4] == "preview":
    uploads.preview_upload(engine, Path(sys.argv[5]), Options("projects"), settings, job_id=job_id)
else:
    uploads.commit_job(engine, job_id, settings, None)
"""


@pytest.fixture(scope="module")
def registry(make_registry, tmp_path_factory) -> tuple[Engine, Settings]:
    url = make_registry("stopped_jobs", sample=True)
    engine = create_engine(url)
    yield engine, Settings(database_url=url, upload_dir=tmp_path_factory.mktemp("uploads"), ingest_chunk_size=500)
    engine.dispose()


def stored_upload(engine: Engine, settings: Settings, prefix: str, count: int = 20_000) -> Path:
    folder = uploads.uploads_folder(engine, settings) / f"new-{prefix}"  # as uploads.store_upload keeps it
    folder.mkdir(parents=True)
    path = folder / "du_an.gpkg"
    project_mix(count, prefix).to_file(path)
    return path


def child(engine: Engine, settings: Settings, job_id: int, *step: str) -> subprocess.Popen:
    """``step`` of the job run in a process of its own, as the server runs it."""
    args = [sys.executable, "-c", CHILD, engine.url.render_as_string(False), str(settings.upload_dir), str(job_id)]
    return subprocess.Popen([*args, *step], env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[1])})


def killed_mid_way(engine: Engine, settings: Settings, job_id: int, *step: str) -> None:
    """Run ``step`` of the job in a child process and kill it (SIGKILL) once part of the file is done."""
    running = child(engine, settings, job_id, *step)
    try:
        for _ in range(600):
            with engine.connect() as connection:
                done = connection.scalar(text("SELECT done FROM ingest_job_progress WHERE job_id = :j"), {"j": job_id})
            if done and done >= 1000 or running.poll() is not None:
                break
            time.sleep(0.1)
        assert running.poll() is None, "the load ended before it could be killed"
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()


def killed_before_its_commit(engine: Engine, settings: Settings, job_id: int) -> None:
    """Commit the job in a child process and kill it (SIGKILL) with its whole file written, at its last statement
    before the database's commit: the projects layer's version, whose row the test holds until then. (Killed once
    1,000 features were done, as a check is, the commit was killed as it started: the done count it read was the
    check's.)"""
    with engine.connect() as holder, holder.begin():
        assert holder.execute(text("SELECT FROM layer_version WHERE layer_id = 'projects' FOR UPDATE")).rowcount == 1
        running = child(engine, settings, job_id, "commit")
        try:
            for _ in range(600):
                with engine.connect() as connection:
                    waits = connection.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = :load "
                            "AND wait_event_type = 'Lock' AND wait_event = 'transactionid'"
                        ),
                        {"load": f"georeg load of job {job_id}"},
                    )
                if waits or running.poll() is not None:
                    break
                time.sleep(0.1)
            assert running.poll() is None and waits, "the commit ended, or did not reach the layer's version"
        finally:
            running.send_signal(signal.SIGKILL)
            running.wait()


def _swept(engine: Engine, job_id: int) -> list[int]:
    """The jobs the sweep failed, once it has found ``job_id`` (or after 20 s): the killed process's server backend
    holds the job's lock until it notices the client is gone, at the end of the statement it was running."""
    for _ in range(200):
        failed = fail_dead_jobs(engine, NOW)
        if job_id in failed:
            return failed
        time.sleep(0.1)
    return failed


def job(engine: Engine, job_id: int, lang: str = "en") -> tuple[str, str]:
    """The job's state and its first error, in English or (``lang`` vi) in Vietnamese."""
    with engine.connect() as connection:
        state, report = connection.execute(
            text("SELECT state, report FROM ingest_job WHERE id = :j"), {"j": job_id}
        ).one()
    key = "message_vi" if lang == "vi" else "message"
    return state, report["errors"][0][key] if report.get("errors") else ""


def count(engine: Engine, prefix: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT count(*) FROM project WHERE code LIKE :p"), {"p": f"{prefix}-%"})


def test_a_killed_check_ends_failed_with_the_reason_and_loads_nothing(registry):
    engine, settings = registry
    path = stored_upload(engine, settings, "KC")
    job_id = queue_job(engine, path.name, "projects", "append", None)

    killed_mid_way(engine, settings, job_id, "preview", str(path))

    assert job(engine, job_id)[0] == "running"
    assert job_id in _swept(engine, job_id)
    state, message = job(engine, job_id)
    assert state == "failed" and "server stopped during the check" in message and count(engine, "KC") == 0
    assert "máy chủ đã dừng trong lúc kiểm tra" in job(engine, job_id, "vi")[1]  # for /upload in Vietnamese


def test_a_killed_commit_ends_failed_and_is_committed_again_from_the_kept_file(registry):
    engine, settings = registry
    path = stored_upload(engine, settings, "KM", count=COMMITTED)
    job_id = queue_job(engine, path.name, "projects", "append", None)
    assert uploads.preview_upload(engine, path, Options("projects"), settings, job_id=job_id).ok
    uploads.start_commit(engine, job_id, settings)

    killed_before_its_commit(engine, settings, job_id)
    assert job_id in _swept(engine, job_id)

    state, message = job(engine, job_id)
    assert state == "failed" and "commit the job again" in message and count(engine, "KM") == 0
    uploads.start_commit(engine, job_id, settings)  # no new upload: the preview's file is still kept
    report = uploads.commit_job(engine, job_id, settings, None)
    assert report.ok and job(engine, job_id)[0] == "committed" and count(engine, "KM") == COMMITTED
    assert not (uploads.uploads_folder(engine, settings) / f"job-{job_id}").exists()


def test_a_live_check_is_not_taken_for_a_dead_one(registry):
    engine, settings = registry
    path = stored_upload(engine, settings, "LV", count=1_500)
    job_id = queue_job(engine, path.name, "projects", "append", None)
    start_job(engine, job_id)
    paused, resume = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        paused.set()
        resume.wait(60)

    request = IngestRequest(path, Options("projects"), dry_run=True, job_id=job_id, file_kept=True)
    check = threading.Thread(target=ingest, args=(engine, request, settings, progress))
    check.start()
    try:
        assert paused.wait(60)
        assert job_id not in fail_dead_jobs(engine, NOW) and job(engine, job_id)[0] == "running"
    finally:
        resume.set()
        check.join(60)
    assert job(engine, job_id)[0] == "previewed"
