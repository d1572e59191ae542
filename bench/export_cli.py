"""A unit's GeoPackage by the command line against the same file through the API (not a test), in the same run.

A scratch database gets the sample. ``georeg export projects --unit 851 --format gpkg`` runs ``--repeat`` times, each
in a process of its own as an officer runs it (Python's start, the imports, the schema check, the export), timed
from outside; ``GET /api/exports/projects.gpkg?unit=851`` is asked as many times of the app in this process (FastAPI's
TestClient, no HTTP server), after one request not counted, as a running registry answers it. The script prints each
path's median and runs and the ratio of the command's to the API's. ``--before DIR`` (a ``git archive`` of the code
before) runs that code's command in turn with this one's.

    .venv/bin/python bench/export_cli.py [--unit 851] [--format gpkg] [--repeat 5] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
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


def command_seconds(url: str, unit: str, fmt: str, out: Path, code: Path) -> float:
    """Wall seconds of ``georeg export`` by the code in ``code``, its process's start included."""
    env = {**os.environ, "GEOREG_DATABASE_URL": url, "PYTHONPATH": str(code)}
    command = [GEOREG, "export", "projects", "--unit", unit, "--format", fmt, "--out"]
    start = time.perf_counter()
    subprocess.run([*command, str(out)], env=env, cwd=code, check=True, capture_output=True)
    return time.perf_counter() - start


def api_seconds(client: TestClient, unit: str, fmt: str) -> float:
    """Wall seconds of the same export through the API, the app already running."""
    start = time.perf_counter()
    answer = client.get(f"/api/exports/projects.{fmt}", params={"unit": unit})
    answer.raise_for_status()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", default="851", help="a former district's or 2025 commune's code")
    parser.add_argument("--format", default="gpkg", choices=tuple(SUFFIXES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of the code before a change, run in turn with this")
    args = parser.parse_args()
    codes = {"command": ROOT, "command before": args.before} if args.before else {"command": ROOT}
    runs: dict[str, list[float]] = {path: [] for path in (*codes, "API")}
    with scratch_database("georeg_bench_export_cli") as url, tempfile.TemporaryDirectory() as folder:
        load_sample({**os.environ, "GEOREG_DATABASE_URL": url})
        out = Path(folder) / f"projects{SUFFIXES[args.format]}"
        with TestClient(create_app(Settings(database_url=url))) as client:
            api_seconds(client, args.unit, args.format)  # the app's first request: its engine's connections
            for _ in range(args.repeat):
                for path, code in codes.items():
                    runs[path].append(command_seconds(url, args.unit, args.format, out, code))
                runs["API"].append(api_seconds(client, args.unit, args.format))
    print(f"projects of unit {args.unit} as {args.format}, the sample; {os.getloadavg()[0]:.1f} load average")
    median = {path: statistics.median(seconds) for path, seconds in runs.items()}
    for path, seconds in runs.items():
        print(f"{path}: median {median[path]:.2f} s (runs {', '.join(f'{s:.2f}' for s in seconds)})")
    for path in codes:
        print(f"{path} / API: {median[path] / median['API']:.1f}")


if __name__ == "__main__":
    main()
