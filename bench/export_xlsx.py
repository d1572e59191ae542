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
import sys
import tempfile
from pathlib import Path

from ingest import GEOREG
from ingest_projects import geopackage, load_sample, projects
from scratch_database import scratch_database

from geo.layer_export import SUFFIXES
from geo.settings import PROJECT_ROOT as ROOT

FORMATS = ("xlsx", "gpkg", "csv")


#: One export in a process of its own, timed inside it: argv the database, format, file, language and unit ("" for all).
CHILD = """
import sys, time
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from geo.layer_export import export_layer
url, fmt, out, lang, unit = sys.argv[1:]
engine = create_engine(url)
with Session(engine) as session:
    start = time.perf_counter()
    chosen = None
    if unit:
        from layers.sources import chosen_features, find_layer
        chosen = chosen_features(session, find_layer("projects"), {"unit": [unit]})
    export_layer(session, "projects", fmt, __import__("pathlib").Path(out), chosen=chosen, lang=lang)
    print(time.perf_counter() - start, __import__("geo").__file__)
"""


def export_seconds(url: str, fmt: str, folder: Path, lang: str, unit: str = "", code: Path = ROOT) -> tuple[float, int]:
    """Wall seconds of one export of the projects (of ``unit``'s, when given) in ``fmt`` by the code in ``code``,
    and the file's size in bytes."""
    out = folder / f"projects{SUFFIXES[fmt]}"
    env = {**os.environ, "PYTHONPATH": str(code)}
    # run in ``code``: ``python -c`` puts its working directory before PYTHONPATH, so that from the checkout's root the
    # code "before" was the checkout's own
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, fmt, str(out), lang, unit],
        env=env,
        cwd=code,
        check=True,
        capture_output=True,
    )
    seconds, module = done.stdout.decode().split()[-2:]
    if not module.startswith(str(code)):
        raise SystemExit(f"{module} is not the code of {code}")
    return float(seconds), out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, e.g. gpkg,shp,geojson,csv")
    parser.add_argument("--unit", default="", help="a district's or commune's code: its projects' exports too")
    parser.add_argument("--before", type=Path, help="a checkout of the code before a change, run in turn with this")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    codes = {"after": ROOT, "before": args.before} if args.before else {"": ROOT}
    units = ("", args.unit) if args.unit else ("",)
    cases = [(code, fmt, unit) for unit in units for fmt in formats for code in codes]  # before and after in turn
    runs: dict[tuple[str, str, str], list[float]] = {case: [] for case in cases}
    sizes: dict[tuple[str, str, str], int] = {}
    with scratch_database("georeg_bench_export") as url, tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "GEOREG_DATABASE_URL": url}
        load_sample(env)
        path = geopackage(Path(folder), projects(args.projects, "B0", seed=7), "many")
        subprocess.run([GEOREG, "ingest", str(path), "--into", "projects"], env=env, check=True, capture_output=True)
        for _ in range(args.repeat):
            for case in cases:
                code, fmt, unit = case
                seconds, sizes[case] = export_seconds(url, fmt, Path(folder), args.lang, unit, codes[code])
                runs[case].append(seconds)
    print(f"{args.projects:,} projects and the sample; export_layer('projects', fmt, lang={args.lang!r})")
    median = {case: statistics.median(seconds) for case, seconds in runs.items()}
    for case in cases:
        code, fmt, unit = case
        each = ", ".join(f"{s:.2f}" for s in runs[case])
        label = " ".join(filter(None, (code, fmt, f"unit={unit}" if unit else "")))
        print(f"{label}: median {median[case]:.2f} s (runs {each}), {sizes[case] / 2**20:.1f} MiB")
    for code in codes:
        for peer in (fmt for fmt in formats if "xlsx" in formats and fmt != "xlsx"):
            print(f"{code} xlsx / {peer}: {median[(code, 'xlsx', '')] / median[(code, peer, '')]:.2f}".strip())


if __name__ == "__main__":
    main()
