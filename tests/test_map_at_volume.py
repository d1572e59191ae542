"""The web map of a province's whole inventory (trial 54: 100,000 projects over Bạc Liêu), here 4,000 projects made
in the test over the sample's Bạc Liêu districts, in a real PostGIS and a real headless Chromium: at the province's
zoom the district boundaries and the province's name are seen over the projects, and every tile loads; on a phone
the buttons and badges leave the map its screen."""

from __future__ import annotations

import io

import pytest
from live_servers import serving
from painted_map import open_map, painted_projects, wait_until_loaded, wait_until_painted
from PIL import Image, ImageChops
from sqlalchemy import create_engine, text
from watched_pages import watch

from geo.settings import Settings

PROJECTS = 4000
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
BOUNDARY, NAME = (0x44, 0x44, 0x44), (0x22, 0x22, 0x22)  # the districts' lines (layers.catalog), the names' text
DRAWERS_FOLDED = (
    "() => ['georeg-filters', 'georeg-layers', 'georeg-legend'].forEach((d) => window.georeg.setOpen(d, false))"
)
PROVINCE_NAMED = (
    "() => [...document.querySelectorAll('.georeg-name.province')].some((n) => /Bạc Liêu/i.test(n.textContent))"
)
# point projects (sluices, canals' sites, …) spread at random over Bạc Liêu's districts, copies of a sample project
MANY_PROJECTS = """
INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources, status, percent, geom)
SELECT 'VOL-' || i, 'Cống số ' || i, 'Sluice no. ' || i, (ARRAY['sluice', 'canal', 'forest_planting'])[1 + i % 3],
       '95', 'surveyed', '[]', (ARRAY['proposed', 'under_construction', 'operating'])[1 + i % 3], 50, pt.geom
FROM generate_series(1, :n) AS i
CROSS JOIN LATERAL (
    SELECT (ST_Dump(ST_GeneratePoints(u.geom, 1, i))).geom
    FROM admin_unit u WHERE u.level = 'district' AND u.scheme = 'pre2025' AND u.code LIKE '95%'
    ORDER BY u.code OFFSET i % 7 LIMIT 1
) AS pt
"""


@pytest.fixture(scope="module")
def crowded_server(make_registry):
    """The sample registry with 4,000 more projects in Bạc Liêu, served."""
    url = make_registry("volume", sample=True)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(MANY_PROJECTS), {"n": PROJECTS})
    engine.dispose()
    with serving(Settings(database_url=url)) as served:
        yield served


def _screenshot(page) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot())).convert("RGB")


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], by: int = 24) -> bool:
    return all(abs(a - b) <= by for a, b in zip(pixel, colour, strict=False))


def _on_screen(locator) -> tuple[int, int, int, int]:
    box = locator.bounding_box()
    return int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])


def _province_box(page) -> tuple[int, int, int, int]:
    """Bạc Liêu's districts on the screen (from the places the page carries), with a margin."""
    return page.evaluate("""() => {
        const m = window.georeg.map;
        const pts = window.georeg.places.filter((p) => p.level === 'district' && p.code && p.code.startsWith('95'))
            .map((p) => m.latLngToContainerPoint([p.lat, p.lon]));
        const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
        return [Math.min(...xs) - 10, Math.min(...ys) - 10, Math.max(...xs) + 10, Math.max(...ys) + 10].map(Math.round);
    }""")


def test_at_the_provinces_zoom_its_district_boundaries_and_name_are_seen_over_thousands_of_projects(
    new_tab, crowded_server
):
    """Trial 54: the projects covered Bạc Liêu as one teal mass, its district lines and name under it, with a seam
    at a tile's edge. The districts' lines are now drawn over the projects' density: taking the districts layer off
    changes hundreds of pixels of their colour inside the province, and its name is written in its own colour."""
    page = new_tab(**DESKTOP)
    problems = watch(page)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if "/tiles/" in r.url and r.status >= 400 else None)
    # the former Bạc Liêu and its districts, as trial 54 saw them
    open_map(page, f"{crowded_server}/?lang=vi&view=9.30,105.50,8&scheme=pre2025")
    wait_until_painted(page, more_than=50)
    wait_until_loaded(page)
    page.evaluate(DRAWERS_FOLDED)
    page.wait_for_function(PROVINCE_NAMED)
    shown = _screenshot(page)
    name = page.locator(".georeg-name.province", has_text="Bạc Liêu")
    left, top, right, bottom = _on_screen(name)
    written = [shown.getpixel((x, y)) for x in range(left, right) for y in range(top, bottom)]
    assert sum(_near(p, NAME, 30) for p in written) > 40, "the province's name is not written over the projects"
    box = _province_box(page)
    page.evaluate("() => window.georeg.map.removeLayer(window.georeg.overlays.units_pre2025_district)")
    page.wait_for_timeout(300)
    without = _screenshot(page)
    changed = ImageChops.difference(shown, without).crop(box)
    lines = [
        shown.getpixel((box[0] + x, box[1] + y))
        for x in range(changed.width)
        for y in range(changed.height)
        if max(changed.getpixel((x, y))) > 40
    ]
    assert sum(_near(p, BOUNDARY) for p in lines) > 150, "the district boundaries are hidden under the projects"
    assert name.count() == 1 and problems == [] and failed == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_phone_the_buttons_and_badges_leave_the_map_its_screen(new_tab, crowded_server, lang):
    """Trial 54: on a phone the buttons (two rows), the date, what is filtered and the count (each a row) took the
    top fifth of the screen over the map. Each badge is one line; the buttons two rows, each in sight (trial 62: one
    row scrolled sideways hid the language and "Former boundaries" off the screen)."""
    page = new_tab(**PHONE)
    problems = watch(page)
    open_map(page, f"{crowded_server}/?lang={lang}")
    bar = page.locator(".georeg-toolbar")
    assert bar.bounding_box()["height"] <= 120  # the buttons' two rows and the date's
    open_map(page, f"{crowded_server}/?lang={lang}&province=95&kind=sluice")
    page.locator("#georeg-matched").wait_for(state="visible")
    assert bar.bounding_box()["height"] <= 180  # and the count's and the filters'
    for badge in ("#georeg-as-of", "#georeg-filtered", "#georeg-matched"):  # each on one line, in sight
        box = page.locator(badge).bounding_box()
        assert box["height"] <= 32 and box["x"] + box["width"] <= 390, (badge, box)
    buttons = page.locator(".georeg-buttons > *")
    assert len({round(buttons.nth(i).bounding_box()["y"]) for i in range(buttons.count())}) == 2
    page.locator("#georeg-lang").tap()  # in sight, with no swipe
    page.wait_for_url(f"**lang={'en' if lang == 'vi' else 'vi'}**")
    assert problems == []


def _drawn_as(page) -> dict[str, set[bool]]:
    """For each tile of the zoom shown with projects painted in sight, whether they are drawn as a density."""
    size = page.viewport_size
    drawn: dict[str, set[bool]] = {}
    for project in painted_projects(page):
        x, y = project["at"] or (-1, -1)
        if 0 <= x <= size["width"] and 0 <= y <= size["height"]:
            drawn.setdefault(project["tile"], set()).add(project["dense"])
    return drawn


def test_where_a_dense_tile_meets_a_sparse_one_the_whole_view_is_drawn_one_way(new_tab, crowded_server):
    """Trials 54/56: at zoom 10 the tiles over Bạc Liêu's inventory were drawn as a density and those over its edges
    (tens of projects) as symbols, so a planner saw a square where the style changed at a tile's edge. The whole view
    is drawn one way: a density while a tile in sight is dense; on Trà Vinh (36 projects) as symbols, as before."""
    page = new_tab(**DESKTOP)
    problems = watch(page)
    open_map(page, f"{crowded_server}/?lang=vi&view=9.25,105.60,10")
    wait_until_painted(page, more_than=50)
    wait_until_loaded(page)
    drawn = _drawn_as(page)
    assert len(drawn) >= 5, drawn  # the province's tiles and those of its edges
    assert all(ways == {True} for ways in drawn.values()), drawn
    page.set_viewport_size(PHONE["viewport"])  # a phone's width: none of Bạc Liêu's tiles in sight
    page.evaluate("() => window.georeg.map.invalidateSize().setView([10.0, 106.4], 10, { animate: false })")
    page.wait_for_timeout(300)
    wait_until_loaded(page)
    drawn = _drawn_as(page)
    assert drawn and all(ways == {False} for ways in drawn.values()), drawn
    assert problems == []
