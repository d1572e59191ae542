"""The preview of a 100k-project file, with the look-up of new codes that may repeat registered projects.

Run:  .venv/bin/python bench/possible_duplicates.py [--features 100000] [--repeats 300] [--repeat 2]

Creates (and drops at the end) the database georeg_bench_duplicates in the local cluster, with the sample data and
``--features`` projects loaded (bench/ingest_projects.py's generator: every name "Cống ngăn mặn số N" is a
project's). Then previews (``georeg ingest --dry-run``) of two files of as many new codes, alternating, ``--repeat``
times: "other sites", the same names at other sites (each name looked up finds its project, whose site is
kilometres away: no warning), "re-numbered", the registered projects under other codes (each one warned of, as
an office's re-numbered inventory), and "in the file", the "other sites" file's last ``--repeats`` features replaced
by copies of as many of its features spread over it, under other codes and 10 m off (two offices' lists put together:
each copy warned of as repeating a feature of the file). Prints each preview's median wall seconds, of it the chunks'
reading, checking and writing (the report's), and the features warned of as possible repeats: of registered
projects, and of the file's own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from ingest_projects import DATABASE, geopackage, georeg_load, load_sample, projects, recoded
from scratch_database import scratch_database


def repeated_in_file(frame: gpd.GeoDataFrame, repeats: int) -> gpd.GeoDataFrame:
    """``frame`` whose last ``repeats`` features are copies of as many features spread over the rest, under other codes
    ("N0-…" -> "R0-…") and 10 m east (EPSG:5897, in metres)."""
    kept = frame.iloc[: len(frame) - repeats]
    copies = kept.iloc[:: max(len(kept) // repeats, 1)][:repeats]
    copies = copies.assign(MA_DA=copies["MA_DA"].str.replace("N", "R"), geometry=copies.geometry.translate(10, 0))
    return gpd.GeoDataFrame(pd.concat([kept, copies], ignore_index=True), crs=frame.crs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=300, help="features of the file repeating others of it")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with scratch_database(f"{DATABASE}_duplicates") as url, tempfile.TemporaryDirectory(prefix="georeg-bench-") as work:
        env = os.environ | {"GEOREG_DATABASE_URL": url}
        load_sample(env)
        folder = Path(work)
        registered = projects(args.features, "B0", seed=0)
        georeg_load(geopackage(folder, registered, "registered"), env)
        others = projects(args.features, "N0", seed=1)
        files = {
            "other sites": geopackage(folder, others, "other_sites"),
            "re-numbered": geopackage(folder, recoded(registered, "K"), "renumbered"),
            "in the file": geopackage(folder, repeated_in_file(others, args.repeats), "in_the_file"),
        }
        runs: dict[str, list[tuple[float, float, int, int]]] = {label: [] for label in files}
        for run in range(args.repeat):
            for label, path in files.items() if run % 2 == 0 else reversed(files.items()):
                seconds, report, _ = georeg_load(path, env, "--dry-run")
                chunks = report["seconds"]["read_checked_written"]
                warned = report.get("possible_duplicates", 0), report.get("possible_duplicates_in_file", 0)
                runs[label].append((seconds, chunks, *warned))
        print(f"preview (--dry-run) of {args.features:,} new codes against {args.features:,} registered; medians")
        for label, results in runs.items():
            whole = statistics.median(r[0] for r in results)
            chunks = statistics.median(r[1] for r in results)
            each = ", ".join(f"{r[0]:.1f}" for r in results)
            warned = f"warned {results[0][2]:,}, in the file {results[0][3]:,}"
            print(f"  {label:<12} {whole:6.1f} s (runs: {each}); chunks {chunks:.1f} s; {warned}")


if __name__ == "__main__":
    main()
