"""Scaling out reads: one app process against two (uvicorn --workers, what `georeg serve --workers` runs), and tile
reads spread over the primary and a hot standby against the primary alone.

Run:  .venv/bin/python -m bench.scale_out   (needs `wrk`; builds georeg_bench_tiles as bench/tiles.py does).
- workers: the same 500 tiles z8–14 with wrk -c16, cache off (each tile built by the database) and warm (served from
  each process's own cache), 1 worker then 2; prints tiles/s and the ratio 2 : 1.
- replica: a hot standby of the local cluster (pg_basebackup, streaming on loopback); two app processes, cache off,
  each driven by wrk -c8 at once: both reading the primary, then one reading the standby
  (GEOREG_READ_DATABASE_URLS); prints the summed tiles/s and the ratio. On one machine the standby shares the
  primary's cores, so this measures what the spreading costs or gains here, not what a second machine adds.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.tiles import (
    CONNECTIONS,
    DB_NAME,
    DURATION_S,
    build_database,
    drive,
    fetch_all,
    free_port,
    georeg_path,
    serve_georeg,
    tile_list,
)
from geo.local_cluster import LocalCluster
from geo.settings import get_settings


def workers_runs(url: str, paths: list[str], workdir: Path) -> dict[str, dict]:
    results = {}
    for cache_mb, label in ((0, "cold"), (1024, "warm")):
        for workers in (1, 2):
            port = free_port()
            server = serve_georeg(url, port, cache_mb, workers)
            try:
                fetch_all(port, paths)
                if workers > 1:  # each process has its own cache: warm both
                    fetch_all(port, paths)
                results[f"{label}, {workers} worker(s)"] = drive(port, paths, workdir)
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"  {label}, {workers} worker(s): done", flush=True)
    return results


def replica_runs(cluster: LocalCluster, url: str, paths: list[str], workdir: Path) -> dict[str, dict]:
    folder = Path(tempfile.mkdtemp(prefix="georeg-bench-standby-"))
    standby = cluster.make_standby(folder / "standby", free_port())
    standby.ensure_running()
    results = {}
    try:
        for label, second_env in (
            ("primary alone (2 apps)", {}),
            ("primary + standby (2 apps)", {"GEOREG_READ_DATABASE_URLS": standby.url(DB_NAME)}),
        ):
            ports = [free_port(), free_port()]
            servers = [serve_georeg(url, ports[0], 0), serve_georeg(url, ports[1], 0, env=second_env)]
            try:
                reads_from = _reads_from(ports[1], paths[0], url, "replica" if second_env else "primary")
                halves = [workdir / "a", workdir / "b"]
                for half in halves:
                    half.mkdir(exist_ok=True)
                with ThreadPoolExecutor(2) as pool:
                    runs = list(pool.map(drive, ports, [paths, paths], halves, [CONNECTIONS // 2] * 2))
                results[label] = {
                    "tiles_s": sum(r["tiles_s"] for r in runs),
                    "p99_ms": max(r["p99_ms"] for r in runs),
                    "errors": sum(r["errors"] for r in runs),
                    "second_app_reads": reads_from,
                }
            finally:
                for server in servers:
                    server.terminate()
                    server.wait(timeout=30)
            print(f"  {label}: done (second app reads {reads_from})", flush=True)
    finally:
        standby.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _reads_from(port: int, path: str, url: str, wanted: str) -> str:
    """Where the app on ``port`` reads, once it reads from ``wanted`` (a standby is used once it has replayed a
    commit, so one is made), or after 60 s."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SELECT txid_current()"))
    engine.dispose()
    deadline = time.monotonic() + 60
    while True:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as response:
            found = response.headers.get("X-Read-From", "primary")
        if found.startswith(wanted) or time.monotonic() > deadline:
            return found
        time.sleep(1)


def run() -> None:
    cluster = LocalCluster.from_settings(get_settings())
    cluster.ensure_running()
    url = build_database(cluster)
    paths = [georeg_path(t) for t in tile_list(url)]
    parts = sys.argv[1:] or ["workers", "replica"]  # e.g. `python -m bench.scale_out replica`
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as workdir:
        if "workers" in parts:
            results |= workers_runs(url, paths, Path(workdir))
        if "replica" in parts:
            results |= replica_runs(cluster, url, paths, Path(workdir))
    print(f"\n500 tiles z8–14, wrk -c{CONNECTIONS} -d{DURATION_S}s on loopback\n")
    print(f"{'run':<32}{'tiles/s':>10}{'p99 ms':>10}{'errors':>8}")
    for name, r in results.items():
        print(f"{name:<32}{r['tiles_s']:>10.1f}{r['p99_ms']:>10.1f}{r['errors']:>8}")
    for label in ("cold", "warm") if "workers" in parts else ():
        two, one = results[f"{label}, 2 worker(s)"], results[f"{label}, 1 worker(s)"]
        print(f"{label}: 2 workers / 1 worker: {two['tiles_s'] / one['tiles_s']:.2f}×")
    if "replica" in parts:
        spread, alone = results["primary + standby (2 apps)"], results["primary alone (2 apps)"]
        print(f"cold, reads over primary + standby / primary alone: {spread['tiles_s'] / alone['tiles_s']:.2f}×")
    print(json.dumps(results))


if __name__ == "__main__":
    run()
