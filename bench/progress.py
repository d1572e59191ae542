"""Benchmark: apportionment and progress over 100k synthetic projects in both provinces.

Run: .venv/bin/python bench/progress.py [--projects 100000]

Creates (and drops at the end) the database georeg_bench_progress in the local cluster,
loads the sample units and crosswalk, then generates synthetic projects inside the 16
former districts: 60 % points, 25 % short lines (1–5 km, many crossing a boundary), 15 %
small squares (~50 ha), each with two status events. Bulk rows are written with SQL (a
benchmark fixture, not a status report). Prints each time against its target and against
a peer measured in the same run, and checks the shares against the former implementation
(bench/apportion_reference.py), computed in the same run: they must agree to 1e-6.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from apportion_reference import reference_shares
from scratch_database import scratch_database
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from geo.apportion import recompute_shares
from geo.models import Project
from geo.progress import ProgressQuery, unit_progress
from geo.sample.load import load_sample
from geo.settings import get_settings
from geo.status_history import append_status_event

DATABASE = "georeg_bench_progress"
TARGETS_S = {"full recompute": 5.0, "incremental update": 0.05, "as-of query": 0.5}

_GENERATE = text("""
WITH d AS (
    SELECT id, geom, area_m2 / SUM(area_m2) OVER () AS part FROM admin_unit
    WHERE scheme = 'pre2025' AND level = 'district'
), pts AS (
    SELECT (ST_Dump(ST_GeneratePoints(geom, GREATEST(1, round(part * :n)::int), 42))).geom AS pt FROM d
), numbered AS (
    SELECT pt, row_number() OVER () AS i, random() AS r FROM pts
)
INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, budget_vnd_billion,
                     capacity_value, capacity_unit, geom, status, percent, status_date, version, sources)
SELECT 'BENCH-' || i, 'Dự án thử ' || i, 'Bench project ' || i,
       (ARRAY['sea_dyke', 'canal', 'wind_farm', 'forest_planting', 'sluice'])[1 + i % 5],
       CASE WHEN ST_X(pt) > 105.9 THEN '84' ELSE '95' END, 'approximate', (i % 97) * 10.0,
       CASE WHEN i % 5 = 2 THEN 50 END, CASE WHEN i % 5 = 2 THEN 'MW' END,
       CASE WHEN r < 0.6 THEN pt
            WHEN r < 0.85 THEN ST_MakeLine(pt, ST_Translate(pt, 0.01 + 0.04 * random(), 0.02 * random()))
            ELSE ST_Envelope(ST_Buffer(pt, 0.0033)) END,
       'under_construction', (i * 7) % 101, DATE '2025-06-01', 2, '[]'::jsonb
FROM numbered
""")
# New shares against the former ones (by geometry: province-wide and crosswalk rows are computed as before).
_COMPARE = text("""
SELECT count(*) FILTER (WHERE n.project_id IS NULL) AS only_former,
       count(*) FILTER (WHERE r.project_id IS NULL) AS only_new,
       max(abs(n.share - r.share)) AS max_share_difference,
       max(abs(n.measure - r.measure) / r.measure) AS max_relative_measure_difference,
       max(abs(n.distance_m - r.distance_m)) AS max_distance_difference_m,
       count(*) FILTER (WHERE n.method <> r.method) AS other_method
FROM (SELECT * FROM project_unit_share WHERE method IN ('length', 'area', 'point', 'nearest')) n
FULL JOIN reference_share r USING (project_id, unit_id)
""")
SHARE_TOLERANCE = 1e-6
_EVENTS = text("""
INSERT INTO status_event (project_id, version, status, percent, reported_at, source, is_demo)
SELECT id, 1, 'preparing', 0, DATE '2024-01-15' + (id % 300), 'bench', true FROM project WHERE code LIKE 'BENCH-%'
UNION ALL
SELECT id, 2, status, percent, status_date, 'bench', true FROM project WHERE code LIKE 'BENCH-%'
""")


def _timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main(projects: int) -> None:
    with scratch_database(DATABASE) as url:
        engine = create_engine(url)
        try:
            _run(engine, projects)
        finally:
            engine.dispose()


def _run(engine, projects: int) -> None:
    with Session(engine) as session, session.begin():
        load_sample(session, get_settings().data_dir)
        session.execute(_GENERATE, {"n": projects})
        session.execute(_EVENTS)
    # The state autovacuum leaves a table in after a bulk insert (PostgreSQL 13+ vacuums insert-only tables too).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
        total = conn.scalar(text("SELECT count(*) FROM project"))
    print(f"{total} projects ({projects} synthetic) over 16 districts, 66 communes, 4 provinces")
    figures = {}
    with Session(engine) as session, session.begin():
        figures["full recompute"], rows = _timed(lambda: recompute_shares(session))
    print(f"  share rows written: {rows}")
    with Session(engine) as session, session.begin():
        figures["former recompute"], _ = _timed(lambda: reference_shares(session))
        difference = session.execute(_COMPARE).mappings().one()
        session.rollback()
    verdict = "OK" if _agrees(difference) else "DIFFERENT"
    print("  against the former shares: " + ", ".join(f"{k} {v}" for k, v in difference.items()) + f"  ({verdict})")
    with Session(engine) as session, session.begin():
        project = session.scalar(select(Project).where(Project.code == "BENCH-777"))
        figures["incremental update"], _ = _timed(lambda: _incremental(session, project))
    with Session(engine) as session:
        figures["current query"], _ = _timed(lambda: unit_progress(session, ProgressQuery()))
        figures["as-of query"], _ = _timed(lambda: unit_progress(session, ProgressQuery(as_of=date(2024, 11, 14))))
    for name, target in TARGETS_S.items():
        verdict = "OK" if figures[name] < target else "OVER"
        print(f"{name:20s} {figures[name] * 1000:9.1f} ms  target {target * 1000:7.0f} ms  ({verdict})")
    print(
        f"peer: former full recompute (by geometry only) {figures['former recompute'] * 1000:.0f} ms, "
        f"{figures['former recompute'] / figures['full recompute']:.1f}x the new one"
    )
    print(
        f"peer: current-state query {figures['current query'] * 1000:.1f} ms; "
        f"as-of / current = {figures['as-of query'] / figures['current query']:.1f}x; "
        f"full / incremental = {figures['full recompute'] / figures['incremental update']:.0f}x"
    )


def _agrees(difference) -> bool:
    return (
        difference["only_former"] == difference["only_new"] == difference["other_method"] == 0
        and (difference["max_share_difference"] or 0) < SHARE_TOLERANCE
    )


def _incremental(session: Session, project: Project) -> None:
    """What one status report costs the overlay: the event, the project's shares, its units' figures."""
    append_status_event(session, project, status="under_construction", percent=75, reported_at=date(2026, 11, 1))
    recompute_shares(session, [project.id])
    units = list(
        session.scalars(text("SELECT unit_id FROM project_unit_share WHERE project_id = :p"), {"p": project.id})
    )
    for scheme, level in (("pre2025", "district"), ("2025", "commune")):
        unit_progress(session, ProgressQuery(scheme=scheme, level=level, unit_ids=units))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    main(parser.parse_args().projects)
