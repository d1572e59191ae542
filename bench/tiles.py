"""Vector-tile benchmark: georeg (cache off, cache warm, warm with an edit every second) against tipg.

Run:  .venv/bin/python -m bench.tiles   (needs `wrk`, `varnishd`, tipg in bench/.venv-tipg: docs/tiles-at-scale.md).
Builds database georeg_bench_tiles in the local cluster with table `synthetic` (50k points, 25k lines, 25k polygons
over Bạc Liêu and Trà Vinh; like `project`, it keeps a generated Web Mercator copy of its geometry), serves it with
georeg and with tipg (one uvicorn worker each, loopback), drives each with wrk at 16 connections over the same list
of 500 tiles z8–14, and prints tiles/s, p50, p99, bytes and ratios.
The mixed runs change one feature's status every second while wrk reads: expiring the tiles of its footprint (what
georeg does), or the whole layer (what it did before), straight to the app and through Varnish (deploy/varnish).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import morecantile
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bench.tiles_app import SYNTHETIC
from geo import migrations
from geo.layer_versions import bump, expire_fields
from geo.local_cluster import LocalCluster
from geo.settings import PROJECT_ROOT, get_settings
from layers import tile_bands

DB_NAME = "georeg_bench_tiles"
FEATURES = 100_000
AREA = (105.25, 9.05, 106.6, 10.05)  # both provinces
ZOOMS = range(8, 15)
TILES = 500
CONNECTIONS = 16
DURATION_S = int(os.environ.get("BENCH_DURATION_S", "20"))
TIPG_PYTHON = PROJECT_ROOT / "bench" / ".venv-tipg" / "bin" / "python"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")

BUILD_SQL = """
SELECT setseed(0.42);
CREATE TABLE synthetic (id serial PRIMARY KEY, kind text NOT NULL, status text NOT NULL, geom geometry(Geometry, 4326),
    geom_3857 geometry(Geometry, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED);
INSERT INTO synthetic (kind, status, geom)
SELECT (ARRAY['sea_dyke','sluice','canal','wind_farm','reservoir','forest_planting'])[1 + floor(random() * 6)::int],
       (ARRAY['proposed','preparing','under_construction','operating','completed'])[1 + floor(random() * 5)::int],
       CASE
         WHEN i % 4 IN (0, 1) THEN ST_Point(x, y, 4326)
         WHEN i % 4 = 2 THEN ST_MakeLine(ARRAY[ST_Point(x, y, 4326),
              ST_Point(x + (random() - 0.5) * 0.02, y + (random() - 0.5) * 0.02, 4326),
              ST_Point(x + (random() - 0.5) * 0.04, y + (random() - 0.5) * 0.04, 4326),
              ST_Point(x + (random() - 0.5) * 0.06, y + (random() - 0.5) * 0.06, 4326)])
         ELSE ST_Buffer(ST_Point(x, y, 4326), 0.0005 + random() * 0.004, 8)
       END
FROM (SELECT i, :west + random() * (:east - :west) AS x, :south + random() * (:north - :south) AS y
      FROM generate_series(1, :n) AS i) AS p;
CREATE INDEX ON synthetic USING gist (geom);
ANALYZE synthetic;
"""


def build_database(cluster: LocalCluster) -> str:
    cluster.drop_database(DB_NAME)
    cluster.ensure_database(DB_NAME)
    url = cluster.url(DB_NAME)
    migrations.upgrade(url)
    engine = create_engine(url)
    west, south, east, north = AREA
    with engine.begin() as conn:
        for statement in filter(str.strip, BUILD_SQL.split(";")):
            conn.execute(text(statement), {"west": west, "south": south, "east": east, "north": north, "n": FEATURES})
    with Session(engine) as session, session.begin():
        start = time.perf_counter()
        tile_bands.rebuild(session, SYNTHETIC)
        print(
            f"  precomputed band (z{min(tile_bands.band_zooms(SYNTHETIC))}–{max(tile_bands.band_zooms(SYNTHETIC))}) "
            f"built in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
    engine.dispose()
    return url


def tile_list(url: str) -> list[morecantile.Tile]:
    """500 tiles, evenly over z8–14, each centred on a random feature (so none is empty by construction)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        spots = conn.execute(
            text("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) p FROM synthetic ORDER BY id) s")
        ).all()
    engine.dispose()
    rng = random.Random(7)
    zooms = list(ZOOMS)
    return [WEB_MERCATOR.tile(*rng.choice(spots), zooms[i % len(zooms)]) for i in range(TILES)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict[str, str], probe_path: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{probe_path}", timeout=5).read()
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"server did not start: {' '.join(command)}")


def serve_georeg(
    url: str, port: int, cache_mb: float, workers: int = 1, env: dict[str, str] | None = None
) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", "--factory", "bench.tiles_app:create_app", "--port", str(port)]
    command += ["--workers", str(workers)] if workers > 1 else []
    env = {"GEOREG_DATABASE_URL": url, "GEOREG_TILE_CACHE_MB": str(cache_mb), "PYTHONPATH": str(PROJECT_ROOT)} | (
        env or {}
    )
    return start(command + ["--log-level", "warning"], env, "/tiles/synthetic.json", port)


def serve_tipg(url: str, port: int) -> subprocess.Popen:
    command = [str(TIPG_PYTHON), "-m", "uvicorn", "tipg.main:app", "--port", str(port), "--log-level", "warning"]
    env = {
        "DATABASE_URL": url.replace("postgresql+psycopg://", "postgresql://"),
        "TIPG_DB_TABLES": '["public.synthetic"]',
        "TIPG_MAX_FEATURES_PER_TILE": str(FEATURES * 2),  # default 10,000 would cut tiles short
        "TIPG_DB_SPATIAL_EXTENT": "false",
    }
    return start(command, env, "/collections", port)


def serve_varnish(backend_port: int, port: int, workdir: Path) -> subprocess.Popen:
    """deploy/varnish/georeg.vcl in front of the app on ``backend_port``."""
    vcl = (PROJECT_ROOT / "deploy" / "varnish" / "georeg.vcl").read_text(encoding="utf-8")
    (workdir / "georeg.vcl").write_text(vcl.replace('"8000"', f'"{backend_port}"'), encoding="utf-8")
    command = [shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-j", "none", "-n", str(workdir / "varnish")]
    command += ["-a", f"127.0.0.1:{port}", "-f", str(workdir / "georeg.vcl"), "-s", "malloc,256m", "-T", "none"]
    return start(command, {}, "/tiles/synthetic.json", port)


class Editor(threading.Thread):
    """Changes one random feature's status every second, as a status report does (the tiles showing it expire),
    or expiring the whole layer (as every edit did before)."""

    def __init__(self, url: str, whole_layer: bool) -> None:
        super().__init__(daemon=True)
        self.engine, self.whole_layer, self.edits = create_engine(url), whole_layer, 0
        self.stopped = threading.Event()
        self.rng = random.Random(11)

    def run(self) -> None:
        while not self.stopped.wait(1.0):
            with Session(self.engine) as session, session.begin():
                feature_id, *box = session.execute(
                    text(
                        "UPDATE synthetic SET status = (ARRAY['operating','suspended','completed'])[1 + (:n % 3)] "
                        "WHERE id = :id RETURNING id, ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)"
                    ),
                    {"id": self.rng.randint(1, FEATURES), "n": self.edits},
                ).one()
                if self.whole_layer:
                    bump(session, "synthetic")
                else:
                    expire_fields(session, "synthetic", {feature_id: tuple(box)}, ["status"])
            self.edits += 1
            print(f"    edit {self.edits}: status report committed", flush=True)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)
        self.engine.dispose()


def georeg_path(tile: morecantile.Tile) -> str:
    return f"/tiles/synthetic/{tile.z}/{tile.x}/{tile.y}.pbf"


def tipg_path(tile: morecantile.Tile) -> str:
    return f"/collections/public.synthetic/tiles/WebMercatorQuad/{tile.z}/{tile.x}/{tile.y}"


WRK_SCRIPT = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def drive(port: int, paths: list[str], workdir: Path, connections: int = CONNECTIONS) -> dict[str, float]:
    """wrk over ``paths`` in turn: tiles/s, p50 and p99 in ms, errors."""
    (workdir / "paths.txt").write_text("\n".join(paths) + "\n")
    (workdir / "paths.lua").write_text(WRK_SCRIPT % (workdir / "paths.txt"))
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{DURATION_S}s",
            "--timeout",
            "30s",
            "-s",
            str(workdir / "paths.lua"),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests, duration_us, p50, p99, errors = (int(v) for v in output.split("RESULT")[1].split())
    return {"tiles_s": requests / (duration_us / 1e6), "p50_ms": p50 / 1000, "p99_ms": p99 / 1000, "errors": errors}


def fetch_all(port: int, paths: list[str]) -> list[int]:
    """Every tile once (which also warms a cache); the byte size of each."""
    return [len(urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=120).read()) for p in paths]


def run() -> None:
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            sys.exit("wrk is missing: apt-get install wrk")
    if not TIPG_PYTHON.exists():
        sys.exit("tipg is missing: python3 -m venv bench/.venv-tipg && bench/.venv-tipg/bin/pip install tipg uvicorn")
    cluster = LocalCluster.from_settings(get_settings())
    cluster.ensure_running()
    print(f"building {FEATURES:,} features in {DB_NAME} …", flush=True)
    url = build_database(cluster)
    tiles = tile_list(url)
    results, sizes = {}, {}
    georeg_paths = [georeg_path(t) for t in tiles]
    with tempfile.TemporaryDirectory() as workdir:
        for name, serve, paths in (
            ("georeg cold (cache off)", lambda p: serve_georeg(url, p, 0), georeg_paths),
            ("georeg warm", lambda p: serve_georeg(url, p, 1024), georeg_paths),
            ("tipg", lambda p: serve_tipg(url, p), [tipg_path(t) for t in tiles]),
        ):
            port = free_port()
            server = serve(port)
            try:
                sizes[name] = fetch_all(port, paths)
                results[name] = drive(port, paths, Path(workdir))
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"  {name}: done", flush=True)
        for name, whole_layer, through_varnish in (
            ("warm + edit/s, footprint", False, False),
            ("warm + edit/s, whole layer", True, False),
            ("varnish, read only", None, True),
            ("varnish + edit/s, footprint", False, True),
        ):
            results[name] = mixed_run(url, georeg_paths, Path(workdir), whole_layer, through_varnish)
            print(f"  {name}: done", flush=True)
    report(tiles, results, sizes)


def mixed_run(url: str, paths: list[str], workdir: Path, whole_layer: bool | None, through_varnish: bool) -> dict:
    """The warm app (behind Varnish if asked) read by wrk while an Editor edits every second (unless None)."""
    port = free_port()
    server = serve_georeg(url, port, 1024)
    proxy = serve_varnish(port, free_port(), workdir) if through_varnish else None
    read_port = int(proxy.args[proxy.args.index("-a") + 1].rsplit(":", 1)[1]) if proxy else port
    editor = Editor(url, whole_layer) if whole_layer is not None else None
    try:
        fetch_all(read_port, paths)
        if editor:
            editor.start()
        result = drive(read_port, paths, workdir)
    finally:
        if editor:
            editor.stop()
        for process in filter(None, (proxy, server)):
            process.terminate()
            process.wait(timeout=30)
    return result | {"edits": editor.edits if editor else 0}


def report(tiles: list[morecantile.Tile], results: dict, sizes: dict) -> None:
    print(f"\n{TILES} tiles z8–14, wrk -c{CONNECTIONS} -d{DURATION_S}s on loopback, one uvicorn worker each\n")
    print(f"{'server':<30}{'tiles/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'MB total':>10}{'z8 max KB':>11}")
    for name, r in results.items():
        size = sizes.get(name, sizes["georeg warm"])  # the mixed runs serve the warm app's tiles
        z8 = max(s for s, t in zip(size, tiles, strict=True) if t.z == 8)
        print(
            f"{name:<30}{r['tiles_s']:>10.1f}{r['p50_ms']:>10.1f}{r['p99_ms']:>10.1f}{r['errors']:>8}"
            f"{sum(size) / 1e6:>10.2f}{z8 / 1e3:>11.1f}"
        )
    tipg, cold, warm = results["tipg"], results["georeg cold (cache off)"], results["georeg warm"]
    print(f"\ncold / tipg: {cold['tiles_s'] / tipg['tiles_s']:.2f}×   (target ≥ 3×), cold p99 {cold['p99_ms']:.0f} ms")
    print(f"warm / tipg: {warm['tiles_s'] / tipg['tiles_s']:.2f}×   (target ≥ 30×)")
    print(f"warm p99: {warm['p99_ms']:.1f} ms   (target < 100 ms)")
    for name in ("warm + edit/s, footprint", "warm + edit/s, whole layer", "varnish + edit/s, footprint"):
        mixed = results[name]
        print(
            f"{name} / warm read-only: {mixed['tiles_s'] / warm['tiles_s']:.0%} (target ≥ 80 %), {mixed['edits']} edits"
        )
    varnish = results["varnish, read only"]
    print(f"varnish read-only / warm app: {varnish['tiles_s'] / warm['tiles_s']:.2f}×")
    through = results["varnish + edit/s, footprint"]["tiles_s"] / varnish["tiles_s"]
    print(f"varnish + edit/s, footprint / varnish read-only: {through:.0%} (target ≥ 80 %)")
    ratio = sum(sizes["georeg cold (cache off)"]) / sum(sizes["tipg"])
    print(
        f"bytes: georeg's tiles are {ratio:.2f}× tipg's in total: below z13 georeg quantises to ¼ pixel, simplifies "
        "to the pixel, merges features under 2 pixels per 4-pixel cell and colour into counted points and, in "
        "crowded tiles, gathers the rest per 16-pixel cell into multi-geometries; tipg sends every feature whole "
        "at 4096 units per tile"
    )
    print(json.dumps({"results": results, "bytes_total": {k: sum(v) for k, v in sizes.items()}}))


if __name__ == "__main__":
    run()
