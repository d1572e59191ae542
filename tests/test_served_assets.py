"""What the app sends a browser: /docs and /redoc from its own assets (no internet needed), compressed scripts,
styles, JSON and tiles, and each map tile fetched once."""

from __future__ import annotations

import math
import re

import pytest
from painted_map import wait_until_painted
from watched_pages import watch

DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.mark.parametrize(("path", "drawn"), [("/docs", ".swagger-ui .opblock"), ("/redoc", "[role=menuitem]")])
def test_the_api_docs_render_with_no_request_outside_the_app(new_tab, live_server, path, drawn):
    page = new_tab(**DESKTOP)
    problems = watch(page)
    refused = []
    page.on("requestfailed", lambda r: refused.append(r.url) if r.failure == "csp" else None)
    page.goto(live_server + path, wait_until="networkidle")
    # Swagger UI draws the operations only once it has parsed the whole schema (180 kB), which a loaded runner
    # has taken more than 15 s to do: the wait is for the page to be drawn at all, not a measure of its speed
    page.locator(drawn).first.wait_for(timeout=60_000)
    assert "/api/projects" in page.content()
    # ReDoc runs its search in a worker made from a blob: URL of the page itself, and its vendor's logo (always
    # asked from their CDN) is refused by the page before it leaves the browser
    outside = [p for p in problems if p.startswith("http") and p not in refused]
    assert outside == [] and (path == "/redoc" or problems == [])


def test_scripts_styles_json_and_tiles_come_compressed(client):
    gzip = {"Accept-Encoding": "gzip"}
    for url in (
        "/assets/georeg/web_map.js",
        "/assets/georeg/web_map.css",
        "/assets/leaflet/dist/leaflet.js",
        "/api/progress",
        "/tiles/units_pre2025_district/9/406/242.pbf",  # Bạc Liêu
    ):
        response = client.get(url, headers=gzip)
        assert response.status_code == 200, url
        assert response.headers.get("content-encoding") == "gzip", url
    assert client.get("/assets/jquery/dist/jquery.min.js").status_code == 404  # nothing uses it any more


def test_the_map_fetches_each_tile_once_and_none_beyond_its_layers_data(new_tab, live_server, client):
    """A desktop's opening view asked 105 tiles, two thirds of them empty (the sea and the neighbouring provinces):
    a layer's tiles are asked only where its TileJSON's bounds (its data) reach, and each once."""
    page = new_tab(**DESKTOP)
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if ".pbf" in r.url else None)
    page.goto(live_server + "/", wait_until="networkidle")
    wait_until_painted(page, 10)
    assert any("/tiles/projects/" in t for t in tiles)
    assert len(tiles) == len(set(tiles)), sorted(t for t in tiles if tiles.count(t) > 1)
    bounds = {}
    for url in tiles:
        layer, z, x, y = re.search(r"/tiles/(\w+)/(\d+)/(\d+)/(\d+)\.pbf", url).groups()
        if layer not in bounds:
            bounds[layer] = client.get(f"/tiles/{layer}.json").json()["bounds"]
        west, south, east, north = _tile_box(int(z), int(x), int(y))
        w, s, e, n = bounds[layer]
        assert west < e + 0.05 and east > w - 0.05 and south < n + 0.05 and north > s - 0.05, (url, bounds[layer])
    assert len(tiles) < 40, len(tiles)  # three layers of 3 × 3 tiles, not 3 × 35


def _tile_box(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The WGS 84 box of a web-mercator tile (west, south, east, north)."""

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / 2**z))))

    return x / 2**z * 360 - 180, lat(y + 1), (x + 1) / 2**z * 360 - 180, lat(y)
