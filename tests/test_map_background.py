"""What the maps draw under the registry's layers, offline: the sea and its coast, the neighbouring provinces with
their names, an office's own PMTiles basemap (setting basemap_pmtiles) read in byte ranges; and the web map's tiles
at the versioned URLs their TileJSON hands out, each fetched once. In a real headless Chromium at 390×844 (touch)
and 1440×900, in Vietnamese and English."""

from __future__ import annotations

import gzip
import io
import json
import math
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest
import shapely
from fastapi.testclient import TestClient
from live_servers import serving
from painted_map import open_map
from PIL import Image
from pmtiles.convert import mbtiles_to_header_json
from pmtiles.tile import zxy_to_tileid
from pmtiles.writer import write
from shapely.geometry import Point, shape
from sqlalchemy import text
from watched_pages import watch

from api.main import create_app
from geo.settings import Settings
from layers.catalog import SOIL_SALINITY
from maps.context import STYLES

SCREENSHOTS = Path("/tmp") / "georeg-screens"
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}
SEA = STYLES["sea"]["fillColor"]
# protomaps-leaflet's "light" flavour (the one the web map asks for): land and water.
BASEMAP_EARTH, BASEMAP_WATER = "#e2dfda", "#80deea"
DRAWERS_FOLDED = (
    "() => ['georeg-filters', 'georeg-layers', 'georeg-legend'].forEach((d) => window.georeg.setOpen(d, false))"
)
# Fits the map to the bounds given, and waits until the layers shown have drawn their tiles there.
FIT_BAC_LIEU = """async (bounds) => {
    const map = window.georeg.map, layers = Object.values(window.georeg.overlays);
    map.fitBounds(bounds, { animate: false });
    const busy = () => layers.some((l) => map.hasLayer(l) && l.isLoading && l.isLoading());
    for (let i = 0; i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (!busy()) { break; }
    }
}"""
# The basemap's tiles (canvases or images): at least one drawn, none waiting to be drawn or still fading in.
BASEMAP_DRAWN = """() => {
    const tiles = [...document.querySelectorAll('.leaflet-tile-pane .leaflet-tile')];
    const drawn = (t) => t.tagName === 'IMG' ? t.naturalWidth > 0
        : t.getContext('2d').getImageData(t.width / 2, t.height / 2, 1, 1).data[3] > 0;
    const shown = (t) => t.classList.contains('leaflet-tile-loaded') && getComputedStyle(t).opacity === '1';
    return tiles.length > 0 && tiles.every(shown) && tiles.some(drawn);
}"""


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def is_colour(pixel: tuple[int, int, int], colour: str, tolerance: int = 12) -> bool:
    return sum(abs(a - b) for a, b in zip(pixel, rgb(colour), strict=True)) <= tolerance


def share_of(shot: Image.Image, colour: str, box: tuple[int, int, int, int]) -> float:
    """The share of the pixels of ``box`` (left, top, right, bottom; sampled every 4 px) that are ``colour``."""
    points = [(x, y) for x in range(box[0], box[2], 4) for y in range(box[1], box[3], 4)]
    return sum(is_colour(shot.getpixel(p), colour) for p in points) / len(points)


#: Both sizes and both languages, each size in one language (the map drawn each time costs Chromium seconds of CPU)
@pytest.fixture(params=[("phone", "vi"), ("desktop", "en")], ids="-".join)
def screen(request, new_tab):
    """A page at one of the two sizes, with its language; it records console errors and outside requests."""
    size, lang = request.param
    page = new_tab(**SIZES[size])
    page.problems = watch(page)
    page.size, page.lang = size, lang
    return page


@pytest.fixture(scope="module")
def bac_lieu(sample_engine) -> dict:
    """The former province of Bạc Liêu: its bounds (Leaflet's order) and a point inside it."""
    with sample_engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom), "
                "ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM admin_unit "
                "WHERE scheme = 'pre2025' AND level = 'province' AND code = '95'"
            )
        ).one()
    return {"bounds": [[row[1], row[0]], [row[3], row[2]]], "inside": [row[5], row[4]]}


def _screenshot(page, name: str) -> Image.Image:
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = page.screenshot(path=SCREENSHOTS / f"{name}_{page.size}_{page.lang}.png")
    return Image.open(io.BytesIO(shot)).convert("RGB")


# Each neighbour's name written, with its box in longitude and latitude (Leaflet's reading of the screen).
NEIGHBOUR_BOXES = """() => {
    const map = window.georeg.map, frame = map.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.georeg-name.context')].map((n) => {
        const r = n.getBoundingClientRect();
        const sw = map.containerPointToLatLng([r.left - frame.left, r.bottom - frame.top]);
        const ne = map.containerPointToLatLng([r.right - frame.left, r.top - frame.top]);
        return [n.innerText, sw.lng, sw.lat, ne.lng, ne.lat];
    });
}"""


def _neighbours_written_on_the_registrys_provinces(page) -> list[str]:
    """The neighbours' names whose box covers part of one of the registry's provinces (as the map draws them): on a
    phone "TỈNH SÓC TRĂNG" was written across Trà Vinh's edge and "TỈNH CÀ MAU" under Bạc Liêu's."""
    context = page.evaluate("() => fetch('/map/context.geojson?scheme=pre2025').then((r) => r.json())")
    own = shapely.union_all(
        [shape(f["geometry"]) for f in context["features"] if f["properties"]["kind"] == "province"]
    )
    return [name for name, *box in page.evaluate(NEIGHBOUR_BOXES) if shapely.box(*box).intersects(own)]


def _inside_pixel(page, bac_lieu) -> tuple[int, int]:
    at = page.evaluate("(p) => window.georeg.map.latLngToContainerPoint(p)", bac_lieu["inside"])
    return round(at["x"]), round(at["y"])


def test_the_sea_shows_south_east_of_the_bac_lieu_coast(screen, live_server, bac_lieu):
    # the former Bạc Liêu among its former neighbours (Vĩnh Long was beside Trà Vinh then)
    screen.goto(f"{live_server}/?lang={screen.lang}&scheme=pre2025", wait_until="networkidle")
    screen.wait_for_function("() => document.querySelectorAll('.leaflet-context-pane path').length >= 3")
    screen.evaluate(DRAWERS_FOLDED)
    neighbour = "TỈNH VĨNH LONG" if screen.lang == "vi" else "VĨNH LONG PROVINCE"
    # the names are placed once the layers' TileJSON has come, apart from the background drawn above
    screen.wait_for_function(
        "(name) => [...document.querySelectorAll('.georeg-name.context')]"
        ".some((n) => n.innerText.toUpperCase() === name)",
        arg=neighbour,
    )
    neighbours = [name.upper() for name in screen.locator(".georeg-name.context").all_inner_texts()]
    assert neighbour in neighbours and len(neighbours) >= 4
    assert _neighbours_written_on_the_registrys_provinces(screen) == []
    screen.evaluate(FIT_BAC_LIEU, bac_lieu["bounds"])
    shot = _screenshot(screen, "sea")
    x, y = _inside_pixel(screen, bac_lieu)
    assert not is_colour(shot.getpixel((x, y)), SEA), "the sea's colour inside the province"
    # Walking south-east from inside the province, one reaches the sea before the screen's edge.
    ray = [(x + d, y + d) for d in range(0, min(shot.width - x, shot.height - y))]
    sea_on_ray = [i for i, p in enumerate(ray) if is_colour(shot.getpixel(p), SEA)]
    assert sea_on_ray, "no sea south-east of the province"
    assert share_of(shot, SEA, (x, y, shot.width, shot.height)) > 0.2
    attribution = screen.locator(".leaflet-control-attribution")
    assert "OpenStreetMap" in attribution.inner_text()
    # Leaflet credited without the flag Leaflet puts before it, out of place on a government map (a planner's trial)
    assert attribution.locator("a").first.inner_text() == "Leaflet" and attribution.locator("svg").count() == 0
    assert screen.problems == []


def test_the_unit_page_shows_the_sea_and_the_neighbours_names(screen, live_server):
    screen.goto(f"{live_server}/units/pre2025/961?lang={screen.lang}", wait_until="networkidle")
    # written into the map; each shown where it lies wholly inside it (test_browser.py _no_name_cut)
    names = screen.locator(".georeg-context-name").all_text_contents()
    assert ("Tỉnh Cà Mau" if screen.lang == "vi" else "Cà Mau Province") in names
    shot = _screenshot(screen, "unit")
    frame = screen.locator(".folium-map").bounding_box()
    box = (int(frame["x"]), int(frame["y"]), int(frame["x"] + frame["width"]), int(frame["y"] + frame["height"]))
    assert share_of(shot, SEA, box) > 0.1, "no sea on the map of Hoà Bình, a coastal district"
    assert screen.problems == []


# The map's view (west, south, east, north), zoom and least zoom: as it opened, then zoomed out as far as it goes.
VIEWS = """async (map) => {
    const seen = () => { const b = map.getBounds();
                         return [[b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom()]; };
    const opened = seen();
    for (let i = 0; i < 10 && (i === 0 || map.getZoom() > map.getMinZoom()); i++) {  // a zoom still running: again
        map.setZoom(0, { animate: false });
        await new Promise((resolve) => setTimeout(resolve, 400));  // Leaflet pans back inside its bounds, animated
    }
    return [opened, seen(), map.getMinZoom()];
}"""
FOLIUM_MAP = "Object.keys(window).filter((k) => k.startsWith('map_')).map((k) => window[k])[0]"


def _within(inner: list[float], outer: list[float], zoom: int = 22) -> bool:
    """Whether box ``inner`` (west, south, east, north) lies within ``outer``, to 2 px at ``zoom`` (Leaflet rounds
    the view to whole pixels)."""
    e = 2 * 360 / (256 * 2**zoom)
    return (
        inner[0] >= outer[0] - e and inner[1] >= outer[1] - e and inner[2] <= outer[2] + e and inner[3] <= outer[3] + e
    )


@pytest.mark.parametrize(
    "size", [{"width": 1920, "height": 1080}, {"width": 390, "height": 844}], ids=["wide", "phone"]
)
def test_zoomed_out_the_maps_stay_within_the_sea_they_know_and_each_tile_is_fetched_once(
    browser, live_server, client, sample_engine, size
):
    """Beyond the box the sea is cut to, the maps know nothing: on a wide screen a unit's page showed the sea ending
    in a straight edge, grey beyond. Zoomed out as far as they go, a unit's page and the web map stay within it, the
    web map still opening on both provinces (and going anywhere on another basemap). As it opens, the web map
    fetches each tile once, at its versioned address (_each_tile_fetched_once_at_its_versioned_url)."""
    box = client.get("/map/context.geojson").json()["bbox"]
    with sample_engine.connect() as connection:
        provinces = list(
            connection.execute(
                text(
                    "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e "
                    "FROM admin_unit WHERE level = 'province' AND NOT is_context AND scheme = 'pre2025') x"
                )
            ).one()
        )
    assert _within(provinces, box) and box[2] - box[0] > provinces[2] - provinces[0] + 5  # a margin round them
    # its own context: an empty HTTP cache, in which each tile's one fetch is counted
    context = browser.new_context(viewport=size, has_touch=size["width"] < 500)
    page = context.new_page()
    page.goto(f"{live_server}/units/2025/86?lang=vi", wait_until="networkidle")
    _, (view, zoom), least = page.evaluate(f"() => ({VIEWS})({FOLIUM_MAP})")
    assert zoom == least > 0 and _within(view, box, zoom), (view, box)

    problems = watch(page)
    tiles: list[str] = []
    cache_controls: set[str] = set()

    def seen(response):
        if ".pbf" in response.url:
            tiles.append(response.url)
            cache_controls.add(response.headers.get("cache-control", ""))

    page.on("response", seen)
    open_map(page, f"{live_server}/?lang=en")  # every layer's tiles of the view in
    _each_tile_fetched_once_at_its_versioned_url(page, tiles, cache_controls)
    assert problems == []  # no error, nothing asked outside (OpenStreetMap's tiles are, once chosen below)
    page.wait_for_function("() => window.georeg.map.getMinZoom() > 0")
    (opened, _), (view, zoom), least = page.evaluate(f"() => ({VIEWS})(window.georeg.map)")
    assert zoom == least and _within(view, box, zoom), (view, box)
    assert _within(provinces, opened), (provinces, opened)  # the least zoom did not cut the opening view
    page.evaluate("() => window.georeg.setOpen('georeg-layers', true)")
    page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").click()
    assert page.evaluate("() => window.georeg.map.getMinZoom()") == 0  # another basemap: anywhere
    context.close()


def _each_tile_fetched_once_at_its_versioned_url(page, tiles: list[str], cache_controls: set[str]) -> None:
    """The tiles (``tiles``: every .pbf answer since the map was asked for) each fetched once, at the version its
    layer's TileJSON says, cached for good; a filter keeps the version last, as TileJSON writes it."""
    versions = {
        layer: page.evaluate(f"() => fetch('/tiles/{layer}.json').then((r) => r.json()).then((t) => t.version)")
        for layer in {urlparse(u).path.split("/")[2] for u in tiles}
    }
    projects = [u for u in tiles if "/tiles/projects/" in u]
    assert projects, "no tile of the projects drawn"
    assert [u for u, n in Counter(tiles).items() if n > 1] == [], "a tile fetched twice"
    for url in tiles:
        layer = urlparse(url).path.split("/")[2]
        assert dict(parse_qsl(urlparse(url).query)).get("v") == versions[layer], url
    assert cache_controls == {"public, max-age=31536000, immutable"}
    tiles.clear()
    page.evaluate(
        "async () => { const drawn = new Promise((r) => window.georeg.overlays.projects.once('load', r));"
        "window.georeg.state.kind = ['wind_farm']; window.georeg.apply(); await drawn; }"
    )
    filtered = [u for u in tiles if "/tiles/projects/" in u]
    assert filtered and all(urlparse(u).query == f"kind=wind_farm&v={versions['projects']}" for u in filtered)


# The office's basemap -------------------------------------------------------------------------------------------
BASEMAP_ZOOMS = range(4, 10)
_PARTS = """
CREATE TEMP TABLE basemap_part ON COMMIT DROP AS
SELECT 'earth' AS layer, ST_Transform(ST_Union(geom), 3857) AS geom FROM admin_unit
UNION ALL
SELECT 'water', ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(:sea), 4326), 3857)"""
_EXTENT = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM admin_unit) b"
_TILE = """
SELECT string_agg(mvt, ''::bytea) FROM (
    SELECT ST_AsMVT(t, t.layer) AS mvt FROM (
        SELECT layer, ST_AsMVTGeom(geom, ST_TileEnvelope(:z, :x, :y)) AS geom FROM basemap_part
        WHERE geom && ST_TileEnvelope(:z, :x, :y)
    ) AS t WHERE geom IS NOT NULL GROUP BY layer
) AS layers"""


def registry_bounds(engine, margin: float = 1.0) -> tuple[float, float, float, float]:
    """West, south, east, north of the registry's units, ``margin`` degrees wider."""
    with engine.connect() as connection:
        extent = connection.execute(text(_EXTENT)).one()
    return extent[0] - margin, extent[1] - margin, extent[2] + margin, extent[3] + margin


def tiles_around(bounds: tuple[float, float, float, float], zooms: range = BASEMAP_ZOOMS) -> list[tuple[int, ...]]:
    """(z, x, y) of the tiles of ``zooms`` that cover ``bounds`` (west, south, east, north)."""
    west, south, east, north = bounds
    found = []
    for z in zooms:
        n = 2**z
        columns = range(int((west + 180) / 360 * n), int((east + 180) / 360 * n) + 1)
        top, bottom = (int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n) for lat in (north, south))
        found += [(z, x, y) for x in columns for y in range(top, bottom + 1)]
    return found


def write_pmtiles(target: Path, tiles: dict[tuple[int, int, int], bytes], tile_format: str, bounds) -> Path:
    """A PMTiles archive of ``tiles`` (by z, x, y) in ``tile_format`` ("pbf", "png"), written by the pmtiles package."""
    metadata = {
        "name": "georeg test basemap",
        "format": tile_format,
        "minzoom": str(min(BASEMAP_ZOOMS)),
        "maxzoom": str(max(BASEMAP_ZOOMS)),
        "bounds": ",".join(str(v) for v in bounds),
        "attribution": "georeg test basemap",
    }
    header, metadata = mbtiles_to_header_json(metadata)
    with write(target) as writer:
        for tile_id, data in sorted((zxy_to_tileid(*zxy), data) for zxy, data in tiles.items()):
            writer.write_tile(tile_id, data)
        writer.finalize(header, metadata)
    return target


def build_vector_basemap(engine, sea: dict, target: Path) -> Path:
    """A small PMTiles basemap in the Protomaps schema ("earth" and "water" layers) made from the registry's own
    data: its units as land and the sea it serves, as vector tiles cut by PostGIS."""
    bounds = registry_bounds(engine)
    tiles = {}
    with engine.begin() as connection:
        connection.execute(text(_PARTS), {"sea": json.dumps(sea)})
        for z, x, y in tiles_around(bounds):
            data = connection.execute(text(_TILE), {"z": z, "x": x, "y": y}).scalar()
            if data:
                tiles[z, x, y] = gzip.compress(bytes(data), mtime=0)
    return write_pmtiles(target, tiles, "pbf", bounds)


def build_raster_basemap(client, bounds: tuple[float, float, float, float], target: Path) -> Path:
    """A PMTiles basemap of images within ``bounds``, zooms 8–9: the registry's own soil-salinity tiles (PNG), as
    the app serves them."""
    wanted = tiles_around(bounds, range(8, 10))
    answers = {zxy: client.get("/raster/soil_salinity/{}/{}/{}.png".format(*zxy)) for zxy in wanted}
    tiles = {zxy: a.content for zxy, a in answers.items() if a.status_code == 200}
    return write_pmtiles(target, tiles, "png", bounds)


@pytest.fixture(scope="module")
def office_basemap(tmp_path_factory, sample_engine, client) -> Path:
    sea = next(f for f in client.get("/map/context.geojson").json()["features"] if f["properties"]["kind"] == "sea")
    return build_vector_basemap(sample_engine, sea["geometry"], tmp_path_factory.mktemp("basemap") / "office.pmtiles")


@pytest.fixture(scope="module")
def basemap_server(sample_url, office_basemap):
    with serving(Settings(database_url=sample_url, basemap_pmtiles=office_basemap)) as url:
        yield url


def test_the_offices_pmtiles_basemap_draws_offline(screen, basemap_server, bac_lieu):
    ranges = []
    screen.on("response", lambda r: ranges.append(r.status) if r.url.endswith("/map/basemap.pmtiles") else None)
    screen.goto(f"{basemap_server}/?lang={screen.lang}&layers=nonames", wait_until="networkidle")
    screen.evaluate(DRAWERS_FOLDED)
    screen.evaluate(FIT_BAC_LIEU, bac_lieu["bounds"])
    screen.wait_for_function(BASEMAP_DRAWN, timeout=20_000)
    shot = _screenshot(screen, "basemap")
    x, y = _inside_pixel(screen, bac_lieu)
    assert is_colour(shot.getpixel((x, y)), BASEMAP_EARTH), f"{shot.getpixel((x, y))} inside the province"
    assert share_of(shot, BASEMAP_WATER, (x, y, shot.width, shot.height)) > 0.2, "no water south-east of it"
    assert share_of(shot, SEA, (0, 0, shot.width, shot.height)) == 0, "the offline sea drawn over the basemap"
    assert ranges and set(ranges) == {206}, "the basemap was not read in byte ranges"
    offered = screen.locator("#georeg-layers").text_content()
    assert ("Bản đồ nền của cơ quan" if screen.lang == "vi" else "Office basemap") in offered
    assert screen.problems == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_pages_map_draws_the_offices_basemap_under_its_shapes(new_tab, basemap_server, size):
    """Trial 56: the map of /status-reports (and of a project's or a unit's page) was blank white round a site, while
    the web map had the office's basemap: a page's map draws it too, the offline sea no longer over it."""
    page = new_tab(**SIZES[size])
    problems = watch(page)
    ranges = []
    page.on("response", lambda r: ranges.append(r.status) if r.url.endswith("/map/basemap.pmtiles") else None)
    page.goto(f"{basemap_server}/units/pre2025/954?lang=vi", wait_until="networkidle")
    page.wait_for_function(BASEMAP_DRAWN, timeout=20_000)
    box = page.locator(".folium-map").bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    whole = (0, 0, shot.width, shot.height)
    assert share_of(shot, BASEMAP_EARTH, whole) > 0.2, "the basemap's land is not drawn"
    assert share_of(shot, SEA, whole) == 0, "the offline sea drawn over the basemap"
    assert ranges and set(ranges) == {206}
    assert problems == []


def test_a_basemap_of_images_draws_too(new_tab, sample_url, client, tmp_path, bac_lieu):
    (south, west), (north, east) = bac_lieu["bounds"]
    images = build_raster_basemap(client, (west - 0.5, south - 0.5, east + 0.5, north + 0.5), tmp_path / "s.pmtiles")
    colours = [c.colour for c in SOIL_SALINITY.classes]
    with serving(Settings(database_url=sample_url, basemap_pmtiles=images)) as url:
        page = new_tab(**SIZES["desktop"])
        problems = watch(page)
        page.goto(f"{url}/?lang=vi&layers=nonames", wait_until="networkidle")
        page.evaluate(DRAWERS_FOLDED)
        page.evaluate(FIT_BAC_LIEU, bac_lieu["bounds"])
        page.wait_for_function(BASEMAP_DRAWN, timeout=20_000)
        page.size, page.lang = "desktop", "vi"
        shot = _screenshot(page, "basemap_images")
        page.close()
    whole = (0, 0, shot.width, shot.height)
    assert sum(share_of(shot, colour, whole) for colour in colours) > 0.3, "the salinity classes are not drawn"
    assert problems == []


# The routes ------------------------------------------------------------------------------------------------------
def test_the_context_lists_the_sea_and_the_provinces_with_names_in_the_language(client):
    english = client.get("/map/context.geojson?lang=en")
    assert english.status_code == 200 and english.headers["content-type"] == "application/geo+json"
    kinds = Counter(f["properties"]["kind"] for f in english.json()["features"])
    assert kinds == {"sea": 1, "province": 2, "neighbour": 6}
    labels = {f["properties"].get("label") for f in english.json()["features"]}
    assert {"Bạc Liêu Province", "Sóc Trăng Province"} <= labels
    vietnamese = {f["properties"].get("label") for f in client.get("/map/context.geojson").json()["features"]}
    assert {"Tỉnh Bạc Liêu", "Tỉnh Sóc Trăng"} <= vietnamese
    again = client.get("/map/context.geojson?lang=en", headers={"If-None-Match": english.headers["etag"]})
    assert again.status_code == 304


def test_the_2025_context_names_the_provinces_as_they_are_since_the_reform(client):
    """Around the 2025 units are the 2025 provinces: Sóc Trăng and Hậu Giang are part of Cần Thơ since 1 July 2025,
    Kiên Giang of An Giang, Bến Tre of Vĩnh Long; a map of the 2025 communes naming them was a map of the past."""
    features = client.get("/map/context.geojson?scheme=2025").json()["features"]
    neighbours = {f["properties"]["code"]: f["properties"]["label"] for f in features if f["properties"].get("code")}
    assert neighbours == {
        "96": "Tỉnh Cà Mau",
        "86": "Tỉnh Vĩnh Long",
        "91": "Tỉnh An Giang",
        "92": "Thành phố Cần Thơ",
        "82": "Tỉnh Đồng Tháp",
    }
    own = [f["properties"]["code"] for f in features if f["properties"]["kind"] == "province"]
    assert sorted(own) == ["86", "96"]  # the registry's own 2025 provinces, drawn white
    english = client.get("/map/context.geojson?scheme=2025&lang=en").json()["features"]
    assert "Cần Thơ City" in {f["properties"].get("label") for f in english}
    before = client.get("/map/context.geojson?scheme=pre2025").json()["features"]
    assert "Tỉnh Sóc Trăng" in {f["properties"].get("label") for f in before}


def test_the_2025_context_parts_each_province_into_the_former_ones_and_says_which_the_registry_holds(client):
    """Trial 62: "TỈNH VĨNH LONG" read as former Trà Vinh alone (the part with communes), former Vĩnh Long and Bến Tre
    blank and unnamed inside it. The 2025 context has each former province inside a registry's 2025 one, named, cut
    to it, and whether the registry holds its units."""
    features = client.get("/map/context.geojson?scheme=2025").json()["features"]
    parts = {f["properties"]["former_code"]: f for f in features if f["properties"]["kind"] == "former_part"}
    said = {
        code: (f["properties"]["province"], f["properties"]["held"], f["properties"]["label"])
        for code, f in parts.items()
    }
    assert said == {
        "84": ("86", True, "Trà Vinh cũ"),
        "83": ("86", False, "Bến Tre cũ"),
        "86": ("86", False, "Vĩnh Long cũ"),
        "95": ("96", True, "Bạc Liêu cũ"),
        "96": ("96", False, "Cà Mau cũ"),
    }
    province = next(
        f for f in features if f["properties"].get("code") == "86" and f["properties"]["kind"] == "province"
    )
    whole = shape(province["geometry"])
    cut = [shape(parts[code]["geometry"]) for code in ("83", "84", "86")]
    assert abs(sum(c.area for c in cut) - whole.area) < 0.02 * whole.area  # the three make up the 2025 Vĩnh Long
    for code, part in parts.items():
        lon, lat = part["properties"]["label_at"]
        assert shape(part["geometry"]).contains(Point(lon, lat)), code  # named inside its part
    english = client.get("/map/context.geojson?scheme=2025&lang=en").json()["features"]
    assert "former Bến Tre" in {f["properties"]["label"] for f in english if f["properties"]["kind"] == "former_part"}
    before = client.get("/map/context.geojson?scheme=pre2025").json()["features"]
    assert not [f for f in before if f["properties"]["kind"] == "former_part"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_contexts_labels_are_plain_nfc_text_as_a_gis_reads_them(client, lang):
    """Trial 64: /map/context.geojson's labels carried no-break spaces ("Bến\u00a0Tre\u00a0cũ"), by which the web
    map wraps them, in data a GIS tool reads (a filter on "Bến Tre cũ" found nothing); the map inserts them itself."""
    said = []
    for scheme in ("2025", "pre2025"):
        for feature in client.get(f"/map/context.geojson?scheme={scheme}&lang={lang}").json()["features"]:
            said += [feature["properties"][key] for key in ("label", "name") if key in feature["properties"]]
    assert "Bến Tre" in said and len(said) > 10
    assert [s for s in said if unicodedata.normalize("NFC", s) != s or "\u00a0" in s] == []


def test_the_basemap_is_served_in_byte_ranges_and_its_absence_is_explained(client, sample_url, office_basemap):
    unset = client.get("/map/basemap.pmtiles")
    assert unset.status_code == 404 and "GEOREG_BASEMAP_PMTILES" in unset.json()["detail"]
    missing = TestClient(create_app(Settings(database_url=sample_url, basemap_pmtiles=Path("/nowhere/x.pmtiles"))))
    gone = missing.get("/map/basemap.pmtiles")
    assert gone.status_code == 404 and "/nowhere/x.pmtiles" in gone.json()["detail"]
    served = TestClient(create_app(Settings(database_url=sample_url, basemap_pmtiles=office_basemap)))
    part = served.get("/map/basemap.pmtiles", headers={"Range": "bytes=0-126"})
    assert part.status_code == 206 and part.content == office_basemap.read_bytes()[:127]
    assert part.content.startswith(b"PMTiles")


def test_without_the_seas_package_pages_still_open_and_the_context_says_what_to_run(sample_url, tmp_path):
    app = TestClient(create_app(Settings(database_url=sample_url, assets_dir=tmp_path)))
    context = app.get("/map/context.geojson")
    assert context.status_code == 404 and "scripts/setup.sh" in context.json()["detail"]
    assert app.get("/units/pre2025/961").status_code == 200
