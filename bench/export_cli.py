"""A unit's GeoPackage by the command line against the same file through the API (not a test), in the same run.

A scratch database gets the sample. ``georeg export projects --unit 851 --format gpkg`` runs ``--repeat`` times, each
in a process of its own as an officer runs it (Python's start, the imports, the schema check, the export), timed
from outside, with the CPU seconds of its process (steadier than the wall clock on a shared machine);
``georeg --help`` runs as often, the start of every command; ``GET /api/exports/projects.gpkg?unit=851`` is asked as
many times of the app in this process (FastAPI's TestClient, no HTTP server), after one request not counted, as a
running registry answers it. The script prints each path's median and runs and the ratio of the command's to the
API's. ``--before DIR`` (a ``git archive`` of the code before) runs that code's commands in turn with this one's.

    .venv/bin/python bench/export_cli.py [--unit 851] [--format gpkg] [--repeat 5] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from ingest import GEOREG
from ingest_projects import load_sample
from scratch_database import scratch_database

from api.main import create_app
from geo.layer_export import SUFFIXES
from geo.settings import PROJECT_ROOT as ROOT
from geo.settings import Settings


def command_seconds(command: list[str], url: str, code: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``georeg`` ``command`` by the code in ``code``, its process's start included."""
    env = {**os.environ, "GEOREG_DATABASE_URL": url, "PYTHONPATH": str(code)}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([GEOREG, *command], env=env, cwd=code, check=True, capture_output=True)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def api_seconds(client: TestClient, unit: str, fmt: str) -> tuple[float, float]:
    """Wall and CPU seconds (this process's, the app's threads included) of the same export through the API, the app
    already running."""
    start, cpu = time.perf_counter(), time.process_time()
    answer = client.get(f"/api/exports/projects.{fmt}", params={"unit": unit})
    answer.raise_for_status()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", default="851", help="a former district's or 2025 commune's code")
    parser.add_argument("--format", default="gpkg", choices=tuple(SUFFIXES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of the code before a change, run in turn with this")
    args = parser.parse_args()
    codes = {"": ROOT, " before": args.before} if args.before else {"": ROOT}
    runs: dict[str, list[tuple[float, float]]] = {}
    with scratch_database("georeg_bench_export_cli") as url, tempfile.TemporaryDirectory() as folder:
        load_sample({**os.environ, "GEOREG_DATABASE_URL": url})
        out = Path(folder) / f"projects{SUFFIXES[args.format]}"
        export = ["export", "projects", "--unit", args.unit, "--format", args.format, "--out", str(out)]
        with TestClient(create_app(Settings(database_url=url))) as client:
            api_seconds(client, args.unit, args.format)  # the app's first request: its engine's connections
            for _ in range(args.repeat):
                for label, code in codes.items():
                    runs.setdefault(f"command{label}", []).append(command_seconds(export, url, code))
                    runs.setdefault(f"georeg --help{label}", []).append(command_seconds(["--help"], url, code))
                runs.setdefault("API", []).append(api_seconds(client, args.unit, args.format))
    print(f"projects of unit {args.unit} as {args.format}, the sample; {os.getloadavg()[0]:.1f} load average")
    median = {path: statistics.median(wall for wall, _ in seconds) for path, seconds in runs.items()}
    for path, seconds in runs.items():
        cpu = statistics.median(cpu for _, cpu in seconds)
        walls = ", ".join(f"{wall:.2f}" for wall, _ in seconds)
        print(f"{path}: median {median[path]:.2f} s, CPU {cpu:.2f} s (runs {walls})")
    for label in codes:
        print(f"command{label} / API: {median[f'command{label}'] / median['API']:.1f}")


if __name__ == "__main__":
    main()
