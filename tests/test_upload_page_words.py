"""/upload read whole in the page's language, at a desktop's 1366 px and on a phone: the form's choices not cut, the
report's labels apart from their values, a unit's type in the reader's words (trial 65, F3 and F20)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import geopandas as gpd
import pytest
from ingest_files import districts, forest_tif
from live_servers import serving
from playwright.sync_api import Page
from shared_tabs import tabs
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from geo.accounts import create_account, create_token
from geo.settings import Settings

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DEVICES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
#: What Chromium keeps for a select's arrow beside its padding (about 18 px measured), with a little to spare.
ARROW = 22
#: The selects shown, each with its options that would be cut were they chosen: [id, ["mode: … (212 > 200 px)"]].
CUT_OPTIONS = """(arrow) => [...document.querySelectorAll("#upload select")].filter((s) => s.checkVisibility())
  .map((select) => {
    const style = getComputedStyle(select), pen = document.createElement("canvas").getContext("2d");
    pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
    return [select.id, [...select.options].filter((o) => pen.measureText(o.text).width > room)
      .map((o) => `${select.id}: ${o.text} (${Math.round(pen.measureText(o.text).width)} > ${room} px)`)];
  })"""


@pytest.fixture(scope="module")
def site(make_registry, tmp_path_factory):
    """The app on its own sample registry, served, and a GIS officer's token."""
    url = make_registry("upload_page_words", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token = create_token(session, create_account(session, "gis_words", role="gis"))[0]
    engine.dispose()
    folders = {name: tmp_path_factory.mktemp(name) for name in ("uploads", "rasters")}
    settings = Settings(database_url=url, upload_dir=folders["uploads"], raster_dir=folders["rasters"])
    with serving(settings) as server:
        yield server, token


@pytest.fixture
def open_upload(devices, site) -> Iterator[Callable[[str, dict], Page]]:
    """A factory of /upload tabs in the page's language, on a device, with the GIS officer's token typed; each closed
    after the test."""
    server, token = site

    def opened(lang: str, device: dict) -> Page:
        page = new_tab(**device)
        page.goto(f"{server}/upload?lang={lang}")
        page.fill("#token", token)
        return page

    with tabs(devices) as new_tab:
        yield opened


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_forms_choices_show_whole_and_the_reports_labels_stand_apart_from_their_values(
    open_upload, tmp_path, lang, device
):
    """Trial 65 (F3): at 1366 px «Nạp vào» read "Ảnh độ che phủ rừng (G"; the boundaries, the province and the
    way to load were cut alike; and "Che phủ rừng theo đơn vị" ran into its value. One page a language and device:

    - each option, were it chosen, fits its select beside the arrow: each select measured with a target that shows it
      (the boundaries' with units);
    - a forest raster checked, on a desktop each label of the report is beside its value with a gap; on a phone above
      it, the value taking the screen's width (beside a label it had the last third of it)."""
    page = open_upload(lang, device)
    cut, measured = set(), set()
    for target in ("projects", "units", "salinity", "forest"):
        page.select_option("#into", target)
        shown = page.evaluate(CUT_OPTIONS, ARROW)
        measured |= {select for select, _ in shown}
        cut |= {told for _, options in shown for told in options}
    assert cut == set()
    assert measured == set(page.eval_on_selector_all("#upload select", "all => all.map((select) => select.id)"))
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]

    page.select_option("#into", "forest")
    page.set_input_files("#file", str(forest_tif(tmp_path / "rung_2026.tif", 5897)))
    page.fill("#year", "2026")
    page.fill("#source", "Chi cục Kiểm lâm")
    page.click("#preview")
    page.locator("#message.ok").wait_for(timeout=30_000)
    facts = page.eval_on_selector_all(
        "#facts dt",
        """(dts) => dts.map((dt) => {
          const label = dt.getBoundingClientRect(), value = dt.nextElementSibling.getBoundingClientRect();
          return {label: dt.textContent, right: label.right, bottom: label.bottom, left: value.left, top: value.top,
                  width: value.width, overflows: dt.scrollWidth > dt.clientWidth};
        })""",
    )
    assert len(facts) >= 5 and not any(f["overflows"] for f in facts), facts
    width = page.eval_on_selector("#facts", "dl => dl.clientWidth")
    if device is PHONE:
        assert all(f["top"] >= f["bottom"] and f["width"] >= 0.8 * width for f in facts), facts
    else:
        assert all(f["left"] >= f["right"] + 12 and f["top"] < f["bottom"] for f in facts), facts


@pytest.mark.parametrize(
    ("lang", "types"), [("en", {"City", "Town", "District"}), ("vi", {"Thành phố", "Thị xã", "Huyện"})]
)
def test_the_sample_rows_say_a_units_type_in_the_pages_language(open_upload, tmp_path, lang, types):
    """Trial 65 (F20): an English page's sample rows read "Unit type: Thành phố / Huyện". A file of districts named
    with their type ("Thành phố Bạc Liêu"): the type is said in the page's language, as stored in the cell's title."""
    frame = districts("95").drop_duplicates("district_type")  # a city, a town, a district: the sample's three rows
    units = tmp_path / "huyen_bl.geojson"
    gpd.GeoDataFrame(
        {"MA_HUYEN": frame["district_code"], "TEN_HUYEN": frame["name_full"]}, geometry=frame.geometry.values
    ).set_crs("EPSG:4326").to_file(units)
    page = open_upload(lang, DESKTOP)
    page.select_option("#into", "units")
    page.select_option("#mode", "upsert")
    page.select_option("#scheme", "pre2025")
    page.set_input_files("#file", str(units))
    page.click("#preview")
    page.locator("#samples th[title='unit_type_vi']").wait_for(timeout=30_000)
    cells = page.eval_on_selector(
        "#samples table",
        """(table) => {
          const at = [...table.rows[0].cells].findIndex((th) => th.title === "unit_type_vi");
          return [...table.rows].slice(1).map((row) => [row.cells[at].textContent, row.cells[at].title]);
        }""",
    )
    assert {shown for shown, _ in cells} == types, cells
    assert {stored for _, stored in cells} == {"Thành phố", "Thị xã", "Huyện"}, cells
