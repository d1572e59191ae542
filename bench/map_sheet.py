"""The printed map sheet's CPU (not a test): a projects sheet (PNG and PDF) and a progress sheet (PNG) of the sample,
drawn in one process by this checkout's ``maps`` and by a former commit's, in turn, so that both meet the same
machine (shared, often busy) at the same moments. CPU seconds (time.process_time) a sheet, median of ``--repeat``
rounds after one round that fills the caches; the ratio; the PNGs' sizes; the statements a sheet sends; and how many
entries matplotlib's global legend handler map gained.

The former commit's ``maps/`` is taken with ``git archive`` and imported as ``maps_before`` (its ``maps.`` imports
renamed); ``geo/`` and ``layers/`` are this checkout's for both. A scratch database gets the sample.

    PYTHONPATH=. .venv/bin/python bench/map_sheet.py [--before 07a77ce] [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ingest_projects import load_sample
from matplotlib.legend import Legend
from scratch_database import scratch_database
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from geo.settings import PROJECT_ROOT as ROOT
from geo.settings import Settings

TODAY = date(2026, 12, 7)
SHEETS = {
    "projects PNG": {"what": "map", "format": "png"},
    "projects PDF": {"what": "map", "format": "pdf"},
    "progress PNG": {"what": "progress", "format": "png"},
}


def former_maps(commit: str, into: Path) -> str:
    """``maps/`` of ``commit`` unpacked in ``into`` as the package ``maps_before``; its name."""
    archive = subprocess.run(["git", "archive", commit, "maps"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "maps").rename(into / "maps_before")
    for module in (into / "maps_before").glob("*.py"):
        module.write_text(module.read_text().replace("from maps.", "from maps_before."))
    sys.path.insert(0, str(into))
    return "maps_before"


def measured(export: Callable[[], bytes], engine, rounds: list[float], counts: list[int]) -> bytes:
    """Run ``export``, adding its CPU seconds to ``rounds`` and its statements to ``counts``."""
    sent = []

    def listener(*_: object) -> None:
        sent.append(1)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        start = time.process_time()
        made = export()
        rounds.append(time.process_time() - start)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    counts.append(len(sent))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="07a77ce", help="the former commit to compare with")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, scratch_database("georeg_bench_map_sheet") as url:
        load_sample({**os.environ, "GEOREG_DATABASE_URL": url})
        versions = {"before": former_maps(args.before, Path(folder)), "now": "maps"}
        modules = {name: importlib.import_module(f"{package}.map_export") for name, package in versions.items()}
        settings, engine = Settings(database_url=url), create_engine(url)
        cpu = {(v, s): [] for v in versions for s in SHEETS}
        statements = {(v, s): [] for v in versions for s in SHEETS}
        sizes, handlers = {}, {v: 0 for v in versions}
        with Session(engine) as session:
            for round_ in range(args.repeat + 1):
                for version, module in modules.items():
                    for sheet, asked in SHEETS.items():
                        request = module.MapExport(**asked)
                        before = len(Legend.get_default_handler_map())
                        made = measured(
                            lambda m=module, r=request: m.export_map(session, r, settings, today=TODAY),
                            engine,
                            cpu[(version, sheet)],
                            statements[(version, sheet)],
                        )
                        handlers[version] += len(Legend.get_default_handler_map()) - before
                        sizes[(version, sheet)] = len(made)
                        if round_ == 0:  # the caches filled: not counted
                            cpu[(version, sheet)].clear()
        print(f"{'sheet':14} {'before s':>9} {'now s':>7} {'ratio':>6} {'size before':>12} {'now':>9} statements")
        for sheet in SHEETS:
            was, now = (statistics.median(cpu[(v, sheet)]) for v in versions)
            print(
                f"{sheet:14} {was:9.3f} {now:7.3f} {now / was:6.2f} {sizes[('before', sheet)] / 1024:9.0f} KiB"
                f" {sizes[('now', sheet)] / 1024:5.0f} KiB {statements[('before', sheet)][-1]} -> "
                f"{statements[('now', sheet)][-1]}"
            )
        rounds = (args.repeat + 1) * len(SHEETS)
        print(f"legend handlers added over {rounds} sheets: before {handlers['before']}, now {handlers['now']}")


if __name__ == "__main__":
    main()
