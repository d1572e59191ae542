"""Retiring a project (admin, API or CLI): off the lists, tiles and progress, kept with its history and reason,
audited, and undone by restore."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app as cli
from geo.accounts import create_account, create_token
from geo.layer_versions import url_version
from geo.models import AuditLogEntry, Project
from geo.settings import Settings


@pytest.fixture(scope="module")
def registry(make_registry):
    url = make_registry("retirement", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        tokens = {
            role: create_token(session, create_account(session, f"{role}_r", role=role))[0]
            for role in ("admin", "editor")
        }
    yield TestClient(create_app(Settings(database_url=url))), engine, tokens, url
    engine.dispose()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def listed(client: TestClient) -> set[int]:
    return {f["id"] for f in client.get("/api/projects", params={"limit": 1000}).json()["features"]}


def counted_in_progress(client: TestClient) -> int:
    units = client.get("/api/progress", params={"scheme": "pre2025", "level": "province"}).json()["units"]
    return sum(unit["projects"] for unit in units)


def test_an_admin_retires_a_project_with_a_reason_and_restores_it(registry):
    client, engine, tokens, _ = registry
    project = min(listed(client))
    version = client.get(f"/api/projects/{project}").json()["properties"]["version"]
    with Session(engine) as session:
        tiles_before = url_version(session, ["projects"])
    in_progress = counted_in_progress(client)

    retired = client.post(
        f"/api/projects/{project}/retire", json={"reason": "trùng với dự án khác"}, headers=auth(tokens["admin"])
    )

    assert retired.status_code == 200, retired.text
    properties = retired.json()["properties"]
    assert properties["retired_reason"] == "trùng với dự án khác" and properties["retired_at"]
    assert properties["version"] == version + 1
    assert project not in listed(client) and counted_in_progress(client) < in_progress
    with Session(engine) as session:
        assert url_version(session, ["projects"]) != tiles_before
        entry = session.scalars(select(AuditLogEntry).order_by(AuditLogEntry.id.desc()).limit(1)).one()
        assert (entry.action, entry.entity_id, entry.actor) == ("retire", str(project), "admin_r")
    again = client.post(f"/api/projects/{project}/retire", json={"reason": "again"}, headers=auth(tokens["admin"]))
    assert again.status_code == 409 and "already retired" in again.json()["detail"]
    asked_in_vietnamese = client.post(
        f"/api/projects/{project}/retire",
        json={"reason": "again"},
        headers=auth(tokens["admin"]) | {"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    assert asked_in_vietnamese.status_code == 409
    assert re.fullmatch(
        r"dự án \S+ đã được rút khỏi danh mục ngày \d\d/\d\d/\d{4}", asked_in_vietnamese.json()["detail"]
    )

    restored = client.post(f"/api/projects/{project}/restore", headers=auth(tokens["admin"]))

    assert restored.status_code == 200 and restored.json()["properties"]["retired_at"] is None
    assert project in listed(client) and counted_in_progress(client) == in_progress


def test_only_an_admin_may_retire_and_a_reason_is_needed(registry):
    client, _, tokens, _ = registry
    project = min(listed(client))
    body = {"reason": "dropped by the plan"}
    assert client.post(f"/api/projects/{project}/retire", json=body).status_code == 401
    assert client.post(f"/api/projects/{project}/retire", json=body, headers=auth(tokens["editor"])).status_code == 403
    no_reason = client.post(f"/api/projects/{project}/retire", json={"reason": ""}, headers=auth(tokens["admin"]))
    assert no_reason.status_code == 422
    assert client.post("/api/projects/999999/retire", json=body, headers=auth(tokens["admin"])).status_code == 404
    assert project in listed(client)


def test_the_command_line_retires_and_restores_by_code(registry, commands_use):
    client, engine, _, url = registry
    with Session(engine) as session:
        first, second = session.scalars(
            select(Project.code).where(Project.retired_at.is_(None)).order_by(Project.code).limit(2)
        )
    commands_use(url)
    runner = CliRunner()
    retired = runner.invoke(cli, ["project", "retire", first, "--reason", "gộp vào dự án khác"])
    assert retired.exit_code == 0, retired.output
    assert f"{first}: đã rút khỏi danh mục" in retired.output
    with Session(engine) as session:
        assert session.scalar(select(Project.retired_reason).filter_by(code=first)) == "gộp vào dự án khác"
    unknown = runner.invoke(cli, ["project", "retire", "NO-SUCH", "--reason", "x", "--lang", "en"])
    assert unknown.exit_code == 1 and "Nothing changed: no project with code 'NO-SUCH'" in unknown.output
    bracketed = runner.invoke(cli, ["project", "retire", "[bl]-1", "--reason", "x", "--lang", "en"])  # not markup
    assert bracketed.exit_code == 1 and "no project with code '[bl]-1'" in bracketed.output, bracketed.output
    # several at once, all or none: one not retired refuses the whole, in Vietnamese by default
    refused = runner.invoke(cli, ["project", "restore", first, second])
    assert refused.exit_code == 1 and "Không có gì thay đổi:" in refused.output, refused.output
    with Session(engine) as session:
        assert session.scalar(select(Project.retired_at.is_not(None)).filter_by(code=first))
    assert runner.invoke(cli, ["project", "retire", second, "--reason", "trùng"]).exit_code == 0
    restored = runner.invoke(cli, ["project", "restore", first, second, "--lang", "en"])
    assert restored.exit_code == 0 and f"{first}, {second}: restored" in restored.output, restored.output
    with Session(engine) as session:
        alive = select(func.count()).where(Project.code.in_([first, second]), Project.retired_at.is_(None))
        assert session.scalar(alive) == 2


def test_a_retired_projects_page_says_when_and_why(registry):
    client, _, tokens, _ = registry
    project = max(listed(client))
    reason = "trùng với dự án khác"
    client.post(f"/api/projects/{project}/retire", json={"reason": reason}, headers=auth(tokens["admin"]))
    try:
        page = client.get(f"/projects/{project}")
        english = client.get(f"/projects/{project}", params={"lang": "en"})
    finally:
        client.post(f"/api/projects/{project}/restore", headers=auth(tokens["admin"]))

    assert page.status_code == 200 and "đưa ra khỏi sổ đăng ký ngày" in page.text and reason in page.text
    assert "This project was retired from the registry on" in english.text
    assert "retired from the registry" not in client.get(f"/projects/{project}", params={"lang": "en"}).text
