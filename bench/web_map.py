"""Web map figures (not a test): what the page and its interactions cost, against a peer in the same run.

Uses the configured database (GEOREG_DATABASE_URL or the local cluster) with the sample loaded. Prints:
- the map page: HTML bytes and build time, against GET /api/projects?limit=1000 (the projects as one GeoJSON);
- a search (names folded in Python) against a plain SQL ILIKE on name_vi (which misses unaccented queries);
- one time-slider step (GET /api/progress?as_of=…) against one projects tile as of the same date.
"""

from __future__ import annotations

import statistics
import time

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.main import create_app
from geo.db import get_engine

RUNS = 30
QUERIES = ["chau hung", "Hoà Bình", "dien gio", "vinh loi", "tra cu", "kè", "đê biển", "duyen hai"]


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def median_ms(call, runs: int = RUNS) -> float:
    return statistics.median(timed(call)[0] for _ in range(runs))


def main() -> None:
    client = TestClient(create_app())
    page_ms = median_ms(lambda: client.get("/"), 10)
    page_bytes = len(client.get("/").content)
    geojson_ms = median_ms(lambda: client.get("/api/projects", params={"limit": 1000}), 10)
    geojson_bytes = len(client.get("/api/projects", params={"limit": 1000}).content)
    print(f"map page: {page_bytes / 1024:.0f} KiB in {page_ms:.1f} ms (median of 10)")
    print(f"peer, projects as one GeoJSON: {geojson_bytes / 1024:.0f} KiB in {geojson_ms:.1f} ms")

    fold_ms = statistics.median(median_ms(lambda q=q: client.get("/api/search", params={"q": q}), 10) for q in QUERIES)
    engine = get_engine()

    def ilike(q: str) -> int:
        with engine.connect() as connection:
            sql = "SELECT count(*) FROM project WHERE name_vi ILIKE :q"
            return connection.execute(text(sql), {"q": f"%{q}%"}).scalar_one()

    ilike_ms = statistics.median(median_ms(lambda q=q: ilike(q), 10) for q in QUERIES)
    found = sum(len(client.get("/api/search", params={"q": q}).json()["results"]) > 0 for q in QUERIES)
    ilike_found = sum(ilike(q) > 0 for q in QUERIES)
    print(f"search (folded): {fold_ms:.1f} ms per query over HTTP, {found}/{len(QUERIES)} queries find something")
    print(f"peer, SQL ILIKE (no HTTP): {ilike_ms:.1f} ms, {ilike_found}/{len(QUERIES)} queries find something")

    as_of = "2024-06-30"
    progress_ms = median_ms(lambda: client.get("/api/progress", params={"as_of": as_of}))
    tile_ms = median_ms(lambda: client.get(f"/tiles/projects/8/202/121.pbf?as_of={as_of}&r={time.perf_counter()}"))
    print(f"time slider step, /api/progress as of {as_of}: {progress_ms:.1f} ms")
    print(f"peer, one projects tile as of {as_of} (cached after the first): {tile_ms:.1f} ms")
    print(f"ratios: page/GeoJSON time {page_ms / geojson_ms:.2f}, search fold/ILIKE {fold_ms / ilike_ms:.2f}")


if __name__ == "__main__":
    main()
