"""Benchmark: finding projects near a point, and status reports under concurrency.

Run: .venv/bin/python bench/status_reports.py [--projects 50000] [--writers 200]

Creates (and drops at the end) the database georeg_bench_reports in the local cluster, loads
the sample data and adds synthetic projects (points, 1–5 km lines, small squares) inside the
former districts, written with SQL (a benchmark fixture, not a status report). Prints:

- ``/near`` as served (GiST pre-selection on geometry, then true geography distance) against
  its peer, the same true-distance query without the pre-selection (every project measured);
- status reports through real HTTP: one writer in sequence against ``--writers`` threads at
  once on one project (they queue on its row lock), reports per second and the ratio.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn
from geoalchemy2 import Geography
from scratch_database import scratch_database
from sqlalchemy import cast, create_engine, func, select, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.models import Project
from geo.queries.near import point, projects_near
from geo.sample.load import load_sample
from geo.settings import Settings, get_settings

DATABASE = "georeg_bench_reports"
REPORTED_PROJECT = 12  # a substation of TV.SCT, a point at 106.338181, 9.978182

_GENERATE = text("""
WITH d AS (
    SELECT geom, area_m2 / SUM(area_m2) OVER () AS part FROM admin_unit
    WHERE scheme = 'pre2025' AND level = 'district'
), pts AS (
    SELECT (ST_Dump(ST_GeneratePoints(geom, GREATEST(1, round(part * :n)::int), 7))).geom AS pt FROM d
), numbered AS (SELECT pt, row_number() OVER () AS i, random() AS r FROM pts)
INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, geom, sources)
SELECT 'BENCH-' || i, 'Dự án thử ' || i, 'Bench project ' || i,
       (ARRAY['sea_dyke', 'canal', 'wind_farm', 'forest_planting', 'sluice'])[1 + i % 5],
       CASE WHEN ST_X(pt) > 105.9 THEN '84' ELSE '95' END, 'approximate',
       CASE WHEN r < 0.6 THEN pt
            WHEN r < 0.85 THEN ST_MakeLine(pt, ST_Translate(pt, 0.01 + 0.04 * random(), 0.02 * random()))
            ELSE ST_Envelope(ST_Buffer(pt, 0.0033)) END, '[]'::jsonb
FROM numbered
""")


def _near_without_index(session: Session, lon: float, lat: float, radius_m: float) -> int:
    distance = func.ST_Distance(cast(Project.geom, Geography), cast(point(lon, lat), Geography))
    rows = session.execute(select(Project.id, distance).where(distance <= radius_m).order_by(distance).limit(50))
    return len(rows.all())


def _timed(function, positions) -> list[float]:
    times = []
    for lon, lat in positions:
        start = time.perf_counter()
        function(lon, lat)
        times.append(time.perf_counter() - start)
    return times


def bench_near(url: str, samples: int) -> None:
    engine = create_engine(url)
    rng = random.Random(1)
    positions = [(rng.uniform(105.3, 106.6), rng.uniform(9.1, 10.0)) for _ in range(samples)]
    with Session(engine) as session:
        served = _timed(lambda lon, lat: projects_near(session, lon, lat, 2000), positions)
        peer = _timed(lambda lon, lat: _near_without_index(session, lon, lat, 2000), positions)
    engine.dispose()
    median_served, median_peer = statistics.median(served), statistics.median(peer)
    print(
        f"near (2 km), median of {samples}: served {median_served * 1000:.1f} ms, "
        f"peer without GiST pre-selection {median_peer * 1000:.1f} ms, ratio {median_peer / median_served:.0f}x"
    )


def _serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def bench_reports(url: str, token: str, writers: int) -> None:
    server, base = _serve(Settings(database_url=url))
    target = f"{base}/api/projects/{REPORTED_PROJECT}/status"
    headers = {"Authorization": f"Bearer {token}"}
    data = {"status": "under_construction", "percent": "50", "lon": "106.338181", "lat": "9.978182"}
    with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=writers)) as http:

        def post(_: int) -> int:
            return http.post(target, data=data, headers=headers).status_code

        start = time.perf_counter()
        sequential = [post(i) for i in range(writers)]
        one_by_one = time.perf_counter() - start
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=writers) as pool:
            concurrent = list(pool.map(post, range(writers)))
        at_once = time.perf_counter() - start
    server.should_exit = True
    assert set(sequential) == set(concurrent) == {201}, (set(sequential), set(concurrent))
    print(
        f"{writers} reports on one project: one writer {writers / one_by_one:.0f}/s, "
        f"{writers} writers at once {writers / at_once:.0f}/s, ratio {one_by_one / at_once:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    with scratch_database(DATABASE) as url:
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            load_sample(session, get_settings().data_dir)
            session.execute(_GENERATE, {"n": args.projects})
            session.execute(text("ANALYZE project"))
            account = create_account(session, "bench", role="editor", agency_code="TV.SCT")
            token, _ = create_token(session, account)
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM project")).scalar()
        engine.dispose()
        print(f"{count} projects")
        bench_near(url, args.samples)
        bench_reports(url, token, args.writers)


if __name__ == "__main__":
    main()
