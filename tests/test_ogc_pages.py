"""The OGC API's HTML pages in a real browser: vi and en, local assets only, the map drawn, numbers and dates."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from watched_pages import watch

from layers.collections import collections

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_browser_walks_from_the_landing_page_to_one_item(new_tab, live_server, lang):
    page = new_tab(**PHONE)
    problems = watch(page)
    page.goto(f"{live_server}/ogc?lang={lang}")  # a browser's Accept: text/html gives HTML
    assert page.locator("html").get_attribute("lang") == lang
    page.get_by_role("link", name="Lớp dữ liệu" if lang == "vi" else "Collections").click()
    assert page.locator("tbody tr").count() == len(collections()) + 1  # the header row, one row per collection
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table fits a phone
    assert "—" not in page.locator("table").inner_text()  # every collection's geometry type said
    districts = page.locator("tr", has_text="units_pre2025_district").inner_text()
    assert "MultiPolygon" in districts
    page.get_by_role("link", name="Dự án (vùng)" if lang == "vi" else "Projects (polygons)").click()
    page.wait_for_selector("#map path.leaflet-interactive")
    assert page.locator("#map path.leaflet-interactive").count() > 0
    period = page.locator("tr", has_text="Thời gian" if lang == "vi" else "Period").inner_text()
    day = r"\d{2}/\d{2}/\d{4}" if lang == "vi" else r"\d{1,2} [A-Z][a-z]{2} \d{4}"  # 15/04/2019, 15 Apr 2019
    assert re.search(rf"{day} – {day}", period), period
    page.get_by_role("link", name="Đối tượng" if lang == "vi" else "Features").last.click()
    page.wait_for_url("**/items?**")  # the click starts a navigation: read the page it leads to
    assert ("Đang xem 1–12 trong 12" if lang == "vi" else "Showing 1–12 of 12") in page.content()
    page.locator("tbody tr td a").first.click()
    page.wait_for_url(re.compile(r"/items/[^/?]+(\?|$)"))  # the item's page, not the list it was clicked on
    assert page.locator("th", has_text="Năm bắt đầu" if lang == "vi" else "Start year").count() == 1
    assert problems == []


def test_f_html_and_f_json_choose_the_format(client):
    assert client.get("/ogc/collections/projects/items?f=html").headers["content-type"].startswith("text/html")
    browser_like = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    assert client.get("/ogc/collections", headers=browser_like).headers["content-type"].startswith("text/html")
    assert client.get("/ogc/collections?f=json", headers=browser_like).json()["collections"]
    gdal_like = {"Accept": "application/geo+json, application/json"}
    assert client.get("/ogc/collections/projects/items", headers=gdal_like).json()["type"] == "FeatureCollection"
    unlocated = client.get("/ogc/collections/projects/items?f=html&lang=en&limit=100").text
    assert "no location on the map" in unlocated
    assert client.get("/ogc/collections?f=xml").status_code == 400


def test_an_item_page_speaks_the_readers_language(client):
    wind = client.get("/ogc/collections/projects_points/items?kind=wind_farm&limit=1").json()["features"][0]
    vi = client.get(f"/ogc/collections/projects_points/items/{wind['id']}?f=html").text
    en = client.get(f"/ogc/collections/projects_points/items/{wind['id']}?f=html&lang=en").text
    assert "Điện gió" in vi and "Loại" in vi and wind["properties"]["name_vi"] in vi
    assert "Wind farm" in en and "Kind" in en
    day, month, year = (lambda d: (d[8:], d[5:7], d[:4]))(wind["properties"]["status_date"])
    assert f"<td>{day}/{month}/{year}</td>" in vi and f"<td>{wind['properties']['status_date']}</td>" not in vi + en
    assert f"<td>{int(day)} {date.fromisoformat(wind['properties']['status_date']):%b %Y}</td>" in en  # 1 Oct 2025


@pytest.mark.parametrize(
    ("lang", "asked", "said"),
    [
        (
            "vi",
            "/ogc/collections/projects/items?status=complet",
            "không có tình trạng 'complet'; các từ được nhận: proposed:",
        ),
        (
            "en",
            "/ogc/collections/projects/items?status=complet",
            "unknown status 'complet'; the words taken: proposed:",
        ),
        ("vi", "/ogc/collections/nowhere", "Không có lớp dữ liệu 'nowhere'"),
        ("en", "/ogc/collections/projects/items/999999", "No feature 999999 in 'projects'"),
        ("vi", "/ogc/collections/projects/items?limit=0", "limit '0': hãy cho một số nguyên từ 1 đến"),
        # a parameter the registry checks against its data was answered in JSON, in English
        ("vi", "/ogc/collections/units_2025_commune/items?province=83", "province: sổ đăng ký không có xã, phường"),
        ("en", "/ogc/collections/projects/items?unit=99", "unit: no district (before 1 July 2025) or commune"),
    ],
)
def test_a_browser_is_refused_with_a_page_in_its_language_and_gdal_with_json(client, lang, asked, said):
    browser_like = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    join = "&" if "?" in asked else "?"
    page = client.get(f"{asked}{join}lang={lang}", headers=browser_like)
    assert page.status_code in (400, 404, 422) and page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page.text and said in html.unescape(page.text)
    assert 'href="http://testserver/ogc/collections?f=html' in page.text  # a way on
    asked_html = client.get(f"{asked}{join}lang={lang}&f=html")
    assert asked_html.status_code == page.status_code and asked_html.headers["content-type"].startswith("text/html")
    gdal = client.get(asked, headers={"Accept": "application/geo+json, application/json"})
    assert gdal.status_code == page.status_code and gdal.json()["detail"]
    assert client.get(f"{asked}{join}f=json", headers=browser_like).json()["detail"]


def test_an_items_page_heads_its_columns_with_the_fields_labels_and_names_them_in_a_tooltip(client):
    """The salinity zones' list was headed salinity_class, period, source: the labels GIS staff read elsewhere head
    it now, each field's name kept in its tooltip (what a filter and QGIS call it)."""
    vi = client.get("/ogc/collections/salinity_zones/items?f=html").text
    en = client.get("/ogc/collections/salinity_zones/items?f=html&lang=en").text
    assert '<th title="salinity_class">Cấp mặn</th>' in vi and '<th title="period">Thời kỳ</th>' in vi
    assert '<th title="salinity_class">Salinity class</th>' in en and "<th>salinity_class</th>" not in en


def test_an_items_pages_map_colours_each_feature_by_its_class_as_the_web_map_does(new_tab, live_server):
    """The salinity zones of every class were drawn in one magenta on the OGC pages' map: each is in its class's
    colour of the catalog now (the projects in their kind's)."""
    from layers.catalog import SALINITY_COLOURS

    page = new_tab(viewport={"width": 1280, "height": 900})
    problems = watch(page)
    page.goto(f"{live_server}/ogc/collections/salinity_zones/items?f=html&limit=100")
    page.wait_for_selector("#map path.leaflet-interactive")
    drawn = page.eval_on_selector_all(
        "#map path.leaflet-interactive", "(paths) => paths.map((p) => p.getAttribute('stroke'))"
    )
    classes = [cell.strip() for cell in page.locator("tbody tr td:nth-child(2)").all_inner_texts()]
    assert len(set(drawn)) == len(set(classes)) > 1, (drawn, classes)
    assert set(drawn) <= set(SALINITY_COLOURS.values())
    assert problems == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_items_page_on_a_phone_shows_each_id_on_one_line(new_tab, live_server, lang):
    """On a phone the projects' long names squeezed the id column to one digit a line ("1/0", "1/2")."""
    page = new_tab(**PHONE)
    problems = watch(page)
    page.goto(f"{live_server}/ogc/collections/projects/items?f=html&lang={lang}&limit=20")
    ids = page.locator("tbody td:first-child a")
    assert ids.count() > 0 and any(len(text) > 1 for text in ids.all_inner_texts())
    lines = ids.evaluate_all("(links) => links.map((a) => a.getClientRects().length)")
    assert set(lines) == {1}, lines
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert problems == []
