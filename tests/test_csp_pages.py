"""Every page works under its Content-Security-Policy in Chromium: no violation reported, and its scripts ran."""

from __future__ import annotations

import pytest
from watched_pages import RECORD_VIOLATIONS, watch

DESKTOP = {"viewport": {"width": 1440, "height": 900}}

# A page, an element its own script draws (so that the test fails if the scripts were blocked), and the language
# it is opened in here: test_page_language.py opens every page of the app in both languages and fails on a violation
# there too, so each page is opened here in one, half of them in each.
PAGES = [
    ("/", ".leaflet-projects-pane canvas", "vi"),  # drawn from vector tiles
    ("/progress", ".leaflet-container path.leaflet-interactive", "en"),
    ("/projects/{project}", ".leaflet-container", "vi"),
    ("/units/pre2025/{unit}", ".leaflet-container", "en"),
    ("/login", "#login", "vi"),
    ("/login?next=%2Fx%3C%21--%3Cscript%3E", "#login", "en"),  # a crafted link once broke the page's script
    ("/status-report", "#send", "en"),
    ("/upload", "form", "vi"),
    ("/status-imports", "#log-in", "en"),  # a visitor asked to log in, by its script
    ("/accounts", "form", "en"),
    ("/monitoring", "#board th", "vi"),  # the board its script fetches and draws
    ("/ogc/collections/projects?f=html", "#map.leaflet-container", "en"),
    ("/docs", ".swagger-ui .info", "vi"),
]


@pytest.fixture(scope="module")
def ids(client) -> dict[str, str]:
    project = client.get("/api/projects", params={"limit": 1}).json()["features"][0]["id"]
    units = client.get("/api/units", params={"scheme": "pre2025", "level": "district"}).json()
    unit = (units["features"] if isinstance(units, dict) else units)[0]
    return {"project": str(project), "unit": (unit.get("properties") or unit)["code"]}


@pytest.mark.parametrize(("path", "drawn", "lang"), PAGES)
def test_the_page_reports_no_csp_violation(browser, new_tab, live_server, ids, path, drawn, lang):
    # the status report form keeps drafts in localStorage and starts a service worker: its own context
    page = (browser.new_page if path == "/status-report" else new_tab)(**DESKTOP)
    page.add_init_script(RECORD_VIOLATIONS)
    problems = watch(page)
    url = f"{live_server}{path.format(**ids)}{'&' if '?' in path else '?'}lang={lang}"
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200
    assert "'nonce-" in response.headers["content-security-policy"]
    page.wait_for_selector(drawn, state="attached", timeout=10_000)
    assert page.evaluate("window.__violations") == []
    assert problems == []
    if path.startswith("/login"):  # its script runs: a refused token gets the page's own message
        page.fill("#token", "grt_not-a-token")
        page.click("#send")
        page.wait_for_selector("#message.error")
    page.close()  # the status report form's context with it


def _directives(response) -> dict[str, str]:
    return dict(d.split(" ", 1) for d in response.headers["content-security-policy"].split("; "))


def test_only_redoc_may_start_workers_from_blob_urls(client):
    assert _directives(client.get("/redoc"))["worker-src"] == "'self' blob:"
    for path in ("/", "/docs", "/login", "/progress"):
        assert "worker-src" not in _directives(client.get(path)), path


REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"  # always asked by ReDoc, refused on purpose (offline)


def test_redoc_searches_with_no_csp_violation(new_tab, live_server):
    page = new_tab(**DESKTOP)
    page.add_init_script(RECORD_VIOLATIONS)
    problems = watch(page)
    page.goto(f"{live_server}/redoc", wait_until="networkidle")
    page.locator("[role=search] input").press_sequentially("project", delay=50)
    page.locator('[data-role="search:results"] li').first.wait_for(timeout=15_000)  # found by the search worker
    assert [v for v in page.evaluate("window.__violations") if REDOCLY_LOGO not in v] == []
    assert [p for p in problems if REDOCLY_LOGO not in p and "Content Security Policy" not in p] == [], problems
    assert not any("worker" in p.lower() for p in problems)
