"""Upload API: GIS staff upload a file, follow its job while it is checked in the background, then commit it; others
are refused."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from ingest_files import BUNDLED_DATA, salinity_squares
from live_servers import serving
from rio_cogeo.cogeo import cog_validate
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from api.request_log import RequestIdFilter
from cli.main import app
from geo.accounts import create_account, create_token
from geo.ingest import project_writes, uploads
from geo.ingest.jobs import begin_commit
from geo.ingest.pipeline import IngestRequest, ingest
from geo.ingest.targets import Options
from geo.models import Account, IngestJob, Project, RasterDataset
from geo.settings import Settings
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

SALINITY_TIF = BUNDLED_DATA / "mekong_soil_salinity_ece_xgb_2025-03.tif"
GEOJSON = (
    '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", '
    '"coordinates": [105.55, 9.3]}, "properties": {"ma_du_an": "UPL-1", "ten_du_an": "Cống Ninh Quới", '
    '"loai": "Cống, công trình điều tiết nước", "tinh": "95"}}]}'
)


@pytest.fixture(scope="module")
def setup(make_registry, tmp_path_factory):
    url = make_registry("uploads")
    engine = create_engine(url)
    tokens = {}
    with Session(engine) as session, session.begin():
        for role in ("gis", "editor"):
            name = {"gis": "Trần Thị Lan"}.get(role)  # as a refusal names the colleague whose load came first
            account = create_account(session, f"{role}_user", role=role, display_name=name)
            tokens[role], _ = create_token(session, account)
    settings = Settings(
        database_url=url, upload_dir=tmp_path_factory.mktemp("uploads"), raster_dir=tmp_path_factory.mktemp("rasters")
    )
    yield TestClient(create_app(settings)), tokens, engine, settings
    engine.dispose()


@contextmanager
def statements_run() -> Iterator[list[str]]:
    """The SQL statements any engine runs meanwhile."""
    run: list[str] = []

    def note(conn, cursor, statement, *args) -> None:
        run.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield run
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(client: TestClient, token: str, files: dict, form: dict) -> dict:
    """POST an upload: answered at once (202) with the pending job; returns the job once its check has run (the
    test client runs background tasks before it returns)."""
    response = client.post("/api/uploads", files=files, data=form, headers=auth(token))
    assert response.status_code == 202, response.text
    assert response.json()["state"] == "pending" and response.headers["location"] == response.json()["links"]["self"]
    job = client.get(response.headers["location"], headers=auth(token))
    assert job.status_code == 200, job.text
    return job.json()


def commit(client: TestClient, token: str, job_id: int) -> dict:
    """POST a commit: answered at once (202, committing); returns the job once the load has run."""
    response = client.post(f"/api/jobs/{job_id}/commit", headers=auth(token))
    assert response.status_code == 202, response.text
    assert response.json()["state"] == "committing"
    return client.get(response.headers["location"], headers=auth(token)).json()


def project_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Project))


def raster_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(RasterDataset))


def test_upload_previews_then_commit_loads_and_removes_the_file(setup, caplog):
    """... and the server's log says each step's own time, with the job, its file, rows and outcome (trial s69: the
    access line's time is the 202's; the check's and the load's were nowhere), under the request that started it."""
    client, tokens, engine, settings = setup
    files = {"file": ("du_an.geojson", GEOJSON.encode(), "application/octet-stream")}
    caplog.set_level(logging.INFO, logger="geo.ingest.uploads")
    caplog.handler.addFilter(RequestIdFilter())

    job = upload(client, tokens["gis"], files, {"into": "projects"})

    assert job["state"] == "previewed" and job["report"]["sample_rows"][0]["name_vi"] == "Cống Ninh Quới"
    assert job["report"]["sample_rows"][0]["kind"] == "sluice"
    assert job["progress"]["done"] == job["progress"]["total"] == 1
    assert project_count(engine) == 0

    committed = commit(client, tokens["gis"], job["id"])

    assert committed["state"] == "committed" and committed["written_count"] == 1
    assert project_count(engine) == 1
    lines = [(r.getMessage(), r.request_id) for r in caplog.records if r.name == "geo.ingest.uploads"]
    (checked, _), (loaded, _) = lines
    for line, vi, en in ((checked, "kiểm tra xong", "checked"), (loaded, "bước nạp xong", "load ended")):
        said_vi = rf"^lần tải lên {job['id']} \(du_an.geojson\): {vi} trong [\d,]+ giây, 1 đối tượng; "
        said_en = rf" · upload job {job['id']} \(du_an.geojson\): {en} in [\d.]+ s, 1 features; "
        assert re.match(said_vi, line) and re.search(said_en, line), line
    assert "; nạp được · " in checked and checked.endswith("; can be loaded"), checked
    assert "; đã nạp · " in loaded and loaded.endswith("; loaded"), loaded
    assert all(request_id != "-" for _, request_id in lines), lines
    assert not (uploads.uploads_folder(engine, settings) / f"job-{job['id']}").exists()
    again = client.post(f"/api/jobs/{job['id']}/commit", headers=auth(tokens["gis"]))
    assert again.status_code == 409 and project_count(engine) == 1


def test_an_uploads_statuses_as_of_a_day_are_kept_from_its_preview_to_its_commit(setup):
    """The statuses' day the form was given is the preview's (its report says it) and the commit's, which runs
    later from what the job kept."""
    client, tokens, engine, _ = setup
    text_of = GEOJSON.replace("UPL-1", "UPL-DAY").replace("Cống Ninh Quới", "Cống Ninh Quới (kiểm kê 2024)")
    files = {"file": ("kiem_ke_2024.geojson", text_of.encode(), "application/octet-stream")}
    job = upload(client, tokens["gis"], files, {"into": "projects", "status_as_of": "31/12/2024"})
    assert job["state"] == "previewed" and job["report"]["request"]["status_as_of"] == "31/12/2024"
    assert commit(client, tokens["gis"], job["id"])["state"] == "committed"
    with Session(engine) as session:
        days = session.execute(
            text(
                "SELECT e.reported_at, p.status_date FROM status_event e JOIN project p ON p.id = e.project_id "
                "WHERE p.code = 'UPL-DAY'"
            )
        ).all()
    assert [tuple(d) for d in days] == [(date(2024, 12, 31), date(2024, 12, 31))]
    refused = upload(client, tokens["gis"], files, {"into": "projects", "status_as_of": "2024-31-12"})
    assert refused["state"] == "failed"
    assert "không đọc được" in str(refused["report"]["errors"])


def test_a_discarded_preview_is_expired_its_file_removed_and_it_cannot_be_loaded(setup):
    client, tokens, engine, settings = setup
    text_of = GEOJSON.replace("UPL-1", "UPL-GONE")
    files = {"file": ("bo.geojson", text_of.encode(), "application/octet-stream")}
    job = upload(client, tokens["gis"], files, {"into": "projects"})
    assert (uploads.uploads_folder(engine, settings) / f"job-{job['id']}").is_dir()
    discarded = client.post(f"/api/jobs/{job['id']}/discard", headers=auth(tokens["gis"]))
    assert discarded.status_code == 200 and discarded.json()["state"] == "expired"
    assert not (uploads.uploads_folder(engine, settings) / f"job-{job['id']}").exists()
    assert client.post(f"/api/jobs/{job['id']}/commit", headers=auth(tokens["gis"])).status_code == 409
    again = client.post(f"/api/jobs/{job['id']}/discard", headers=auth(tokens["gis"]))
    assert again.status_code == 409 and "nothing to discard" in again.text
    assert client.post(f"/api/jobs/{job['id']}/discard", headers=auth(tokens["editor"])).status_code == 403
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Project).where(Project.code == "UPL-GONE")) == 0


def test_uploads_need_the_gis_role(setup):
    client, tokens, _, _ = setup
    files = {"file": ("x.geojson", GEOJSON.encode(), "application/octet-stream")}
    assert client.post("/api/uploads", files=files, data={"into": "projects"}).status_code == 401
    refused = client.post("/api/uploads", files=files, data={"into": "projects"}, headers=auth(tokens["editor"]))
    assert refused.status_code == 403


def test_upload_over_the_size_limit_is_refused_and_not_kept(setup):
    client, tokens, engine, settings = setup
    small = TestClient(create_app(settings.model_copy(update={"upload_max_bytes": 50})))
    files = {"file": ("big.geojson", GEOJSON.encode(), "application/octet-stream")}

    response = small.post("/api/uploads", files=files, data={"into": "projects"}, headers=auth(tokens["gis"]))

    assert response.status_code == 413 and "upload limit" in response.json()["detail"]
    assert list(uploads.uploads_folder(engine, settings).iterdir()) == []


def test_a_geotiff_upload_is_previewed_then_registered_as_a_cog(setup):
    client, tokens, engine, settings = setup
    tif = SALINITY_TIF.read_bytes()
    files = {"file": ("man_2025.tif", tif, "image/tiff")}
    form = {"into": "salinity", "year": "2025", "period": "2025-03", "source": "Sở TN&MT Bạc Liêu"}

    job = upload(client, tokens["gis"], files, form)

    assert job["state"] == "previewed" and job["report"]["format"] == "GeoTIFF"
    assert job["report"]["crs"] == "EPSG:4326" and job["report"]["size"][0] > 0
    assert raster_count(engine) == 0 and not any(settings.raster_dir.iterdir())

    committed = commit(client, tokens["gis"], job["id"])

    report = committed["report"]
    assert committed["state"] == "committed" and report["overviews"]
    with Session(engine) as session:
        dataset = session.get(RasterDataset, report["raster_id"])
        assert (dataset.theme, dataset.year, dataset.period) == ("salinity", 2025, "2025-03")
        assert dataset.source == "Sở TN&MT Bạc Liêu" and dataset.ingest_job_id == job["id"]
    assert cog_validate(dataset.path, quiet=True)[0]
    assert not (uploads.uploads_folder(engine, settings) / f"job-{job['id']}").exists()


def test_a_geotiff_cannot_load_into_projects_nor_take_a_crs(setup):
    client, tokens, engine, settings = setup
    files = {"file": ("rung.tif", SALINITY_TIF.read_bytes(), "image/tiff")}
    rasters_before = raster_count(engine)

    into_projects = upload(client, tokens["gis"], files, {"into": "projects"})
    with_crs = client.post(
        "/api/uploads",
        files=files,
        data={"into": "forest", "source": "x", "crs": "EPSG:9209"},
        headers=auth(tokens["gis"]),
    )
    in_vietnamese = client.post(
        "/api/uploads",
        files=files,
        data={"into": "forest", "source": "x", "crs": "EPSG:9209"},
        headers=auth(tokens["gis"]) | {"Accept-Language": "vi"},
    )

    assert into_projects["state"] == "failed"
    refusal = into_projects["report"]["errors"][0]
    # in the page's words: its «Load into» choices, not the command line's --into
    assert "rasters load into «Forest-cover raster (GeoTIFF)» or «Salinity zones / raster»" in refusal["message"]
    assert "ảnh raster chỉ nạp vào «Ảnh độ che phủ rừng (GeoTIFF)» hoặc «Vùng / ảnh độ mặn»" in refusal["message_vi"]
    assert with_crs.status_code == 422 and "CRS is read from the file" in with_crs.json()["detail"]
    assert in_vietnamese.status_code == 422 and "hãy bỏ trống các ô «Hệ tọa độ»" in in_vietnamese.json()["detail"]
    assert raster_count(engine) == rasters_before and list(uploads.uploads_folder(engine, settings).iterdir()) == []


def test_a_new_upload_removes_previews_older_than_the_setting(setup):
    client, tokens, engine, settings = setup
    stale = upload(
        client,
        tokens["gis"],
        {"file": ("old.geojson", GEOJSON.replace("UPL-1", "UPL-OLD").encode())},
        {"into": "projects"},
    )
    folder = uploads.uploads_folder(engine, settings)
    old, fresh = folder / f"job-{stale['id']}", folder / "job-9002"
    fresh.mkdir()
    (fresh / "du_an.geojson").write_text(GEOJSON, encoding="utf-8")
    long_ago = time.time() - settings.upload_max_age_hours * 3600 - 60
    for path in (*old.iterdir(), old):
        os.utime(path, (long_ago, long_ago))
    with Session(engine) as session, session.begin():  # a check cut short long ago, e.g. by a server restart
        cut = IngestJob(file_name="cut.geojson", target="projects", mode="append", state="running")
        cut.created_at = datetime.now(UTC) - timedelta(hours=settings.upload_max_age_hours + 1)
        session.add(cut)
        session.flush()
        cut_short = cut.id
    files = {"file": ("du_an.geojson", GEOJSON.replace("UPL-1", "UPL-2").encode(), "application/octet-stream")}

    job = upload(client, tokens["gis"], files, {"into": "projects"})

    assert job["state"] == "previewed", job
    assert not old.exists() and (fresh / "du_an.geojson").exists()
    assert (uploads.uploads_folder(engine, settings) / f"job-{job['id']}").exists()
    assert client.get(f"/api/jobs/{stale['id']}", headers=auth(tokens["gis"])).json()["state"] == "expired"
    refused = client.post(f"/api/jobs/{stale['id']}/commit", headers=auth(tokens["gis"]))
    assert refused.status_code == 409 and "upload it again" in refused.json()["detail"]
    interrupted = client.get(f"/api/jobs/{cut_short}", headers=auth(tokens["gis"])).json()
    assert interrupted["state"] == "failed" and "server stopped" in interrupted["report"]["errors"][0]["message"]


def test_a_running_upload_shows_its_progress_until_it_is_previewed(setup, tmp_path):
    """Over real HTTP: the job is answered at once, then seen running with part of its features checked."""
    _, tokens, _, settings = setup
    path, _ = salinity_squares(tmp_path, 20_000)
    small_chunks = settings.model_copy(update={"ingest_chunk_size": 500})
    seen: list[tuple[str, int | None]] = []
    # timeout: sending 20,000 squares to a server in this process outlasted the default 5 s on a loaded machine
    with (
        serving(small_chunks) as server,
        httpx.Client(base_url=server, headers=auth(tokens["gis"]), timeout=60) as http,
    ):
        response = http.post("/api/uploads", files={"file": (path.name, path.read_bytes())}, data={"into": "salinity"})
        assert response.status_code == 202, response.text
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = http.get(response.headers["location"]).json()
            seen.append((job["state"], (job["progress"] or {}).get("done")))
            if job["state"] not in ("pending", "running"):
                break
            time.sleep(0.005)

    assert job["state"] == "previewed", job["report"]
    assert job["progress"]["done"] == job["progress"]["total"] == job["feature_count"] == 20_000
    partway = [done for state, done in seen if state == "running" and done is not None and 0 < done < 20_000]
    assert partway, seen
    checked = [done for _, done in seen if done is not None]
    assert checked == sorted(checked)


def test_an_unexpected_error_fails_the_job_instead_of_leaving_it_running(setup, monkeypatch):
    client, tokens, engine, settings = setup

    def broken(*args, **kwargs):
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(uploads, "ingest", broken)
    files = {"file": ("du_an.geojson", GEOJSON.replace("UPL-1", "UPL-X").encode(), "application/octet-stream")}
    projects_before = project_count(engine)

    job = upload(client, tokens["gis"], files, {"into": "projects"})

    assert job["state"] == "failed" and "disk unplugged" in job["report"]["errors"][0]["message"]
    assert not any(uploads.uploads_folder(engine, settings).glob("new-*")) and project_count(engine) == projects_before


def test_jobs_are_listed_newest_first_by_state_and_account(setup):
    client, tokens, engine, _ = setup
    with Session(engine) as session, session.begin():
        other = create_token(session, create_account(session, "other_gis", role="gis"))[0]
    files = {"file": ("list.geojson", GEOJSON.replace("UPL-1", "UPL-LIST").encode(), "application/octet-stream")}
    waiting = upload(client, other, files, {"into": "projects"})
    refused = upload(client, other, {"file": ("bad.geojson", b'{"type": "FeatureCollection"')}, {"into": "projects"})

    mine = client.get("/api/jobs", params={"mine": "true"}, headers=auth(other)).json()
    with statements_run() as run:  # /upload's list, after each check and each Load: no job's whole report read
        previews = client.get("/api/jobs", params={"state": "previewed"}, headers=auth(tokens["gis"])).json()

    assert [j["id"] for j in mine["jobs"]] == [refused["id"], waiting["id"]] and mine["numberMatched"] == 2
    assert mine["jobs"][0]["state"] == "failed" and mine["jobs"][0]["error_count"] >= 1
    assert waiting["id"] in [j["id"] for j in previews["jobs"]]
    assert waiting["links"]["commit"] == f"/api/jobs/{waiting['id']}/commit"  # a preview offers its commit
    assert {j["state"] for j in previews["jobs"]} == {"previewed"} and "report" not in previews["jobs"][0]
    read_whole = [sql for sql in run if re.search(r"[\s,]ingest_job\.(report|warnings|errors)[\s,]", sql)]
    assert not read_whole and any("jsonb_each(ingest_job.report)" in sql for sql in run), read_whole
    for listed, job in ((mine["jobs"][0], refused), (mine["jobs"][1], waiting)):  # as the job's own page counts
        counts = ("error_count", "warning_count", "features_warned", "changes", "links")
        assert {k: listed[k] for k in counts} == {k: job[k] for k in counts}
    first = client.get("/api/jobs", params={"limit": 1}, headers=auth(other)).json()
    assert first["numberReturned"] == 1 and any(link["rel"] == "next" for link in first["links"])
    assert client.get("/api/jobs", params={"state": "done"}, headers=auth(other)).status_code == 422
    assert client.get("/api/jobs").status_code == 401


def test_a_commit_that_fails_in_the_background_fails_its_job_and_loads_nothing(setup):
    client, tokens, engine, _ = setup
    same_code = GEOJSON.replace("UPL-1", "UPL-TWICE")  # two files of one project (not one file: loaded once)
    files = {"file": ("a.geojson", same_code.encode(), "application/octet-stream")}
    first = upload(client, tokens["gis"], files, {"into": "projects"})
    other = {"file": ("a_copy.geojson", f"{same_code}\n".encode(), "application/octet-stream")}
    second = upload(client, tokens["gis"], other, {"into": "projects"})
    assert commit(client, tokens["gis"], second["id"])["state"] == "committed"
    before = project_count(engine)

    failed = commit(client, tokens["gis"], first["id"])

    assert failed["state"] == "failed" and project_count(engine) == before
    assert "already exists" in failed["report"]["errors"][0]["message"]


def test_of_two_commits_of_one_preview_only_one_starts(setup):
    client, tokens, engine, _ = setup
    files = {"file": ("b.geojson", GEOJSON.replace("UPL-1", "UPL-RACE").encode(), "application/octet-stream")}
    job = upload(client, tokens["gis"], files, {"into": "projects"})

    assert [begin_commit(engine, job["id"]) for _ in range(2)] == [True, False]


def test_a_command_line_dry_run_is_checked_not_offered_for_loading(setup, tmp_path):
    """`georeg ingest --dry-run` keeps no file: its job ends "checked", which /upload's list of checked files waiting
    to be loaded (state=previewed) does not show, and a commit of it is refused with what to do instead."""
    client, tokens, engine, settings = setup
    path = tmp_path / "du_an_thu.geojson"
    path.write_text(GEOJSON.replace("UPL-1", "UPL-CLI"), encoding="utf-8")
    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), settings)

    previews = client.get("/api/jobs", params={"state": "previewed"}, headers=auth(tokens["gis"])).json()
    refused = client.post(f"/api/jobs/{report.job_id}/commit", headers=auth(tokens["gis"]))
    in_vietnamese = client.post(
        f"/api/jobs/{report.job_id}/commit", headers=auth(tokens["gis"]) | {"Accept-Language": "vi"}
    )

    assert report.ok and client.get(f"/api/jobs/{report.job_id}", headers=auth(tokens["gis"])).json()["state"] == (
        "checked"
    )
    assert report.job_id not in [j["id"] for j in previews["jobs"]]
    assert "commit" not in client.get(f"/api/jobs/{report.job_id}", headers=auth(tokens["gis"])).json()["links"]
    assert refused.status_code == 409 and "without --dry-run" in refused.json()["detail"], refused.text
    said = in_vietnamese.json()["detail"]
    assert in_vietnamese.status_code == 409 and f"lượt nạp {report.job_id} chỉ là một lần kiểm tra" in said, said
    assert not _has_project(engine, "UPL-CLI")


def test_a_failed_load_from_the_command_line_offers_no_commit(setup, tmp_path):
    """A command-line load keeps no file: when it fails, its job is not offered for a retry it could not do."""
    client, tokens, engine, settings = setup
    path = tmp_path / "du_an_sai.geojson"
    path.write_text(
        GEOJSON.replace("UPL-1", "UPL-BAD").replace("Cống, công trình điều tiết nước", "Núi lửa"), encoding="utf-8"
    )
    report = ingest(engine, IngestRequest(path, Options("projects")), settings)

    job = client.get(f"/api/jobs/{report.job_id}", headers=auth(tokens["gis"])).json()
    listed = client.get("/api/jobs", params={"state": "failed"}, headers=auth(tokens["gis"])).json()["jobs"]

    assert not report.ok and job["state"] == "failed"
    assert "commit" not in job["links"]
    assert "commit" not in next(j for j in listed if j["id"] == report.job_id)["links"]


def _account_id(engine, username: str) -> int:
    with Session(engine) as session:
        return session.scalar(select(Account.id).where(Account.username == username))


def _has_project(engine, code: str) -> bool:
    with Session(engine) as session:
        return session.scalar(select(func.count()).where(Project.code == code)) > 0


def test_an_old_preview_is_not_loaded_over_projects_changed_since_it_was_checked(setup):
    """Version 2 of a file was checked and left waiting; version 3 was loaded meanwhile. Loading the old preview
    would undo version 3's edits: it is refused with what it would now do and which load changed what, and changes
    nothing."""
    client, tokens, engine, _ = setup

    def version(name: str) -> dict:
        text = GEOJSON.replace("UPL-1", "UPL-OLD").replace("Cống Ninh Quới", name)
        return {"file": (f"{name}.geojson", text.encode(), "application/octet-stream")}

    first = upload(client, tokens["gis"], version("Cống A"), {"into": "projects", "mode": "upsert"})
    assert commit(client, tokens["gis"], first["id"])["state"] == "committed"
    waiting = upload(client, tokens["gis"], version("Cống B"), {"into": "projects", "mode": "upsert"})
    newer = upload(client, tokens["gis"], version("Cống C"), {"into": "projects", "mode": "upsert"})
    assert commit(client, tokens["gis"], newer["id"])["state"] == "committed"

    stale = commit(client, tokens["gis"], waiting["id"])

    assert waiting["report"]["changes"]["updated"] == 1
    refusal = stale["report"]["errors"][0]
    assert stale["state"] == "failed" and "the projects this file matches changed since" in refusal["message"]
    assert "tệp vẫn sẽ thêm 0 dự án mới, cập nhật 1 (UPL-OLD)" in refusal["message_vi"]  # what it would overwrite
    # what changed it, and who: the other load and the colleague who ran it, not a field report (it was told as one)
    by = f"UPL-OLD ({newer['id']}, Cống_C.geojson, Trần Thị Lan"  # the file as the load's provenance names it
    loaded = f"Projects written by another load since the check (code (job, file, who loaded it)): {by} on the web)."
    assert loaded in refusal["message"] and "status report" not in refusal["message"], refusal["message"]
    assert f"{by} nạp qua trang web)" in refusal["message_vi"]
    assert refusal["message"].lower().count("nothing was loaded") == 0  # the page and the command say it once
    retried = client.post(f"/api/jobs/{waiting['id']}/commit", headers=auth(tokens["gis"]))
    assert "commit" not in stale["links"] and retried.status_code == 409  # to be checked again, not retried
    with Session(engine) as session:
        assert session.scalar(select(Project.name_vi).where(Project.code == "UPL-OLD")) == "Cống C"


def test_a_refusal_names_the_pages_choices_on_the_page_and_the_options_on_the_command_line(setup, tmp_path):
    """A file with a project already registered and an unknown kind: the page said "load with --mode upsert" and
    "--kind is for a file without a kind column", where its own controls are «Cập nhật theo mã» and «Loại…» (trial
    52). Each surface names its own; the command line's are its options."""
    client, tokens, engine, settings = setup
    text = GEOJSON.replace("UPL-1", "UPL-WORDS")
    first = upload(client, tokens["gis"], {"file": ("a.geojson", text.encode(), "x")}, {"into": "projects"})
    assert commit(client, tokens["gis"], first["id"])["state"] == "committed"
    again = text.replace("Cống, công trình điều tiết nước", "Núi lửa")  # the kind unknown too
    path = tmp_path / "lai.geojson"
    path.write_text(again, encoding="utf-8")

    on_the_page = upload(client, tokens["gis"], {"file": ("lai.geojson", again.encode(), "x")}, {"into": "projects"})
    on_the_command_line = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), settings)

    page = " ".join(e[lang] for e in on_the_page["report"]["errors"] for lang in ("message", "message_vi"))
    assert "choose the Mode «Update by code» to update" in page and "Cách nạp «Cập nhật theo mã»" in page, page
    assert "«Kind (projects) / level (units) / class (salinity)» box is for a file without a kind column" in page
    assert "ô «Loại (dự án) / cấp (đơn vị) / cấp mặn» chỉ dùng cho tệp không có cột loại" in page
    assert "--" not in page
    command_line = " ".join(e.text(lang) for e in on_the_command_line.errors for lang in ("vi", "en"))
    assert "load with --mode upsert to update" in command_line and "hãy nạp với --mode upsert" in command_line
    assert "--kind is for a file without a kind column" in command_line and "«" not in command_line


def test_a_mode_or_scheme_a_target_cannot_take_is_refused_in_both_languages_in_each_surfaces_words(setup, tmp_path):
    """The page's Mode offers «Replace» for every target: projects loaded so were refused in English only, "--mode
    replace is not offered for projects", an option the page does not have (trial 52); units without a scheme and
    salinity zones «Update by code» alike. Each refusal is said in Vietnamese and English, in the page's words on the
    page and the command line's options on the command line, and nothing is loaded."""
    client, tokens, engine, settings = setup
    text = GEOJSON.replace("UPL-1", "UPL-MODE")
    path = tmp_path / "mode.geojson"
    path.write_text(text, encoding="utf-8")
    asked = {  # what is asked -> what the page says, in each language, and what the command line says
        ("projects", "replace"): (
            "The Mode «Replace (salinity of the same period)» is not offered for projects: projects are retired",
            "Cách nạp «Thay thế (độ mặn cùng kỳ)» không dùng cho dự án: dự án chỉ được cho thôi, không bao giờ bị xóa",
            "--mode replace không dùng cho dự án",
        ),
        ("units", "upsert"): (
            "loading units needs their boundary scheme: before 1 July 2025 (provinces, districts) or from 1 July "
            "2025 (provinces, communes); choose it in the «Boundary scheme (units)» box",
            "hãy chọn ở ô «Ranh giới (đơn vị hành chính)»",
            "hãy nạp với --scheme pre2025 hoặc --scheme 2025",
        ),
        ("salinity", "upsert"): (
            "choose the Mode «Append» to add zones, or «Replace (salinity of the same period)»",
            "Cách nạp «Cập nhật theo mã» không dùng cho vùng độ mặn",
            "load with --mode append to add zones, or --mode replace",
        ),
    }
    for (into, mode), (page_en, page_vi, command_line_says) in asked.items():
        job = upload(
            client, tokens["gis"], {"file": ("mode.geojson", text.encode(), "x")}, {"into": into, "mode": mode}
        )
        command_line = ingest(engine, IngestRequest(path, Options(into, mode), dry_run=True), settings)

        [refusal] = job["report"]["errors"]
        assert page_en in refusal["message"] and page_vi in refusal["message_vi"], refusal
        assert "--" not in refusal["message"] + refusal["message_vi"]
        [said] = command_line.errors
        assert command_line_says in said.text("vi") + said.text("en"), said
        assert said.message_vi != said.message  # said in Vietnamese, not the English twice
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Project).where(Project.code == "UPL-MODE")) == 0


def test_a_preview_refused_after_a_command_line_load_says_the_load_came_from_the_command_line(setup, tmp_path):
    """A web preview, then a load of the same project from the command line, then Load on the preview: the refusal
    named "UPL-CMD (6, file)" under "who loaded it on the web", and a colleague could not tell who had (trial 52)."""
    client, tokens, engine, settings = setup
    text = GEOJSON.replace("UPL-1", "UPL-CMD")
    waiting = upload(
        client, tokens["gis"], {"file": ("cli.geojson", text.encode(), "x")}, {"into": "projects", "mode": "append"}
    )
    assert commit(client, tokens["gis"], waiting["id"])["state"] == "committed"
    waiting = upload(
        client,
        tokens["gis"],
        {"file": ("b.geojson", text.replace("Ninh", "B").encode(), "x")},
        {"into": "projects", "mode": "upsert"},
    )
    path = tmp_path / "tu_dong_lenh.geojson"
    path.write_text(text.replace("Ninh", "C"), encoding="utf-8")
    by_command = ingest(engine, IngestRequest(path, Options("projects", mode="upsert")), settings)  # as `georeg ingest`
    assert by_command.ok

    refusal = commit(client, tokens["gis"], waiting["id"])["report"]["errors"][0]

    assert f"UPL-CMD ({by_command.job_id}, tu_dong_lenh.geojson, from the command line)" in refusal["message"]
    assert f"UPL-CMD ({by_command.job_id}, tu_dong_lenh.geojson, nạp từ dòng lệnh)" in refusal["message_vi"]


def test_a_preview_refused_after_field_reports_names_the_projects_reported_on(setup):
    """A field officer reported on a project between a reload's check and its Load: the refusal named the first
    projects of the file, not the one that changed; it now names the projects reported on since the check."""
    client, tokens, engine, _ = setup
    text = GEOJSON.replace("UPL-1", "UPL-REP")
    file = {"file": ("rep.geojson", text.encode(), "application/octet-stream")}
    first = upload(client, tokens["gis"], file, {"into": "projects", "mode": "upsert"})
    assert commit(client, tokens["gis"], first["id"])["state"] == "committed"
    renamed = text.replace("Cống Ninh Quới", "Cống Ninh Quới mới")
    waiting = upload(
        client,
        tokens["gis"],
        {"file": ("rep2.geojson", renamed.encode(), "application/octet-stream")},
        {"into": "projects", "mode": "upsert"},
    )
    with Session(engine) as session, session.begin():
        project = session.scalars(select(Project).where(Project.code == "UPL-REP")).one()
        append_status_event(session, project, status="operating", percent=100, reported_at=vietnam_today())

    stale = commit(client, tokens["gis"], waiting["id"])

    refusal = stale["report"]["errors"][0]
    assert stale["state"] == "failed"
    assert "Projects with an officer's status report recorded since the check: UPL-REP." in refusal["message"]
    assert "Các dự án có báo cáo tình trạng mới của cán bộ từ khi kiểm tra: UPL-REP." in refusal["message_vi"]
    assert "another load" not in refusal["message"]
    # said at once, before the file is read again (it came after the whole file: 10–16 s for 20,000 features): what
    # loading would now do is seen by checking it again, not said from the check as if now
    assert refusal["message"].startswith(
        "the projects this file matches changed since it was checked. So as not to overwrite what changed since, "
        "check the file again (upload it again) to see what loading it would do now, then load it; or press «Load"
    )
    assert "hãy kiểm tra lại tệp (tải lên lại) để xem việc nạp bây giờ sẽ làm gì" in refusal["message_vi"]
    assert not stale["report"]["changes"] and not stale["report"]["changed_fields"]
    assert stale["report"]["feature_count"] == 1 and stale["report"]["crs"] == waiting["report"]["crs"]  # its file's


def test_a_preview_refused_after_a_field_report_says_one_thing_nothing_loaded_no_step_back_confirmed(setup, tmp_path):
    """Trial 73: a sheet checked (A 20 → 25 %, B a new stage), then a field report set A at 30 %, then Load: the
    refusal said "update 1 (A, B), leave 1", the step back 30 → 25 "as you confirmed" and "the file's other fields
    were loaded". It said what loading would do now, after reading the whole file again; since session 71 it is
    refused at once, naming the project reported on, saying no count or step back of the check's as now's: checking
    the file again says what loading does now."""
    client, tokens, engine, settings = setup
    registered = tmp_path / "hai_du_an.geojson"
    one = GEOJSON[GEOJSON.index('{"type": "Feature"') : -2]
    b = one.replace("UPL-1", "UPL-T73-B").replace("Ninh Quới", "Gia Rai")
    registered.write_text(GEOJSON.replace(one, f"{one.replace('UPL-1', 'UPL-T73-A')}, {b}"), encoding="utf-8")
    assert ingest(engine, IngestRequest(registered, Options("projects")), settings).ok
    with Session(engine) as session, session.begin():
        project = session.scalars(select(Project).where(Project.code == "UPL-T73-A")).one()
        append_status_event(session, project, status="under_construction", percent=20, reported_at=vietnam_today())
    sheet = "Mã dự án,Tình trạng,Tiến độ (%)\nUPL-T73-A,Đang thi công,25\nUPL-T73-B,Đang thi công,10\n".encode()
    waiting = upload(client, tokens["gis"], {"file": ("tinh_trang.csv", sheet)}, {"into": "projects", "mode": "upsert"})
    assert waiting["report"]["changes"]["updated"] == 2 and not waiting["report"]["steps_back"]
    with Session(engine) as session, session.begin():  # a field officer's report, between the check and Load
        project = session.scalars(select(Project).where(Project.code == "UPL-T73-A")).one()
        append_status_event(session, project, status="under_construction", percent=30, reported_at=vietnam_today())

    refused = commit(client, tokens["gis"], waiting["id"])["report"]

    [refusal] = refused["errors"]
    assert "Projects with an officer's status report recorded since the check: UPL-T73-A." in refusal["message"]
    # said before the file is read again (session 71): no count, nor a change, of the check's as if it were now's
    assert "update 2" not in refusal["message"] and "(UPL-T73-A, UPL-T73-B)" not in refusal["message"]
    assert not refused["changes"] and not refused["changed_fields"] and not refused["steps_back"]
    warned = " ".join(w["message"] + w["message_vi"] for w in refused["warnings"])
    assert "as you confirmed" not in warned and "như bạn đã xác nhận" not in warned
    assert "were loaded" not in warned and "vẫn được nạp" not in warned
    assert refused["outdated"]  # the page offers to check it again, or to load the rest keeping A


def test_a_load_refused_at_once_for_a_field_report_keeps_the_steps_back_its_check_found_and_their_list(setup, tmp_path):
    """A re-check of session 71: a file checked as putting a project back, then a field report on another, then Load:
    the refusal, said before the file is read again, dropped the check's warning of the step back and its link, and
    the job's whole list (steps-back.csv) was emptied."""
    client, tokens, engine, settings = setup
    registered = tmp_path / "hai_du_an.geojson"
    one = GEOJSON[GEOJSON.index('{"type": "Feature"') : -2]
    b = one.replace("UPL-1", "UPL-S71-B").replace("Ninh Quới", "Gia Rai")
    registered.write_text(GEOJSON.replace(one, f"{one.replace('UPL-1', 'UPL-S71-A')}, {b}"), encoding="utf-8")
    assert ingest(engine, IngestRequest(registered, Options("projects")), settings).ok
    with Session(engine) as session, session.begin():
        for code, percent in (("UPL-S71-A", 20), ("UPL-S71-B", 50)):
            project = session.scalars(select(Project).where(Project.code == code)).one()
            append_status_event(
                session, project, status="under_construction", percent=percent, reported_at=vietnam_today()
            )
    sheet = "Mã dự án,Tình trạng,Tiến độ (%)\nUPL-S71-A,Đang thi công,25\nUPL-S71-B,Đang thi công,40\n".encode()
    waiting = upload(client, tokens["gis"], {"file": ("lui_lai.csv", sheet)}, {"into": "projects", "mode": "upsert"})
    assert waiting["report"]["steps_back"] == ["UPL-S71-B"]
    with Session(engine) as session, session.begin():  # a field officer's report on A, between the check and Load
        project = session.scalars(select(Project).where(Project.code == "UPL-S71-A")).one()
        append_status_event(session, project, status="under_construction", percent=30, reported_at=vietnam_today())

    refused = commit(client, tokens["gis"], waiting["id"])["report"]

    assert refused["outdated"] and refused["steps_back_count"] == 1 and "steps_back_list" not in refused  # the CSV's
    assert [w["key"] for w in refused["warnings"] if w["key"].startswith("steps_back")] == ["steps_back"]
    listed = client.get(f"/api/jobs/{waiting['id']}/steps-back.csv?lang=en", headers=auth(tokens["gis"]))
    assert [row.split(",")[0] for row in listed.content.decode("utf-8-sig").splitlines()[1:]] == ["UPL-S71-B"]


def test_a_projects_history_names_whose_load_set_its_status(setup, tmp_path):
    """Trial 73: the project's history (its page, the field form's) said a load as "nạp từ tệp … (lượt nạp 2)", and
    the officer could not tell whose it was. It names the load's account, as a refusal does; the command line's as
    such."""
    client, tokens, engine, settings = setup
    registered = tmp_path / "ai_nap.geojson"
    registered.write_text(GEOJSON.replace("UPL-1", "UPL-WHO"), encoding="utf-8")
    assert ingest(engine, IngestRequest(registered, Options("projects")), settings).ok  # from the command line
    sheet = "Mã dự án,Tình trạng,Tiến độ (%)\nUPL-WHO,Đang thi công,40\n".encode()
    waiting = upload(client, tokens["gis"], {"file": ("ai_nap.csv", sheet)}, {"into": "projects", "mode": "upsert"})
    assert commit(client, tokens["gis"], waiting["id"])["state"] == "committed"
    with Session(engine) as session:
        project = session.scalar(select(Project.id).where(Project.code == "UPL-WHO"))

    first, loaded = client.get(f"/api/projects/{project}/history").json()["history"]
    page = client.get(f"/projects/{project}?lang=vi").text

    assert (loaded["load_job"], loaded["load_file"], loaded["loaded_by"]) == (
        waiting["id"],
        "ai_nap.csv",
        "Trần Thị Lan",
    )
    assert first["load_job"] and first["loaded_by"] is None  # the command line has no account
    assert f"lượt nạp {waiting['id']} (ai_nap.csv) của Trần Thị Lan" in page
    assert f"lượt nạp {first['load_job']} (ai_nap.geojson) của dòng lệnh" in page


def test_a_preview_whose_counts_changed_since_its_check_says_what_it_would_have_done_and_what_now(setup):
    """The file's project was new when it was checked and was loaded by another file before its Load: the refusal
    compares the two counts (the counts alike are worded otherwise, above)."""
    client, tokens, engine, _ = setup
    project = GEOJSON.replace("UPL-1", "UPL-NEW")
    file = {"file": ("new.geojson", project.encode(), "application/octet-stream")}
    waiting = upload(client, tokens["gis"], file, {"into": "projects", "mode": "upsert"})
    another = {"file": ("other.geojson", f"{project}\n".encode(), "application/octet-stream")}  # not the same file
    other = upload(client, tokens["gis"], another, {"into": "projects", "mode": "upsert"})
    assert commit(client, tokens["gis"], other["id"])["state"] == "committed"

    stale = commit(client, tokens["gis"], waiting["id"])

    refusal = stale["report"]["errors"][0]
    assert stale["state"] == "failed" and "then it would have added 1 projects, updated 0" in refusal["message"]
    assert "bây giờ sẽ thêm 0, cập nhật 0, giữ nguyên 1" in refusal["message_vi"]


def test_a_reload_keeps_a_renamed_and_moved_projects_former_values_in_its_record(setup):
    """A reload renamed a project and moved it 1 km: its history kept the status alone, the old name and site only in
    the load's report. Each field a load changes is in the project's record, before and after, with the load."""
    client, tokens, engine, _ = setup
    first = GEOJSON.replace("UPL-1", "UPL-REC")
    loaded = upload(
        client, tokens["gis"], {"file": ("rec.geojson", first.encode(), "application/json")}, {"into": "projects"}
    )
    assert commit(client, tokens["gis"], loaded["id"])["state"] == "committed"
    with Session(engine) as session:
        project = session.scalar(select(Project.id).where(Project.code == "UPL-REC"))
    assert client.get(f"/api/projects/{project}/history").json()["record_changes"] == []  # new: nothing changed yet
    second = first.replace("Cống Ninh Quới", "Cống Ninh Quới B").replace("[105.55, 9.3]", "[105.559, 9.3]")
    form = {"into": "projects", "mode": "upsert"}
    reload = upload(client, tokens["gis"], {"file": ("rec2.geojson", second.encode(), "application/json")}, form)
    assert commit(client, tokens["gis"], reload["id"])["state"] == "committed"

    changes = client.get(f"/api/projects/{project}/history").json()["record_changes"]

    assert len(changes) == 1 and changes[0]["source"].endswith(f"(ingest job {reload['id']})")
    assert changes[0]["changes"]["name_vi"] == ["Cống Ninh Quới", "Cống Ninh Quới B"]
    assert changes[0]["changes"]["geom"][:2] == ["POINT", "POINT"] and 950 < changes[0]["changes"]["geom"][2] < 1050
    page = client.get(f"/projects/{project}").text
    record = page.split("Thay đổi hồ sơ dự án khi nạp tệp")[1].split("</table>")[0]
    assert "Tên: Cống Ninh Quới → Cống Ninh Quới B" in record and "Vị trí: dời 98" in record, record
    assert "lượt nạp" in record  # the load, in the page's language


def test_an_uploaded_sheet_of_codes_and_statuses_changes_the_statuses_alone_and_refuses_a_new_code(setup, tmp_path):
    """Trial 69: /upload refused a sheet of codes and new statuses on every row for lacking names. Its preview says
    the status and percent change and nothing else; a new code in it is refused, named."""
    client, tokens, engine, settings = setup
    registered = tmp_path / "du_an.geojson"
    registered.write_text(GEOJSON.replace("UPL-1", "UPL-STATUS"), encoding="utf-8")
    assert ingest(engine, IngestRequest(registered, Options("projects")), settings).ok
    form = {"into": "projects", "mode": "upsert"}
    sheet = "Mã dự án,Tình trạng,Tiến độ (%)\nUPL-STATUS,Đang thi công,15\n".encode()

    preview = upload(client, tokens["gis"], {"file": ("tinh_trang.csv", sheet)}, form)

    assert preview["state"] == "previewed", preview["report"]["errors"]
    assert preview["report"]["changed_fields"] == {
        "UPL-STATUS": {"status": ["proposed", "under_construction"], "percent": [0, 15]}
    }
    new_code = "Mã dự án,Tình trạng,Tiến độ (%)\nUPL-STATUS,Hoàn thành,100\nUPL-MOI,Hoàn thành,100\n".encode()
    refused = upload(client, tokens["gis"], {"file": ("tinh_trang.csv", new_code)}, form)
    named = [e for e in refused["report"]["errors"] if e["field"] == "name_vi"]
    assert refused["state"] == "failed" and [(e["rows"], e["codes"]) for e in named] == [([3], ["UPL-MOI"])]
    assert not _has_project(engine, "UPL-MOI")


def test_two_registries_served_from_one_checkout_keep_their_uploads_apart(setup, make_registry):
    """Jobs are numbered per database, and every local cluster's database is "georeg": two registries served from one
    checkout kept their "job-41" in one folder, and committing one registry's check loaded the other's file. With
    both at the same job number, each commit loads its own file."""
    client, tokens, engine, settings = setup
    other_engine = create_engine(make_registry("uploads_other"))
    with Session(other_engine) as session, session.begin():
        other_token, _ = create_token(session, create_account(session, "gis_other", role="gis"))
    other = TestClient(
        create_app(settings.model_copy(update={"database_url": other_engine.url.render_as_string(False)}))
    )
    next_job = max(job_sequence(e, "SELECT last_value FROM {}") for e in (engine, other_engine)) + 10
    for each in (engine, other_engine):
        job_sequence(each, f"SELECT setval('{{}}', {next_job})")
    mine = GEOJSON.replace("UPL-1", "UPL-MINE")
    theirs = GEOJSON.replace("UPL-1", "UPL-THEIRS").replace("Cống Ninh Quới", "Cống của sổ kia")

    checked = upload(client, tokens["gis"], {"file": ("du_an.geojson", mine.encode())}, {"into": "projects"})
    checked_there = upload(other, other_token, {"file": ("du_an.geojson", theirs.encode())}, {"into": "projects"})

    assert checked["id"] == checked_there["id"] == next_job + 1
    assert commit(other, other_token, checked_there["id"])["state"] == "committed"
    assert commit(client, tokens["gis"], checked["id"])["state"] == "committed"
    assert codes(other_engine, "UPL-%") == ["UPL-THEIRS"] and "UPL-MINE" in codes(engine, "UPL-%")
    other_engine.dispose()


def test_a_database_made_again_under_its_name_has_a_new_upload_folder(cluster, make_database, tmp_path):
    """Its job numbers start again: a folder kept by the database dropped must not be taken for one of the new."""
    url = make_database("uploads_again")
    settings = Settings(database_url=url, upload_dir=tmp_path)
    first, same = create_engine(url), create_engine(url.replace("127.0.0.1", "localhost") + "?sslmode=disable")
    folder = uploads.uploads_folder(first, settings)
    assert uploads.uploads_folder(same, settings) == folder  # the server's and the command line's, however written
    assert folder.parent == tmp_path and folder.name.startswith(make_url(url).database)
    first.dispose(), same.dispose()
    cluster.drop_database(make_url(url).database)
    cluster.ensure_database(make_url(url).database)
    again = create_engine(url)

    assert uploads.uploads_folder(again, settings) != folder
    again.dispose()


def job_sequence(engine, statement: str) -> int:
    with engine.begin() as connection:
        sequence = connection.scalar(text("SELECT pg_get_serial_sequence('ingest_job', 'id')"))
        return connection.scalar(text(statement.format(sequence)))


def codes(engine, like: str) -> list[str]:
    with Session(engine) as session:
        return sorted(session.scalars(select(Project.code).where(Project.code.like(like))))


def test_an_upload_that_would_change_nothing_is_not_kept_waiting_to_be_loaded(setup):
    """A trial's officer checked a file the registry already had: "Nothing to load", yet it stayed listed among the
    files waiting to be loaded, its file kept. It ends checked, its file not kept, and cannot be committed."""
    client, tokens, engine, settings = setup
    same = GEOJSON.replace("UPL-1", "UPL-SAME").encode()
    loaded = upload(client, tokens["gis"], {"file": ("du_an.geojson", same)}, {"into": "projects"})
    assert commit(client, tokens["gis"], loaded["id"])["state"] == "committed"

    again = upload(client, tokens["gis"], {"file": ("du_an.geojson", same)}, {"into": "projects", "mode": "upsert"})

    changes = again["report"]["changes"]
    assert again["state"] == "checked" and (changes["new"], changes["updated"], changes["unchanged"]) == (0, 0, 1)
    # the one rule, said by the server for /upload's script to follow (it wrote its own): nothing to load, no Load
    assert again["report"]["changes_nothing"] and again["report"]["writes_nothing"]
    assert not loaded["report"]["changes_nothing"] and not loaded["report"]["writes_nothing"]
    assert "commit" not in again["links"]
    assert not (uploads.uploads_folder(engine, settings) / f"job-{again['id']}").exists()
    waiting = client.get("/api/jobs", params={"state": "previewed"}, headers=auth(tokens["gis"])).json()["jobs"]
    assert again["id"] not in [job["id"] for job in waiting]
    refused = client.post(f"/api/jobs/{again['id']}/commit", headers=auth(tokens["gis"]))
    assert refused.status_code == 409 and "changes nothing" in refused.json()["detail"]


def test_a_reloads_count_of_projects_changed_by_field_is_told_by_the_server_as_the_command_line_says_it(
    setup, tmp_path, commands_use
):
    """The line "Tên 1 (…); Vị trí 1 (…)" was written twice, by the command line and by /upload's script: the job's
    report now carries it in both languages, as the command line prints it, for the page to show."""
    client, tokens, engine, settings = setup
    first = GEOJSON.replace("UPL-1", "UPL-REN").encode()
    assert (
        commit(
            client,
            tokens["gis"],
            upload(client, tokens["gis"], {"file": ("a.geojson", first)}, {"into": "projects"})["id"],
        )["state"]
        == "committed"
    )
    renamed = GEOJSON.replace("UPL-1", "UPL-REN").replace("Cống Ninh Quới", "Cống Ninh Quới mới")
    (tmp_path / "renamed.geojson").write_text(renamed, encoding="utf-8")

    job = upload(
        client, tokens["gis"], {"file": ("renamed.geojson", renamed.encode())}, {"into": "projects", "mode": "upsert"}
    )

    told = job["report"]["fields_changed_told"]
    assert told == {
        "vi": "Trong cả tệp, số dự án thay đổi theo trường: Tên 1 (UPL-REN)",
        "en": "In the whole file, projects changed by field: Name (vi) 1 (UPL-REN)",
    }, told
    commands_use(engine.url.render_as_string(hide_password=False))
    for lang in ("vi", "en"):
        args = ["ingest", str(tmp_path / "renamed.geojson"), "--into", "projects", "--mode", "upsert", "--dry-run"]
        printed = CliRunner().invoke(app, [*args, "--lang", lang]).output
        assert told[lang] in " ".join(printed.split()), printed


def _sluices(prefix: str, status: str, percent: int) -> dict:
    """A GeoJSON upload of three sluices with one status."""
    features = ",".join(
        f'{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [105.5{i}, 9.3]}}, "properties": '
        f'{{"ma_du_an": "{prefix}-{i}", "ten_du_an": "Cống {i}", "loai": "Cống, công trình điều tiết nước", '
        f'"tinh": "95", "status": "{status}", "percent": {percent}}}}}'
        for i in range(3)
    )
    body = f'{{"type": "FeatureCollection", "features": [{features}]}}'
    return {"file": (f"{status}.geojson", body.encode(), "application/octet-stream")}


def test_of_two_previews_committed_at_once_the_second_waits_for_the_first_and_is_refused_with_true_counts(
    setup, monkeypatch
):
    """Two officers checked files over the same projects and pressed Load at the same moment (trial 37). The second
    load read the projects while the first was writing them: it was refused saying it would "update 40 and leave 112"
    when the first had changed all 152, or, read before the first wrote, it loaded over it. It now waits for the
    first to commit, and is refused with what it would do to the projects as the first left them."""
    client, tokens, engine, settings = setup
    base = upload(client, tokens["gis"], _sluices("UPL-AT", "proposed", 0), {"into": "projects", "mode": "upsert"})
    assert commit(client, tokens["gis"], base["id"])["state"] == "committed"
    done = _sluices("UPL-AT", "completed", 100)
    first = upload(client, tokens["gis"], done, {"into": "projects", "mode": "upsert"})
    second = upload(client, tokens["gis"], _sluices("UPL-AT", "suspended", 10), {"into": "projects", "mode": "upsert"})
    assert first["report"]["changes"]["updated"] == second["report"]["changes"]["updated"] == 3
    writing, go_on, write = threading.Event(), threading.Event(), project_writes.write_rows

    def first_holds_on(session, *args):  # the first load stops after writing, its transaction open
        written = write(session, *args)
        if not writing.is_set():
            writing.set()
            assert go_on.wait(30)
        return written

    monkeypatch.setattr(project_writes, "write_rows", first_holds_on)
    assert begin_commit(engine, first["id"]) and begin_commit(engine, second["id"])
    with ThreadPoolExecutor(2) as pool:
        firsts = pool.submit(uploads.commit_job, engine, first["id"], settings, _account_id(engine, "gis_user"))
        assert writing.wait(30)
        seconds = pool.submit(uploads.commit_job, engine, second["id"], settings, None)
        _until_a_load_waits_for_a_lock(engine)
        go_on.set()
        loaded, refused = firsts.result(60), seconds.result(60)

    assert loaded.ok and not refused.ok
    told = refused.errors[0]
    assert "then it would have added 0 projects, updated 3" not in told.message  # the counts alike: all 3 still
    assert "it would still add 0 projects, update 3 (UPL-AT-0, UPL-AT-1, UPL-AT-2)" in told.message, told.message
    by = ", ".join(f"UPL-AT-{i} ({first['id']}, completed.geojson, Trần Thị Lan on the web)" for i in range(3))
    assert f"since the check (code (job, file, who loaded it)): {by}." in told.message
    with Session(engine) as session:
        statuses = session.execute(select(Project.status, Project.percent).where(Project.code.like("UPL-AT-%")))
        assert set(statuses) == {("completed", 100)}


def _until_a_load_waits_for_a_lock(engine) -> None:
    """Wait (10 s at most) until a session of the registry waits for a lock another holds."""
    for _ in range(100):
        with engine.connect() as connection:
            waiting = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
        if waiting:
            return
        time.sleep(0.1)
