"""Reads from a real hot standby (pg_basebackup of a primary cluster, streaming on loopback): GETs read it, writes
go to the primary, a client that wrote reads its write, and a lagging or stopped standby is left out.

The primary is a small cluster of this module's, holding a copy of the sample registry only: a base backup copies a
whole cluster, and one of the test cluster copied every database of every worker of the run (hundreds, well over a
gigabyte midway through a run), 15 s of the module's set-up."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.local_cluster import LocalCluster, pg_bin
from geo.models import Project
from geo.replicas import CHECK_EVERY_S, ReadReplicas
from geo.settings import Settings
from geo.status_history import append_status_event


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _eventually(check: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s: {what}")
        time.sleep(0.2)


def _copy_database(source: LocalCluster, name: str, target: LocalCluster) -> None:
    """The database ``name`` of ``source`` made again in ``target`` (pg_dump piped into pg_restore)."""

    def tool(program: str, port: int) -> list[str]:
        return [str(pg_bin() / program), "-h", "127.0.0.1", "-p", str(port), "-U", source.superuser]

    dump = subprocess.Popen([*tool("pg_dump", source.port), "-Fc", "-d", name], stdout=subprocess.PIPE)
    restore = subprocess.run([*tool("pg_restore", target.port), "--create", "-d", "postgres"], stdin=dump.stdout)
    dump.stdout.close()
    assert dump.wait() == 0 and restore.returncode == 0, f"copying {name} to the primary failed"


@pytest.fixture(scope="module")
def replicated(cluster: LocalCluster, sample_url: str) -> Iterator[dict]:
    """A registry database on a primary cluster of its own, an admin token, and a started hot standby of it."""
    # a folder of its own, not under pytest's private temporary folders (the servers run as postgres)
    folder = Path(tempfile.mkdtemp(prefix="georeg-standby-"))
    primary = LocalCluster(folder / "primary", _free_port(), cluster.superuser, fsync=False)  # thrown away after
    name = sample_url.rsplit("/", 1)[1]
    standby, engine = None, None
    try:  # a primary or standby that failed to start in time is stopped all the same, not left running after the suite
        primary.ensure_running()
        _copy_database(cluster, name, primary)
        url = primary.url(name)
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            token = create_token(session, create_account(session, "admin_replicas", role="admin"))[0]
        standby = primary.make_standby(folder / "standby", _free_port())

        def replayed_a_commit() -> bool:
            with standby.connect(name) as connection:
                return connection.execute("SELECT pg_last_xact_replay_timestamp()").fetchone()[0] is not None

        standby.ensure_running()
        with engine.begin() as connection:  # a commit for the standby to replay: its lag is measured from the last one
            connection.execute(text("SELECT txid_current()"))
        _eventually(replayed_a_commit, "the standby replays a commit")
        yield {"url": url, "replica_url": standby.url(name), "engine": engine, "token": token, "standby": standby}
    finally:
        if engine is not None:
            engine.dispose()
        for server in (standby, primary):
            if server is not None:
                server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_with_replica(replicated: dict) -> Iterator[Callable[[float], TestClient]]:
    """A factory of clients of apps reading the standby, each with its own cookies; their checks end with the test."""
    made: list[TestClient] = []

    def make(max_lag_s: float) -> TestClient:
        settings = Settings(
            database_url=replicated["url"],
            read_database_urls=replicated["replica_url"],
            replica_max_lag_seconds=max_lag_s,
        )
        made.append(TestClient(create_app(settings)))
        return made[-1]

    yield make
    for client in made:
        client.app.state.replicas.stop()


def _status(client: TestClient, project_id: int) -> tuple[str, str]:
    response = client.get(f"/api/projects/{project_id}")
    assert response.status_code == 200, response.text
    return response.json()["properties"]["status"], response.headers["x-read-from"]


def _replay(standby: LocalCluster, name: str, paused: bool) -> None:
    with standby.connect(name) as connection:
        connection.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def test_reads_go_to_the_standby_writes_to_the_primary_and_a_writer_reads_its_write(replicated, app_with_replica):
    standby, name = replicated["standby"], replicated["url"].rsplit("/", 1)[1]
    lenient, strict = app_with_replica(3600), app_with_replica(0.5)
    with Session(replicated["engine"]) as session:
        first, second = session.scalars(text("SELECT id FROM project WHERE retired_at IS NULL ORDER BY id LIMIT 2"))
    _eventually(lambda: _status(lenient, first)[1] == "replica", "the standby is chosen for reads")
    before, _ = _status(lenient, first)

    _replay(standby, name, paused=True)
    try:
        new_status = "suspended" if before != "suspended" else "operating"
        with Session(replicated["engine"]) as session, session.begin():
            project = session.get(Project, first)
            append_status_event(session, project, status=new_status, percent=20, reported_at=date(2026, 11, 28))

        # The standby has not replayed it: the lenient app reads the standby (old), the strict one leaves it out.
        assert _status(lenient, first) == (before, "replica")
        _eventually(lambda: _status(strict, first) == (new_status, "primary"), "a lagging standby is left out")

        writer = app_with_replica(3600)
        retired = writer.post(
            f"/api/projects/{second}/retire",
            json={"reason": "trùng với dự án khác"},
            headers={"Authorization": f"Bearer {replicated['token']}"},
        )
        assert retired.status_code == 200, retired.text
        seen = writer.get(f"/api/projects/{second}")
        assert seen.json()["properties"]["retired_at"] and seen.headers["x-read-from"] == "primary"
        assert not lenient.get(f"/api/projects/{second}").json()["properties"]["retired_at"]
    finally:
        _replay(standby, name, paused=False)

    def caught_up() -> bool:
        response = writer.get(f"/api/projects/{second}")
        return response.headers["x-read-from"] == "replica" and bool(response.json()["properties"]["retired_at"])

    _eventually(caught_up, "the writer reads the standby once it has replayed the write")
    assert _status(lenient, first) == (new_status, "replica")
    tile = lenient.get("/tiles/projects/8/203/121.pbf")
    assert tile.status_code == 200 and tile.headers["x-read-from"] == "replica"
    assert lenient.post("/api/projects/1/restore").headers.get("x-read-from") is None

    standby.stop()
    try:
        _eventually(lambda: _status(lenient, first) == (new_status, "primary"), "a stopped standby is left out")
    finally:
        standby.ensure_running()


def test_a_read_url_naming_the_primary_is_never_read_and_warned_about_once(sample_url, caplog):
    replicas = ReadReplicas([sample_url], max_lag_s=3600)
    try:
        time.sleep(2.5 * CHECK_EVERY_S)  # checked again twice
        assert replicas.choose() is None
    finally:
        replicas.stop()
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "not a standby" in r.getMessage()]
    assert len(warnings) == 1
    assert sample_url.rsplit("/", 1)[1] in warnings[0].getMessage()
