"""Spreadsheet export at a province's volume (not a test): the projects as an Excel workbook against the same projects
as a GeoPackage and as a CSV, in the same run.

A scratch database gets the sample and ``--projects`` synthetic projects (60 % points, 25 % lines, 15 % polygons,
inside the two provinces' districts, loaded by ``georeg ingest``). Each format is then written by
geo.layer_export.export_layer, what ``GET /api/exports/projects.{fmt}`` and the web map's Filters → download run
(the query, the frame, the file), in turn, ``--repeat`` times; the script prints each format's median, its runs, the
workbook's size and the ratios of the workbook to the GeoPackage and to the CSV.

    .venv/bin/python bench/export_xlsx.py [--projects 50000] [--repeat 2] [--lang vi]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ingest import GEOREG
from ingest_projects import geopackage, load_sample, projects
from scratch_database import scratch_database
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from geo.layer_export import SUFFIXES, export_layer

FORMATS = ("xlsx", "gpkg", "csv")


def export_seconds(url: str, fmt: str, folder: Path, lang: str) -> tuple[float, int]:
    """Wall seconds of one export of the projects in ``fmt``, and the file's size in bytes."""
    out = folder / f"projects{SUFFIXES[fmt]}"
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            start = time.perf_counter()
            export_layer(session, "projects", fmt, out, lang=lang)
            elapsed = time.perf_counter() - start
    finally:
        engine.dispose()
    return elapsed, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, e.g. gpkg,shp,geojson,csv")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    runs: dict[str, list[float]] = {fmt: [] for fmt in formats}
    sizes: dict[str, int] = {}
    with scratch_database("georeg_bench_export") as url, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "GEOREG_DATABASE_URL": url}
        load_sample(env)
        path = geopackage(Path(folder), projects(args.projects, "B0", seed=7), "many")
        subprocess.run([GEOREG, "ingest", str(path), "--into", "projects"], env=env, check=True, capture_output=True)
        for _ in range(args.repeat):
            for fmt in formats:
                seconds, sizes[fmt] = export_seconds(url, fmt, Path(folder), args.lang)
                runs[fmt].append(seconds)
    print(f"{args.projects:,} projects and the sample; export_layer('projects', fmt, lang={args.lang!r})")
    median = {fmt: statistics.median(seconds) for fmt, seconds in runs.items()}
    for fmt in formats:
        each = ", ".join(f"{s:.1f}" for s in runs[fmt])
        print(f"{fmt}: median {median[fmt]:.1f} s (runs {each}), {sizes[fmt] / 2**20:.1f} MiB")
    for peer in (fmt for fmt in formats if "xlsx" in formats and fmt != "xlsx"):
        print(f"xlsx / {peer}: {median['xlsx'] / median[peer]:.2f}")


if __name__ == "__main__":
    main()
