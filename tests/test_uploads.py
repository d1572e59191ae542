"""Upload API: GIS staff upload a file, read the preview job, then commit it; others are refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from api.main import create_app
from geo import migrations
from geo.accounts import create_account, create_token
from geo.models import Project
from geo.settings import Settings

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
    settings = Settings(database_url=url, upload_dir=tmp_path_factory.mktemp("uploads"))
    yield TestClient(create_app(settings)), tokens, engine, settings
    engine.dispose()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def project_count(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Project))


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
