"""The districts of a file's sites, at volume: what an upsert of 100,000 projects without a district column spends
finding the former districts its sites cover (geo.ingest.project_writes.districts_of_sites, once per chunk).

Run:  .venv/bin/python bench/districts_of_sites.py [--features 100000] [--repeat 3]

Creates (and drops at the end) the database georeg_bench_districts in the local cluster, with the sample data (units)
loaded. The projects are those of bench/ingest_projects.py (points, lines and polygons over Bạc Liêu and Trà Vinh),
staged in chunks of the load's size (GEOREG_INGEST_CHUNK_SIZE, 20,000) into the load's staging table; each chunk's
districts are looked up by the shares' rule (geo.apportion.unit_of_point: the district a site's point on surface lies
in, else the nearest) and, for comparison, by the statement it replaced (its own nearest-piece SQL, kept here as
BEFORE). Prints, per run and as medians, the seconds for the whole file by each, and the districts each found.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import shapely
from ingest_projects import load_sample, projects
from scratch_database import scratch_database
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from geo.apportion import NEAREST_UNIT_MAX_M
from geo.ingest.project_writes import STAGE, districts_of_sites
from geo.settings import get_settings

DATABASE = "georeg_bench_districts"
NOW, BEFORE_NAME = "the shares' rule", "before"
#: The statement districts_of_sites ran before it took the shares' rule (commit ef2a887).
BEFORE = (
    "SELECT DISTINCT n.code FROM (SELECT ST_PointOnSurface(geom) AS at "
    f"FROM {STAGE} WHERE geom IS NOT NULL) s CROSS JOIN LATERAL (SELECT u.code, pc.geom "
    "FROM admin_unit_piece pc JOIN admin_unit u ON u.id = pc.unit_id WHERE pc.scheme = 'pre2025' "
    "AND pc.level = 'district' ORDER BY pc.geom <-> s.at LIMIT 1) n "
    "WHERE ST_Intersects(n.geom, s.at) OR ST_DWithin(n.geom::geography, s.at::geography, :max_m)"
)


def stage(session: Session, geoms: np.ndarray) -> None:
    """``geoms`` (WGS 84) in the load's staging table, its other columns left out: the look-up reads the sites only;
    the session set as the load sets it (project_writes.stage: no JIT)."""
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (geom geometry(Geometry, 4326)) ON COMMIT DROP"))
    session.execute(text(f"TRUNCATE {STAGE}"))
    session.execute(
        text(f"INSERT INTO {STAGE} SELECT ST_GeomFromWKB(w, 4326) FROM unnest(CAST(:wkb AS bytea[])) w"),
        {"wkb": list(shapely.to_wkb(geoms))},
    )


def looked_up(session: Session, chunks: list[np.ndarray], before: bool) -> tuple[float, set[str]]:
    """Seconds spent looking up every chunk's districts (staging not counted), and the districts found."""
    spent, found = 0.0, set()
    for chunk in chunks:
        stage(session, chunk)
        start = time.perf_counter()
        if before:
            found |= set(session.scalars(text(BEFORE), {"max_m": NEAREST_UNIT_MAX_M}))
        else:
            found |= districts_of_sites(session)
        spent += time.perf_counter() - start
    session.rollback()
    return spent, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = get_settings().ingest_chunk_size
    geoms = projects(args.features, "B0", seed=17).to_crs(4326).geometry.to_numpy()
    chunks = [geoms[i : i + size] for i in range(0, len(geoms), size)]
    with scratch_database(DATABASE) as url:
        load_sample({**os.environ, "GEOREG_DATABASE_URL": url})
        engine = create_engine(url)
        times: dict[str, list[float]] = {NOW: [], BEFORE_NAME: []}
        found: dict[str, set[str]] = {}
        with Session(engine) as session:
            for run in range(args.repeat):
                for name in sorted(times, key=lambda n: (n == BEFORE_NAME) == (run % 2 == 0)):  # alternating first
                    spent, found[name] = looked_up(session, chunks, before=name == BEFORE_NAME)
                    times[name].append(spent)
                    print(f"run {run + 1}: {name}: {spent:.2f} s, {len(found[name])} districts")
        engine.dispose()
    print(f"{args.features:,} sites in chunks of {size:,}, medians of {args.repeat}:")
    for name, spent in times.items():
        print(f"  {name}: {statistics.median(spent):.2f} s ({', '.join(f'{s:.2f}' for s in spent)})")
    print(f"  the same districts found: {found[BEFORE_NAME] == found[NOW]}")


if __name__ == "__main__":
    main()
