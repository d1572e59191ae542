"""Ingest benchmark: georeg's ingest against GDAL's ogr2ogr on the same 100k-polygon shapefile, and peak memory.

Run:  .venv/bin/python bench/ingest.py [--features 100000] [--big 1000000]   (needs ogr2ogr from Debian gdal-bin)

Creates (and drops at the end) the database georeg_bench_ingest in the local cluster. Writes a shapefile of small
squares over Bạc Liêu in VN-2000 / TM-3 105°00' (EPSG:5897) with an ESRI .prj and TCVN3 text in the DBF (no
.cpg), so georeg does its full work: sniffing, .prj recognition, encoding detection and decoding, geometry
validation, promotion to MultiPolygon, the official VN-2000 → WGS 84 shift, the region check, and COPY into
salinity_zone in one transaction. ogr2ogr loads the same file into a new table of the same database with COPY,
reprojecting to EPSG:4326 (PROJ's own choice of transformation) and promoting to MultiPolygon, without checks;
it is told the DBF is ISO-8859-1 (without that it stops at the first TCVN3 byte), so its text is stored garbled.
Both run as separate processes; the script prints wall times and the ratio. Then it runs georeg's ingest (dry
run: everything but the commit) on a ``--big`` file and on the 100k file in child processes and prints each one's
peak RSS: memory is bounded by the chunk size (setting GEOREG_INGEST_CHUNK_SIZE), not by the file.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from scratch_database import scratch_database

from geo.coordinates import from_wgs84
from geo.settings import PROJECT_ROOT, get_settings
from geo.text_encoding import encode

DATABASE = "georeg_bench_ingest"
GEOREG = str(PROJECT_ROOT / ".venv" / "bin" / "georeg")
CLASSES = ["mặn nhẹ", "mặn trung bình", "mặn nặng", "rất mặn"]


def make_shapefile(folder: Path, count: int) -> Path:
    """``count`` 200 m squares over Bạc Liêu in EPSG:5897, attributes in TCVN3, written in chunks."""
    rng = np.random.default_rng(42)
    path = folder / f"squares_{count}.shp"
    transformer = from_wgs84(5897)
    step = 200_000
    for start in range(0, count, step):
        n = min(step, count - start)
        lon, lat = rng.uniform(105.3, 105.8, n), rng.uniform(9.1, 9.5, n)
        x, y = transformer.transform(lon, lat)
        squares = shapely.box(x, y, x + 200, y + 200)
        labels = [encode(CLASSES[i % 4], "tcvn3").decode("latin-1") for i in range(start, start + n)]
        pyogrio.write_dataframe(
            _frame(squares, labels), path, encoding="latin1", append=start > 0, geometry_type="Polygon"
        )
    path.with_suffix(".cpg").unlink(missing_ok=True)
    path.with_suffix(".prj").write_text(CRS.from_epsg(5897).to_wkt("WKT1_ESRI"))
    return path


def _frame(squares: np.ndarray, labels: list[str]):
    import geopandas as gpd

    return gpd.GeoDataFrame({"cap_man": labels, "ky": "2025-03"}, geometry=squares, crs="EPSG:5897")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of ``command`` run as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, errors="replace")
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _runs(times: list[float]) -> str:
    return "(runs: " + ", ".join(f"{t:.2f}" for t in times) + ")"


def peak_rss(command: list[str], env: dict[str, str]) -> int:
    """Peak RSS (KiB) of one child, measured in a fresh wrapper so earlier children do not count."""
    wrapper = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *command], env=env, capture_output=True, text=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pg = f"PG:host=127.0.0.1 port={get_settings().local_db_port} user={get_settings().local_db_user} dbname={DATABASE}"
    with scratch_database(DATABASE) as url, tempfile.TemporaryDirectory(prefix="georeg-bench-") as work:
        env = os.environ | {"GEOREG_DATABASE_URL": url}
        shp = make_shapefile(Path(work), args.features)
        ingest = [GEOREG, "ingest", str(shp), "--into", "salinity", "--source", "bench", "--json"]
        ogr = ["ogr2ogr", "--config", "SHAPE_ENCODING", "ISO-8859-1", "-f", "PostgreSQL", pg, str(shp)]
        ogr += ["-nln", "bench_ogr2ogr", "-overwrite"]
        ogr += ["-t_srs", "EPSG:4326", "-nlt", "MULTIPOLYGON", "-lco", "GEOMETRY_NAME=geom", "-gt", "65536"]
        runs: dict[str, list[float]] = {"ogr2ogr": [], "georeg": [], "startup": []}
        for _ in range(args.repeat):  # alternated, so both see the same machine load
            runs["ogr2ogr"].append(timed(ogr, env)[0])
            runs["georeg"].append(timed(ingest, env)[0])
            runs["startup"].append(timed([GEOREG, "--help"], env)[0])
        ogr_s, georeg_s, startup_s = min(runs["ogr2ogr"]), min(runs["georeg"]), min(runs["startup"])
        print(f"{args.features:,} polygons, shapefile EPSG:5897 + TCVN3 DBF; best of {args.repeat} runs each")
        print(f"  ogr2ogr (COPY, reproject, no checks):            {ogr_s:7.2f} s   {_runs(runs['ogr2ogr'])}")
        print(f"  georeg ingest (detect, validate, VN-2000 shift): {georeg_s:7.2f} s   {_runs(runs['georeg'])}")
        print(f"  of which the CLI's start (imports, `georeg --help`): {startup_s:.2f} s")
        print(f"  ratio georeg / ogr2ogr: {georeg_s / ogr_s:.2f} (target ≤ 1.3)")
        print(f"  ratio of the medians: {statistics.median(runs['georeg']) / statistics.median(runs['ogr2ogr']):.2f}")
        print(f"  ratio without the CLI's start: {(georeg_s - startup_s) / ogr_s:.2f}")
        small_rss = peak_rss([*ingest, "--dry-run"], env)
        del shp
        big = make_shapefile(Path(work), args.big)
        big_rss = peak_rss(
            [GEOREG, "ingest", str(big), "--into", "salinity", "--source", "bench", "--dry-run", "--json"], env
        )
        chunk = get_settings().ingest_chunk_size
        print(f"peak RSS of georeg ingest (chunks of {chunk:,} features):")
        print(f"  {args.features:>9,} features: {small_rss / 1024:7.0f} MiB")
        print(f"  {args.big:>9,} features: {big_rss / 1024:7.0f} MiB  ({big.stat().st_size / 2**20:.0f} MiB .shp)")


if __name__ == "__main__":
    main()
