"""The main web map: every catalog layer as vector or raster tiles, with legends, filters, a time slider, search
and a vi/en switch.

Folium builds the page (Leaflet and its local assets); ``static/web_map.js`` (served from /assets/georeg) draws
the layers from the app's tiles, so no layer comes as one big GeoJSON inside the page; the page carries its
configuration as JSON data, not as script. The page makes no request outside the app unless the user picks
the OpenStreetMap background.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement, Template
from sqlalchemy.orm import Session

from geo.accounts import WRITER_ROLES
from geo.coded_words import read_status
from geo.layer_versions import url_version
from geo.models import RasterDataset
from geo.queries.map_choices import map_choices
from geo.queries.map_places import share_covered, unit_places
from geo.queries.scheme_in_force import scheme_in_force, scheme_starts
from geo.salinity import (
    cited_source,
    cited_sources,
    has_salinity_zones,
    zone_periods,
    zone_sources,
)
from geo.schedule import OPEN_STATUSES, SCHEDULE_STATUSES
from geo.source_labels import source_label
from geo.unit_names import unit_label
from geo.vi_format import month_year
from geo.vietnam_day import vietnam_today
from geo.vocab import (
    LOCATION_PRECISIONS,
    PROGRESS_WEIGHTS,
    PROJECT_KINDS,
    PROJECT_SCHEDULES,
    PROJECT_STATUSES,
    UNIT_LEVELS,
    UNIT_TYPES,
    labels,
)
from layers.catalog import (
    COMMUNES_2025,
    DISTRICTS_PRE2025,
    PROGRESS_CLASSES,
    PROGRESS_DISTRICTS,
    PROJECTS,
    PROVINCES_2025,
    PROVINCES_PRE2025,
    RASTER_LAYERS,
    SALINITY_ZONES,
    Layer,
    RasterLayer,
)
from layers.raster_tiles import legend, readable, registered_datasets
from layers.vector_tiles import CELL_PX
from maps.assets import ASSETS_URL, LeafletCredit, MetricScale, use_local_assets
from maps.map_export_ui import EXPORT_UI
from maps.texts import MAP_TEXT, season_period

CENTRE = (9.55, 105.95)
BASEMAP_URL = "/map/basemap.pmtiles"
# Drawing a PMTiles basemap: vector tiles (protomaps-leaflet) or raster ones (pmtiles' own Leaflet layer).
BASEMAP_JS = ("pmtiles/dist/pmtiles.js", "protomaps-leaflet/dist/protomaps-leaflet.js")
OWN_ASSETS_URL = "/assets/georeg"
OWN_ASSETS_DIR = Path(__file__).parent / "static"
# (layer, pane, shown when the page opens)
VECTOR_LAYERS: tuple[tuple[Layer, str, bool], ...] = (
    (PROVINCES_PRE2025, "units", True),
    (DISTRICTS_PRE2025, "units", True),
    (PROVINCES_2025, "units", False),
    (COMMUNES_2025, "units", False),
    (SALINITY_ZONES, "zones", False),
    (PROJECTS, "projects", True),
)
# How the web map tells project statuses apart without colour (colour-blind readers, greyscale prints), on
# points, lines and polygons alike: the outline's dash pattern, opacity and width (a factor of the kind's width),
# and the fill (a point's; a polygon's is a third of it). No two statuses share all of them; the legend draws them.
STATUS_CUES: dict[str, dict[str, Any]] = {
    "proposed": {"dash": "8 6", "opacity": 1, "width": 1, "fill": 0},
    "preparing": {"dash": "12 4 2 4", "opacity": 1, "width": 1, "fill": 0},
    "under_construction": {"dash": "2 4", "opacity": 1, "width": 1, "fill": 0.45},
    "operating": {"dash": "", "opacity": 1, "width": 1, "fill": 0.85},
    "completed": {"dash": "", "opacity": 1, "width": 1.75, "fill": 0.85},
    "suspended": {"dash": "8 4 2 4 2 4", "opacity": 0.45, "width": 1, "fill": 0.2},
    "cancelled": {"dash": "1 5", "opacity": 0.45, "width": 1, "fill": 0},
}
# Layers colouring areas by class, shown one at a time: their colours over each other cannot be read.
AREA_FILLS = (PROGRESS_DISTRICTS.id, SALINITY_ZONES.id, *RASTER_LAYERS)
#: The choices of the map's filter "no report for N months" (geo.stalled); its popups say a project's months without a
#: report from the fewest.
NO_REPORT_MONTHS_OFFERED = (3, 6, 12)
#: The boundary of the former districts or communes chosen (?unit=), over what the map or sheet colours: a planner who
#: asked for Huyện Hoà Bình saw its 2025 communes coloured and no line saying which district they had asked for.
CHOSEN_OUTLINE = "#6a1b9a"
#: A tile of projects drawing this many projects or more (merged ones counted) is drawn as a density (trial 54:
#: 100,000 projects made one teal mass over Bạc Liêu): its merged points as the tile's grid cells (``CELL_PX`` square,
#: darker for more projects), single projects as small symbols, lines thin; the boundaries then go over the projects.
#: The sample's 36 projects never come near it; a province's inventory puts thousands in every tile at its zoom.
DENSE_TILE_PROJECTS = 400
# The progress choropleth colours the units of the chosen scheme (tiles) by the figures of /api/progress.
PROGRESS_LEVELS = {"pre2025": "district", "2025": "commune"}
PROGRESS_UNITS = {"pre2025": DISTRICTS_PRE2025.id, "2025": COMMUNES_2025.id}


def build_web_map(
    session: Session,
    lang: str = "vi",
    focus: str = "projects",
    basemap: bool = False,
    poll_seconds: float = 5,
    statuses: Sequence[str] = (),
) -> folium.Map:
    """The folium map of the whole registry in ``lang`` ("vi" or "en"); ``focus`` "progress" opens it on the
    progress choropleth (the /progress page), with its title and date over the map; ``basemap``: the office's
    PMTiles basemap is set (the setting basemap_pmtiles), offered and shown first; ``poll_seconds``: how often the
    page asks which projects others changed since the version it was built with (the setting
    changes_poll_seconds); ``statuses``: the address's ``status`` words, each read as the code the page chooses
    (geo.coded_words: "?status=Chuẩn bị", as a sheet's column takes it)."""
    web_map = folium.Map(location=CENTRE, zoom_start=9, tiles=None, zoom_control=False)
    MetricScale().add_to(web_map)
    LeafletCredit().add_to(web_map)
    title = MAP_TEXT[lang]["progress_title" if focus == "progress" else "title"]
    web_map.get_root().title = title
    extra = {"map": web_map.get_name(), "focus": focus, "title": title, "basemap": BASEMAP_URL if basemap else None}
    extra["status_read"] = {word: read_status(word) for word in statuses if read_status(word)}
    extra["changes"] = {"version": url_version(session, [PROJECTS.id]), "every_ms": round(poll_seconds * 1000)}
    _MapApp(map_config(session, lang) | extra).add_to(web_map)
    use_local_assets(web_map)
    return web_map


def map_config(session: Session, lang: str) -> dict[str, Any]:
    """Everything the page's script needs: layers with styles and legends, labels, filter choices."""
    choices = map_choices(session)
    has_zones = has_salinity_zones(session)
    vector = [
        _vector_layer(layer, pane, shown, lang, choices["drawn_kinds"])
        for layer, pane, shown in VECTOR_LAYERS
        if layer is not SALINITY_ZONES or has_zones
    ]
    if has_zones:  # the zones' legend says of when they are and what they are (a prediction, not measurements)
        zones = next(v for v in vector if v["id"] == SALINITY_ZONES.id)
        zones["periods"] = _salinity_periods(session, lang)
        zones["sources"] = _zone_sources_cited(session, lang)
    return {
        "lang": lang,
        "schemes": _schemes(session, lang),
        "text": MAP_TEXT[lang],
        "writer_roles": WRITER_ROLES,  # who is offered the report form in a project's popup
        "vector": vector,
        "rasters": _raster_layers(session, lang),
        "progress": {
            "title": MAP_TEXT[lang]["progress_layer"],
            "units": PROGRESS_UNITS,
            # the part of the provinces the progress units leave blank (no legend row when none)
            "uncovered": {
                scheme: {"level": level, "share": round(1 - (share_covered(session, scheme, level) or 1), 3)}
                for scheme, level in PROGRESS_LEVELS.items()
            },
            "colours": PROGRESS_DISTRICTS.colours,
            "legend": [
                {
                    "code": t.code,
                    "label": t.vi if lang == "vi" else t.en,
                    "colour": PROGRESS_DISTRICTS.colour_of(t.code),
                }
                for t in PROGRESS_CLASSES
            ],
        },
        "labels": {
            "kind": labels(PROJECT_KINDS, lang),
            "status": labels(PROJECT_STATUSES, lang),
            "schedule": labels(PROJECT_SCHEDULES, lang),
            "precision": labels(LOCATION_PRECISIONS, lang),
            "level": labels(UNIT_LEVELS, lang),
            "unit_type": labels(UNIT_TYPES, lang),  # a unit's own type, its search row's: "Town", not "District"
            "weight": labels(PROGRESS_WEIGHTS, lang),
        },
        "status_cues": STATUS_CUES,
        "schedule_statuses": SCHEDULE_STATUSES,
        # "no report for N months" (geo.stalled): the months offered, and the statuses of a project it can choose
        "no_report": {"months": NO_REPORT_MONTHS_OFFERED, "statuses": OPEN_STATUSES},
        "area_fills": AREA_FILLS,
        "chosen_outline": CHOSEN_OUTLINE,
        "dense": {"projects": DENSE_TILE_PROJECTS, "cell_px": CELL_PX},
        "choices": choices,
        "sheet": EXPORT_UI[lang],
        **map_names(session, lang),
    }


_LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}


#: How Vietnamese maps write a district's kind at small scale: "Càng Long", "TP. Trà Vinh", "TX. Giá Rai". The map
#: writes districts so below zoom 11 (SHORT_NAMES_BELOW in web_map.js): at the opening zoom "Thành phố Trà Vinh" took
#: the room of three of its neighbours' names. A kind not listed is written in full.
SHORT_DISTRICT_KINDS = {"Huyện": "", "Thành phố": "TP.", "Thị xã": "TX."}


def unit_short_label(unit: dict[str, Any], lang: str) -> str | None:
    """A district as the map writes it when zoomed out; None for other units and kinds not in SHORT_DISTRICT_KINDS.
    In English a district is its bare name ("Càng Long"), a city or town its English name ("Trà Vinh City")."""
    prefix = SHORT_DISTRICT_KINDS.get(unit.get("unit_type_vi") or "")
    if unit["level"] != "district" or prefix is None:
        return None
    if prefix and lang == "en":
        return unit.get("name_en") or unit["name_vi"]
    return f"{prefix} {unit['name_vi']}".strip()


def map_names(session: Session, lang: str) -> dict[str, Any]:
    """Where the map writes unit names (biggest units first, so they win a collision). The projects' names, close in,
    are asked for the view (/tiles/projects/names.json); the neighbouring provinces and the sea come from
    /map/context.geojson."""
    rows = unit_places(session)
    rows.sort(key=lambda r: (_LEVEL_ORDER.get(r["level"], 3), r["is_context"]))
    places = [
        {
            "code": r["code"],
            "scheme": r["scheme"],
            "level": r["level"],
            "context": r["is_context"],
            "label": unit_label(r, lang),
            "short": unit_short_label(r, lang),
            "lon": round(r["lon"], 5),
            "lat": round(r["lat"], 5),
        }
        for r in rows
    ]
    return {
        "places": {p["code"]: p for p in places if not p["context"]},
        "place_list": places,
    }


def _vector_layer(layer: Layer, pane: str, shown: bool, lang: str, kinds: list[str]) -> dict[str, Any]:
    legend_ = layer.legend(lang)
    if layer is PROJECTS:
        legend_["colours"] = [c for c in legend_["colours"] if c["code"] in kinds]
    return {
        "id": layer.id,
        "title": layer.title(lang),
        "pane": pane,
        "shown": shown,
        "scheme": layer.id.split("_")[1] if layer.id.startswith("units_") else None,
        "colour": layer.colour,
        "colours": layer.colours,
        "colour_by": layer.colour_by,
        "outlines": layer.outlines,
        "weight": layer.weight,
        "fill_opacity": layer.fill_opacity,
        "legend": legend_,
        "popup": [{"field": f.key, "label": getattr(f, lang), "optional": f.optional} for f in layer.popup],
    }


def _schemes(session: Session, lang: str) -> dict[str, Any]:
    """The boundaries the map opens on (those in force today by the units' dates, else the former ones), the
    registry's former provinces it holds no units of them for, named in ``lang``, and the day each scheme begins."""
    found = scheme_in_force(session, vietnam_today())
    return {
        "default": found.scheme,
        "in_registry": found.in_registry,
        "without": [{"code": p["code"], "name": p[f"name_{lang}"] or p["name_vi"]} for p in found.without],
        "starts": {scheme: day.isoformat() for scheme, day in scheme_starts(session).items()},
    }


def _salinity_periods(session: Session, lang: str) -> list[dict[str, str]]:
    """The periods of the zones, newest by date first (the one drawn first), each with its label ("Mùa khô 2025-03")
    and its legend note: its sources, as the unit pages cite them ("03/2025 — quanguet0409/… : …")."""
    return [
        {
            "code": period,
            "label": season_period(period, lang),
            "note": f"{month_year(period)} — {cited_sources(zone_sources(session, period), lang)}",
        }
        for period in reversed(zone_periods(session))  # zone_periods: oldest first, by date
    ]


def _zone_sources_cited(session: Session, lang: str) -> dict[str, str]:
    """Each zone source as the legend cites it, for a zone's popup (the tiles carry the source as stored), by its
    part before ": " (a stored source holds its words in both languages: the page keeps the other one out)."""
    periods = zone_periods(session)
    stored = {source for period in periods for source in zone_sources(session, period)}
    return {source.partition(": ")[0]: cited_source(source, lang) for source in stored}


def _raster_layers(session: Session, lang: str) -> list[dict[str, Any]]:
    """The raster layers that have a registered dataset (others would only draw 404s); with datasets of more than
    one year, each year's newest, newest first, for the reader to choose (trial 64: forest cover of one year only)."""
    found = []
    for layer in RASTER_LAYERS.values():
        datasets = registered_datasets(session, layer)
        if not datasets:
            continue
        about = _raster_legend(layer, datasets[0], lang)
        by_year = {d.year: d for d in reversed(datasets) if d.year is not None}  # a year's newest kept, last
        years = [_raster_year(layer, by_year[y], lang) for y in sorted(by_year, reverse=True)]
        unreadable = [y for y in years if not y["readable"]]
        offered = years if len(years) > 1 or unreadable else []
        entry = {"id": layer.id, "title": layer.title(lang), "legend": about, "years": offered}
        found.append(entry | {"unreadable": [_unreadable_said(y, years, lang) for y in unreadable]})
    return found


def _raster_year(layer: RasterLayer, dataset: RasterDataset, lang: str) -> dict[str, Any]:
    return {"year": dataset.year, "legend": _raster_legend(layer, dataset, lang), "readable": readable(dataset)}


def _unreadable_said(year: dict[str, Any], years: list[dict[str, Any]], lang: str) -> str:
    """A year whose raster cannot be read, said above the map with the year drawn instead (or none)."""
    drawn = next((y["year"] for y in years if y["readable"]), None)
    words = MAP_TEXT[lang]["raster_unreadable" if drawn else "raster_unreadable_none"]
    return words.format(year=year["year"], raster=year["legend"]["dataset"]["id"], drawn=drawn)


def _raster_legend(layer: RasterLayer, dataset: RasterDataset, lang: str) -> dict[str, Any]:
    about = legend(layer, dataset, lang)
    about["dataset"]["source"] = source_label(about["dataset"]["source"], lang)
    return about


def _json_for_script(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str).replace("</", "<\\/")


class _MapApp(MacroElement):
    """The page's configuration (JSON data) and its own stylesheet and script, which runs once the page (and
    folium's map) is ready."""

    _template = Template("""
{% macro header(this, kwargs) %}
<link rel="stylesheet" href="{{ this.assets }}/web_map.css">
<script type="application/json" id="georeg-config">{{ this.config }}</script>
{% for script in this.basemap_js %}<script defer src="{{ this.npm }}/{{ script }}"></script>
{% endfor %}{% if this.basemap_js %}<script defer src="{{ this.assets }}/office_basemap.js"></script>
{% endif %}<script defer src="{{ this.assets }}/dates_as_written.js"></script>
<script defer src="{{ this.assets }}/my_location.js"></script>
<script defer src="{{ this.assets }}/web_map.js"></script>
<link rel="stylesheet" href="{{ this.assets }}/map_export.css">
<script defer src="{{ this.assets }}/map_export.js"></script>
{% endmacro %}
""")

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeoregMapApp"
        self.config = _json_for_script(config)
        self.assets = OWN_ASSETS_URL
        self.npm = ASSETS_URL
        self.basemap_js = BASEMAP_JS if config.get("basemap") else ()
