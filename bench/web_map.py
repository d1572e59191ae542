"""Web map figures (not a test): what the page and its interactions cost, against a peer in the same run.

Uses the configured database (GEOREG_DATABASE_URL or the local cluster) with the sample loaded. Prints:
- the map page: HTML bytes and build time, against GET /api/projects?limit=1000 (the projects as one GeoJSON);
- a search (names folded in Python) against a plain SQL ILIKE on name_vi (which misses unaccented queries);
- one time-slider step (GET /api/progress?as_of=…) against one projects tile as of the same date;
- the map's context on the 2025 boundaries (GET /map/context.geojson?scheme=2025, asked by every web map), recomputed
  as every page load did before (the former provinces cut again, the answer built) against the same request kept in
  the process, against another process's first (the former provinces read from the database) and a revalidation
  (304).
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
    context(client, engine)


def context(client: TestClient, engine) -> None:
    """The 2025 context request: recomputed (the process's answers and the kept former provinces dropped before
    each), from the database (the answers dropped), kept in the process, and revalidated by its ETag."""
    url = "/map/context.geojson?scheme=2025"
    client.get(url)
    answers = client.app.state.context_answers  # the app's answers by language and scheme (api.routers.map_context)

    def recomputed():
        answers.clear()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM former_province_parts"))
        return client.get(url)

    def from_database():
        answers.clear()
        return client.get(url)

    recomputed_ms = median_ms(recomputed, 10)
    database_ms = median_ms(from_database, 10)
    kept_ms = median_ms(lambda: client.get(url))
    etag = client.get(url).headers["etag"]
    revalidated_ms = median_ms(lambda: client.get(url, headers={"If-None-Match": etag}))
    print(f"map context (2025), recomputed at each request as before: {recomputed_ms:.1f} ms (median of 10)")
    print(f"map context kept in the process: {kept_ms:.1f} ms; revalidated by its ETag (304): {revalidated_ms:.1f} ms")
    print(f"another process's first (the former provinces read from the database): {database_ms:.1f} ms")
    print(
        f"ratios: context kept/recomputed {kept_ms / recomputed_ms:.3f}, "
        f"another process's first/recomputed {database_ms / recomputed_ms:.2f}"
    )


if __name__ == "__main__":
    main()
