"""What the database does for a 100k-project load, statement by statement, and what each part of it costs.

Run:  .venv/bin/python bench/ingest_projects_statements.py [--features 100000] [--repeat 3] [--explain] [--first-load]

Creates (and drops at the end) the database georeg_bench_statements in the local cluster, with the sample data and
``--features`` projects already registered (as a province's registry is when its next file comes; with
``--first-load``, the sample alone: a province's first file). Then, in a
transaction rolled back each time, the statements of an append load (geo.ingest.project_writes: the staging COPY,
the look-up of existing codes, the possible repeats of registered projects and of the file's own features
(geo.ingest.possible_duplicates), what the load assumes, and the one statement writing the projects, their share
queue and first status events) run on the bench's projects (bench/ingest_projects.py's generator, other codes) in the
load's chunks (5,000, then 20,000 at a time), as they are and with one thing taken away or changed (an index, a
trigger, the changed_at default, the generated measures), alternating, ``--repeat`` times. It prints each
variant's median CPU seconds of the database process (steadier than wall time on a shared machine) per statement and
in all, and the wall seconds of all, summed over the chunks; ``--explain`` prints each statement's plan (EXPLAIN
ANALYZE, BUFFERS, through auto_explain) once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from ingest import GEOREG
from ingest_projects import projects
from scratch_database import scratch_database
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from geo.coordinates.datum_shift import to_wgs84
from geo.ingest import project_writes
from geo.ingest.possible_duplicates import PossibleDuplicates
from geo.ingest.provinces import ProvinceFinder

DATABASE = "georeg_bench_statements"
CHUNKS = (5_000, 20_000)  # the first chunk, then the others (geo.ingest.read: GEOREG_INGEST_CHUNK_SIZE)
#: georeg_fold as migration 0049 made it: an SQL function PostgreSQL cannot inline (unaccent is STABLE, the function
#: IMMUTABLE), so each call runs its own query.
FOLD_IN_SQL = """CREATE OR REPLACE FUNCTION georeg_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$"""
#: The variant looking each new code up in every chunk, as a load did before session 71 whatever the registry held (a
#: registry of few projects has their names read first: geo.ingest.possible_duplicates.read_few_registered).
EVERY_CHUNK = "possible repeats looked up in every chunk (before session 71)"
#: One thing taken away from the load's path, inside the rolled-back transaction: what the write costs without it.
VARIANTS = {
    "as it is": [],
    "no ix_project_kind": ["DROP INDEX ix_project_kind"],
    "no ix_project_status": ["DROP INDEX ix_project_status"],
    "no ix_project_plan_id": ["DROP INDEX ix_project_plan_id"],
    "no ix_project_province_code": ["DROP INDEX ix_project_province_code"],
    "no ix_project_geom (GiST)": ["DROP INDEX ix_project_geom"],
    "no ix_project_name_vi (name order, 0050)": ["DROP INDEX ix_project_name_vi"],
    "no ix_project_name_en (English name order, 0051)": ["DROP INDEX ix_project_name_en"],
    "ix_project_name_en of every project (0051, before 0054)": [
        "DROP INDEX ix_project_name_en",
        "CREATE INDEX ix_project_name_en ON project ((COALESCE(NULLIF(name_en, ''), name_vi) COLLATE georeg_vi), id)",
    ],
    "no ix_project_name_vi nor _en": ["DROP INDEX ix_project_name_vi", "DROP INDEX ix_project_name_en"],
    "georeg_fold in SQL, not inlined (0049)": [FOLD_IN_SQL],
    "georeg_fold without unaccent (what unaccent costs)": [
        "CREATE OR REPLACE FUNCTION georeg_fold(text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE "
        "AS $$ BEGIN RETURN lower($1); END $$"
    ],
    "no ix_status_event_reported_at": ["DROP INDEX ix_status_event_reported_at"],
    "no ix_status_event_project_latest": ["DROP INDEX ix_status_event_project_latest"],
    "changed_at default once per statement": [
        "ALTER TABLE project ALTER changed_at SET DEFAULT date_trunc('milliseconds', statement_timestamp())"
    ],
    "no events' link check (trigger)": ["ALTER TABLE status_event DISABLE TRIGGER status_event_project_on_insert"],
    "no foreign keys to plan, action, agency": [
        f"ALTER TABLE project DROP CONSTRAINT fk_project_{c}" for c in ("plan_id_plan", "plan_action_id_plan_action")
    ]
    + ["ALTER TABLE project DROP CONSTRAINT fk_project_lead_agency_id_agency"],
    "length and area measured for every site (before 0037)": [
        "ALTER TABLE project DROP COLUMN length_m, DROP COLUMN area_m2",
        "ALTER TABLE project ADD COLUMN length_m float8 GENERATED ALWAYS AS (ST_Length(geom::geography)) STORED, "
        "ADD COLUMN area_m2 float8 GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED",
    ],
    "no generated length, area, 3857": [
        "ALTER TABLE project DROP COLUMN length_m, DROP COLUMN area_m2, DROP COLUMN geom_3857"
    ],
    EVERY_CHUNK: [],
}
#: Both of session 71's changes undone: what a load's database did before it.
BEFORE_71 = "0051's English index and every chunk looked up (before session 71)"
VARIANTS[BEFORE_71] = VARIANTS["ix_project_name_en of every project (0051, before 0054)"]


def staged_chunks(count: int) -> Iterator[dict[str, np.ndarray]]:
    """The bench's projects as the load stages them (geo.ingest.project_writes.STAGE_COLUMNS), chunk by chunk."""
    frame = projects(count, "S", seed=7)
    lon, lat = to_wgs84(5897).transform(*shapely.get_coordinates(frame.geometry.values).T)
    geoms = shapely.set_coordinates(frame.geometry.values.copy(), np.column_stack([lon, lat]))
    n = len(frame)
    empty = np.full(n, None, dtype=object)
    columns = {c: empty for c in project_writes.STAGE_COLUMNS}
    columns |= {
        "code": frame["MA_DA"].to_numpy(object),
        "name_vi": frame["TEN_DA"].to_numpy(object),
        "name_en": np.full(n, "", dtype=object),
        "kind": frame["LOAI"].to_numpy(object),
        "province_code": frame["MA_TINH"].to_numpy(object),
        "location_precision": np.full(n, "unknown", dtype=object),
        "sources": _each(n, list),
        "drops_site": np.full(n, False, dtype=object),
        "feature": np.array(list(range(n)), dtype=object),
        "geom": geoms,
    }
    start, size = 0, CHUNKS[0]
    while start < n:
        yield {c: v[start : start + size] for c, v in columns.items()}
        start, size = start + size, CHUNKS[1]


def with_provinces(engine: Engine, chunks: list[dict[str, np.ndarray]]) -> None:
    """The province of each staged project without one, as the reading process finds it."""
    with Session(engine) as session:
        finder = ProvinceFinder(session)
        for chunk in chunks:
            chunk["province_code"] = chunk["province_code"].copy()
            finder.fill(chunk["province_code"], chunk["geom"])
            chunk["province_code"] = np.array([str(c) for c in chunk["province_code"]], dtype=object)


class Timer:
    """Wall and database CPU seconds (the backend's, from the kernel's account: far steadier than wall time on a
    machine others share) of each statement run on the engine, by what it does; and of the staging, as a whole."""

    def __init__(self, engine: Engine, backend: int) -> None:
        self.engine, self.backend = engine, backend
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self._started: list[tuple[float, float]] = []
        self._staging = False

    @contextmanager
    def listening(self) -> Iterator[None]:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        try:
            yield
        finally:
            event.remove(self.engine, "before_cursor_execute", self._before)
            event.remove(self.engine, "after_cursor_execute", self._after)

    @contextmanager
    def staging(self) -> Iterator[None]:
        self._before()
        self._staging = True
        try:
            yield
        finally:
            self._staging = False
            self._add("staging COPY")

    def _before(self, *_: object) -> None:
        if not self._staging:
            self._started.append((time.perf_counter(), _cpu_seconds(self.backend)))

    def _after(self, conn: object, cursor: object, statement: str, *_: object) -> None:
        if not self._staging:
            self._add(_label(statement))

    def _add(self, label: str) -> None:
        wall, cpu = self._started.pop()
        self.wall[label] += time.perf_counter() - wall
        self.cpu[label] += _cpu_seconds(self.backend) - cpu


def _label(statement: str) -> str:
    if "INSERT INTO project (" in statement:
        return "write projects, queue, first events"
    if "project WHERE code = s.code" in statement:
        return "existing codes"
    if "FILTER (WHERE NOT existed AND status IS NULL)" in statement:
        return "what the load assumes"
    if "project p WHERE georeg_fold(p.name_vi)" in statement:
        return "possible repeats (and the file's sites kept)"
    if "project_file_sites" in statement:
        return "repeats within the file"
    if "project_registered_names" in statement or "FROM project WHERE retired_at IS NULL LIMIT" in statement:
        return "the registry's names read first"
    return "other"


def load(
    engine: Engine, chunks: list[dict[str, np.ndarray]], changes: list[str], explain: bool, every_chunk: bool = False
) -> dict[str, float]:
    """One append load of ``chunks`` with ``changes`` made first, rolled back; database CPU seconds per statement,
    their sum, and the wall seconds of all. ``every_chunk``: each new code looked up, whatever the registry holds."""
    with Session(engine) as session, session.begin():
        for change in changes:
            session.execute(text(change))
        if explain:
            for setting in ("log_min_duration = 0", "log_analyze = on", "log_buffers = on", "log_timing = on"):
                session.execute(text(f"SET LOCAL auto_explain.{setting}"))
            session.execute(text("SET LOCAL auto_explain.log_nested_statements = on"))
            session.execute(text("SET LOCAL auto_explain.log_level = notice"))
        timer = Timer(engine, session.scalar(text("SELECT pg_backend_pid()")))
        duplicates = PossibleDuplicates(few=False if every_chunk else None)
        with timer.listening():
            for chunk in chunks:
                with timer.staging():
                    project_writes.stage(session, chunk)
                project_writes.existing_codes(session)
                duplicates.note(session, "bench")
                project_writes.assumed(session)
                project_writes.write_rows(session, "bench.gpkg (ingest job 1)", "append", date(2025, 1, 1))
            duplicates.note_file(session)
        session.rollback()
    return dict(timer.cpu) | {"database CPU": sum(timer.cpu.values()), "wall": sum(timer.wall.values())}


def _cpu_seconds(pid: int) -> float:
    """The CPU seconds a process of the local cluster has used (user and system; in ticks of 10 ms)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def print_plans(engine: Engine) -> None:
    """auto_explain's notices (the plans) go to the client: printed as they come."""
    raw = engine.raw_connection()
    raw.driver_connection.add_notice_handler(lambda notice: print(notice.message_primary, "\n"))
    raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", nargs="*", help="variants to run (names as printed), beside 'as it is'")
    parser.add_argument(
        "--first-load", action="store_true", help="the registry holds the sample alone (a province's first load)"
    )
    args = parser.parse_args()
    with scratch_database(DATABASE) as url:
        env = {"GEOREG_DATABASE_URL": url}
        subprocess.run([GEOREG, "load-sample"], env=os.environ | env, check=True, capture_output=True)
        engine = create_engine(url, pool_size=1, max_overflow=0)
        registered = [] if args.first_load else list(staged_chunks(args.features))
        for chunk in registered:  # the registry already holds as many projects, with other codes
            chunk["code"] = np.array([c.replace("S", "R") for c in chunk["code"]], dtype=object)
        chunks = list(staged_chunks(args.features))
        with_provinces(engine, registered + chunks)
        with Session(engine) as session, session.begin():
            for chunk in registered:
                project_writes.stage(session, chunk)
                project_writes.write_rows(session, "registry.gpkg (ingest job 0)", "append", date(2024, 1, 1))
        _vacuum(url)
        variants = {k: v for k, v in VARIANTS.items() if not args.only or k == "as it is" or k in args.only}
        if args.explain:
            with Session(engine) as session:
                session.execute(text("LOAD 'auto_explain'"))
                session.commit()
            print_plans(engine)
            load(engine, chunks, [], explain=True)
        runs: dict[str, list[dict[str, float]]] = defaultdict(list)
        for _ in range(args.repeat):
            for name, changes in variants.items():
                runs[name].append(
                    load(engine, chunks, changes, explain=False, every_chunk=name in (EVERY_CHUNK, BEFORE_71))
                )
        base = {k: statistics.median(r[k] for r in runs["as it is"]) for k in ("wall", "database CPU")}
        registry = "the sample alone" if args.first_load else f"{args.features:,}"
        print(f"{args.features:,} projects appended to a registry of {registry}; medians of {args.repeat}")
        print(f"load average {os.getloadavg()[0]:.1f}, {os.getloadavg()[1]:.1f} (1 and 5 minutes)")
        print(f"  {'':<40}{'database CPU':>19}{'wall':>19}  database CPU by statement")
        for name, results in runs.items():
            parts = {k: statistics.median(r.get(k, 0.0) for r in results) for k in results[0]}
            detail = ", ".join(f"{k} {v:.2f}" for k, v in parts.items() if k not in base)
            cpu, wall = parts["database CPU"], parts["wall"]
            print(
                f"  {name:<40}{cpu:6.2f} s ({cpu - base['database CPU']:+.2f} s)"
                f"{wall:6.2f} s ({wall - base['wall']:+.2f} s)  {detail}"
            )
        engine.dispose()


def _each(count: int, make: type) -> np.ndarray:
    """``count`` new objects (an empty list each) in an array."""
    values = np.empty(count, dtype=object)
    for i in range(count):
        values[i] = make()
    return values


def _vacuum(url: str) -> None:
    """The registry vacuumed and analysed, as autovacuum leaves it between loads."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE project, status_event, project_share_queue"))
    engine.dispose()


if __name__ == "__main__":
    main()
