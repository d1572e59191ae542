"""A registry closed to the public (public_reads off): a browser logs in once with its token and gets a session (a
random id in an HttpOnly cookie, stored hashed, ended by logout, expiry or its token's revocation); it then reads
pages, the API and the map tiles; writes take the session only from the registry's own pages."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from live_servers import serving
from painted_map import wait_until_painted
from playwright.sync_api import expect
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from api.auth import SESSION_COOKIE
from api.main import create_app
from geo.accounts import create_account, create_token, find_account, revoke_token, update_account
from geo.models import ApiToken, BrowserSession

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


def test_a_page_says_who_is_logged_in_by_the_name_colleagues_know_and_its_log_out_is_not_its_action(
    browser, reporting, reporting_server
):
    """/upload said "Đã đăng nhập: sct_editor" while its lists name "Sở Công Thương", and its Log out was a full-width
    green button like "Check the file"."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{reporting_server}/login?next=%2Fupload")
    page.fill("#token", reporting.tokens["sct"])
    page.click("#send")
    page.locator("#session").wait_for(timeout=10_000)
    assert page.inner_text("#session").startswith("Đã đăng nhập: Sở Công Thương (sct_editor)")
    # an editor is shown no form on /upload (a6366859): the full-width box beside it is the token's
    out, box = page.locator("#log-out").bounding_box(), page.locator("#token").bounding_box()
    assert out["width"] < box["width"] / 2
    assert page.eval_on_selector("#log-out", "(b) => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


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

    # the English page's login is in English
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Funits%2F2025%2F96%3Flang%3Den&lang=en"
    assert api.status_code == 401
    login = closed.get(page.headers["location"])
    assert login.status_code == 200 and '"next": "/units/2025/96?lang=en"' in login.text and 'lang="en"' in login.text
    for elsewhere in ("//evil.example/x", "/\\evil.example", "https://evil.example/"):
        assert '"next": "/"' in closed.get("/login", params={"next": elsewhere}).text


@pytest.mark.parametrize(
    ("login", "back"),
    [
        ("/login?lang=en", "/?lang=en"),
        ("/login?lang=en&next=%2Fmonitoring", "/monitoring?lang=en"),
        ("/login?next=%2F%3Flang%3Den", "/"),  # switched to Vietnamese on the login page: back in Vietnamese
        ("/login", "/"),
    ],
)
def test_logging_in_goes_back_in_the_login_pages_language(closed, login, back):
    assert f'"next": "{back}"' in closed.get(login).text


@pytest.mark.parametrize(
    ("came_from", "back"),
    [
        ("http://testserver/status-report?project=24", "/status-report?project=24"),
        ("http://testserver/status-report?lang=en&project=24", "/status-report?project=24&lang=en"),
        ("https://evil.example/status-report?project=24", "/"),  # another site's page is not gone back to
        ("http://testserver//evil.example/x", "/"),
        ("http://testserver/login?next=%2Fupload", "/"),
    ],
)
def test_a_login_without_next_goes_back_to_the_page_of_this_site_it_came_from(closed, came_from, back):
    """A bare /login followed from the field form took the officer to the map, away from her report (trial 51)."""
    lang = {"lang": "en"} if "lang=en" in came_from else {}
    login = closed.get("/login", params=lang, headers={"Referer": came_from})
    assert f'"next": "{back}"' in login.text


def test_in_chromium_a_bare_login_link_on_the_form_comes_back_to_the_form(browser, reporting):
    settings = reporting.settings.model_copy(update={"public_reads": False})
    with serving(settings) as server:
        page = browser.new_page()
        page.goto(f"{server}/login?next=%2Fstatus-report%3Fproject%3D13")  # reads closed: log in a first time
        page.fill("#token", reporting.tokens["sct"])
        page.click("#send")
        page.wait_for_url(f"{server}/status-report?project=13", timeout=10_000)
        page.evaluate("fetch('/api/session', {method: 'DELETE'})")  # the session ends while the form is open
        page.evaluate("location.assign('/login')")  # a link to the login page without ?next=
        page.wait_for_url(f"{server}/login", timeout=10_000)
        page.fill("#token", reporting.tokens["sct"])
        page.click("#send")
        page.wait_for_url(f"{server}/status-report?project=13", timeout=10_000)
        page.close()


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

        wait_until_painted(page, 10)
        # the units' tiles come apart from the projects': counted once drawn
        page.wait_for_function("() => document.querySelectorAll('.leaflet-units-pane path').length > 16")
        assert page.locator(".leaflet-units-pane path").count() > 16
        assert refused == []
        page.close()


@pytest.fixture
def fresh_token(reporting_engine) -> tuple[str, int]:
    """A token of its own (an editor of TV.SCT), so that revoking it touches no other test."""
    with Session(reporting_engine) as session, session.begin():
        token, row = create_token(session, find_account(session, "sct_editor"), days=2)
        token_id = row.id
    return token, token_id


def test_the_cookie_holds_a_session_id_stored_hashed_with_its_expiry_not_the_token(
    reporting, closed, reporting_engine, fresh_token
):
    token, token_id = fresh_token
    opened = closed.post("/api/session", json={"token": token})
    cookie = closed.cookies[SESSION_COOKIE]
    # kept across a browser's restart for the session's length (a phone's browser closed logged the officer out)
    hours = reporting.settings.browser_session_hours
    assert f"Max-Age={int(hours * 3600)}" in opened.headers["set-cookie"], opened.headers["set-cookie"]

    assert cookie != token and token not in closed.cookies.values()
    with Session(reporting_engine) as session:
        stored = session.scalars(select(BrowserSession).where(BrowserSession.token_id == token_id)).one()
    assert stored.id_hash == hashlib.sha256(cookie.encode()).hexdigest() and cookie not in stored.id_hash
    assert timedelta(hours=hours - 0.1) < stored.expires_at - stored.created_at <= timedelta(hours=hours)


def test_logging_out_ends_the_session_even_for_a_copy_of_the_cookie(closed, fresh_token):
    closed.post("/api/session", json={"token": fresh_token[0]})
    copied = closed.cookies[SESSION_COOKIE]
    assert closed.get("/api/session").json()["username"] == "sct_editor"

    assert closed.delete("/api/session").status_code == 204

    replayed = closed.get("/api/projects", cookies={SESSION_COOKIE: copied})
    assert replayed.status_code == 401 and "/login" in replayed.json()["detail"]
    assert closed.get("/api/session", cookies={SESSION_COOKIE: copied}).json()["username"] is None


def test_revoking_its_token_or_its_expiry_ends_the_session(closed, reporting_engine, fresh_token):
    token, token_id = fresh_token
    closed.post("/api/session", json={"token": token})
    assert closed.get("/api/projects").status_code == 200
    with Session(reporting_engine) as session, session.begin():
        session.execute(update(BrowserSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    expired = closed.get("/api/projects")
    assert expired.status_code == 401 and expired.json()["detail"].startswith("Your session has ended")
    assert closed.get("/api/session").json()["ended"] is None  # the ordinary login hint, no error

    closed.post("/api/session", json={"token": token})
    assert closed.get("/api/projects").status_code == 200
    with Session(reporting_engine) as session, session.begin():
        revoke_token(session, token_id)
    assert closed.get("/api/projects").status_code == 401


@pytest.mark.parametrize(
    ("ended_by", "said"),
    [
        ("deactivation", ["account has been deactivated", "will not work until the account is active again"]),
        ("revocation", ["The token you logged in with was revoked at", "with the new token"]),
    ],
)
def test_a_session_the_administrator_ended_says_why_not_merely_ended(closed, reporting_engine, ended_by, said):
    """Duc's account deactivated (hạnh's token revoked) while logged in: the API said "Your session has ended (logged
    out, expired or token revoked); log in again", and logging in again could not work (trial s73)."""
    username = f"session.{ended_by}"
    with Session(reporting_engine) as session, session.begin():
        token, row = create_token(session, create_account(session, username, role="editor", agency_code="TV.SCT"))
        token_id = row.id
    closed.post("/api/session", json={"token": token})
    with Session(reporting_engine) as session, session.begin():
        if ended_by == "deactivation":
            update_account(session, username, {"is_active": False})
        else:
            revoke_token(session, token_id)

    refused = closed.get("/api/projects")
    assert refused.status_code == 401 and refused.headers["Session-Ended"].startswith("session_")
    assert all(words in refused.json()["detail"] for words in said), refused.json()
    assert "log in again at /login" not in refused.json()["detail"]
    assert all(words in closed.get("/api/session").json()["ended"] for words in said)  # a page opened says it too


def test_a_tokens_last_used_mark_is_written_once_in_its_window_not_on_every_request(
    closed, reporting_engine, fresh_token
):
    """Every request with a token wrote its "last used" mark (a read became a write); within LAST_USED_EVERY (5
    minutes) of the stored mark a request writes nothing (the row's xmin unchanged), by its token or its session;
    after it, the mark is written again."""
    token, token_id = fresh_token

    def row() -> tuple[str, datetime]:
        with reporting_engine.connect() as connection:
            found = "SELECT xmin::text, last_used_at FROM api_token WHERE id = :id"
            return tuple(connection.execute(text(found), {"id": token_id}).one())

    def mark_moved_back(minutes: float) -> tuple[str, datetime]:
        with Session(reporting_engine) as session, session.begin():
            moved = datetime.now(UTC) - timedelta(minutes=minutes)
            session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=moved))
        return row()

    bearer = {"Authorization": f"Bearer {token}"}
    assert closed.post("/api/session", json={"token": token}).status_code == 200
    for after in ({"headers": bearer}, {}):  # by the token; by the session's cookie (a closed registry's reads)
        within = mark_moved_back(4)
        assert closed.get("/api/projects", params={"limit": 1}, **after).status_code == 200
        assert row() == within, after  # nothing written
        mark_moved_back(6)
        assert closed.get("/api/projects", params={"limit": 1}, **after).status_code == 200
        assert datetime.now(UTC) - row()[1] < timedelta(minutes=1), after


def test_the_registrys_own_pages_write_with_the_session(reporting, closed, fresh_token):
    """Writes take the cookie only with the header the pages send (another site cannot make a browser send it)."""
    closed.post("/api/session", json={"token": fresh_token[0]})
    report = {"status": "under_construction", "percent": "41", "lon": "106.338181", "lat": "9.978182"}

    assert closed.post("/api/projects/12/status", data=report).status_code == 401
    sent = closed.post("/api/projects/12/status", data=report, headers={"X-Requested-With": "georeg"})
    assert sent.status_code == 201, sent.text


def test_in_chromium_the_login_keeps_nothing_in_local_storage_and_logging_out_closes_the_reads(browser, reporting):
    settings = reporting.settings.model_copy(update={"public_reads": False})
    with serving(settings) as server:
        page = browser.new_page()
        page.goto(f"{server}/login?next=%2Fstatus-report")
        page.fill("#token", "grt_not-a-token")
        page.click("#send")
        page.wait_for_selector("#message.error")
        assert page.evaluate("localStorage.length") == 0
        page.fill("#token", reporting.tokens["viewer"])
        page.click("#send")
        page.wait_for_url(f"{server}/status-report", timeout=10_000)
        assert page.evaluate("document.cookie") == ""
        # logged in, the form shows who, not the token's box (it pushed the projects near down a phone's screen)
        page.locator("#session").wait_for(timeout=10_000)
        expect(page.locator("#token")).to_be_hidden()
        assert not page.locator('label[for="token"]').is_visible() and not page.locator("#show-token").is_visible()
        assert page.evaluate("fetch('/api/projects').then((r) => r.status)") == 200
        # the form remembers who is logged in, to say it offline: the name, never the token
        kept = page.evaluate("Object.fromEntries(Object.entries(localStorage))")
        assert list(kept) == ["georeg.report-form.logged-in-as"], kept
        assert reporting.tokens["viewer"] not in str(kept) and "grt_" not in str(kept)

        page.goto(f"{server}/login")
        assert "viewer" in page.locator("#session").inner_text(timeout=10_000)
        with page.expect_navigation():
            page.click("#log-out")
        assert page.locator("#session").count() == 0
        assert page.evaluate("fetch('/api/projects').then((r) => r.status)") == 401
        page.close()


def test_the_login_page_offers_to_log_out_only_a_browser_logged_in(browser, reporting, reporting_server):
    """A browser not logged in was offered "Đăng xuất" beside "Đăng nhập": a new user could not tell which to press."""
    page = browser.new_page()
    page.goto(f"{reporting_server}/login")
    page.wait_for_load_state("networkidle")
    assert page.locator("button", has_text="Đăng xuất").count() == 0 and page.locator("#session").count() == 0
    page.fill("#token", reporting.tokens["viewer"])
    with page.expect_navigation():
        page.click("#send")
    page.goto(f"{reporting_server}/login")
    assert "Đã đăng nhập:" in page.locator("#session").inner_text(timeout=10_000)
    assert page.locator("button", has_text="Đăng xuất").count() == 1
    page.close()


def test_the_login_page_says_whether_reading_needs_an_account(closed, reporting_client):
    assert "readable with an account only" in closed.get("/login?lang=en").text
    opened = reporting_client.get("/login?lang=en").text
    assert "Anyone may read this registry" in opened and "readable with an account only" not in opened
    assert "Ai cũng xem được sổ đăng ký" in reporting_client.get("/login").text
