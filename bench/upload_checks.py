"""/upload with many checks waiting: the list's request, and the refusal of a Load outdated by a field report.

Run: .venv/bin/python bench/upload_checks.py [--features 20000] [--waiting 50] [--repeat 5]

Creates (and drops at the end) the database georeg_bench_upload_checks in the local cluster, with the sample data. It
loads ``--features`` projects (bench/ingest_projects.py's file), checks the same file again on /upload (an update by
code, some names changed) and copies that check until ``--waiting`` checks wait to be loaded, each its own file. Half
its polygons are drawn as bow ties, each repaired with a warning of its own: a report listing 1,000 warnings, as an
office's file of many self-intersecting polygons has. It prints the median time of /upload's list (``GET
/api/jobs?state=previewed&limit=50``, the page's request) and the bytes of the ingest_job columns it reads. Then a field
officer's status report lands on one of the file's projects, and the checks waiting are loaded in turn (``POST
/api/jobs/{id}/commit``, each load run in the background), alternately as the check left them, refused at once, and
without the projects their check matched (``ingest_job.checked_rows``), refused after reading the file again as before
session 71: the time from Load until each is refused as outdated.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import shapely
from fastapi.testclient import TestClient
from ingest_projects import geopackage, load_sample, projects
from scratch_database import scratch_database
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from geo.accounts import create_account, create_token
from geo.ingest import IngestRequest, Options, ingest
from geo.ingest.uploads import uploads_folder
from geo.models import Project
from geo.settings import get_settings
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

DATABASE = "georeg_bench_upload_checks"


def bowtie(box: shapely.Geometry) -> shapely.Geometry:
    """A square drawn as a bow tie (its edges crossing): an invalid polygon, repaired with a warning of its own."""
    west, south, east, north = box.bounds
    return shapely.Polygon([(west, south), (east, north), (east, south), (west, north)])


def waiting_checks(engine, settings, job_id: int, count: int) -> None:
    """``count`` - 1 copies of check ``job_id``, each of another file (its name and content digest), its file kept."""
    folder = uploads_folder(engine, settings)
    with engine.begin() as connection:
        columns = list(connection.execute(text("SELECT * FROM ingest_job LIMIT 0")).keys())[1:]  # all but the id
        listed = ", ".join(columns)
        chosen = listed.replace("file_name", "'copy-' || g || '-' || file_name").replace("file_sha256", "md5(g::text)")
        copies = (
            connection.execute(
                text(
                    f"INSERT INTO ingest_job ({listed}) SELECT {chosen} FROM ingest_job, generate_series(2, :n) g "
                    "WHERE id = :id RETURNING id"
                ),
                {"n": count, "id": job_id},
            )
            .scalars()
            .all()
        )
    for copy in copies:
        shutil.copytree(folder / f"job-{job_id}", folder / f"job-{copy}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=20_000)
    parser.add_argument("--waiting", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with scratch_database(DATABASE) as url, tempfile.TemporaryDirectory(prefix="georeg-bench-") as work:
        os.environ["GEOREG_DATABASE_URL"] = url
        get_settings.cache_clear()
        settings = get_settings()
        load_sample(os.environ.copy())
        engine = create_engine(url)
        frame = projects(args.features, "B0", seed=0)
        loaded = ingest(
            engine, IngestRequest(geopackage(Path(work), frame, "du_an"), Options("projects", "upsert")), settings
        )
        assert loaded.ok, loaded.errors[:3]
        renamed = frame.assign(TEN_DA=[f"{n} (sửa)" if i % 7 == 0 else n for i, n in enumerate(frame["TEN_DA"])])
        renamed["geometry"] = [
            bowtie(g) if s == "polygon" and i % 2 else g
            for i, (g, s) in enumerate(zip(renamed.geometry, renamed["shape"], strict=True))
        ]
        again = geopackage(Path(work), renamed, "du_an_sua")
        with Session(engine) as session, session.begin():
            token, _ = create_token(session, create_account(session, "bench_gis", role="gis"))
        from api.main import create_app

        with TestClient(create_app(settings)) as client:
            headers = {"Authorization": f"Bearer {token}"}
            with again.open("rb") as file:
                started = time.perf_counter()
                job = client.post(
                    "/api/uploads",
                    headers=headers,
                    files={"file": (again.name, file)},
                    data={"into": "projects", "mode": "upsert"},
                ).json()
            while (state := client.get(f"/api/jobs/{job['id']}", headers=headers).json()["state"]) in (
                "pending",
                "running",
            ):
                time.sleep(0.2)
            print(f"check of {args.features} features: {time.perf_counter() - started:.1f} s, {state}")
            waiting_checks(engine, settings, job["id"], args.waiting)
            with engine.connect() as connection:
                size = connection.execute(
                    text(
                        "SELECT sum(pg_column_size(report)), sum(pg_column_size(warnings) + pg_column_size(errors)), "
                        "sum(octet_length(report::text)) FROM ingest_job WHERE state = 'previewed'"
                    )
                ).one()
            print(
                f"{args.waiting} checks waiting: report {size[0]:,} B stored ({size[2]:,} B as text), "
                f"warnings+errors {size[1]:,} B"
            )
            times, body = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                answer = client.get("/api/jobs?state=previewed&limit=50", headers=headers)
                times.append(time.perf_counter() - started)
                body = len(answer.content)
            print(
                f"list: median {statistics.median(times) * 1000:.0f} ms of {[round(t * 1000) for t in times]}, "
                f"{body:,} B answered"
            )
            with Session(engine) as session, session.begin():
                project = session.scalar(select(Project).where(Project.code == frame["MA_DA"][args.features // 2]))
                append_status_event(
                    session,
                    project,
                    status="under_construction",
                    percent=40,
                    reported_at=vietnam_today(),
                    note_vi="báo cáo của bench",
                    reporter_name="Cán bộ hiện trường",
                )
            # the checks waiting are refused in turn, alternately at once and after the whole file (a check without
            # its checked rows: the refusal as it was before session 71)
            waiting = [
                j["id"] for j in client.get("/api/jobs?state=previewed&limit=50", headers=headers).json()["jobs"]
            ]
            seconds: dict[bool, list[float]] = {True: [], False: []}
            for turn, job_id in enumerate(waiting[: 2 * args.repeat]):
                at_once = turn % 2 == 0
                if not at_once:
                    with engine.begin() as connection:
                        connection.execute(
                            text("UPDATE ingest_job SET checked_rows = NULL WHERE id = :id"),
                            {"id": job_id},
                        )
                started = time.perf_counter()
                client.post(f"/api/jobs/{job_id}/commit", headers=headers)
                while (read := client.get(f"/api/jobs/{job_id}", headers=headers).json())["state"] == "committing":
                    time.sleep(0.05)
                assert read["state"] == "failed" and read["report"]["outdated"], read["state"]
                seconds[at_once].append(time.perf_counter() - started)
            for at_once, label in ((False, "after reading the file again"), (True, "at once")):
                told = [round(t, 2) for t in seconds[at_once]]
                print(f"Load after a field report refused {label}: median {statistics.median(told):.2f} s of {told}")
        engine.dispose()


if __name__ == "__main__":
    main()
