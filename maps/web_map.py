"""The main web map: admin units as the base, projects by kind, a legend and a layer control."""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement, Template
from sqlalchemy.orm import Session

from geo.queries.projects import ProjectFilter, find_projects
from geo.queries.units import find_units
from geo.vocab import LOCATION_PRECISIONS, PROJECT_STATUSES, Term
from layers.catalog import COMMUNES_2025, DISTRICTS_PRE2025, PROJECTS, PROVINCES_PRE2025, Layer
from maps.assets import use_local_assets

CENTRE = (9.55, 105.95)
TEXT = {
    "vi": {
        "title": "Bản đồ dự án tăng trưởng xanh — Bạc Liêu, Trà Vinh",
        "demo": "DỮ LIỆU MINH HỌA",
        "unsited": "chương trình toàn tỉnh không có vị trí riêng (không vẽ)",
        "osm": "OpenStreetMap (cần Internet)",
        "blank": "Nền trống (ranh giới hành chính)",
        "open": "Mở",
        "legend": "Chú giải",
    },
    "en": {
        "title": "Green-growth project map — Bạc Liêu, Trà Vinh",
        "demo": "DEMO DATA",
        "unsited": "province-wide programmes with no single site (not drawn)",
        "osm": "OpenStreetMap (needs internet)",
        "blank": "Blank (admin boundaries)",
        "open": "Open",
        "legend": "Legend",
    },
}


def _label(terms: tuple[Term, ...], code: str, lang: str) -> str:
    term = next((t for t in terms if t.code == code), None)
    return (term.vi if lang == "vi" else term.en) if term else code


def build_web_map(session: Session, lang: str = "vi") -> folium.Map:
    """The folium map of the whole registry in ``lang`` ("vi" or "en")."""
    web_map = folium.Map(location=CENTRE, zoom_start=9, tiles=None, control_scale=True, prefer_canvas=False)
    web_map.get_root().title = TEXT[lang]["title"]
    folium.FeatureGroup(name=TEXT[lang]["blank"], overlay=False).add_to(web_map)
    folium.TileLayer("OpenStreetMap", name=TEXT[lang]["osm"], show=False, overlay=False).add_to(web_map)
    for layer, scheme, level, show in (
        (PROVINCES_PRE2025, "pre2025", "province", True),
        (DISTRICTS_PRE2025, "pre2025", "district", True),
        (COMMUNES_2025, "2025", "commune", False),
    ):
        _add_units(web_map, layer, find_units(session, scheme, level), lang, show)
    projects = find_projects(session, ProjectFilter(), limit=100_000, offset=0)["features"]
    sited = [_with_labels(f, lang) for f in projects if f["geometry"]]
    for kind in PROJECTS.classes:
        features = [f for f in sited if f["properties"]["kind"] == kind.code]
        if features:
            _add_projects(web_map, kind, features, lang)
    _Legend(
        lang,
        [
            (k, PROJECTS.colour_of(k.code))
            for k in PROJECTS.classes
            if any(f["properties"]["kind"] == k.code for f in sited)
        ],
        unsited=len(projects) - len(sited),
    ).add_to(web_map)
    folium.LayerControl(collapsed=False).add_to(web_map)
    use_local_assets(web_map)
    return web_map


def _with_labels(feature: dict[str, Any], lang: str) -> dict[str, Any]:
    p = dict(feature["properties"])
    status = _label(PROJECT_STATUSES, p["status"], lang)
    p.update(
        name=p["name_vi"] if lang == "vi" else p["name_en"],
        kind_label=_label(PROJECTS.classes, p["kind"], lang),
        status_label=f"{status} — {TEXT[lang]['demo']}" if p["status_is_demo"] else status,
        precision_label=_label(LOCATION_PRECISIONS, p["location_precision"], lang),
        plan_ref=" ".join(x for x in (p["plan"], p["plan_action"]) if x) or "—",
        details=f'<a href="/api/projects/{feature["id"]}" target="_blank">{TEXT[lang]["open"]}</a>',
    )
    keep = {f.key for f in PROJECTS.popup} | {"kind", "code"}
    return {**feature, "properties": {k: v for k, v in p.items() if k in keep}}


def _popup(layer: Layer, lang: str) -> folium.GeoJsonPopup:
    return folium.GeoJsonPopup(
        fields=[f.key for f in layer.popup],
        aliases=[f.vi if lang == "vi" else f.en for f in layer.popup],
        localize=True,
    )


def _add_units(web_map: folium.Map, layer: Layer, collection: dict[str, Any], lang: str, show: bool) -> None:
    for feature in collection["features"]:
        props = feature["properties"]
        props["name"] = props["name_vi"] if lang == "vi" else props["name_en"]
    style = {
        "color": layer.colour,
        "weight": layer.weight,
        "fillOpacity": layer.fill_opacity,
        "fillColor": layer.colour,
    }
    folium.GeoJson(
        collection,
        name=layer.title(lang),
        show=show,
        style_function=lambda _f, s=style: s,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        popup=_popup(layer, lang),
    ).add_to(web_map)


def _add_projects(web_map: folium.Map, kind: Term, features: list[dict[str, Any]], lang: str) -> None:
    colour = PROJECTS.colour_of(kind.code)
    style = {"color": colour, "weight": PROJECTS.weight, "fillColor": colour, "fillOpacity": PROJECTS.fill_opacity}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=f'<span style="color:{colour}">■</span> {kind.vi if lang == "vi" else kind.en} ({len(features)})',
        style_function=lambda _f, s=style: s,
        marker=folium.CircleMarker(radius=7, fill=True, fill_opacity=0.85, weight=2),
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        popup=_popup(PROJECTS, lang),
    ).add_to(web_map)


class _Legend(MacroElement):
    """A fixed legend box: one colour swatch per project kind on the map."""

    _template = Template("""
{% macro html(this, kwargs) %}
<div id="georeg-legend" style="position: fixed; bottom: 24px; left: 12px; z-index: 1000; background: white;
     padding: 8px 10px; border: 1px solid #999; border-radius: 4px; font: 12px sans-serif; max-width: 260px;">
  <style>#georeg-legend .swatch {display:inline-block; width:12px; height:12px; margin-right:6px;}</style>
  <b>{{ this.heading }}</b>
  {% for label, colour in this.entries %}
  <div><span class="swatch" style="background:{{ colour }}"></span>{{ label }}</div>
  {% endfor %}
  {% if this.unsited %}
  <div style="margin-top:4px;color:#555">+ {{ this.unsited }} {{ this.unsited_text }}</div>
  {% endif %}
</div>
{% endmacro %}
""")

    def __init__(self, lang: str, entries: list[tuple[Term, str]], unsited: int) -> None:
        super().__init__()
        self.heading = f"{TEXT[lang]['legend']}: {PROJECTS.title(lang)}"
        self.entries = [(t.vi if lang == "vi" else t.en, colour) for t, colour in entries]
        self.unsited = unsited
        self.unsited_text = TEXT[lang]["unsited"]
