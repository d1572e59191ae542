"""The preview of a 100k-project file, with the look-up of new codes that may repeat registered projects.

Run:  .venv/bin/python bench/possible_duplicates.py [--features 100000] [--repeat 2]

Creates (and drops at the end) the database georeg_bench_duplicates in the local cluster, with the sample data and
``--features`` projects loaded (bench/ingest_projects.py's generator: every name "Cống ngăn mặn số N" is a
project's). Then previews (``georeg ingest --dry-run``) of two files of as many new codes, alternating, ``--repeat``
times: "other sites", the same names at other sites (each name looked up finds its project, whose site is
kilometres away: no warning), and "re-numbered", the registered projects under other codes (each one warned of, as
an office's re-numbered inventory). Prints each preview's median wall seconds, of it the chunks' reading, checking
and writing (the report's), and the features warned of as possible repeats.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from ingest_projects import DATABASE, geopackage, georeg_load, load_sample, projects, recoded
from scratch_database import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with scratch_database(f"{DATABASE}_duplicates") as url, tempfile.TemporaryDirectory(prefix="georeg-bench-") as work:
        env = os.environ | {"GEOREG_DATABASE_URL": url}
        load_sample(env)
        folder = Path(work)
        registered = projects(args.features, "B0", seed=0)
        georeg_load(geopackage(folder, registered, "registered"), env)
        files = {
            "other sites": geopackage(folder, projects(args.features, "N0", seed=1), "other_sites"),
            "re-numbered": geopackage(folder, recoded(registered, "K"), "renumbered"),
        }
        runs: dict[str, list[tuple[float, float, int]]] = {label: [] for label in files}
        for run in range(args.repeat):
            for label, path in files.items() if run % 2 == 0 else reversed(files.items()):
                seconds, report, _ = georeg_load(path, env, "--dry-run")
                chunks = report["seconds"]["read_checked_written"]
                runs[label].append((seconds, chunks, report.get("possible_duplicates", 0)))
        print(f"preview (--dry-run) of {args.features:,} new codes against {args.features:,} registered; medians")
        for label, results in runs.items():
            whole = statistics.median(r[0] for r in results)
            chunks = statistics.median(r[1] for r in results)
            each = ", ".join(f"{r[0]:.1f}" for r in results)
            print(f"  {label:<12} {whole:6.1f} s (runs: {each}); chunks {chunks:.1f} s; warned {results[0][2]:,}")


if __name__ == "__main__":
    main()
