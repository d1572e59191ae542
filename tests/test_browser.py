"""The web map in a real headless Chromium (Debian's package)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from layers.catalog import PROJECTS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_map_renders_units_and_projects_without_errors(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname != "127.0.0.1" else None)
    page.goto(live_server + "/", wait_until="networkidle")
    drawn = page.locator("path.leaflet-interactive")
    assert drawn.count() > 16 + 2 + 10
    assert page.locator("#georeg-legend").is_visible()
    assert page.locator(".leaflet-control-layers-overlays label").count() >= 5
    assert errors == [] and outside == []
    page.close()


def test_clicking_a_project_opens_its_popup(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server + "/?lang=en", wait_until="networkidle")
    wind_colour = PROJECTS.colour_of("wind_farm")
    page.locator(f"path.leaflet-interactive[stroke='{wind_colour}']").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "Wind farm" in popup.inner_text()
    page.close()
