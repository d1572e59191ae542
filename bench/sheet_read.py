"""Reading a sheet of projects: an Excel workbook (.xlsx) against the same rows as CSV.

Run:  PYTHONPATH=. .venv/bin/python bench/sheet_read.py [--rows 20000] [--repeat 5] [--before CHECKOUT]

Writes a sheet of ``--rows`` projects (12 columns: code, name, kind, province, lon, lat, status, a percent, budget,
years, a note) as Excel writes one (XlsxWriter: shared strings), its percent formatted "0.0%" ("xlsx"), or typed as
the number shown, no percent format in the workbook ("xlsx-") and as CSV, then opens each with
``geo.ingest.read.open_layers`` and reads it with ``read_sheet`` (the path of `georeg ingest` and /upload for a
sheet: its layer listed, then read) and prints the CPU seconds (``time.process_time``: the machine is shared),
medians. ``--before``: a checkout of the code before a change (a
``git archive``), whose ``geo/ingest/read.py`` is read in turn with this one, and checked to give the same sheets.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

from geo.ingest import read
from geo.text_encoding import map_column

HEADER = ["ma_da", "ten_da", "loai", "ma_tinh", "kinh_do", "vi_do", "tinh_trang", "tien_do", "von_ty", "nam_bd"]
HEADER += ["nam_kt", "ghi_chu"]


def sheets(folder: Path, count: int) -> tuple[Path, Path, Path]:
    """The same ``count`` rows as a workbook (its percent column formatted as one), as one without a percent format
    (the percent typed as shown) and as CSV (the percent as shown)."""
    rng = random.Random(0)
    rows = [
        [f"BL-{i:06d}", f"Cống ngăn mặn số {i}", "sluice", "95", 105.3 + rng.random() * 0.5, 9.1 + rng.random() * 0.3]
        + ["Đang thi công", round(rng.random(), 3), round(rng.random() * 100, 1), 2020, 2026, "Ghi chú về dự án"]
        for i in range(count)
    ]
    book, plain, sheet = folder / "du_an.xlsx", folder / "du_an_so.xlsx", folder / "du_an.csv"
    for path, formatted in ((book, True), (plain, False)):
        workbook = xlsxwriter.Workbook(path)
        percent = workbook.add_format({"num_format": "0.0%"})
        written = workbook.add_worksheet("Dự án")
        written.write_row(0, 0, HEADER)
        for k, row in enumerate(rows, start=1):
            written.write_row(k, 0, row)
            if formatted:
                written.write_number(k, 7, row[7], percent)
            else:
                written.write_number(k, 7, round(row[7] * 100, 10))
        workbook.close()
    with open(sheet, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(row[:7] + [round(row[7] * 100, 10)] + row[8:] for row in rows)
    return book, plain, sheet


def reader(module: Any, *names: Callable[[str], bool]) -> Callable[[Path, Path], Any]:
    """A sheet's layer listed and read by ``module`` (geo.ingest.read or a checkout's), its header recognised by
    ``names`` (a checkout's before session 69 took none)."""

    def read(path: Path, work: Path) -> Any:
        _, (layer,) = module.open_layers(path, work, 10**10, *names)
        return module.read_sheet(layer, None, {})

    return read


def former_module(checkout: Path) -> Any:
    """The checkout's ``geo.ingest.read``, imported beside this one's."""
    spec = importlib.util.spec_from_file_location("geo.ingest.read_before", checkout / "geo/ingest/read.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of the code before, read in turn")
    args = parser.parse_args()
    readers = {"this": reader(read, lambda cell: map_column(cell) is not None)}
    readers |= {"before": reader(former_module(args.before))} if args.before else {}
    with tempfile.TemporaryDirectory(prefix="georeg-bench-") as work:
        book, plain, sheet = sheets(Path(work), args.rows)
        files = {"xlsx": book, "xlsx-": plain, "csv": sheet}
        seconds: dict[tuple[str, str], list[float]] = {}
        read_by = {}
        for number in range(args.repeat):
            for (code, read_sheet), (fmt, path) in ((r, f) for r in readers.items() for f in files.items()):
                links = Path(work) / f"{code}-{fmt}-{number}"  # where a file named otherwise is linked
                links.mkdir()
                start = time.process_time()
                read_by[code, fmt] = read_sheet(path, links)
                seconds.setdefault((code, fmt), []).append(time.process_time() - start)
        same = read_by["this", "xlsx"].chunk.table == read_by["this", "xlsx-"].chunk.table
        print(f"the two workbooks read the same: {same}")
        if args.before:
            same = all(read_by["this", f].chunk.table == read_by["before", f].chunk.table for f in ("xlsx", "xlsx-"))
            print(f"the workbooks read the same by both: {same}")
    print(f"{args.rows:,} rows of {len(HEADER)} columns, CPU seconds, medians of {args.repeat}")
    for (code, fmt), runs in seconds.items():
        each = ", ".join(f"{s:.2f}" for s in runs)
        print(f"  {code:<7} {fmt:<5} {statistics.median(runs):5.2f} s (runs: {each})")


if __name__ == "__main__":
    main()
