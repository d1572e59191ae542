"""A registry closed to the public (public_reads off): a browser logs in once with its token, kept as an HttpOnly
session cookie, and then reads pages, the API and the map tiles; writes still need the Authorization header."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from live_servers import serving

from api.auth import SESSION_COOKIE
from api.main import create_app

PAGE = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def closed(reporting) -> TestClient:
    return TestClient(create_app(reporting.settings.model_copy(update={"public_reads": False})))


def test_a_session_cookie_opens_the_reads_and_logging_out_closes_them(reporting, closed):
    assert closed.get("/api/projects").status_code == 401

    opened = closed.post("/api/session", json={"token": reporting.tokens["viewer"]})

    assert opened.status_code == 200 and opened.json()["role"] == "viewer"
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert closed.get("/api/projects").status_code == 200
    assert closed.get("/", headers=PAGE).status_code == 200
    assert closed.get("/tiles/projects/8/203/121.pbf").status_code in (200, 204)
    assert closed.delete("/api/session").status_code == 204
    assert closed.get("/api/projects").status_code == 401


@pytest.mark.parametrize("who", ["expired", "revoked"])
def test_only_a_valid_token_opens_a_session(reporting, closed, who):
    for token in (reporting.tokens[who], "grt_not-a-token"):
        refused = closed.post("/api/session", json={"token": token})
        assert refused.status_code == 401 and "set-cookie" not in refused.headers
    assert closed.get("/api/projects").status_code == 401


def test_writes_do_not_take_the_session_cookie(reporting, closed):
    """A page of another site could make the browser send the cookie: a write needs the header, which it cannot."""
    closed.post("/api/session", json={"token": reporting.tokens["sct"]})
    report = {"status": "under_construction", "percent": "40", "lon": "106.338181", "lat": "9.978182"}

    assert closed.post("/api/projects/12/status", data=report).status_code == 401


def test_a_browser_opening_a_page_is_sent_to_login_and_back(closed):
    page = closed.get("/units/2025/96?lang=en", headers=PAGE, follow_redirects=False)
    api = closed.get("/api/projects", headers=PAGE, follow_redirects=False)

    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Funits%2F2025%2F96%3Flang%3Den"
    assert api.status_code == 401
    login = closed.get(page.headers["location"])
    assert login.status_code == 200 and '"next": "/units/2025/96?lang=en"' in login.text
    for elsewhere in ("//evil.example/x", "/\\evil.example", "https://evil.example/"):
        assert '"next": "/"' in closed.get("/login", params={"next": elsewhere}).text


def test_in_chromium_logging_in_opens_the_map_with_its_tiles(browser, reporting):
    settings = reporting.settings.model_copy(update={"public_reads": False})
    with serving(settings) as server:
        page = browser.new_page()
        refused: list[str] = []
        page.on("response", lambda r: refused.append(r.url) if r.status in (401, 403) else None)
        page.goto(f"{server}/")
        assert urlparse(page.url).path == "/login"
        refused.clear()
        page.fill("#token", reporting.tokens["viewer"])
        page.click("#send")
        page.wait_for_url(f"{server}/", timeout=10_000)
        page.wait_for_load_state("networkidle")

        assert page.locator(".leaflet-projects-pane path.leaflet-interactive").count() > 10
        assert page.locator(".leaflet-units-pane path").count() > 16
        assert refused == []
        page.close()
