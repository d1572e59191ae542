"""The yearly report (not a test): one plan's report of one year in each format, what a planner waits for, against
the same report's tables written to a workbook by pandas, in the same run.

A scratch database gets the sample (``georeg load-sample``). Each run, in a process of its own, gathers the report
(geo.annual_report.annual_report, the path of ``GET /api/reports/annual`` and ``georeg report annual``), then writes it
in each format (maps.annual_report_formats.render_report: the Word document and the page each draw the printed
progress map, timed apart too), then the peer: the report's tables (actions, indicators, projects) given to pandas
``DataFrame.to_excel`` (openpyxl), one sheet each. Wall and CPU seconds, as the machine is often shared; medians of
``--repeat`` runs. ``--before``: a checkout of the code before a change, run in turn with this one.

    PYTHONPATH=. .venv/bin/python bench/annual_report.py [--plan 148/QĐ-UBND] [--year 2024] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from ingest_projects import load_sample
from scratch_database import scratch_database

from geo.settings import PROJECT_ROOT as ROOT

#: One run in a process of its own: argv the database, plan, year and language; prints each step's wall and CPU seconds.
CHILD = """
import io, json, sys, time
import pandas
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from geo.annual_report import annual_report
from geo.settings import Settings
from maps import annual_report_formats as formats
url, plan, year, lang = sys.argv[1:]
settings, steps = Settings(database_url=url), {}

def timed(step, work):
    wall, cpu = time.perf_counter(), time.process_time()
    done = work()
    steps[step] = (time.perf_counter() - wall, time.process_time() - cpu)
    return done

def peer(report):
    buffer = io.BytesIO()
    with pandas.ExcelWriter(buffer, engine="openpyxl") as book:
        for name in ("actions", "indicators", "projects"):
            pandas.DataFrame(getattr(report, name)).astype(str).to_excel(book, sheet_name=name, index=False)
    return buffer.getvalue()

with Session(create_engine(url)) as session:
    report = timed("gather", lambda: annual_report(session, plan, int(year), lang=lang))
    for fmt in ("csv", "xlsx", "docx", "html"):
        timed(fmt, lambda: formats.render_report(session, report, fmt, settings))
    timed("map", lambda: formats._progress_sheet(session, report, settings, "portrait"))
    timed("pandas xlsx", lambda: peer(report))
print(json.dumps(steps), __import__("geo").__file__)
"""
STEPS = ("gather", "csv", "xlsx", "docx", "html", "map", "pandas xlsx")


def run_once(url: str, plan: str, year: int, lang: str, code: Path) -> dict[str, list[float]]:
    """Each step's [wall, CPU] seconds of one run of the code in ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, plan, str(year), lang], env=env, cwd=code, check=True, capture_output=True
    )
    steps, module = done.stdout.decode().rsplit(" ", 1)
    if not module.strip().startswith(str(code)):
        raise SystemExit(f"{module.strip()} is not the code of {code}")
    return json.loads(steps.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="148/QĐ-UBND")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a checkout of the code before a change, run in turn with this")
    args = parser.parse_args()
    codes = {"after": ROOT, "before": args.before} if args.before else {"": ROOT}
    runs: dict[str, list[dict[str, list[float]]]] = {code: [] for code in codes}
    with scratch_database("georeg_bench_annual_report") as url:
        load_sample({**os.environ, "GEOREG_DATABASE_URL": url})
        for _ in range(args.repeat):
            for code, path in codes.items():  # before and after in turn
                runs[code].append(run_once(url, args.plan, args.year, args.lang, path))
    print(f"the sample's report of {args.plan} for {args.year} ({args.lang}); medians of {args.repeat}, wall / CPU s")
    for code in codes:
        medians = {step: [statistics.median(run[step][i] for run in runs[code]) for i in (0, 1)] for step in STEPS}
        said = ", ".join(f"{step} {wall:.2f} / {cpu:.2f}" for step, (wall, cpu) in medians.items())
        print(f"{code + ': ' if code else ''}{said}")
        each = sum(medians[step][1] for step in ("gather", "xlsx"))
        print(f"{code + ' ' if code else ''}CPU of gathering and writing the workbook / pandas writing its tables: "
              f"{each / medians['pandas xlsx'][1]:.2f}".lstrip())  # fmt: skip


if __name__ == "__main__":
    main()
