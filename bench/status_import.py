"""Benchmark: a status file's dry run and commit (POST /api/status-imports) at a province's volume.

Run: .venv/bin/python bench/status_import.py [--projects 30000] [--rows 300 3000] [--runs 2]

Creates (and drops at the end) the database georeg_bench_status_import in the local cluster, loads the sample data
and adds synthetic projects (bench/status_reports.py's). A Trà Vinh officer's file names that many of the province's
point projects, each row on its project's site, every other row with its code (and every row whose project has
another within 150 m: each row matched). Prints, per file, in transactions rolled back (each run sees the same
registry):

- the dry run (geo.bulk_status_reports.preview) and the commit (geo.bulk_status_reports.commit) as served;
- their peer, the per-row way the commit took before: each row's projects searched on their own
  (geo.queries.near.projects_near, its code tested after), then each row recorded on its own (report_status);
- the ratio of the peer to the dry run and commit together (a commit answers the dry run's lists too).
"""

from __future__ import annotations

import argparse
import statistics
import time

from scratch_database import scratch_database
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from status_reports import _GENERATE

from geo import bulk_status_reports
from geo.accounts import create_account
from geo.models import Account
from geo.queries.near import projects_near
from geo.sample.load import load_sample
from geo.settings import Settings, get_settings
from geo.status_reports import StatusReport, report_status
from geo.vietnam_day import vietnam_today

DATABASE = "georeg_bench_status_import"
KINDS = ["sea_dyke", "canal", "wind_farm", "forest_planting", "sluice"]
RADIUS_M = 100

#: The province's point projects, and whether another lies within about 150 m (its row then names its code).
_PROJECTS = text("""
SELECT p.id, p.code, ST_X(p.geom), ST_Y(p.geom),
       EXISTS (SELECT FROM project q WHERE q.id <> p.id AND ST_DWithin(q.geom, p.geom, 0.0015)) AS crowded
FROM project p
WHERE p.province_code = '84' AND p.code LIKE 'BENCH-%' AND GeometryType(p.geom) = 'POINT'
ORDER BY p.id LIMIT :n
""")


def _file(projects: list[tuple]) -> bytes:
    day = f"{vietnam_today():%d/%m/%Y}"
    lines = ["ma,kinh_do,vi_do,trang_thai,tien_do,ngay_bao_cao,ghi_chu"]
    for i, (_, code, lon, lat, crowded) in enumerate(projects):
        lines.append(f"{code if crowded or i % 2 else ''},{lon},{lat},Đang thi công,{10 + i % 80},{day},Dòng {i}")
    return ("\n".join(lines) + "\n").encode()


def _served(session: Session, account, content: bytes, settings: Settings) -> tuple[float, float]:
    start = time.perf_counter()
    rows = bulk_status_reports.read_rows("tien_do.csv", content)
    result, planned = bulk_status_reports.preview(session, account, "tien_do.csv", rows, RADIUS_M)
    dry = time.perf_counter() - start
    bulk_status_reports.commit(session, account, result, planned, settings, None)
    assert result.committed and len(result.matched) == len(rows), result.as_dict()["counts"]
    return dry, time.perf_counter() - start - dry


def _per_row(session: Session, account, content: bytes, settings: Settings) -> float:
    """The former way: each row's projects searched on their own, then each row recorded on its own."""
    start = time.perf_counter()
    rows = bulk_status_reports.read_rows("tien_do.csv", content)
    planned = []
    for row in rows:
        v, code = row.values, row.values.get("code")
        near = projects_near(session, float(v["lon"]), float(v["lat"]), RADIUS_M)["features"]
        [found] = [f for f in near if not code or f["properties"]["code"] == code]
        report = StatusReport(
            "under_construction", float(v["percent"]), vietnam_today(), float(v["lon"]), float(v["lat"])
        )
        planned.append((found["id"], report))
    for project_id, report in planned:
        report_status(session, account, project_id, report, settings, expire_tiles=False)
    return time.perf_counter() - start


def bench(engine, account_id: int, n: int, runs: int, settings: Settings) -> None:
    with engine.connect() as connection:
        projects = connection.execute(_PROJECTS, {"n": n}).all()
    content = _file(projects)
    served, peer = [], []
    for _ in range(runs):  # alternating, so that the machine's load falls on both alike
        with Session(engine) as session, session.begin():
            account = session.get(Account, account_id)
            served.append(_served(session, account, content, settings))
            session.rollback()
        with Session(engine) as session, session.begin():
            account = session.get(Account, account_id)
            peer.append(_per_row(session, account, content, settings))
            session.rollback()
    dry = statistics.median(d for d, _ in served)
    commit = statistics.median(c for _, c in served)
    former = statistics.median(peer)
    print(
        f"{len(projects)} rows: dry run {dry:.2f} s, commit {commit:.2f} s (together {dry + commit:.2f} s); "
        f"per row {former:.2f} s; ratio {former / (dry + commit):.1f}x (median of {runs})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=30_000)
    parser.add_argument("--rows", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with scratch_database(DATABASE) as url:
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            load_sample(session, get_settings().data_dir)
            session.execute(_GENERATE, {"n": args.projects})
            session.execute(text("ANALYZE"))
            account = create_account(
                session, "bench", role="editor", agency_code="TV.SCT", unit_codes=["84"], kinds=KINDS
            )
            account_id = account.id
        with engine.connect() as connection:
            print(f"{connection.execute(text('SELECT count(*) FROM project')).scalar()} projects")
        settings = Settings(database_url=url)
        for n in args.rows:
            bench(engine, account_id, n, args.runs, settings)
        engine.dispose()


if __name__ == "__main__":
    main()
