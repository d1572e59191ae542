"""Upload API: GIS staff upload a file, read the preview job, then commit it; others are refused."""

from __future__ import annotations

import os
import time

import pytest
from fastapi.testclient import TestClient
from ingest_files import BUNDLED_DATA
from rio_cogeo.cogeo import cog_validate
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from api.main import create_app
from geo import migrations
from geo.accounts import create_account, create_token
from geo.models import Project, RasterDataset
from geo.settings import Settings

SALINITY_TIF = BUNDLED_DATA / "mekong_soil_salinity_ece_xgb_2025-03.tif"
GEOJSON = (
    '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", '
    '"coordinates": [105.55, 9.3]}, "properties": {"ma_du_an": "UPL-1", "ten_du_an": "Cống Ninh Quới", '
    '"loai": "Cống, công trình điều tiết nước", "tinh": "95"}}]}'
)


@pytest.fixture(scope="module")
def setup(make_database, tmp_path_factory):
    url = make_database("uploads")
    migrations.upgrade(url)
    engine = create_engine(url)
    tokens = {}
    with Session(engine) as session, session.begin():
        for role in ("gis", "editor"):
            account = create_account(session, f"{role}_user", role=role)
            tokens[role], _ = create_token(session, account)
    settings = Settings(
        database_url=url, upload_dir=tmp_path_factory.mktemp("uploads"), raster_dir=tmp_path_factory.mktemp("rasters")
    )
    yield TestClient(create_app(settings)), tokens, engine, settings
    engine.dispose()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def project_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Project))


def raster_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(RasterDataset))


def test_upload_previews_then_commit_loads_and_removes_the_file(setup):
    client, tokens, engine, settings = setup
    files = {"file": ("du_an.geojson", GEOJSON.encode(), "application/octet-stream")}

    preview = client.post("/api/uploads", files=files, data={"into": "projects"}, headers=auth(tokens["gis"]))

    assert preview.status_code == 201, preview.text
    job = preview.json()
    assert job["state"] == "previewed" and job["report"]["sample_rows"][0]["name_vi"] == "Cống Ninh Quới"
    assert job["report"]["sample_rows"][0]["kind"] == "sluice"
    assert project_count(engine) == 0
    assert client.get(f"/api/jobs/{job['id']}", headers=auth(tokens["gis"])).json()["state"] == "previewed"

    committed = client.post(f"/api/jobs/{job['id']}/commit", headers=auth(tokens["gis"]))

    assert committed.status_code == 200, committed.text
    assert committed.json()["state"] == "committed" and committed.json()["written_count"] == 1
    assert project_count(engine) == 1
    assert not (settings.upload_dir / f"job-{job['id']}").exists()
    again = client.post(f"/api/jobs/{job['id']}/commit", headers=auth(tokens["gis"]))
    assert again.status_code == 409 and project_count(engine) == 1


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
    assert list(settings.upload_dir.iterdir()) == []


def test_a_geotiff_upload_is_previewed_then_registered_as_a_cog(setup):
    client, tokens, engine, settings = setup
    tif = SALINITY_TIF.read_bytes()
    files = {"file": ("man_2025.tif", tif, "image/tiff")}
    form = {"into": "salinity", "year": "2025", "period": "2025-03", "source": "Sở TN&MT Bạc Liêu"}

    preview = client.post("/api/uploads", files=files, data=form, headers=auth(tokens["gis"]))

    assert preview.status_code == 201, preview.text
    job = preview.json()
    assert job["state"] == "previewed" and job["report"]["format"] == "GeoTIFF"
    assert job["report"]["crs"] == "EPSG:4326" and job["report"]["size"][0] > 0
    assert raster_count(engine) == 0 and not any(settings.raster_dir.iterdir())

    committed = client.post(f"/api/jobs/{job['id']}/commit", headers=auth(tokens["gis"]))

    assert committed.status_code == 200, committed.text
    report = committed.json()["report"]
    assert committed.json()["state"] == "committed" and report["overviews"]
    with Session(engine) as session:
        dataset = session.get(RasterDataset, report["raster_id"])
        assert (dataset.theme, dataset.year, dataset.period) == ("salinity", 2025, "2025-03")
        assert dataset.source == "Sở TN&MT Bạc Liêu" and dataset.ingest_job_id == job["id"]
    assert cog_validate(dataset.path, quiet=True)[0]
    assert not (settings.upload_dir / f"job-{job['id']}").exists()


def test_a_geotiff_cannot_load_into_projects_nor_take_a_crs(setup):
    client, tokens, engine, settings = setup
    files = {"file": ("rung.tif", SALINITY_TIF.read_bytes(), "image/tiff")}
    rasters_before = raster_count(engine)

    into_projects = client.post("/api/uploads", files=files, data={"into": "projects"}, headers=auth(tokens["gis"]))
    with_crs = client.post(
        "/api/uploads",
        files=files,
        data={"into": "forest", "source": "x", "crs": "EPSG:9209"},
        headers=auth(tokens["gis"]),
    )

    assert into_projects.status_code == 201 and into_projects.json()["state"] == "failed"
    assert "rasters load --into forest or salinity" in into_projects.json()["report"]["errors"][0]
    assert with_crs.status_code == 422 and "CRS is read from the file" in with_crs.json()["detail"]
    assert raster_count(engine) == rasters_before and list(settings.upload_dir.iterdir()) == []


def test_a_new_upload_removes_previews_older_than_the_setting(setup):
    client, tokens, engine, settings = setup
    old, fresh = settings.upload_dir / "job-9001", settings.upload_dir / "job-9002"
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "du_an.geojson").write_text(GEOJSON, encoding="utf-8")
    new_project = GEOJSON.replace("UPL-1", "UPL-2")
    long_ago = time.time() - settings.upload_max_age_hours * 3600 - 60
    for path in (old / "du_an.geojson", old):
        os.utime(path, (long_ago, long_ago))
    files = {"file": ("du_an.geojson", new_project.encode(), "application/octet-stream")}

    response = client.post("/api/uploads", files=files, data={"into": "projects"}, headers=auth(tokens["gis"]))

    assert response.status_code == 201 and response.json()["state"] == "previewed", response.text
    assert not old.exists() and (fresh / "du_an.geojson").exists()
    assert (settings.upload_dir / f"job-{response.json()['id']}").exists()
