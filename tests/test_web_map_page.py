"""The web map page: built from the database, with only local assets."""

from __future__ import annotations

import re


def test_map_page_references_only_local_assets_that_exist(client):
    html = client.get("/").text
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert sources, "the page loads no assets at all"
    for url in sources:
        assert url.startswith("/assets/"), url
        assert client.get(url).status_code == 200, url
    assert "cdn." not in html and "cdnjs" not in html


def test_map_page_has_layers_legend_and_popups(client):
    html = client.get("/").text
    assert "georeg-legend" in html and "L.control.layers" in html
    assert "<title>Bản đồ dự án tăng trưởng xanh" in html
    assert "Đê biển" in html and "Điện gió" in html  # legend entries, as HTML
    assert "/api/projects/" in html


def test_map_page_speaks_english_on_request(client):
    html = client.get("/", params={"lang": "en"}).text
    assert "Sea dyke" in html and "Districts (before 1 July 2025)" in html
    assert client.get("/", params={"lang": "fr"}).status_code == 422
