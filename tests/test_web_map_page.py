"""The web map page: built from the catalog and the database, with only local assets."""

from __future__ import annotations

import json
import re


def test_map_page_references_only_local_assets_that_exist(client):
    html = client.get("/").text
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert any("leaflet.vectorgrid" in url for url in sources)
    for url in sources:
        assert url.startswith("/assets/"), url
        assert client.get(url).status_code == 200, url
    assert "cdn." not in html and "cdnjs" not in html and "unpkg" not in html


def test_map_page_draws_layers_from_tiles_not_inline_geojson(client):
    html = client.get("/").text
    assert "<title>Bản đồ dự án tăng trưởng xanh" in html
    assert re.search(r'<script( nonce="[^"]+")? defer src="/assets/georeg/web_map.js">', html)
    assert "L.vectorGrid.protobuf" in client.get("/assets/georeg/web_map.js").text
    # no FeatureCollection inside: the sea and the neighbouring provinces come from /map/context.geojson
    assert html.count('"FeatureCollection"') == 0 and len(html) < 200_000
    assert "Đê biển" in html and "Điện gió" in html  # legend entries
    assert "Vùng nhiễm mặn" in html and "Độ mặn đất ECe" in html  # salinity zones and raster are registered


def test_map_page_speaks_english_on_request(client):
    html = client.get("/", params={"lang": "en"}).text
    assert "Sea dyke" in html and "Districts (before 1 July 2025)" in html and "Search by name" in html
    assert client.get("/", params={"lang": "fr"}).status_code == 422


def test_the_salinity_rasters_source_line_is_in_the_pages_language(client):
    vi, en = client.get("/").text, client.get("/", params={"lang": "en"}).text
    assert "dự báo bằng học máy" in vi and "machine-learning prediction" not in vi
    assert "machine-learning prediction" in en
    assert '"progress_layer": "Tiến độ theo đơn vị"' in vi


def test_plan_actions_are_offered_in_reading_order(client):
    html = client.get("/").text
    config = json.loads(re.search(r'id="georeg-config"[^>]*>(.*?)</script>', html, re.S)[1])
    codes = [a["code"] for a in config["choices"]["plan_actions"] if a["plan"].startswith("1099")]
    assert {"P2", "P10"} <= set(codes)
    assert codes.index("P2") < codes.index("P10")
    numbered = [c for c in codes if c.startswith("P")]
    assert numbered == sorted(numbered, key=lambda c: int(c[1:]))
