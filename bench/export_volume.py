"""The projects layer exported at a province's volume (not a test): ``georeg export`` against ogr2ogr, and two API
exports at once.

    .venv/bin/python bench/export_volume.py [--projects 100000] [--url postgresql+psycopg://…/db] [--port 8765]
                                            [--code DIR]

Without ``--url``, a scratch database gets the sample and ``--projects`` generated projects (bench/ingest_projects.py's
generator, loaded with ``georeg ingest``); with it, that database's projects are exported as they are. In the same
run: ``georeg export projects --crs EPSG:9209`` to a GeoPackage and to zipped shapefiles, and to GeoJSON (WGS 84),
each a process of its own (wall seconds and peak RSS from the kernel), and ogr2ogr writing the same table's columns
to the same formats and CRS (no joins, no labels: the floor of GDAL's writing); then ``georeg serve`` answering two
``GET /api/exports/projects.gpkg`` at once: each answer's seconds and the server's peak RSS (VmHWM) before and after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

from ingest import GEOREG
from ingest_projects import geopackage, georeg_load, load_sample, projects
from scratch_database import scratch_database
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parents[1]  # this checkout (geo.settings.PROJECT_ROOT may be another's: .venv's)
CRS = "EPSG:9209"
#: The project table's own columns ogr2ogr writes: those the export reads from it without a join.
COLUMNS = (
    "code, name_vi, name_en, kind, province_code, capacity_value, capacity_unit, budget_vnd_billion, funding_source, "
    "start_year, end_year, description_vi, description_en, location_precision, location_note_vi, location_note_en, "
    "status, percent, status_date, changed_at, geom"
)


def run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of ``command``, a child process."""
    with tempfile.TemporaryFile() as said:  # not a pipe: GDAL's warnings would fill it and hold the child
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=said)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            said.seek(0)
            sys.exit(f"{command[:3]} failed: {said.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


#: Each shapefile's rows (a shapefile holds one geometry family), as the export splits them.
FAMILIES = {
    "point": "('POINT', 'MULTIPOINT')",
    "line": "('LINESTRING', 'MULTILINESTRING')",
    "polygon": "('POLYGON', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION')",
}


def ogr2ogr(url: str, out: Path, family: str | None = None) -> list[str]:
    """ogr2ogr of the project table's columns to ``out`` (a .gpkg or a family's .shp in CRS, a .geojson in WGS 84)."""
    u = make_url(url)
    pg = f"PG:host={u.host} port={u.port} dbname={u.database} user={u.username}"
    where = f" AND GeometryType(geom) IN {FAMILIES[family]}" if family else ""
    sql = f"SELECT {COLUMNS} FROM project WHERE retired_at IS NULL{where} ORDER BY code"
    driver = {".gpkg": "GPKG", ".geojson": "GeoJSON"}.get(out.suffix, "ESRI Shapefile")
    crs = "EPSG:4326" if out.suffix == ".geojson" else CRS
    command = ["ogr2ogr", "-f", driver, str(out), pg, "-sql", sql]
    return command + ["-t_srs", crs, "-nlt", "PROMOTE_TO_MULTI"] + (["-lco", "ENCODING=UTF-8"] if family else [])


def ogr2ogr_zip(url: str, folder: Path, env: dict[str, str]) -> tuple[float, int]:
    """ogr2ogr's shapefiles, one a family, zipped as the export's: seconds in all, the largest peak RSS."""
    runs = [run(ogr2ogr(url, folder / f"ogr_{family}.shp", family), env) for family in FAMILIES]
    start = time.perf_counter()
    with zipfile.ZipFile(folder / "ogr.zip", "w", zipfile.ZIP_DEFLATED) as zipped:
        for file in sorted(folder.glob("ogr_*.*")):
            zipped.write(file, file.name)
    return sum(seconds for seconds, _ in runs) + time.perf_counter() - start, max(peak for _, peak in runs)


def peak_mb(pid: int) -> int:
    """A process's peak RSS so far (VmHWM), MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) // 1024


def two_at_once(url: str, port: int, env: dict[str, str]) -> None:
    """``georeg serve`` answering two GeoPackage exports at once: their seconds, its peak RSS before and after."""
    server = subprocess.Popen(
        [GEOREG, "serve", "--port", str(port)],
        env={**env, "GEOREG_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}/api/exports/projects.gpkg"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/docs", timeout=5)
                break
            except OSError:
                time.sleep(1)
        before = peak_mb(server.pid)
        seconds: list[float] = []

        def ask() -> None:
            start = time.perf_counter()
            with urllib.request.urlopen(address, timeout=1800) as answer:
                answer.read()
            seconds.append(time.perf_counter() - start)

        askers = [threading.Thread(target=ask) for _ in range(2)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        print(
            f"two API exports at once: {', '.join(f'{s:.1f}' for s in seconds)} s; "
            f"server peak RSS {before} MB -> {peak_mb(server.pid)} MB"
        )
    finally:
        server.terminate()
        server.wait()


def export(url: str, port: int, folder: Path, env: dict[str, str]) -> None:
    env = {**env, "GEOREG_DATABASE_URL": url}
    print(f"load average {os.getloadavg()[0]:.1f}")
    for fmt, suffix in (("gpkg", ".gpkg"), ("shp", ".zip"), ("geojson", ".geojson")):
        out = folder / f"projects{suffix}"
        crs = ["--crs", CRS] if fmt != "geojson" else []  # GeoJSON is WGS 84 (RFC 7946)
        georeg = run([GEOREG, "export", "projects", "--out", str(out), "--format", fmt, *crs], env)
        gdal = ogr2ogr_zip(url, folder, env) if fmt == "shp" else run(ogr2ogr(url, folder / f"ogr{suffix}"), env)
        print(
            f"{fmt}: georeg export {georeg[0]:.1f} s, {georeg[1]} MB; ogr2ogr {gdal[0]:.1f} s, {gdal[1]} MB; "
            f"ratio {georeg[0] / gdal[0]:.1f}"
        )
    two_at_once(url, port, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--url", help="a database holding the projects already")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--code", type=Path, default=HERE, help="the checkout whose code runs (another's: before)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.code)}  # that checkout's code, whichever .venv runs it
    print(f"code: {args.code}")
    with tempfile.TemporaryDirectory() as folder:
        if args.url:
            return export(args.url, args.port, Path(folder), env)
        with scratch_database("georeg_bench_export_volume") as url:
            load_sample({**env, "GEOREG_DATABASE_URL": url})
            made = geopackage(Path(folder), projects(args.projects, "B0", seed=7), "projects")
            georeg_load(made, {**env, "GEOREG_DATABASE_URL": url})
            export(url, args.port, Path(folder), env)


if __name__ == "__main__":
    main()
