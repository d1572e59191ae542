"""The web map's forest-cover layer as a planner uses it, with forest rasters of two years loaded (trial 64: its first
draw took over 2.5 s, and it drew the newest year with no other to choose)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from live_servers import serving
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from watched_pages import watch

from geo.forest import register_demo_raster
from geo.settings import Settings

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@contextmanager
def _demo_years_served(make_registry, folder: Path, name: str, years: tuple[int, ...], gone: tuple[int, ...] = ()):
    """The sample registry with the demo forest raster registered for ``years``, the files of ``gone`` then removed
    (moved, a disk lost), served; the server and the datasets' ids."""
    url = make_registry(name, sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        ids = {year: register_demo_raster(session, folder, year).id for year in years}
    engine.dispose()
    for year in gone:
        (demo,) = folder.glob(f"forest_cover_{year}_synthetic_demo.*.tif")  # the registry's own name
        demo.unlink()
    with serving(Settings(database_url=url, raster_dir=folder)) as server:
        yield server, ids


@pytest.fixture(scope="module")
def forest_site(make_registry, tmp_path_factory):
    """The sample registry with the demo forest raster registered for 2020 and 2024, served; its datasets' ids."""
    with _demo_years_served(make_registry, tmp_path_factory.mktemp("rasters"), "forest_years", (2020, 2024)) as site:
        yield site


def _tiles_asked(page) -> list[str]:
    return [r.url for r in page.tiles if "/raster/forest_cover/" in r.url]


def _drawn(page, dataset: int | None = None) -> None:
    """Waits for a forest tile drawn on the map (of ``dataset``, else any): the map picks its year, probes it and
    asks its tiles in steps, and a loaded machine left the network quiet between them (CI: no tile at "networkidle")."""
    tile = ".leaflet-raster-pane img.leaflet-tile-loaded" + (f'[src*="dataset={dataset}"]' if dataset else "")
    page.locator(tile).first.wait_for(state="attached", timeout=20_000)


def _forest_page(new_tab, server: str, size: dict, address: str):
    page = new_tab(**size)
    page.problems = watch(page)
    page.tiles = []
    page.on("request", lambda request: page.tiles.append(request))
    page.goto(f"{server}/{address}", wait_until="networkidle")
    _drawn(page)
    return page


def test_with_two_years_loaded_the_planner_chooses_the_forest_year_and_the_address_keeps_it(new_tab, forest_site):
    server, ids = forest_site
    page = _forest_page(new_tab, server, DESKTOP, "?lang=en&layers=forest_cover")
    choice = page.locator("#georeg-year-forest_cover")
    assert choice.locator("option").all_inner_texts() == ["2024", "2020"]  # newest first, drawn first
    assert choice.input_value() == "2024" and "Year" in page.locator("#georeg-legend").inner_text()
    assert all(f"dataset={ids[2024]}" in url for url in _tiles_asked(page)) and _tiles_asked(page)
    page.tiles.clear()
    choice.select_option("2020")
    _drawn(page, ids[2020])
    assert _tiles_asked(page) and all(f"dataset={ids[2020]}" in url for url in _tiles_asked(page))
    assert parse_qs(urlparse(page.url).query)["forest_cover_year"] == ["2020"]
    again = _forest_page(new_tab, server, DESKTOP, "?" + urlparse(page.url).query)  # a bookmark, a link sent
    assert again.locator("#georeg-year-forest_cover").input_value() == "2020"
    assert page.problems == [] and again.problems == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_phone_the_forest_year_is_chosen_under_the_layers(new_tab, forest_site, lang):
    """The legend is folded while the layers sheet is open on a phone: the year is offered there too."""
    server, ids = forest_site
    page = _forest_page(new_tab, server, PHONE, f"?lang={lang}&layers=forest_cover")
    page.locator('[data-opens="georeg-layers"]').tap()
    choice = page.locator("#georeg-layers-year-forest_cover")
    assert choice.is_visible()
    label = {"vi": "Năm (lớp Che phủ rừng)", "en": "Year (Forest cover)"}[lang]
    assert label in page.locator(".georeg-layers-period").inner_text()
    choice.select_option("2020")
    page.wait_for_load_state("networkidle")
    assert f"dataset={ids[2020]}" in page.evaluate("() => window.georeg.overlays.forest_cover._url")


@pytest.mark.parametrize(
    ("lang", "size", "said"),
    [
        ("vi", DESKTOP, "Chưa nạp ảnh “Che phủ rừng” năm 2019: bản đồ vẽ năm 2024; các năm đã nạp: 2024, 2020."),
        ("en", PHONE, "No “Forest cover” raster of 2019 is loaded: the map draws 2024; years loaded: 2024, 2020."),
    ],
)
def test_a_link_with_a_forest_year_not_loaded_says_which_year_is_drawn_and_which_are_loaded(
    new_tab, forest_site, lang, size, said
):
    """A colleague's link to 2019 read "values the map does not know: forest_cover_year=2019" (trial 65, F6)."""
    server, ids = forest_site
    page = _forest_page(new_tab, server, size, f"?lang={lang}&layers=forest_cover&forest_cover_year=2019")
    assert _tiles_asked(page) and all(f"dataset={ids[2024]}" in url for url in _tiles_asked(page))
    notice = page.locator("#georeg-notice")
    assert notice.is_visible() and notice.inner_text() == said
    assert page.problems == []


@pytest.fixture(scope="module")
def gone_site(make_registry, tmp_path_factory):
    """The demo forest raster registered for 2024 and 2027, the 2027 file then gone."""
    folder = tmp_path_factory.mktemp("rasters_gone")
    with _demo_years_served(make_registry, folder, "forest_gone", (2024, 2027), gone=(2027,)) as site:
        yield site


@pytest.mark.parametrize(
    ("lang", "size", "words"),
    [("vi", DESKTOP, "Không đọc được tệp ảnh che phủ rừng năm 2027"), ("en", PHONE, "cannot be read")],
)
def test_a_forest_year_whose_file_cannot_be_read_is_not_drawn_and_is_said_above_the_map(
    new_tab, gone_site, lang, size, words
):
    """The 2027 raster's file is gone: the map opened on 2027 with every tile 400 and no word (trial 65, F5)."""
    server, ids = gone_site
    page = _forest_page(new_tab, server, size, f"?lang={lang}&layers=forest_cover")
    assert _tiles_asked(page) and all(f"dataset={ids[2024]}" in url for url in _tiles_asked(page))
    notice = page.locator("#georeg-notice")
    expect(notice).to_contain_text(words)
    assert f"{ids[2027]}" in notice.inner_text() and "2024" in notice.inner_text()
    assert page.problems == []


@pytest.fixture(scope="module")
def one_year_site(make_registry, tmp_path_factory):
    """The sample registry with the demo forest raster registered for 2023 only, served."""
    with _demo_years_served(make_registry, tmp_path_factory.mktemp("one_year"), "forest_one_year", (2023,)) as site:
        yield site


@pytest.mark.parametrize(("lang", "said"), [("vi", "Năm: 2023"), ("en", "Year: 2023")])
def test_with_one_year_loaded_the_legend_says_its_year(new_tab, one_year_site, lang, said):
    """Trial 66: with one forest raster loaded the legend named no year, and a raster loaded for the wrong year went
    unnoticed; with several, the year chosen is in its select."""
    server, ids = one_year_site
    page = _forest_page(new_tab, server, DESKTOP, f"?lang={lang}&layers=forest_cover")
    legend = page.locator("#georeg-legend")
    assert said in legend.inner_text() and legend.locator("select").count() == 0
    assert page.problems == []
