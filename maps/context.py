"""What the maps draw around the registry's own units, so that a reader knows where they are, offline: the sea and
its coastline, the registry's provinces, and the neighbouring provinces with their names.

The sea comes from the npm package ``@geo-maps/earth-seas-10m`` (OpenStreetMap's sea polygons, ODbL, kept to
about 10 m; see data/MANIFEST.md), installed with the other front-end assets at setup. Its one world-wide polygon is
36 MB of GeoJSON, seconds to read: the part around the registry's units (their extent and a margin) is cut on
first use and kept in ``context_dir`` (a few tens of KB), which later processes read instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import folium
import shapely
from branca.element import MacroElement
from jinja2 import Template
from pyogrio.raw import read as read_features
from sqlalchemy.orm import Session

from geo.former_parts import Keep, current_former_parts
from geo.layer_versions import UNIT_LAYERS, url_version
from geo.log_words import logged
from geo.queries.map_places import context_provinces, registry_extent
from geo.said import Said, SaidError
from geo.settings import Settings
from geo.unit_names import unit_label
from maps.assets import ASSETS_URL, RawHtml
from maps.texts import FORMER_PART
from maps.web_map import BASEMAP_JS, OWN_ASSETS_DIR, OWN_ASSETS_URL

SEA_FILE = Path("@geo-maps") / "earth-seas-10m" / "map.geo.json"
SEA_ATTRIBUTION = "© OpenStreetMap contributors"
#: How far round the registry's units the sea is cut, and so how far the maps may be moved or zoomed out (on the
#: context basemap): a phone's map, 844 px tall at zoom 7, shows 9.3 degrees of latitude.
MARGIN_DEGREES = 4.5
# Coordinates to 5 decimals (about 1 m), outlines of provinces simplified to about 100 m.
PRECISION = 1e-5
OUTLINE_TOLERANCE = 0.001
# Land outside the registry's provinces is the maps' grey background; the sea is drawn over it, the provinces white.
LAND = "#e4e2de"
STYLES = {
    "sea": {"color": "#6f9fc8", "weight": 1, "fillColor": "#aacbe6", "fillOpacity": 1},
    "province": {"color": "#8a8a8a", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 1},
    "neighbour": {"color": "#a6a6a6", "weight": 1, "fillColor": LAND, "fillOpacity": 1},
    # the web map's: the former provinces inside a 2025 one (map_context's ``parts``)
    "former_part": {"color": "#6f5d52", "weight": 1.5, "dashArray": "6 4", "fill": False},
}
NAME_STYLE = (
    ".georeg-context-name { font: italic 12px sans-serif; color: #6b6b6b; text-align: center; white-space: nowrap;"
    " text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }"
)
NAMES_IN_FRAME_JS = (OWN_ASSETS_DIR / "names_in_frame.js").read_text(encoding="utf-8")
_cutting = threading.Lock()
_kept: dict[Path, dict[str, Any] | None] = {}
_log = logging.getLogger(__name__)


class SeaMissing(SaidError):
    """The sea's npm package is not installed."""


Box = tuple[float, float, float, float]


def context_box(extent: Box) -> Box:
    """West, south, east, north of what the maps know round the registry's units (``extent``): the sea is cut to
    it, and beyond it they know nothing (the sea ended in a straight edge on a wide screen)."""
    west, south, east, north = extent
    margin = MARGIN_DEGREES
    return round(west - margin, 2), round(south - margin, 2), round(east + margin, 2), round(north + margin, 2)


def sea_around(settings: Settings, box: Box) -> dict[str, Any] | None:
    """The sea's geometry (GeoJSON) within ``box`` (:func:`context_box`), or None where there is no sea."""
    source = settings.assets_dir / SEA_FILE
    if not source.is_file():
        raise SeaMissing(
            Said(
                f"thiếu {source}: hãy chạy scripts/setup.sh (npm ci cài gói @geo-maps/earth-seas-10m)",
                f"{source} is missing: run scripts/setup.sh (npm ci installs @geo-maps/earth-seas-10m)",
            )
        )
    key = hashlib.sha256(f"{source.stat().st_size}:{source.stat().st_mtime_ns}:{box}".encode()).hexdigest()[:16]
    cut = settings.context_dir / f"sea-{key}.geojson"
    with _cutting:
        if cut not in _kept:
            _kept[cut] = json.loads(cut.read_text()) if cut.is_file() else _cut_sea(source, box, cut)
    return _kept[cut]


def _cut_sea(source: Path, box: Box, target: Path) -> dict[str, Any] | None:
    """The sea within ``box`` as GeoJSON, also written to ``target`` (if it can be: else only kept in memory)."""
    _, _, geometries, _ = read_features(source, bbox=box)
    parts = [shapely.clip_by_rect(shapely.from_wkb(g), *box) for g in geometries]
    sea = shapely.set_precision(shapely.union_all(parts), PRECISION) if parts else None
    geojson = "null" if sea is None or sea.is_empty else shapely.to_geojson(sea)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_text(geojson)
        partial.replace(target)
    except OSError as error:
        _log.warning("%s", logged("sea_in_memory", error=error))
    return json.loads(geojson)


def context_version(session: Session) -> str:
    """A token that changes whenever the units a context draws may have (every unit layer's version: its extent is
    every unit's); the sea's file changes only with a release."""
    return url_version(session, UNIT_LAYERS)


def map_context(
    session: Session,
    settings: Settings,
    lang: str,
    scheme: str = "pre2025",
    parts: bool = False,
    keep: Keep | None = None,
) -> dict[str, Any]:
    """A feature collection: the sea (``kind`` "sea"), the registry's provinces ("province") and the neighbouring
    units ("neighbour") of boundary ``scheme`` (a map of the 2025 units is drawn among the 2025 provinces), each unit
    with its name as the page's language says it and where to write it; with ``parts``, on the 2025 boundaries, the
    former provinces each 2025 province was made of ("former_part"): the web map's 2025 Vĩnh Long was read as
    former Trà Vinh alone, whose communes the registry holds (trial 62); those kept for the provinces as they are,
    else cut and handed to ``keep`` (geo.former_parts)."""
    features = []
    extent = registry_extent(session)
    box = context_box(extent) if extent else None
    sea = sea_around(settings, box) if box else None
    if sea:
        features.append({"type": "Feature", "geometry": sea, "properties": {"kind": "sea"}})
    for row in context_provinces(session, OUTLINE_TOLERANCE, scheme):
        properties = {
            "kind": "neighbour" if row["is_context"] else "province",
            "code": row["code"],
            "label": unit_label(row, lang),
            "label_at": [round(row["lon"], 5), round(row["lat"], 5)],
        }
        features.append({"type": "Feature", "geometry": json.loads(row["outline"]), "properties": properties})
    if parts and scheme == "2025":
        features += _former_parts(session, lang, keep)
    return {
        "type": "FeatureCollection",
        "attribution": SEA_ATTRIBUTION,
        "land": LAND,
        "styles": STYLES,
        "bbox": list(box) if box else None,
        "features": features,
    }


def _former_parts(session: Session, lang: str, keep: Keep | None) -> list[dict[str, Any]]:
    """The former provinces inside the registry's 2025 ones as features, named "Bến Tre cũ" / "former Bến Tre"."""
    return [
        {
            "type": "Feature",
            "geometry": json.loads(row["outline"]),
            "properties": {
                "kind": "former_part",
                "former_code": row["code"],
                "province": row["province"],
                "held": row["held"],
                "name": row["name_vi"],
                "label": FORMER_PART[lang].format(name=row["name_vi"]),
                "label_at": [round(row["lon"], 5), round(row["lat"], 5)],
            },
        }
        for row in current_former_parts(session, OUTLINE_TOLERANCE, keep)
    ]


def fetched_context(lang: str, scheme: str) -> dict[str, Any]:
    """A page's context (:func:`add_context`) its browser fetches from ``/map/context.geojson`` and keeps, rather
    than sends inline with the page: half of /status-reports, resent at each visit (trial 64)."""
    return {"url": f"/map/context.geojson?{urlencode({'lang': lang, 'scheme': scheme})}", "land": LAND}


def add_context(page: folium.Map, context: dict[str, Any]) -> None:
    """Draw ``context`` (:func:`map_context`, or :func:`fetched_context`'s URL of it) on a page's folium map, under
    whatever is added after it: grey land, the sea, the provinces, and the neighbours' names. With the office's
    basemap (``context["basemap"]``: its URL and the page's language), that instead, the provinces outlined over it
    and the neighbours named (trial 56: a page's map of a site 3 km wide was blank white where the web map had the
    office's basemap)."""
    basemap = context.get("basemap")
    land = "" if basemap else f"#{page.get_name()} {{ background: {context['land']}; }} "
    page.get_root().header.add_child(RawHtml(f"<style>{land}{NAME_STYLE}</style>"))
    if basemap:
        _OfficeBasemap(**basemap).add_to(page)
    if "url" in context:
        _FetchedContext(context["url"], bool(basemap)).add_to(page)
        return
    for kind in STYLES:
        features = [f for f in context["features"] if f["properties"]["kind"] == kind]
        if not features or basemap and kind == "sea":
            continue
        outlined = {"fillOpacity": 0} if basemap else {}
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=lambda _f, style=context["styles"][kind] | outlined: style,
            interactive=False,
            control=False,
            attribution=context["attribution"] if kind == "sea" else None,
        ).add_to(page)
    for feature in context["features"]:
        if feature["properties"]["kind"] == "neighbour":
            lon, lat = feature["properties"]["label_at"]
            PlaceName((lat, lon), escape(feature["properties"]["label"])).add_to(page)
    if context["bbox"]:
        _KeptInContext(context["bbox"]).add_to(page)


class PlaceName(MacroElement):
    """A place's name written on the map (a neighbouring province's, a commune's): a marker made with its label as
    its icon. (folium's Marker gets Leaflet's default icon first, then the label: a unit's page exported and opened
    offline asked for images/marker-icon.png.)"""

    _template = Template(
        "{% macro script(this, kwargs) %}L.marker({{ this.location|tojson }}, {icon: L.divIcon({html: "
        "{{ this.label|tojson }}, iconSize: [{{ this.width }}, 16], className: 'georeg-context-name'}), "
        "interactive: false, keyboard: false}).addTo({{ this._parent.get_name() }});{% endmacro %}"
    )

    def __init__(self, location: tuple[float, float], label: str) -> None:
        super().__init__()
        self._name = "PlaceName"
        self.location, self.label, self.width = list(location), label, 8 * len(label)


class NamesInFrame(MacroElement):
    """A page's map writes a name (:class:`PlaceName`, the neighbours' of :func:`add_context`, those its fetched
    context adds) only where it lies wholly inside the map and clear of its controls (static/names_in_frame.js). The
    script is written into the page: a page exported opens from disk, where /assets/georeg is not."""

    _template = Template(
        "{% macro header(this, kwargs) %}<script>{{ this.code }}</script>"
        "<style>.georeg-context-name.georeg-left-out { visibility: hidden; }</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}window.georegNamesInFrame({{ this._parent.get_name() }});{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "NamesInFrame"
        self.code = NAMES_IN_FRAME_JS


class _OfficeBasemap(MacroElement):
    """The office's PMTiles basemap under a page's shapes, drawn by the web map's own script once the page's deferred
    scripts have run (static/office_basemap.js)."""

    _template = Template(
        "{% macro header(this, kwargs) %}{% for script in this.scripts %}"
        '<script defer src="{{ script }}"></script>{% endfor %}{% endmacro %}'
        "{% macro script(this, kwargs) %}document.addEventListener('DOMContentLoaded', function () {"
        " window.georegOfficeBasemap({{ this.url|tojson }}, {{ this.lang|tojson }})"
        ".addTo({{ this._parent.get_name() }}); });{% endmacro %}"
    )

    def __init__(self, url: str, lang: str) -> None:
        super().__init__()
        self._name = "OfficeBasemap"
        self.url, self.lang = url, lang
        self.scripts = [f"{ASSETS_URL}/{script}" for script in BASEMAP_JS] + [f"{OWN_ASSETS_URL}/office_basemap.js"]


class _FetchedContext(MacroElement):
    """The context fetched and drawn by static/page_context.js once the page's deferred scripts have run."""

    _template = Template(
        '{% macro header(this, kwargs) %}<script defer src="{{ this.script }}"></script>{% endmacro %}'
        "{% macro script(this, kwargs) %}document.addEventListener('DOMContentLoaded', function () {"
        " window.georegPageContext({{ this._parent.get_name() }}, {{ this.url|tojson }},"
        " {{ this.over_basemap|tojson }}); });{% endmacro %}"
    )

    def __init__(self, url: str, over_basemap: bool) -> None:
        super().__init__()
        self._name = "FetchedContext"
        self.url, self.over_basemap = url, over_basemap
        self.script = f"{OWN_ASSETS_URL}/page_context.js"


class _KeptInContext(MacroElement):
    """The map is kept within the context's box, and zoomed out no further than fills the view with it, whatever
    the screen's size (as the web map keeps its own on the context basemap, static/web_map.js)."""

    _template = Template(
        "{% macro script(this, kwargs) %}(function (map) {"
        " var box = L.latLngBounds([{{ this.box[1] }}, {{ this.box[0] }}], [{{ this.box[3] }}, {{ this.box[2] }}]);"
        " function keep() { map.setMinZoom(map.getBoundsZoom(box, true)); }"
        " map.setMaxBounds(box); keep(); map.on('resize', keep);"
        " })({{ this._parent.get_name() }});{% endmacro %}"
    )

    def __init__(self, box: list[float]) -> None:
        super().__init__()
        self._name = "KeptInContext"
        self.box = box
