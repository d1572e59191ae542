"""OGC API – Features at a province's volume (not a test): a bbox page of the one-type collections QGIS reads
(``projects_points``, ``projects_lines``, ``projects_polygons``) against the same bbox page of the mixed ``projects``
collection, in the same run; then the former code's figure for the points.

A scratch database gets the sample and ``--projects`` synthetic projects (by default a trial's 50,000: 45,000
points, 3,500 lines, 1,500 polygons, inside the two provinces' districts, each with a lead agency; loaded by
``georeg ingest``). The app answers in-process (FastAPI's TestClient, no HTTP server): each figure is the median of
``--runs`` requests of ``GET /ogc/collections/{id}/items?bbox=…&limit=…``, the whole answer read; "all pages" follows
the next links at limit=1000, as ogr2ogr and QGIS do. The bbox is a square around Bạc Liêu town; QGIS's first draw
of a province asks for every page at limit=1000 with the province's extent as bbox (``PROVINCE``), timed against the
same pages with JIT compiling each count (the former code) in the same run.

    .venv/bin/python bench/ogc_bbox.py [--projects 50000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from ingest import GEOREG
from ingest_projects import geopackage, load_sample, projects
from scratch_database import scratch_database
from sqlalchemy import create_engine, text

from api.main import create_app
from geo.settings import Settings
from layers import features

BBOX = "105.62,9.2,105.82,9.4"
PROVINCE = "105.2,9.0,106.6,10.1"  # the two provinces' extent, as QGIS's view of a whole province
AGENCIES = ("BL.SNNPTNT", "BL.SCT", "TV.SCT", "BL.SGTVT")  # some with successors since the 2025 mergers
ONE_TYPE = {"projects_points": 0, "projects_lines": 1, "projects_polygons": 2}


def load(url: str, count: int, folder: Path) -> None:
    """The sample, then ``count`` projects in the trial's shares of points, lines and polygons."""
    env = {**os.environ, "GEOREG_DATABASE_URL": url}
    load_sample(env)
    lines, polygons = count * 7 // 100, count * 3 // 100
    frame = projects(count, "B0", seed=7, mix=(count - lines - polygons, lines, polygons))
    frame["CQ_CHU_TRI"] = [AGENCIES[i % len(AGENCIES)] for i in range(count)]
    path = geopackage(folder, frame, "projects")
    subprocess.run([GEOREG, "ingest", str(path), "--into", "projects"], env=env, check=True, capture_output=True)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE project"))  # as autovacuum would soon after a load
    engine.dispose()


def page_s(client: TestClient, collection: str, runs: int, **params: str) -> tuple[float, int, int]:
    """Median seconds of one page, its numberMatched and numberReturned."""
    url = f"/ogc/collections/{collection}/items"
    times, body = [], {}
    for _ in range(runs):
        started = time.perf_counter()
        body = client.get(url, params={"bbox": BBOX, "f": "json", **params}).json()
        times.append(time.perf_counter() - started)
    return statistics.median(times), body["numberMatched"], body["numberReturned"]


def all_pages_s(client: TestClient, collection: str, bbox: str = BBOX, **params: str) -> tuple[float, int, int]:
    """Seconds to read every page at limit=1000 by the next links, the features read and the pages."""
    query = {"bbox": bbox, "limit": "1000", "f": "json", **params}
    started = time.perf_counter()
    body = client.get(f"/ogc/collections/{collection}/items", params=query).json()
    read, href, pages = body["numberReturned"], _next(body), 1
    while href:
        body = client.get(href).json()  # the link has the query; params, even empty, would replace it
        read, href, pages = read + body["numberReturned"], _next(body), pages + 1
    return time.perf_counter() - started, read, pages


def _next(body: dict) -> str | None:
    return next((link["href"] for link in body["links"] if link["rel"] == "next"), None)


def report(label: str, ours: tuple[float, int, int], peer: tuple[float, int, int]) -> None:
    print(
        f"{label}: {ours[0] * 1000:.0f} ms ({ours[2]:,} of {ours[1]:,}) against projects filtered by type "
        f"{peer[0] * 1000:.0f} ms ({peer[2]:,} of {peer[1]:,}), ratio {ours[0] / peer[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with scratch_database("georeg_bench_ogc") as url, tempfile.TemporaryDirectory() as folder:
        load(url, args.projects, Path(folder))
        client = TestClient(create_app(Settings(database_url=url)))
        client.get("/ogc/collections/projects/items", params={"bbox": BBOX})  # connections, catalog: once
        print(f"{args.projects:,} projects and the sample; bbox {BBOX}; medians of {args.runs}")
        for limit in ("100", "1000", "10000"):
            mixed = page_s(client, "projects", args.runs, limit=limit)
            print(f"peer, projects (every type) limit={limit}: {mixed[0] * 1000:.0f} ms ({mixed[2]:,} of {mixed[1]:,})")
            for collection, dimension in ONE_TYPE.items():
                if limit == "100" or collection == "projects_points":
                    ours = page_s(client, collection, args.runs, limit=limit)
                    peer = page_s(client, "projects", args.runs, limit=limit, dimension=str(dimension))
                    report(f"{collection} limit={limit}", ours, peer)
        ours, peer = all_pages_s(client, "projects_points"), all_pages_s(client, "projects", dimension="0")
        print(f"projects_points, all pages: {ours[0]:.2f} s ({ours[1]:,}) against {peer[0]:.2f} s ({peer[1]:,})")
        province(client)
        former(client, url, args.runs)


def province(client: TestClient) -> None:
    """QGIS's first draw of a province: every bbox page at limit=1000, then the same with JIT compiling the counts."""
    ours = all_pages_s(client, "projects_points", PROVINCE)
    without_jit, features.without_jit = features.without_jit, lambda session: None
    before = all_pages_s(client, "projects_points", PROVINCE)
    features.without_jit = without_jit
    print(
        f"projects_points, all pages of the bbox {PROVINCE}: {ours[0]:.2f} s ({ours[1]:,} in {ours[2]} pages) against "
        f"{before[0]:.2f} s with JIT compiling the counts (as the former code, which counted twice), "
        f"ratio {ours[0] / before[0]:.2f}"
    )


def former(client: TestClient, url: str, runs: int) -> None:
    """The former code: the filter on the served ST_Multi(geom) and no statistics of ST_Dimension(geom)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP STATISTICS st_project_dimension"))
        connection.execute(text("ANALYZE project"))
    engine.dispose()
    features.FILTERED_GEOMETRY = "src.multi_geom"
    before = page_s(client, "projects_points", runs, limit="100")
    print(f"former code, projects_points limit=100: {before[0] * 1000:.0f} ms ({before[2]:,} of {before[1]:,})")


if __name__ == "__main__":
    main()
