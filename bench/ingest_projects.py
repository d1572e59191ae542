"""Projects ingest benchmark: georeg loading 100k projects against GDAL's ogr2ogr loading the same files.

Run:  .venv/bin/python bench/ingest_projects.py [--features 100000] [--big 1000000] [--repeat 2]
(needs ogr2ogr from Debian gdal-bin)

Creates (and drops at the end) the database georeg_bench_projects in the local cluster, with the sample data (units,
plans) loaded. Each run writes two files of ``--features`` projects over Bạc Liêu and Trà Vinh in VN-2000 / TM-3
105°00' (EPSG:5897): a GeoPackage with one layer, and a zip of three UTF-8 shapefiles (points, lines, polygons);
60 % points, 25 % lines, 15 % polygons; a third of them without a province value (georeg finds it from the
geometry). georeg loads each file with ``georeg ingest FILE --into projects`` (checks, VN-2000 shift, region check,
province, projects, first status events; then, after the commit, the new projects' shares); ogr2ogr loads the same
file into tables of its own in the same database (COPY, reprojected to EPSG:4326, no checks). Both run as child
processes, one after the other, which goes first alternating from run to run; the script prints the medians and
each run of: ogr2ogr; georeg up to its commit (the projects in lists, tiles and OGC: the whole command less the
shares), and of it the command's start and commit, the chunks' reading, checking and writing, the time the writing
thread was busy (the database's statements) and the time the reading thread waited for it; the shares after the
commit (from its report); the whole command; the ratios; georeg's peak RSS. Then the same file with other codes
loaded with ``--shares background``: the whole command (it ends at the commit) and the time until the process it
starts has recomputed the shares (the share queue is empty). Then the first file again with ``--mode upsert``, as
GIS staff reload last year's inventory: nothing in it changed, so nothing is written.

Then: the time a status report (append_status_event and commit, the core of POST /api/projects/{id}/status) waits
while a dry run of a file runs, sampled throughout the preview; and the peak RSS of a dry run of the file and of a
``--big`` one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from ingest import GEOREG, peak_rss, timed
from scratch_database import scratch_database
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from geo.coordinates import from_wgs84
from geo.models import Project
from geo.settings import PROJECT_ROOT, get_settings
from geo.status_history import append_status_event

DATABASE = "georeg_bench_projects"
DISTRICTS = PROJECT_ROOT / "data" / "boundaries" / "vn_districts_baclieu_travinh.geojson"
SHAPES = {"point": "sluice", "line": "canal", "polygon": "forest_planting"}


def projects(count: int, prefix: str, seed: int, mix: tuple[int, int, int] | None = None) -> gpd.GeoDataFrame:
    """``count`` projects inside the districts of both provinces, in EPSG:5897 (x, y in metres); ``mix``: exactly
    that many points, lines and polygons (summing to ``count``), instead of a random draw weighted 60:25:100."""
    districts = pyogrio.read_dataframe(DISTRICTS)
    inner = shapely.buffer(districts.geometry.values, -0.01)
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(districts), count * 3)
    west, south, east, north = shapely.bounds(inner[which]).T
    lon, lat = rng.uniform(west, east), rng.uniform(south, north)
    keep = shapely.contains_xy(inner[which], lon, lat)
    which, lon, lat = which[keep][:count], lon[keep][:count], lat[keep][:count]
    x, y = from_wgs84(5897).transform(lon, lat)
    counts = mix or [count * 60 // 100, count * 25 // 100, count]
    shape = rng.permutation(np.repeat(["point", "line", "polygon"], counts))
    shape = shape[:count]
    geoms = np.where(
        shape == "point",
        shapely.points(x, y),
        np.where(
            shape == "line",
            shapely.linestrings(np.stack([np.column_stack([x, y]), np.column_stack([x + 300, y + 150])], 1)),
            shapely.box(x, y, x + 200, y + 200),
        ),
    )
    provinces = districts["province_code"].to_numpy()[which]
    return gpd.GeoDataFrame(
        {
            "MA_DA": [f"{prefix}-{i:07d}" for i in range(count)],
            "TEN_DA": [f"Cống ngăn mặn số {i}" for i in range(count)],
            "LOAI": [SHAPES[s] for s in shape],
            "MA_TINH": [None if i % 3 == 0 else p for i, p in enumerate(provinces)],
            "shape": shape,
        },
        geometry=geoms,
        crs="EPSG:5897",
    )


def recoded(frame: gpd.GeoDataFrame, letter: str) -> gpd.GeoDataFrame:
    """The same projects under other codes ("B0-…" -> "Z0-…"), to load them again as new ones."""
    return frame.assign(MA_DA=frame["MA_DA"].str.replace("B", letter))


def geopackage(folder: Path, frame: gpd.GeoDataFrame, name: str) -> Path:
    path = folder / f"{name}.gpkg"
    frame.drop(columns="shape").to_file(path, layer="du_an", driver="GPKG")
    return path


def zipped_shapefiles(folder: Path, frame: gpd.GeoDataFrame, name: str) -> Path:
    """One shapefile per geometry type (a shapefile holds one), zipped together."""
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for shape in SHAPES:
            shp = folder / f"{name}_{shape}.shp"
            part = frame[frame["shape"] == shape].drop(columns="shape")
            pyogrio.write_dataframe(part, shp, encoding="UTF-8")
            for member in folder.glob(f"{name}_{shape}.*"):
                archive.write(member, member.name)
                member.unlink()
    return path


def load_sample(env: dict[str, str]) -> None:
    subprocess.run([GEOREG, "load-sample"], env=env, check=True, capture_output=True)


def georeg_load(path: Path, env: dict[str, str], *options: str) -> tuple[float, dict, int]:
    """Wall seconds of ``georeg ingest``, its report and its peak RSS (KiB, from the kernel's account of it)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [GEOREG, "ingest", str(path), "--into", "projects", "--json", *options], env=env, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0), err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"georeg ingest failed:\n{out.read()[-3000:]}\n{err.read()[-2000:]}")
        return elapsed, json.loads(out.read()), usage.ru_maxrss


def georeg_load_shares_in_background(path: Path, env: dict[str, str], url: str) -> tuple[float, float]:
    """``georeg ingest --shares background``: seconds to the command's end (the commit), and to the moment the
    process it started has emptied the share queue (progress per unit up to date)."""
    start = time.perf_counter()
    command_s = georeg_load(path, env, "--shares", "background")[0]
    engine = create_engine(url)
    with engine.connect() as connection:
        while connection.scalar(text("SELECT count(*) FROM project_share_queue")):
            time.sleep(0.05)
    engine.dispose()
    return command_s, time.perf_counter() - start


def ogr2ogr(path: Path, pg: str, table: str) -> list[str]:
    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    command = ["ogr2ogr", "-f", "PostgreSQL", pg, source, "-overwrite", "-t_srs", "EPSG:4326"]
    command += ["-lco", "GEOMETRY_NAME=geom", "-gt", "65536", "-nlt", "GEOMETRY"]
    return command + (["-nln", table] if path.suffix == ".gpkg" else ["-lco", f"SCHEMA={table}"])


@dataclass
class Run:
    """One load of a file by each: seconds of ogr2ogr, of the whole georeg command and of its shares after the
    commit; georeg's peak RSS (KiB); with ``--shares background`` (the same file with other codes), seconds to
    the command's end and to the shares' end; and the same file loaded again with ``--mode upsert`` (nothing in it
    changed): seconds of the whole command and the projects it wrote."""

    ogr2ogr: float
    georeg: float
    shares: float
    phases: dict[str, float]  # the report's seconds: reading, checking and writing; of it the writes, the waits
    rss: int
    background_command: float
    background_done: float
    reload: float
    reload_written: int

    @property
    def to_commit(self) -> float:
        """georeg up to its commit: the projects are in the lists, tiles and OGC API."""
        return self.georeg - self.shares

    @property
    def outside_the_chunks(self) -> float:
        """The command's start (imports, the job row, the look-ups) and its commit, around the chunks' loop."""
        return self.to_commit - self.phases["read_checked_written"]


def print_runs(label: str, results: list[Run]) -> None:
    def line(name: str, values: list[float]) -> str:
        runs = ", ".join(f"{v:.2f}" for v in values)
        return f"  {name:<44}{statistics.median(values):7.2f} s  (runs: {runs})"

    ogr = statistics.median(r.ogr2ogr for r in results)
    print(f" {label}:")
    print(line("ogr2ogr (COPY, reproject, no checks):", [r.ogr2ogr for r in results]))
    print(line("georeg, load up to its commit:", [r.to_commit for r in results]))
    print(line("  of which start-up and commit:", [r.outside_the_chunks for r in results]))
    print(line("  of which reading, checking, writing:", [r.phases["read_checked_written"] for r in results]))
    print(line("    the writing thread busy (database):", [r.phases["chunk_writes"] for r in results]))
    print(line("    the reading thread waiting for it:", [r.phases["waiting_for_writes"] for r in results]))
    print(line("georeg, shares after the commit:", [r.shares for r in results]))
    print(line("georeg, whole command:", [r.georeg for r in results]))
    print(f"  ratio up to the commit:     {statistics.median(r.to_commit for r in results) / ogr:5.2f}  (target ≤ 1.5)")
    print(f"  ratio of the whole command: {statistics.median(r.georeg for r in results) / ogr:5.2f}  (target ≤ 3)")
    print(line("--shares background, whole command:", [r.background_command for r in results]))
    print(line("--shares background, shares done after:", [r.background_done for r in results]))
    background = statistics.median(r.background_command for r in results) / ogr
    print(f"  ratio of the whole command, --shares background: {background:5.2f}  (target ≤ 3)")
    print(line("reload, --mode upsert, nothing changed:", [r.reload for r in results]))
    reload = statistics.median(r.reload for r in results) / ogr
    written = max(r.reload_written for r in results)
    print(f"  ratio of the reload:        {reload:5.2f}  (projects it wrote: {written:,}; expected 0)")
    print(f"  peak RSS of georeg's load:  {max(r.rss for r in results) / 1024:5.0f} MiB")


def report_waits(url: str, command: list[str], env: dict[str, str]) -> list[float]:
    """Seconds each status report took while ``command`` (a dry run) ran; one report every 0.5 s."""
    engine = create_engine(url)
    with Session(engine) as session:
        project_id = session.scalar(select(Project.id).where(Project.geom.is_not(None)).order_by(Project.id))
    waits = []
    preview = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while preview.poll() is None:
            time.sleep(0.5)
            start = time.perf_counter()
            with Session(engine) as session, session.begin():
                project = session.get(Project, project_id)
                append_status_event(
                    session, project, status="under_construction", percent=50, reported_at=date.today(), source="bench"
                )
            waits.append(time.perf_counter() - start)
    finally:
        preview.wait()
        engine.dispose()
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    settings = get_settings()
    pg = f"PG:host=127.0.0.1 port={settings.local_db_port} user={settings.local_db_user} dbname={DATABASE}"
    with scratch_database(DATABASE) as url, tempfile.TemporaryDirectory(prefix="georeg-bench-") as work:
        env = os.environ | {"GEOREG_DATABASE_URL": url}
        load_sample(env)
        with create_engine(url).begin() as connection:
            connection.execute(text("CREATE SCHEMA IF NOT EXISTS ogr_zip"))
        folder = Path(work)
        runs: dict[str, list[Run]] = {"GeoPackage": [], "zipped shapefiles": []}
        loads = []  # the machine's load average as each file's loads start: other work on it slows both sides
        for run in range(args.repeat):
            frame = projects(args.features, f"B{run}", seed=run)
            files = {  # each file, and the same with other codes for the load with the shares in the background
                "GeoPackage": (
                    geopackage(folder, frame, f"g{run}"),
                    geopackage(folder, recoded(frame, "K"), f"gk{run}"),
                ),
                "zipped shapefiles": (
                    zipped_shapefiles(folder, recoded(frame, "Z"), f"z{run}"),
                    zipped_shapefiles(folder, recoded(frame, "Y"), f"zy{run}"),
                ),
            }
            for label, (path, other_codes) in files.items():
                loads.append(os.getloadavg()[0])
                ogr = ogr2ogr(path, pg, "ogr_gpkg" if label == "GeoPackage" else "ogr_zip")
                if run % 2:  # which goes first alternates from run to run
                    georeg_s, report, rss = georeg_load(path, env)
                    background = georeg_load_shares_in_background(other_codes, env, url)
                    ogr_s = timed(ogr, env)[0]
                else:
                    ogr_s = timed(ogr, env)[0]
                    georeg_s, report, rss = georeg_load(path, env)
                    background = georeg_load_shares_in_background(other_codes, env, url)
                shares = report["seconds"]["shares_after_commit"]
                reload_s, reloaded, _ = georeg_load(path, env, "--mode", "upsert")  # last year's inventory again
                reload = (reload_s, reloaded["written_count"])
                runs[label].append(Run(ogr_s, georeg_s, shares, report["seconds"], rss, *background, *reload))
        print(
            f"{args.features:,} projects (60 % points, 25 % lines, 15 % polygons), EPSG:5897, into projects; "
            f"{args.repeat} run(s) each, ogr2ogr and georeg alternated; medians"
        )
        for label, results in runs.items():
            print_runs(label, results)
        print("machine load (1-minute load average) at each load: " + ", ".join(f"{x:.1f}" for x in loads))
        fresh = geopackage(folder, projects(args.features, "P", seed=50), "preview")  # codes not loaded yet
        preview = [GEOREG, "ingest", str(fresh), "--into", "projects", "--dry-run", "--json"]
        waits = report_waits(url, preview, env)
        print(
            f"status reports during a dry run of {args.features:,} projects: {len(waits)} sent, "
            f"median {statistics.median(waits):.3f} s, longest {max(waits):.3f} s (target < 1 s)"
        )
        small_rss = peak_rss(preview, env)
        print(f"peak RSS of a dry run (chunks of {settings.ingest_chunk_size:,} features):")
        print(f"  {args.features:>9,} projects: {small_rss / 1024:7.0f} MiB")
        if args.big:  # --big 0 leaves it out
            big = geopackage(folder, projects(args.big, "BIG", seed=99), "big")
            big_rss = peak_rss([GEOREG, "ingest", str(big), "--into", "projects", "--dry-run", "--json"], env)
            size = big.stat().st_size / 2**20
            print(f"  {args.big:>9,} projects: {big_rss / 1024:7.0f} MiB  ({size:.0f} MiB GeoPackage)")


if __name__ == "__main__":
    main()
