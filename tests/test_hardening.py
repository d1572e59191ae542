"""Bad input answers 4xx naming the parameter (never 500), an unreachable database answers 503 with Retry-After on
every route, every response carries the security headers, and bodies past their route's limit get 413.

Each probe here was a 500 (or a missing header) once; see issue #14.
"""

from __future__ import annotations

import json
import re
import socket
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url
from sqlalchemy.orm import Session
from tcp_relay import Relay

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.db import CONNECT_TIMEOUT_S
from geo.settings import Settings

NUL_PROBES = [
    ("/tiles/projects/10/814/488.pbf?agency=x%00y", "agency"),
    ("/api/progress?agency=x%00y", "agency"),
    ("/progress?agency=x%00y", "agency"),
    ("/api/salinity/units?source=x%00y", "source"),
    ("/api/salinity/projects?period=x%00y", "period"),
    ("/ogc/collections/projects/items?kind=x%00y", "kind"),
    ("/ogc/collections/projects/items?filter=code%20%3D%20%27%00%27", "filter"),
    ("/api/projects?q=x%00y", "q"),
]
OVERFLOW_PROBES = [
    ("/api/projects?offset=99999999999999999999", "offset"),
    ("/api/forest?year=99999999999999999999", "year"),
    ("/raster/forest_cover/legend?dataset=99999999999", "dataset"),
    ("/api/projects/99999999999", "project_id"),
]


@pytest.fixture(scope="module")
def admin(make_registry):
    """The app over its own sample registry, and an admin's token."""
    url = make_registry("hardening", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token = create_token(session, create_account(session, "admin_h", role="admin"))[0]
    engine.dispose()
    return TestClient(create_app(Settings(database_url=url))), {"Authorization": f"Bearer {token}"}


def _named(response, name: str) -> bool:
    detail = response.json()["detail"]
    return any(name in error["loc"] for error in detail) if isinstance(detail, list) else name in detail


@pytest.mark.parametrize(("url", "name"), NUL_PROBES)
def test_a_nul_character_in_a_text_parameter_is_422_naming_it(client, url, name):
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert _named(response, name)


@pytest.mark.parametrize(("url", "name"), OVERFLOW_PROBES)
def test_an_integer_beyond_the_database_is_4xx_naming_it(client, url, name):
    response = client.get(url)
    assert response.status_code in (400, 404, 422), response.text
    if response.status_code != 404:
        assert _named(response, name)


@pytest.mark.parametrize(
    ("url", "name", "taken"),
    [
        ("/api/projects?provice=84", "provice", "province"),  # a typo listed every project
        ("/api/projects?as_of=2024-06-30", "as_of", "status"),  # the list is today's: it said nothing
        ("/api/progress?scheme=2025&levle=commune", "levle", "level"),
        ("/api/exports/projects.geojson?kinds=sluice", "kinds", "kind"),  # a download of every kind
    ],
)
def test_a_query_parameter_the_api_does_not_take_is_422_naming_it(client, url, name, taken):
    """Ignored, a mistyped filter answered as if no filter were given; refused, it is named with those the route
    takes, in the client's language."""
    response = client.get(url)
    assert response.status_code == 422 and _named(response, name), response.text
    assert taken in response.json()["detail"][0]["msg"]
    vietnamese = client.get(url, headers={"Accept-Language": "vi"}).json()["detail"][0]["msg"]
    assert vietnamese.startswith("đường dẫn này không nhận tham số này") and taken in vietnamese


def test_a_page_opens_with_a_parameter_it_does_not_know(client):
    """A link shared from a chat app may carry a tracker's parameter: the pages open as without it."""
    assert client.get("/?fbclid=abc&kind=sluice").status_code == 200
    assert client.get("/progress?utm_source=zalo").status_code == 200


@pytest.mark.parametrize(
    "cql", ["(" * 3000 + "code = 'x'" + ")" * 3000, "NOT " * 5000 + "code = 'x'", "code = '" + "x" * 60_001 + "'"]
)
def test_a_cql2_filter_too_deep_or_too_long_is_400(client, cql):
    response = client.get("/ogc/collections/projects/items", params={"filter": cql})
    assert response.status_code == 400, response.text
    assert "nests deeper" in response.text or "characters long" in response.text


def test_a_cql2_filter_nested_within_the_limit_still_works(client):
    cql = "(" * 20 + "NOT NOT code = 'x'" + ")" * 20
    response = client.get("/ogc/collections/projects/items", params={"filter": cql})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("bad", ["a\u0000b", "a\ud800b"])
def test_admin_json_with_nul_or_a_lone_surrogate_is_422_naming_the_field_and_changes_nothing(admin, bad):
    client, headers = admin
    headers = {**headers, "Content-Type": "application/json"}
    body = {"username": "nul_probe", "role": "viewer", "display_name": bad}
    response = client.post("/api/accounts", content=json.dumps(body), headers=headers)
    assert response.status_code == 422, response.text
    assert _named(response, "display_name")
    project = client.get("/api/projects", params={"limit": 1}).json()["features"][0]["id"]
    response = client.post(f"/api/projects/{project}/retire", content=json.dumps({"reason": bad}), headers=headers)
    assert response.status_code == 422 and _named(response, "reason")
    assert client.get(f"/api/projects/{project}").json()["properties"].get("retired_at") is None
    assert "nul_probe" not in client.get("/api/accounts", headers=headers).text


def test_the_query_path_and_json_refuse_what_the_forms_refuse_in_the_requests_language(admin):
    """The requests' own check kept an older rule (NUL and lone surrogates only) and said it in English alone: a
    display name with Word's line break (U+000B) or a direction override (U+202E) went in through JSON, which a form
    refused. One rule (geo.plain_text) and its words, in Vietnamese to a page that asks for it."""
    client, headers = admin
    query = client.get("/api/projects?agency=TV.SCT%0B", headers={"Accept-Language": "vi"})
    assert query.status_code == 422, query.text
    (error,) = query.json()["detail"]
    assert error["loc"] == ["query", "agency"] and error["type"] == "not_text", error
    assert error["msg"].startswith("có ký tự không phải chữ (U+000B: ký tự điều khiển"), error
    body = {"username": "rtl_probe", "role": "viewer", "display_name": "L\u00ea Hoa\u202e"}
    sent = client.post(
        "/api/accounts", content=json.dumps(body), headers={**headers, "Content-Type": "application/json"}
    )
    assert sent.status_code == 422, sent.text
    (error,) = sent.json()["detail"]
    assert error["loc"] == ["body", "display_name"], error
    assert error["msg"].startswith("holds characters that are not text (U+202E: control characters"), error
    assert "rtl_probe" not in client.get("/api/accounts", headers=headers).text


def test_bad_input_keeps_the_connection_alive(live_server):
    """A 500 used to close the keep-alive connection; a 4xx does not."""
    import httpx

    with httpx.Client(base_url=live_server) as http:
        assert http.get("/api/projects?offset=99999999999999999999").status_code == 400
        assert http.get("/api/projects?q=x%00").status_code == 422
        assert http.get("/health").status_code == 200
        assert len(http._transport._pool.connections) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def outage():
    """The app pointed at a PostgreSQL port where nothing listens (the database is down)."""
    url = f"postgresql+psycopg://georeg@127.0.0.1:{_free_port()}/georeg"
    return create_app(Settings(database_url=url))


def test_health_names_the_database_without_its_host_or_port(outage):
    response = TestClient(outage).get("/health")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"
    assert "127.0.0.1" not in response.text and "port" not in response.text.lower()
    assert response.headers["Retry-After"].isdigit()


def _sample_path(template: str) -> str:
    values = {"z": "10", "x": "814", "y": "488", "layer_id": "projects", "collection_id": "projects"}
    return re.sub(r"\{(\w+)\}", lambda name: values.get(name[1], "1"), template)


def test_every_route_answers_503_with_retry_after_when_the_database_is_down(outage):
    client = TestClient(outage, raise_server_exceptions=False)
    headers = {"Authorization": "Bearer grt_whatever"}
    answered = {}
    for template, operations in outage.openapi()["paths"].items():
        for method in (method.upper() for method in operations):
            path = _sample_path(template)
            response = client.request(method, path, headers=headers, json={} if method != "GET" else None)
            answered[f"{method} {path}"] = response.status_code
            assert response.status_code < 500 or response.status_code == 503, (method, path, response.text)
            if response.status_code == 503:
                assert response.headers["Retry-After"].isdigit()
    down = [key for key, status in answered.items() if status == 503]
    for must in ("GET /api/projects", "GET /tiles/projects/10/814/488.pbf", "GET /", "GET /progress"):
        assert must in down, answered
    assert "GET /ogc/collections/projects/items" in down and "POST /api/accounts" in down


@pytest.mark.parametrize(
    ("path", "lang", "said"),
    [
        ("/", "vi", "Không kết nối được cơ sở dữ liệu"),
        ("/progress?lang=en", "en", "database cannot be reached"),
        ("/accounts", "vi", "Hãy thử lại sau vài phút"),
        ("/projects/6?lang=en", "en", "tell the registry's administrator"),
        ("/monitoring", "vi", "báo quản trị viên"),
    ],
)
def test_a_page_opened_while_the_database_is_down_is_a_page_in_the_readers_language(outage, path, lang, said):
    """Every page was the API's English JSON, to Vietnamese readers too (trial 55): a page saying what happened,
    what to do, and the request's id to quote, which the answer's header and the server's log carry."""
    response = TestClient(outage).get(path, headers={"Accept": "text/html"})
    assert response.status_code == 503 and response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in response.text and said in response.text
    assert response.headers["Retry-After"].isdigit()
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) >= 8 and f"<code>{request_id}</code>" in response.text
    assert "127.0.0.1" not in response.text and '"detail"' not in response.text


def test_the_api_says_an_outage_in_the_requests_language(outage):
    client = TestClient(outage)
    vietnamese = client.get("/api/projects", headers={"Accept-Language": "vi"})
    assert vietnamese.status_code == 503
    assert vietnamese.json()["detail"].startswith("Không kết nối được cơ sở dữ liệu của sổ đăng ký")
    english = client.get("/api/projects")
    assert english.status_code == 503 and english.json()["detail"].startswith("The registry's database cannot")
    assert english.headers["X-Request-ID"] != vietnamese.headers["X-Request-ID"]


def test_an_outage_says_nothing_was_changed_only_to_a_write(outage):
    """Trial 61: a reader who only opened a page was told "nothing was changed"; a write is told it, a read not."""
    client = TestClient(outage)
    page = client.get("/status-reports?lang=en", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "database cannot be reached" in page.text
    assert "nothing was changed" not in page.text.lower()
    assert "chưa có gì thay đổi" not in client.get("/api/projects", headers={"Accept-Language": "vi"}).text.lower()
    written = client.post("/api/session", json={"token": "grt_abc"})  # a login writes the session
    assert written.status_code == 503 and written.json()["detail"].startswith(
        "The registry's database cannot be reached just now. Nothing was changed. Try again"
    ), written.text


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


@pytest.mark.parametrize("url", ["/", "/login", "/accounts", "/report", "/api/projects", "/health", "/nothing-here"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    assert all(name in response.headers for name in SECURITY_HEADERS), response.headers
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_over_https(sample_settings):
    response = TestClient(create_app(sample_settings), base_url="https://registry.example").get("/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_every_script_of_a_page_carries_the_responses_nonce(client):
    response = client.get("/login")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert response.text.count("<script") == response.text.count(f'<script nonce="{nonce}"') > 0
    assert nonce not in client.get("/login").headers["Content-Security-Policy"]


def test_a_json_body_over_its_limit_is_413_before_it_is_read(client):
    limit = client.app.state.settings.json_body_max_bytes
    response = client.post(
        "/api/session", content=b"{" + b" " * limit + b"}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and f"{limit:,}" in response.json()["detail"]


def test_a_body_sent_without_a_length_is_cut_at_its_limit(client):
    limit = client.app.state.settings.json_body_max_bytes

    def chunks():
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536

    response = client.post("/api/session", content=chunks(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 413


@pytest.mark.parametrize("crafted", ["/x<!--<script>", '/x"onload=1', "/x y", "//evil.example", "/\\evil.example"])
def test_login_takes_only_a_plain_local_path_as_next(client, crafted):
    page = client.get("/login", params={"next": crafted}).text
    assert '"next": "/"' in page and "<!--" not in page


def test_a_database_that_goes_away_answers_503_and_the_app_recovers_when_it_returns(sample_url):
    """The real PostGIS behind a relay the test cuts: pooled connections reset, new ones refused; then restored."""
    database = make_url(sample_url)
    relay = Relay((database.host, database.port))
    relay.open()
    app = create_app(Settings(database_url=database.set(port=relay.port).render_as_string(hide_password=False)))
    client = TestClient(app, raise_server_exceptions=False)
    pages = ("/health", "/api/projects", "/", "/ogc/collections/projects/items", "/tiles/projects/10/814/488.pbf")
    try:
        assert [client.get(url).status_code for url in pages] == [200, 200, 200, 200, 200]

        relay.cut()
        down = [client.get(url.replace("814", "815")) for url in pages]  # a tile not in the cache
        assert [response.status_code for response in down] == [503] * len(pages), [r.text for r in down]
        assert all(response.headers["Retry-After"].isdigit() for response in down)
        assert "127.0.0.1" not in down[0].text and str(relay.port) not in down[0].text

        relay.open()
        assert [client.get(url).status_code for url in pages] == [200, 200, 200, 200, 200]
    finally:
        relay.cut()
        app.state.engine.dispose()


def test_a_database_host_that_does_not_answer_gets_503_after_the_connect_timeout():
    """A port that takes connections but never answers (a hung host): the request ends in 503, not in a wait of
    minutes."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        app = create_app(Settings(database_url=f"postgresql+psycopg://georeg@127.0.0.1:{port}/georeg"))
        started = time.monotonic()
        response = TestClient(app).get("/api/projects")
        waited = time.monotonic() - started
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert waited < CONNECT_TIMEOUT_S * 3


def test_json_nested_too_deep_to_parse_is_a_4xx(client):
    response = client.post("/api/session", content=b"[" * 100_000, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text


def test_a_nul_in_a_form_field_is_a_4xx_naming_it_and_changes_nothing(admin):
    client, headers = admin
    project = client.get("/api/projects", params={"limit": 1}).json()["features"][0]["id"]
    before = client.get(f"/api/projects/{project}/history").json()["history"]
    form = {"status": "under_construction", "percent": "40", "lon": "105.7", "lat": "9.3", "confirm_distance": "true"}
    response = client.post(f"/api/projects/{project}/status", data={**form, "note": "a\x00b"}, headers=headers)
    assert response.status_code == 422 and "note" in response.text, response.text
    assert client.get(f"/api/projects/{project}/history").json()["history"] == before
