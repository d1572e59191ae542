"""The project page and the unit page: a small folium map of the place, then facts, charts, history, exports."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

import folium
from sqlalchemy.orm import Session

from geo.accounts import WRITER_ROLES
from geo.changes_table import IN_A_FILE, counts_said, sample_left_out
from geo.computed_indicators import rests_on_demo
from geo.field_reports_table import agency_lines
from geo.field_titles import field_changes
from geo.forest import DEMO_DESCRIPTION
from geo.indicator_units import unit_label
from geo.indicators import period_order
from geo.ingest.changed_since import by_load
from geo.queries.changes import KINDS as CHANGE_KINDS
from geo.queries.changes import LAYER_CHANGES, LISTED
from geo.queries.unit_summary import unit_summary
from geo.removal_words import remover
from geo.report_reviews import REVIEW_NOTE_MAX_CHARACTERS
from geo.salinity import CLASS_CODES, SALINITY_CLASSES, cited_sources
from geo.source_labels import reporter_label, source_file, source_label
from geo.stalled import CHASED_AFTER_MONTHS, has_no_report_for
from geo.status_reports import distance_as_read, stand_in_site
from geo.unit_names import unit_label as unit_name
from geo.vi_format import local_date, local_moment, local_number, local_percent, period_words
from geo.vietnam_day import vietnam_today
from geo.vocab import LOCATION_PRECISIONS, PROJECT_KINDS, PROJECT_SCHEDULES, PROJECT_STATUSES, REVIEW_VERDICTS, labels
from layers.catalog import KIND_COLOURS, PROGRESS_DISTRICTS, SOIL_SALINITY, STATUS_COLOURS, progress_class
from maps.assets import LeafletCredit, MetricScale, RawHtml, ZoomButtons, use_local_assets
from maps.charts import CHART_CSS, bars_svg, for_screens, timeline_svg
from maps.context import NamesInFrame, PlaceName, add_context
from maps.layer_loads import load_outlines, load_sections
from maps.texts import MAP_TEXT, PAGE_TEXT, value_range
from maps.web_map import OWN_ASSETS_URL

STYLE = (
    CHART_CSS
    + """
body { font: 14px sans-serif; display: flex; flex-direction: column; }
.georeg-head { order: 0; padding: 0 16px; } .folium-map { order: 1; flex: none; }
.georeg-page { order: 2; padding: 8px 16px 32px; max-width: 980px; }
.georeg-page table { border-collapse: collapse; margin: 4px 0 12px; }
.georeg-page td, .georeg-page th { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left;
  vertical-align: top; }
.georeg-page .demo, .georeg-page .past_due { color: #b71c1c; font-weight: bold; }
.georeg-page .forest-failed { color: #b71c1c; overflow-wrap: anywhere; } /* a raster's path is one long word */
.georeg-page td.budget { text-align: right; } /* amounts' digits under each other */
.georeg-page img { max-width: 240px; margin: 4px; }
.georeg-page figure.report-photo { display: inline-block; margin: 0 8px 8px 0; vertical-align: top; }
.georeg-page figure.report-photo figcaption { font-size: .85rem; color: #555; max-width: 240px; }
.georeg-page a.photo { display: inline-block; padding: 10px 0; white-space: nowrap; }
.georeg-page td.note { white-space: pre-line; } /* a report's note as typed, on its lines */
.georeg-page .source-file { font-size: .85rem; color: #555; } /* for GIS staff, under its source's words */
/* the values withdrawn under an indicator's row, across the table */
.georeg-page tr.has-withdrawn td { border-bottom: 0; } .georeg-page tr.withdrawn td { color: #444; padding-top: 0; }
.georeg-page p.withdrawn { margin: 0 0 4px; max-width: 48em; }
.georeg-head .report-login { font-size: .9rem; } .georeg-head .report-login a { color: #555; }
.georeg-page .counterpart { white-space: nowrap; } /* a unit of the other scheme and its share, on one line */
/* the field reports' filters: each a finger's height, wrapping on a phone, none wider than the screen */
.georeg-page form.report-filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end;
  margin: 8px 0 12px; }
.georeg-page form.report-filters label { display: flex; flex-direction: column; max-width: 100%; font-weight: 600; }
.georeg-page form.report-filters select, .georeg-page form.report-filters input[name="since"] { max-width: 100%;
  min-height: 44px; font: inherit; font-weight: normal; }
.georeg-page form.report-filters label.inline { flex-direction: row; align-items: center; gap: 6px; min-height: 44px;
  font-weight: normal; }
.georeg-page form.report-filters button { min-height: 44px; padding: 0 20px; font: inherit; }
.georeg-page form.report-filters .refused { color: #b71c1c; font-weight: 400; max-width: 16em; }
.georeg-page form.report-filters input[aria-invalid="true"] { border: 2px solid #b71c1c; align-self: flex-start;
  scroll-margin-bottom: 8em; } /* focused, its message in view too */
.georeg-head nav a { margin-right: 12px; } .georeg-page a.flag { color: #b71c1c; }
.georeg-page tr.flagged-row { background: #fff3e0; } /* a report to check stands out in the list */
/* a verdict's buttons and reason, each a finger's height, stacked in the Review column */
.georeg-page form.review-form { display: flex; flex-direction: column; gap: 6px; min-width: 12em; margin-top: 4px; }
.georeg-page form.review-form button, .georeg-page form.review-form input { min-height: 44px; font: inherit; }
.georeg-page form.review-form label { display: flex; flex-direction: column; }
.georeg-page form.review-form .refused { color: #b71c1c; }
.georeg-page td.review summary { min-height: 44px; line-height: 44px; cursor: pointer; } /* a finger's height */
.georeg-page .verdict.rejected { color: #b71c1c; font-weight: 600; } .georeg-page .verdict.confirmed { color: #1b5e20; }
.georeg-page tr.rejected-row td { color: #777; } .georeg-page tr.rejected-row td.review { color: inherit; }
.georeg-map-key { margin: 0 0 8px; line-height: 22px; }
/* printed from the browser: no zoom buttons or links to other pages on paper, a heading kept with what it heads, a
   row whole, a table's heads over its rows on each page */
@media print { .folium-map .leaflet-control-zoom, .georeg-head nav { display: none; }
  .georeg-page :is(h2, h3) { break-after: avoid; } .georeg-page thead { display: table-header-group; }
  .folium-map { width: 180mm !important; } /* an A4 page's printable width: the map is drawn again at it */
  .georeg-page tr, .georeg-page svg, .georeg-page img { break-inside: avoid; } }
/* each key kept whole on its line, but a long one (a project's units, trial 57) wraps within a phone's width */
.georeg-map-key .key { display: inline-block; max-width: 100%; margin-right: 12px; }
.georeg-map-key svg { vertical-align: -2px; }
@media (max-width: 600px) { .georeg-page { padding: 8px; }
  .folium-map .leaflet-bottom.leaflet-left { bottom: 20px; } /* the scale bar clear of the credits' line */
  .georeg-page table { display: block; overflow-x: auto; }
  /* a shadow at the side a table scrolls to (its last columns are off the screen, not cut off) */
  .georeg-page table { background: linear-gradient(to right, #fff 30%, #fff0), linear-gradient(to left, #fff 30%, #fff0)
      100% 0, radial-gradient(farthest-side at 0 50%, #0003, #0000), radial-gradient(farthest-side at 100% 50%, #0003,
      #0000) 100% 0; background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%;
    background-attachment: local, local, scroll, scroll; }
  /* a unit's projects, a row each: its name across the screen, then kind, status and % under it, and at the right
     the budget over the share (six columns squeezed a kind into four lines) */
  .georeg-page table.unit-projects, .georeg-page table.unit-projects :is(thead, tbody) { display: block;
    background: none; }
  .georeg-page table.unit-projects tr { display: grid; grid-template-columns: 1fr 1fr 3em 4.5em; column-gap: 4px;
    border-bottom: 1px solid #ddd; padding: 3px 0; }
  .georeg-page table.unit-projects :is(td, th) { border: 0; padding: 1px 4px; }
  .georeg-page table.unit-projects :is(td, th):first-child { grid-column: 1 / -1; }
  .georeg-page table.unit-projects :is(td, th):nth-child(-n+4):not(:first-child) { grid-row: 2 / span 2; }
  .georeg-page table.unit-projects :is(td, th):nth-child(n+5) { grid-column: 4; text-align: right; }
  /* facts: the name a third of the screen, the value the rest, long words (a file's name) broken, not cut off */
  .georeg-page table.facts { display: table; width: 100%; table-layout: fixed; background: none; }
  .georeg-page table.facts th { width: 34%; } .georeg-page table.facts td { overflow-wrap: anywhere; }
  /* a project's reports, a block each: day, status and % on a line, the note and the source across the screen
     under them (five columns made the note a ribbon a word wide and cut the source off) */
  .georeg-page table.status-history, .georeg-page table.status-history tbody { display: block; background: none; }
  .georeg-page table.status-history tr { display: grid; grid-template-columns: 1.2fr 1fr 3.5em; column-gap: 4px;
    border-bottom: 1px solid #ddd; padding: 3px 0; }
  .georeg-page table.status-history :is(td, th) { border: 0; padding: 1px 4px; overflow-wrap: anywhere; }
  .georeg-page table.status-history :is(td, th):nth-child(n+4) { grid-column: 1 / -1; }
  .georeg-page table.status-history th:nth-child(n+4) { display: none; }  /* the note and source say what they are */
  .georeg-page table.status-history td:nth-child(5) { color: #555; font-size: 12px; }
  /* reports sent from afar, a block each: the project, then how far and whence across the screen (an 8em column
     broke "±12 m" and "5 %" over two lines: trial 56), the day beside the status, then note, sender and verdict */
  .georeg-page table.flagged, .georeg-page table.flagged tbody { display: block; background: none; }
  .georeg-page table.flagged tr { display: grid; grid-template-columns: minmax(7em, 1fr) 2fr; column-gap: 8px;
    border-bottom: 1px solid #ddd; padding: 6px 0; }
  .georeg-page table.flagged tr:first-child { display: none; }  /* each cell says what it is */
  .georeg-page table.flagged td { border: 0; padding: 1px 4px; overflow-wrap: anywhere; }
  .georeg-page table.flagged td:nth-child(1) { order: 0; grid-column: 1 / -1; }
  .georeg-page table.flagged td:nth-child(6) { order: 1; grid-column: 1 / -1; }
  .georeg-page table.flagged td:nth-child(2) { order: 2; } .georeg-page table.flagged td:nth-child(3) { order: 3; }
  .georeg-page table.flagged td:nth-child(n+4):not(:nth-child(6)) { order: 4; grid-column: 1 / -1; }
  .georeg-page table.flagged td:nth-child(5) { color: #555; font-size: 12px; }
  /* a supervisor's projects without a report, a block each: the project across, then each cell named */
  .georeg-page table.unreported, .georeg-page table.unreported tbody { display: block; background: none; }
  .georeg-page table.unreported tr { display: grid; grid-template-columns: 1fr; border-bottom: 1px solid #ddd;
    padding: 3px 0; }
  .georeg-page table.unreported tr:first-child { display: none; }
  .georeg-page table.unreported td { border: 0; padding: 1px 4px; overflow-wrap: anywhere; }
  .georeg-page table.unreported td[data-label]::before { content: attr(data-label) ": "; color: #555; }
  /* changes since a day, a block each: the project across the screen, then its other cells side by side */
  .georeg-page table.changes, .georeg-page table.changes tbody { display: block; background: none; }
  .georeg-page table.changes tr { display: grid; grid-template-columns: 1fr 1fr; column-gap: 4px;
    border-bottom: 1px solid #ddd; padding: 3px 0; }
  .georeg-page table.changes tr:first-child { display: none; }  /* each cell says what it is */
  .georeg-page table.changes td { border: 0; padding: 1px 4px; overflow-wrap: anywhere; }
  .georeg-page table.changes td:first-child { grid-column: 1 / -1; } }
"""
)


# A project page lists its newest status reports (and their photos); its chart and the JSON history hold them all.
HISTORY_LISTED = 50


def _page(
    title: str,
    geojson: list[tuple[dict[str, Any], dict[str, Any]]],
    head: str,
    body: str,
    lang: str,
    context: dict[str, Any] | None,
    key: list[tuple[dict[str, Any], str]] = (),
) -> folium.Map:
    """A page: ``head``, the map of ``geojson`` (collections and their styles; fitted to them, over the sea and
    provinces of ``context``) with its ``key`` (a style and what it draws), then ``body``."""
    page = folium.Map(location=(9.55, 105.95), zoom_start=9, tiles=None, height=360, zoom_control=False)
    MetricScale().add_to(page)
    LeafletCredit().add_to(page)
    ZoomButtons(MAP_TEXT[lang]["zoom_in"], MAP_TEXT[lang]["zoom_out"]).add_to(page)
    page.get_root().title = title
    if context:
        add_context(page, context)
    for collection, style in geojson:
        folium.GeoJson(
            collection,
            style_function=lambda f, s=style: s | f["properties"].get("style", {}),
            marker=folium.CircleMarker(radius=7),
        ).add_to(page)
    for feature in (f for c, _ in geojson for f in c["features"] if "label_at" in f["properties"]):
        lon, lat = feature["properties"]["label_at"]
        PlaceName((lat, lon), escape(feature["properties"]["label"])).add_to(page)
    NamesInFrame().add_to(page)
    bounds = [f for c, _ in geojson for f in c["features"] if f["geometry"]]
    if bounds:
        # a margin round the shapes: a dyke from the map's top edge to its foot had its end cut off by the edge
        framed = folium.GeoJson({"type": "FeatureCollection", "features": bounds}).get_bounds()
        page.fit_bounds(framed, max_zoom=12, padding=(24, 24))
        page.get_root().html.add_child(RawHtml(f"<script>window.georegPrinted = {json.dumps(framed)};</script>"))
    page.get_root().header.add_child(RawHtml(f"<style>{STYLE}</style>"))
    page.get_root().html.add_child(RawHtml(f'<div class="georeg-head" lang="{lang}">{head}</div>'))
    shown_key = _map_key(PAGE_TEXT[lang]["map_key"], key) if key else ""
    page.get_root().html.add_child(RawHtml(f'<div class="georeg-page" lang="{lang}">{shown_key}{body}</div>'))
    page.get_root().html.add_child(RawHtml(f"<script>{KEPT_IN_PRINT}</script>"))
    use_local_assets(page)
    return page


#: Printed from the browser, a page's map is as wide as the paper (STYLE): it is drawn again at that size framed on
#: the page's shapes (``window.georegPrinted``, else round the same middle), and put back after. Kept at the screen's
#: zoom, a unit printed from a wide screen or a phone was cut at the paper's edge or drawn small (trials 38, 57).
#: The map is framed again at each new size of its box while printing (a ResizeObserver), and on the print media's
#: change event. A view asked while the map zooms with its animation (as it opens, fitting the page's shapes) is
#: dropped by Leaflet: the map is framed once that zoom ends (a unit printed at its screen's framing, 1 print in 5 on
#: a busy machine: sessions 59–60, first blamed on a missing change event, which came each time).
#: Folded lists are opened for the paper, which cannot unfold them ("3 dự án tiếp theo" were not printed: trial 57).
KEPT_IN_PRINT = """
function georegFitToBox(map) {
  if (map.getPane("mapPane").classList.contains("leaflet-zoom-anim")) {  // Leaflet drops a view asked mid-zoom
    map.once("zoomend", function () { georegFitToBox(map); });
    return;
  }
  var printing = window.matchMedia("print").matches;
  if (!printing && !map.georegShown) { return; }  // printing, framed again at each new size of the box
  var shown = map.georegShown || { center: map.getCenter(), zoom: map.getZoom() };
  map.georegShown = printing ? shown : null;
  map.invalidateSize({ animate: false });
  if (printing && window.georegPrinted) {
    map.fitBounds(window.georegPrinted, { padding: [24, 24], maxZoom: 12, animate: false });
  } else {
    map.setView(shown.center, shown.zoom, { animate: false });
  }
}
function georegMaps() {
  return Object.keys(window).filter(function (name) {
    return name.indexOf("map_") === 0 && window[name] instanceof L.Map;
  }).map(function (name) { return window[name]; });
}
document.addEventListener("DOMContentLoaded", function () {
  georegMaps().forEach(function (map) {
    new ResizeObserver(function () { georegFitToBox(map); }).observe(map.getContainer());
  });
});
window.matchMedia("print").addEventListener("change", function (e) {
  georegMaps().forEach(georegFitToBox);
  document.querySelectorAll(e.matches ? "details:not([open])" : "details[data-opened-for-print]").forEach(
    function (folded) {
      folded.open = e.matches;
      folded.toggleAttribute("data-opened-for-print", e.matches);
    });
});
"""


def _map_key(title: str, rows: list[tuple[dict[str, Any], str]]) -> str:
    """What a page's map draws, in a line under it (over the map it would hide projects on a phone): a swatch in each
    style, and what it is."""
    box = (
        '<svg width="14" height="14"><rect x="1" y="1" width="12" height="12" fill="{fill}" fill-opacity="{opacity}" '
        'stroke="{stroke}" stroke-width="{width}"/></svg>'
    )
    line = '<svg width="14" height="14"><line x1="0" y1="7" x2="14" y2="7" stroke="{stroke}" stroke-width="4"/></svg>'

    def swatch(style: dict[str, Any]) -> str:
        if not style.get("fill", True):
            return line.format(stroke=style["color"])
        fill, opacity = style.get("fillColor", style["color"]), style.get("fillOpacity", 0.2)
        return box.format(fill=fill, opacity=opacity, stroke=style["color"], width=min(style.get("weight", 1), 3))

    items = "".join(f'<span class="key">{swatch(style)} {escape(label)}</span>' for style, label in rows)
    return f'<p class="georeg-map-key"><b>{escape(title)}:</b> {items}</p>'


def _rows(rows: list[tuple[str, Any]]) -> str:
    return '<table class="facts">' + "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _where(units: Sequence[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    """The units a project lies in, a line per boundary scheme: "from 1 July 2025: Vĩnh Phước Commune 31 %, Phong Hiệp
    Commune 28 % — Cà Mau Province". A planner asked which district a project was in; only its location note said."""
    lines = []
    for scheme in dict.fromkeys(u["scheme"] for u in units):
        own = [u for u in units if u["scheme"] == scheme]
        within = [u for u in own if u["level"] != "province"]
        # how far off its district or commune a work at sea lies, said once: not again for the province
        provinces = [_unit_link(u, t, lang, told_off=not within) for u in own if u["level"] == "province"]
        named = ", ".join(_unit_link(u, t, lang, shown_share=len(within) > 1) for u in within)
        placed = " — ".join(x for x in (named, ", ".join(provinces)) if x)
        if any(u["method"] == "crosswalk" for u in within):  # communes of a site known only to its district
            placed += f" ({t['shared_by_area']})"
        lines.append(f"{MAP_TEXT[lang][f'units_{scheme}']}: {placed}")
    return "<br>".join(lines) or "—"


def _unit_link(
    unit: dict[str, Any], t: dict[str, str], lang: str, shown_share: bool = False, told_off: bool = True
) -> str:
    link = _unit_anchor(unit, lang)
    if shown_share:
        link += f" {_share(unit['share'], lang)}"
    if unit["distance_m"] is not None and told_off:  # a work (or a part of it) outside its unit, at sea or on its edge
        link += f" ({_outside(unit['distance_m'] / 1000, t, lang, shared=shown_share)})"
    return link


def _outside(km: float, t: dict[str, str], lang: str, shared: bool) -> str:
    """How a work counted in a unit lies outside it: how far off, when it lies apart; else, on the unit's edge, mostly
    outside it, or, when it is shared among several units by its parts (a sea dyke along the coast), partly."""
    if km >= 0.05:
        return t["nearest_unit"].format(km=local_number(km, lang, 1))
    return t["partly_outside" if shared else "mostly_outside"]


def _unit_anchor(unit: dict[str, Any], lang: str) -> str:
    """A unit's name, linked to its page."""
    return f'<a href="/units/{unit["scheme"]}/{unit["code"]}?lang={lang}">{escape(unit_name(unit, lang))}</a>'


def _share(share: float, lang: str) -> str:
    """A share as a percentage: "62 %", "0,9 %" under one."""
    percent = share * 100
    return f"{local_number(percent, lang, 0 if percent >= 1 else 1)} %"


def _counterpart(unit: dict[str, Any], lang: str, shown_share: bool = True) -> str:
    """A unit of the other boundary scheme, linked to its page (a neighbour the registry does not cover has none),
    with its share: "Xã Long Vĩnh (24 %)"."""
    name = escape(unit_name(unit, lang)) if unit["is_context"] else _unit_anchor(unit, lang)
    shown = f"{name} ({_share(unit['share'], lang)})" if shown_share else name
    return f'<span class="counterpart">{shown}</span>'  # kept on a line: "(25" above "%)" on a phone


def _lineage_facts(unit: dict[str, Any], lineage: dict[str, list], t: dict[str, str], lang: str) -> list:
    """What the July 2025 reform made of a former unit (the 2025 province it is now in; a district's 2025 communes,
    each with its share of the district), or what a 2025 unit was made of (each former unit with its share of it).
    A former province's page said only "Hiệu lực: … – 30/06/2025"."""
    provinces, counterparts = lineage["provinces"], lineage["counterparts"]
    if unit["scheme"] == "2025":
        label = t["formerly_merged" if unit["level"] == "province" else "formerly_in"]
        return [(label, ", ".join(_counterpart(u, lang) for u in counterparts))] if counterparts else []
    facts = []
    if provinces:
        facts.append((t["now_in"], ", ".join(_counterpart(p, lang, len(provinces) > 1) for p in provinces)))
    if unit["level"] != "province" and counterparts:
        facts.append((t["now_units"], ", ".join(_counterpart(u, lang) for u in counterparts)))
    return facts


def _nav(lang: str, here: str, query: str = "") -> str:
    """Back to the map, and the page in the other language (with ``query``, the page's other parameters)."""
    other = "en" if lang == "vi" else "vi"
    more = f"&amp;{query}" if query else ""
    return (
        f'<nav><a href="/?lang={lang}">{PAGE_TEXT[lang]["back"]}</a>'
        f'<a id="georeg-lang" href="{here}?lang={other}{more}">{"English" if lang == "vi" else "Tiếng Việt"}</a></nav>'
    )


def _in(lang: str, vi: str | None, en: str | None) -> str | None:
    """The English text on an English page when there is one, else the Vietnamese."""
    return en or vi if lang == "en" else vi


def _feature(geometry: str | dict[str, Any] | None, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature of a geometry given as GeoJSON text (ST_AsGeoJSON) or already read."""
    shape = json.loads(geometry) if isinstance(geometry, str) else geometry
    return {"type": "Feature", "geometry": shape, "properties": properties}


def _report_link(pid: int, reader_role: str | None, t: dict[str, str], lang: str) -> str:
    """The report form, opened with this project chosen, for one who may report (a field officer at the site); a
    reader not logged in is told it is for field officers, who log in for it; a viewer is offered nothing (trial 50:
    a consultant read the invitation to report on every project)."""
    form = f"/status-report?project={pid}&lang={lang}"
    if reader_role in WRITER_ROLES:
        return f'<p><a class="report-link" href="{escape(form)}">{t["report_project"]}</a></p>'
    if reader_role:
        return ""
    login = f"/login?lang={lang}&next={quote(form, safe='/')}"
    return f'<p class="report-login"><a class="report-link" href="{escape(login)}">{t["report_login"]}</a></p>'


def project_page(
    project: dict[str, Any],
    history: dict[str, Any],
    lang: str,
    context: dict[str, Any] | None = None,
    units: Sequence[dict[str, Any]] = (),
    reader_role: str | None = None,
) -> folium.Map:
    """``project``: geo.queries.projects.get_project; ``history``: geo.queries.history.project_history;
    ``context``: maps.context.map_context, drawn under the project; ``units``: geo.queries.projects.project_units;
    ``reader_role``: the role of the browser's session (None when not logged in), for the report form's link."""
    t, p = PAGE_TEXT[lang], project["properties"]
    name = p["name_vi"] if lang == "vi" else p["name_en"] or p["name_vi"]
    kinds, statuses = labels(PROJECT_KINDS, lang), labels(PROJECT_STATUSES, lang)
    note = p["location_note_vi"] if lang == "vi" else p["location_note_en"] or p["location_note_vi"]
    demo = f' <span class="demo">{t["demo"]}</span>' if p["status_is_demo"] else ""
    # by the day each report is of, as the project's state is (a report of 2019 recorded today was drawn after today's,
    # the chart's axis running backwards, and headed the newest-first table)
    events = sorted(history["history"], key=lambda e: (e["reported_at"], e["version"]))
    # the status of a report sent from afar, confirmed by its sender, is said to be one to check where it is the
    # project's: it read as sure as the on-site report it replaced, its ⚑ only in the history below (trial 45)
    # (the latest that counts: a rejected report is left out; once checked it is no longer one to check)
    counted = [e for e in events if e["review_verdict"] != "rejected"]
    demo += _flag(counted[-1], t, lang) if counted and not counted[-1]["review_verdict"] else ""
    facts = [
        (t["code"], escape(p["code"])),
        (t["kind"], escape(kinds.get(p["kind"], p["kind"]))),
        (t["where"], _where(units, t, lang)),
        (t["status"], escape(statuses.get(p["status"], p["status"])) + demo),
        (t["percent"], local_percent(p["percent"], lang, "—")),
        (t["status_date"], local_date(p["status_date"], lang, "—")),
        (t["plan"], escape(" ".join(x for x in (p["plan"], p["plan_action"]) if x) or "—")),
        (t["plan_action"], escape(_in(lang, p["plan_action_title_vi"], p["plan_action_title_en"]) or "—")),
        (t["agency"], _lead_agency(p, t, lang)),
        (t["capacity"], escape(f"{local_number(p['capacity_value'], lang)} {p['capacity_unit'] or ''}".strip() or "—")),
        (t["measured"], _measured(p["length_m"], p["area_m2"], lang)),
        (t["budget"], local_number(p["budget_vnd_billion"], lang, 2, "—")),
        (t["years"], _years(p["start_year"], p["end_year"], t)),
        (t["schedule"], _schedule(p, t, lang)),
        (t["precision"], escape(labels(LOCATION_PRECISIONS, lang).get(p["location_precision"], "—"))),
        (t["location_note"], escape(note or "—")),
        (t["sources"], "<br>".join(_source_line(s, t, lang) for s in p["sources"] or []) or "—"),
        (t["description"], escape(_in(lang, p["description_vi"], p["description_en"]) or "—")),
    ]
    points = [(e["reported_at"], e["percent"], STATUS_COLOURS.get(e["status"], "#999")) for e in counted]
    listed = events[::-1][:HISTORY_LISTED]  # what happened lately first; the chart shows them all
    rows = "".join(
        f"<tr{_row_class(e)}><td>{_reported_on(e, t, lang)}</td>"
        f"<td>{escape(statuses.get(e['status'], e['status']))}</td>"
        f"<td>{local_percent(e['percent'], lang, sign=False)}</td>"
        f"<td class='note'>{escape(_in(lang, e['note_vi'], e['note_en']) or '')}"
        f"{_photo_links([photo['url'] for photo in e['photos']], t)}</td>"
        f"<td>{_reported_by(e, lang)}{_demo_mark(e, t, lang)}{_flag(e, t, lang)}</td></tr>"
        for e in listed
    )
    photos = "".join(_report_photo(e, photo, t, lang) for e in listed for photo in e["photos"])
    pid = project["id"]
    json_link = f'<a href="/api/projects/{pid}/history">JSON</a>'
    earlier = len(events) - len(listed)
    more = f"<p>{_count(earlier, 'earlier_reports', t, lang, link=json_link)}</p>" if earlier else ""
    head = _nav(lang, f"/projects/{pid}") + f"<h1>{escape(name)}</h1>"
    if not p["retired_at"]:
        head += _report_link(pid, reader_role, t, lang)
    else:
        retired = t["retired"].format(date=local_date(p["retired_at"], lang), reason=escape(p["retired_reason"] or "—"))
        head += f'<p class="demo">{retired}</p>'
    body = (
        f"<h2>{t['attributes']}</h2>{_rows(facts)}"
        + f"<h2>{t['timeline']}</h2>{for_screens(lambda w, c: timeline_svg(points, t['timeline'], lang, None, w, c))}"
        + _status_key(counted, lang)
        + f"<h2>{t['history']}</h2><p>{t['history_order']}</p>"
        + f"<table class='status-history'><tr><th>{t['date']}</th><th>{t['status']}</th><th>%</th>"
        + f"<th>{t['note']}</th><th>{t['source']}</th></tr>{rows}</table>{more}"
        + (f"<h2>{t['photos']}</h2>{photos}" if photos else "")
        + _record_changes(history["record_changes"], t, lang)
        + f'<h2>{t["exports"]}</h2><p><a href="/api/projects/{pid}">GeoJSON</a> · '
        + f'<a href="/api/projects/{pid}/history">JSON ({t["history"]})</a> · '
        + '<a href="/api/exports/projects.gpkg">GeoPackage</a></p>'
    )
    colour = KIND_COLOURS.get(p["kind"], "#555")
    line = "LineString" in (project["geometry"] or {}).get("type", "")  # a dyke is a line, not the area it bounds
    style = {"color": colour, "fill": not line, "fillColor": colour, "weight": 4, "fillOpacity": 0.4}
    feature = {**project, "properties": {"name": name}}
    key = [(style, kinds.get(p["kind"], p["kind"]))] if project["geometry"] else []
    shapes = [({"type": "FeatureCollection", "features": [feature]}, style)]
    if project["geometry"]:  # the districts round the site: a dot on blank ground told a planner nothing
        districts = [_feature(u["geometry"], {"name": unit_name(u, lang)}) for u in units if u["geometry"]]
        if districts:
            shapes.insert(0, ({"type": "FeatureCollection", "features": districts}, DISTRICT_STYLE))
            names = ", ".join(unit_name(u, lang) for u in units if u["geometry"])
            key.append((DISTRICT_STYLE, f"{names} ({MAP_TEXT[lang]['units_pre2025']})"))
    return _page(name, shapes, head, body, lang, context, key)


#: A district drawn round a project on its page: its outline, barely filled, under the project's colours.
DISTRICT_STYLE = {"color": "#555", "weight": 1.5, "dashArray": "4 3", "fillColor": "#9e9e9e", "fillOpacity": 0.08}


def _source_line(source: str, t: dict[str, str], lang: str) -> str:
    """A project's source as its readers say it, and under it, small, the boundary file its geometry was drawn from
    (for GIS staff: a planner read only "vn_districts_baclieu_travinh.geojson (dvhcvn…)", trial 67)."""
    said, name = escape(source_label(source, lang)), source_file(source)
    return said + (f'<br><span class="source-file">{t["source_file"]}: {escape(name)}</span>' if name else "")


def _measured(length_m: float | None, area_m2: float | None, lang: str) -> str:
    """A line's length ("5,05 km", "480 m") and an area's size ("12,3 ha") on the ellipsoid; "—" for a point or no
    site (a 5 km dyke's page said "—" under its size, the capacity alone)."""
    parts = []
    if length_m:
        parts.append(
            f"{local_number(length_m / 1000, lang, 2)} km"
            if length_m >= 1000
            else f"{local_number(length_m, lang, 0)} m"
        )
    if area_m2:
        parts.append(f"{local_number(area_m2 / 10_000, lang, 1)} ha")
    return ", ".join(parts) or "—"


def _lead_agency(p: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """The lead agency the plan names and, where it ended in the 2025 mergers, the one holding its duty today: a
    planner asking who is responsible now read "Sở Công Thương", Trà Vinh's, ended on 30/06/2025."""
    if p["lead_agency"] is None and p.get("plan_names_lead") is False:  # P1–P10 of plan 1099: "—" read as a gap
        return f"<i>{t['no_lead_in_plan'].format(action=escape(p['plan_action']))}</i>"
    lead = escape(_in(lang, p["lead_agency_name_vi"], p["lead_agency_name_en"]) or "—")
    if not p.get("lead_agency_ended") or p.get("lead_now") in (None, p["lead_agency"]):
        return lead
    now = escape(_in(lang, p["lead_now_name_vi"], p["lead_now_name_en"]))
    told = t["agency_ended"].format(day=local_date(p["lead_agency_ended"], lang), now=now, code=escape(p["lead_now"]))
    return f"{lead} ({told}{'' if p['lead_now_certain'] else '; ' + t['agency_uncertain']})"


def _years(start: int | None, end: int | None, t: dict[str, str]) -> str:
    """A project's planned years: "2020–2030", "từ năm 2020", "đến năm 2030", or "—" when the plan gives none (it read
    "…–…", taken for a fault of the page)."""
    if start and end:
        return f"{start}–{end}"
    if start or end:
        return t["years_from"].format(start=start) if start else t["years_until"].format(end=end)
    return "—"


def _schedule(p: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """Where the project stands against the year it is due, and whose year that is: "Quá hạn, chưa xong (hạn 2020,
    hết thời kỳ của kế hoạch 1099/QĐ-UBND)", marked when past due."""
    said = escape(labels(PROJECT_SCHEDULES, lang).get(p["schedule"], "—"))
    if p["due_year"] is None:
        return said
    due = t["due_own" if p["end_year"] else "due_plan"].format(year=p["due_year"], plan=escape(p["plan"] or ""))
    return f'<span class="{p["schedule"]}">{said}</span> ({due})'


def _record_changes(changes: list[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    """The changes loads made to the project's values, newest first: a reload's rename or move stays in its record
    (geo.queries.history.record_changes); none, no section."""
    if not changes:
        return ""
    rows = "".join(
        f"<tr><td>{local_moment(c['at'], lang)}</td><td>{_fields_changed(c['changes'], lang)}</td>"
        f"<td>{escape(source_label(c['source'], lang))}</td></tr>"
        for c in reversed(changes)
    )
    head = f"<tr><th>{t['when']}</th><th>{t['changes']}</th><th>{t['source']}</th></tr>"
    return f"<h2>{t['record_changes']}</h2><p>{t['record_changes_order']}</p><table>{head}{rows}</table>"


def _fields_changed(changes: dict[str, list[Any]], lang: str) -> str:
    """The fields a load changed, one a line: "Tên: Kè A → Kè B" (geo.field_titles.field_changes)."""
    return "<br>".join(escape(line) for line in field_changes(changes, lang))


def _demo_mark(event: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """ "— DEMO DATA" after a demonstration report's source, unless its source says so already (it read "dữ liệu
    minh họa (không phải báo cáo thật) — DỮ LIỆU MINH HỌA", trial 39)."""
    said = t["demo"].lower() in source_label(event["source"], lang).lower()
    return f" — {t['demo']}" if event["is_demo"] and not said else ""


def _flag(event: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """A report accepted though sent from afar, or from a position its phone knew only roughly, marked as the list
    of them marks it (a trial's reviewer found it nowhere); nothing for another."""
    if event.get("flag") not in ("beyond_distance", "position_uncertain"):
        return ""
    far = t["flag_far" if event["flag"] == "beyond_distance" else "flag_rough"].format(
        distance=distance_as_read(event["flag_distance_m"]).text(lang),
        limit=distance_as_read(event["flag_threshold_m"]).text(lang),
        accuracy=distance_as_read(event.get("reporter_accuracy_m") or 0).text(lang),
    )
    verdict = f"<br>{_verdict(event, t, lang)}" if event.get("review_verdict") else ""
    return f'<br><a class="flag" href="/status-reports/flagged?lang={lang}">{escape(far)}</a>{verdict}'


@dataclass(frozen=True)
class Reviewer:
    """Who reads the reports list, for its verdict buttons: their login (None: not logged in, a link to log in and
    come back to ``path``?``query``), and the (project id, version) of the reports they may review
    (geo.report_reviews)."""

    username: str | None
    may_review: set[tuple[int, int]]
    path: str
    query: str

    @property
    def logged_in(self) -> bool:
        return self.username is not None


def field_reports_page(
    reports: list[dict[str, Any]],
    chosen: dict[str, Any],
    choices: dict[str, list[dict[str, Any]]],
    lang: str,
    context: dict[str, Any] | None,
    reviewer: Reviewer,
    unreported: dict[str, Any] | None = None,
    matching: int = 0,
) -> folium.Map:
    """Officers' reports from the field, newest recorded first (geo.queries.field_reports), as ``chosen`` (province,
    agency, reporter, since, flagged, limit) filters them, with a form to choose among ``choices``
    (geo.queries.field_reports): each with its project (linked, drawn on the map), day, status, note and photos, who
    sent it, and from how far and how well placed. Trial 39's supervisor had nowhere to read what the agency's
    officers reported. Above them, the reader's own projects with no report for months (``unreported``:
    geo.queries.in_charge; None, not asked)."""
    t = PAGE_TEXT[lang]
    rows = "".join(
        f'<tr{_row_class(r)}><td><a href="/projects/{r["project_id"]}?lang={lang}">'
        f"{escape(_in(lang, r['name_vi'], r['name_en']))}"
        f"</a><br><small>{escape(r['code'])}</small></td><td>{_reported_on(r, t, lang)}</td>"
        f"<td>{_status_step(r, lang)}</td>"
        f"<td class='note'>{escape(r['note_vi'] or '')}{_photo_links(r['photo_urls'], t)}</td>"
        f"<td>{_reported_by(r, lang)}{_agency(r, lang)}</td><td>{_sent_from(r, t, lang)}</td>"
        f"<td class='review'>{_review(r, t, lang, reviewer)}</td></tr>"
        for r in reports
    )
    title = t["flagged_title" if chosen["flagged"] else "field_reports_title"]
    query = "&amp;".join(f"{k}={escape(str(v))}" for k, v in chosen.items() if v and k != "limit")
    head = _nav(lang, "/status-reports", query) + f"<h1>{title}</h1>"
    table = (
        f"<table class='flagged'><tr><th>{t['project']}</th><th>{t['date']}</th><th>{t['status']}</th>"
        f"<th>{t['note']}</th><th>{t['sender']}</th><th>{t['distance']}</th><th>{t['review']}</th></tr>{rows}</table>"
    )
    intro = t["flagged_intro" if chosen["flagged"] else "field_reports_intro"]
    changes = f' <a href="/changes?lang={lang}">{t["see_changes"]}</a>'  # loads and imports too (trial 46)
    body = f"<p>{intro.format(limit=local_number(chosen['limit'], lang))}{changes}</p>"
    if not chosen["flagged"]:
        body += _unreported(unreported, reviewer, t, lang)
    filters = _reports_form(chosen, choices, t, lang)
    shown = sum(1 for k in ("province", "unit", "agency", "reporter", "since", "flagged") if chosen[k])
    summary = t["reports_filters_open"] + (f" ({shown})" if shown else "")
    body += f"<details class='report-filters-box' open><summary>{summary}</summary>{filters}</details>"
    to_do = sum(1 for r in reports if r["reason"] and not r["review_verdict"])
    to_do_said = f" · <span class='flag'>{_count(to_do, 'reviews_to_do', t, lang)}</span>" if to_do else ""
    count = f"<p><b>{_listed_of(len(reports), matching, t, lang)}</b>{to_do_said}</p>"
    if to_do and not reviewer.logged_in:  # the buttons are for those who may use them: the way to them said
        back = quote(f"{reviewer.path}?{reviewer.query}" if reviewer.query else reviewer.path, safe="")
        count += f"<p>{t['review_log_in'].format(link=f'/login?next={back}&amp;lang={lang}')}</p>"
    if chosen["since_typed"]:  # nothing listed until the day is one: a list of every day would read as filtered
        body += f"<p>{t['reports_fix_day']}</p>"
    elif chosen["since"] and chosen["since"] > vietnam_today():  # "none" read as if nothing had been sent
        body += f"<p>{t['reports_day_to_come'].format(day=local_date(chosen['since'], lang))}</p>"
    elif reports:
        marks = _review_marks(reports, t)
        body += f"<div class='reports-list'>{count}{_report_downloads(chosen, t, lang)}{marks}{table}</div>"
    else:
        body += f"<p>{t['flagged_none' if chosen['flagged'] else 'field_reports_none']}</p>"
    body += f'<script src="{OWN_ASSETS_URL}/report_review.js" defer></script>'
    body += f'<script src="{OWN_ASSETS_URL}/report_list.js" defer></script>'
    shapes, key = _reports_shapes(reports, t, lang)
    return _page(title, shapes, head + _SHORT_MAP_ON_PHONES, body, lang, context, key)


def _report_downloads(chosen: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """Links to the list as filtered (api/routers/status_reports): trial 61's supervisor had nothing to send the
    director."""
    kept = {k: "true" if v is True else v for k, v in chosen.items() if v and k not in ("since_typed", "limit")}
    return _downloads("/api/status-reports/table", kept | {"limit": chosen["limit"], "lang": lang}, t)


def _downloads(path: str, chosen: dict[str, Any], t: dict[str, str]) -> str:
    """Links to a list's table at ``path`` as a workbook and CSV, with the page's filters ``chosen`` and language."""
    query = escape(urlencode(chosen))
    links = " · ".join(
        f'<a class="download" href="{path}.{fmt}?{query}" download>{t["reports_download_" + fmt]}</a>'
        for fmt in ("xlsx", "csv")
    )
    return f"<p class='downloads'>{t['reports_download']} {links}</p>"


#: The reports' map a fifth of a phone's screen, the filters folded there (maps/static/report_list.js): the list's
#: first rows on the first screen (trial 61: title, map, overdue list and filters filled it).
_SHORT_MAP_ON_PHONES = "<style>@media (max-width: 600px) { .folium-map { height: 22vh !important; } }</style>"
#: How the reports' map draws each thing (:func:`_reports_shapes`), and the words of its key.
_REPORT_STYLES = {
    "sent_from_commune": (
        {"color": "#6d4c41", "weight": 1.5, "dashArray": "4 3", "fillOpacity": 0},
        "key_sent_commune",
    ),
    "site": ({"color": "#c62828", "weight": 4, "fillOpacity": 0.4}, "key_site"),
    # thick and dark: the thin dashes faded into the basemap on a phone (trial 61)
    "sent_from_line": ({"color": "#0d47a1", "weight": 4, "dashArray": "10 6", "fill": False}, "key_sent_line"),
    "sent_from_point": (
        {"color": "#1565c0", "weight": 2, "fillColor": "#1565c0", "fillOpacity": 0.8},
        "key_sent_point",
    ),
}


def _reports_shapes(
    reports: list[dict[str, Any]], t: dict[str, str], lang: str
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[tuple[dict[str, Any], str]]]:
    """The reports' projects, where each report was sent from, and its commune outlined with its name; a report sent
    from farther than its kind allows, a dashed line from the site to the sender, with how far (trial 56: the
    supervisor saw the site on blank white, and only read "gửi từ Xã Hưng Hội"). Returns the collections in
    :data:`_REPORT_STYLES`' order (the commune under the rest) and the map's key of those drawn."""
    drawn: dict[str, dict[Any, dict[str, Any]]] = {kind: {} for kind in _REPORT_STYLES}
    for r in reports:
        if r["geometry"]:
            drawn["site"][r["project_id"]] = _feature(r["geometry"], {"name": r["code"]})
        if r.get("sent_from_point"):
            drawn["sent_from_point"][r["sent_from_point"]["coordinates"][0], r["sent_from_point"]["coordinates"][1]] = (
                _feature(r["sent_from_point"], {"name": r["code"]})
            )
        if r.get("sent_from_outline"):
            place = {"label": r["sent_from_en" if lang == "en" else "sent_from_vi"]}
            at = {"label_at": r["sent_from_label_at"]["coordinates"]}
            drawn["sent_from_commune"][r["sent_from_code"]] = _feature(r["sent_from_outline"], place | at)
        if r["reason"] == "beyond_distance" and r.get("sent_from_line") and not stand_in_site(r["location_precision"]):
            (x1, y1), (x2, y2) = r["sent_from_line"]["coordinates"]
            far = {"label": distance_as_read(r["distance_m"]).text(lang), "label_at": [(x1 + x2) / 2, (y1 + y2) / 2]}
            drawn["sent_from_line"][x1, y1, x2, y2] = _feature(r["sent_from_line"], far)
    shapes = [
        ({"type": "FeatureCollection", "features": list(features.values())}, _REPORT_STYLES[kind][0])
        for kind, features in drawn.items()
        if features
    ]
    key = [(_REPORT_STYLES[kind][0], t[_REPORT_STYLES[kind][1]]) for kind, features in drawn.items() if features]
    return shapes, key


#: How many of the plan actions an agency reports on /status-reports names (then how many in all).
ACTIONS_NAMED = 6


def _reports_instead(led: list[str], t: dict[str, str], lang: str) -> str:
    """What an editor of an agency with no project does instead of chasing field reports: the yearly reports of the
    actions it leads (``led``, the first :data:`ACTIONS_NAMED` named), on /monitoring."""
    more = f", … ({local_number(len(led), lang)})" if len(led) > ACTIONS_NAMED else ""
    return t["in_charge_reports"].format(actions=", ".join(led[:ACTIONS_NAMED]) + more, link=f"/monitoring?lang={lang}")


def _unreported(found: dict[str, Any] | None, reader: Reviewer, t: dict[str, str], lang: str) -> str:
    """The reader's projects nobody has reported on for months, longest first, each with its state, its latest
    report's day and its lead agency: the supervisor of trial 51 had only a map filter and a spreadsheet of every
    agency's projects. Not logged in: the way to log in and see them. In charge of none (``inCharge`` 0), or of
    finished ones only (``unfinished`` 0), said so: "every one has had a report" was true only vacuously."""
    months = CHASED_AFTER_MONTHS
    if not reader.logged_in:
        back = quote(f"{reader.path}?{reader.query}" if reader.query else reader.path, safe="")
        link = f"/login?next={back}&amp;lang={lang}"
        return f"<p class='unreported'>{t['unreported_log_in'].format(link=link, months=months)}</p>"
    if found is None:  # an account that may report on nothing (a viewer)
        return ""
    if found.get("inCharge") == 0 and found.get("actionsLed"):  # an agency of yearly reports, no project of its own
        return f"<p class='unreported'>{_reports_instead(found['actionsLed'], t, lang)}</p>"
    if found.get("inCharge") == 0:
        return f"<p class='unreported'>{t['in_charge_none'].format(link=f'/?lang={lang}')}</p>"
    if found.get("unfinished") == 0:
        finished = t["in_charge_finished_one" if found["inCharge"] == 1 else "in_charge_finished"]
        return f"<p class='unreported'>{finished.format(n=local_number(found['inCharge'], lang))}</p>"
    if not found["numberMatched"]:
        return f"<p class='unreported'>{t['unreported_none'].format(months=months)}</p>"
    heads = (t["project"], t["status"], t["last_report"], t["agency"])
    rows = "".join(
        f"<tr>{_project_cell({**p, 'project_id': p['id']}, lang)}"
        f"<td data-label='{heads[1]}'>{_status_words(p['status'], p['percent'], lang)}</td>"
        f"<td data-label='{heads[2]}'>{_last_report(p, t, lang)}</td>"
        f"<td data-label='{heads[3]}'>{_lead_agency_in_charge(p, t, lang)}</td></tr>"
        for p in found["projects"]
    )
    more = found["numberMatched"] - len(found["projects"])
    link = f"/?no_report_months={months}&amp;lang={lang}"
    more_said = f"<p><a href='{link}'>{t['unreported_more'].format(n=local_number(more, lang))}</a></p>" if more else ""
    title = t["unreported_title"].format(months=months, n=local_number(found["numberMatched"], lang))
    head = "".join(f"<th>{h}</th>" for h in heads)
    return (
        f"<details class='unreported' open><summary><b>{title}</b></summary><p>{t['unreported_intro']}</p>"
        f"<table class='unreported'><tr>{head}</tr>{rows}</table>{more_said}</details>"
    )


def _last_report(project: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """The day of a project's latest report, and the day of the GIS load that set its status since, if one did: a
    supervisor tells a desk inventory from a site visit (trial 56)."""
    day, state_day = project["last_report"], project["status_date"]
    said = local_date(day, lang) if day else f"<b>{t['never_reported']}</b>"
    if state_day and (day is None or state_day > day):  # its state is of a later event: a load's (geo.stalled)
        said += f"<br><small>{t['state_from_load'].format(day=local_date(state_day, lang))}</small>"
    return said


def _lead_agency_in_charge(project: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """The agency holding a project's lead today, as the list of projects in one's charge reads it
    (geo.queries.in_charge), and the one the plan named when it ended in the 2025 mergers: a supervisor chasing a
    report read Trà Vinh's department of industry, gone since 30/06/2025. Or that it has none."""
    if project["lead_agency_code"] is None:  # the former Bạc Liêu projects have none (trial 51)
        return f"<i>{t['no_lead_agency']}</i>"
    name = _in(lang, project["lead_now_vi"], project["lead_now_en"])
    lead = f"{escape(name)} <small>({escape(project['lead_now_code'])})</small>"
    if project["lead_now_code"] == project["lead_agency_code"]:
        return lead
    formerly = t["agency_formerly"].format(
        name=escape(_in(lang, project["lead_agency_vi"], project["lead_agency_en"])),
        code=escape(project["lead_agency_code"]),
        day=local_date(project["lead_agency_ended"], lang),
    )
    return f"{lead}<br><small>{formerly}</small>"


def changes_page(
    found: dict[str, dict[str, Any]] | None,
    sites: dict[int, dict[str, Any]],
    since: date,
    province: str | None,
    provinces: list[dict[str, Any]],
    lang: str,
    context: dict[str, Any] | None,
    typed: str | None = None,
    cells: list[dict[str, Any]] | None = None,
) -> folium.Map:
    """What changed since ``since`` (geo.queries.changes: statuses, projects added, retired, edited by loads), each
    kind a table, newest first, and the projects listed drawn on the map (``sites``: geo.queries.changes), each in
    the colour of what befell it, with a form to choose the day and a province among ``provinces``; ``typed``, a day
    typed that is not one, is kept in the form's box to be corrected, nothing listed (``found`` None): an error page
    lost the province chosen and the form (trial 46). When the lists hold only the newest, the map counts every
    changed project in its square instead (``cells``: geo.queries.changes.changed_cells)."""
    t = PAGE_TEXT[lang]
    form = _changes_form(since, province, provinces, t, lang, typed)
    if found is None:
        title = t["changes_title_typed"]
        body = f"<p>{t['changes_intro']}</p>{form}<p>{t['changes_fix_day']}</p>"
        return _page(title, [], _nav(lang, "/changes") + f"<h1>{title}</h1>", body, lang, context)
    title = t["changes_title"].format(day=local_date(since, lang))
    head = _nav(
        lang, "/changes", f"since={since.isoformat()}" + (f"&amp;province={escape(province)}" if province else "")
    )
    counts = " · ".join(_to_section(said, kind, found) for kind, said in counts_said(found, lang).items())
    left_out = sample_left_out(found, lang)  # the sample's load, not news
    body = f"<p>{t['changes_intro']}</p>{form}<p><b>{counts}</b></p>"
    body += f"<p class='sample-left-out'>{left_out}</p>" if left_out else ""
    if any(found[kind]["count"] for kind in (*CHANGE_KINDS, *LAYER_CHANGES)):  # for the week's meeting (trial 61)
        chosen = {"since": since.isoformat(), **({"province": province} if province else {}), "lang": lang}
        body += _downloads("/api/changes/table", chosen, t)
    body += load_sections(found, t, lang)  # a few rows, before the statuses' hundreds (trial 65, F21)
    sections = {
        "statuses": _status_changes(found["statuses"]["rows"], t, lang),
        "added": _added_projects(found["added"]["rows"], t, lang),
        "retired": _retired_projects(found["retired"]["rows"], t, lang),
        "edited": _edited_projects(found["edited"]["rows"], t, lang),
    }
    for kind, table in sections.items():
        if found[kind]["count"]:
            more = found[kind]["count"] - len(found[kind]["rows"])
            said = t["changes_more"].format(n=local_number(more, lang), in_file=local_number(IN_A_FILE, lang))
            listed = f"<p>{said}</p>" if more > 0 else ""
            body += (
                f"<section id='changes-{kind}'><h2>{t[f'changes_{kind}_title']}</h2>"
                f"<table class='changes'>{table}</table>{listed}</section>"
            )
    shapes, key = _counted_shapes(cells, t, lang) if cells is not None else _changed_shapes(found, sites, t)
    outlines, outlined = load_outlines(found, t)
    if outlines:  # under the projects' shapes: a province's outline over them would take their clicks
        shapes = [({"type": "FeatureCollection", "features": outlines}, {}), *shapes]
    return _page(title, shapes, head + f"<h1>{title}</h1>", body, lang, context, key + outlined)


def _to_section(said: str, kind: str, found: dict[str, Any]) -> str:
    """A count of /changes linked to its kind's table when it lists any: on a phone the loads of the salinity zones
    and forest rasters came after 75 status rows, 11 000 px down, and nothing said where (trial 65, F21)."""
    return f'<a href="#changes-{kind}">{said}</a>' if found[kind]["count"] else said


#: What befell a project on /changes' map, in the order one wins over another (a project added has its first status;
#: one retired may have had a status too): its colour.
CHANGE_COLOURS = {"retired": "#616161", "added": "#2e7d32", "statuses": "#1565c0", "edited": "#ef6c00"}


def _changed_shapes(
    found: dict[str, dict[str, Any]], sites: dict[int, dict[str, Any]], t: dict[str, str]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[tuple[dict[str, Any], str]]]:
    """The projects listed with a site, once each in the colour of what befell it (:data:`CHANGE_COLOURS`), and the
    map's key of the colours drawn."""
    befell: dict[int, str] = {}
    for kind in reversed(CHANGE_COLOURS):
        befell |= {row["project_id"]: kind for row in found[kind]["rows"]}
    styles = {kind: {"color": colour, "fillColor": colour} for kind, colour in CHANGE_COLOURS.items()}
    codes = {row["project_id"]: row["code"] for kind in CHANGE_COLOURS for row in found[kind]["rows"]}
    features = [
        _feature(sites[pid], {"name": codes[pid], "style": styles[kind]})
        for pid, kind in befell.items()
        if pid in sites
    ]
    if not features:
        return [], []
    drawn = {f["properties"]["style"]["color"] for f in features}
    key = [
        ({**styles[kind], "weight": 3, "fillOpacity": 0.4}, t[f"changes_{kind}_title"])
        for kind, colour in CHANGE_COLOURS.items()
        if colour in drawn
    ]
    return [({"type": "FeatureCollection", "features": features}, {"weight": 4, "fillOpacity": 0.4})], key


#: The colour of /changes' squares counting the changed projects in them (none of :data:`CHANGE_COLOURS`).
COUNTED_COLOUR = "#6a1b9a"


def _counted_shapes(
    cells: list[dict[str, Any]], t: dict[str, str], lang: str
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[tuple[dict[str, Any], str]]]:
    """Every changed project counted in its square (geo.queries.changes.changed_cells), the darker the more, the
    count written in it; the key says what they count, how many in all, and that the lists below give only the
    newest — a planner read 500 sites drawn as where 20,000 changes were (trial 72)."""
    sited = [cell for cell in cells if cell["square"]]
    most = max((cell["projects"] for cell in sited), default=1)
    style = {"color": COUNTED_COLOUR, "fillColor": COUNTED_COLOUR, "weight": 1, "fillOpacity": 0.4}
    features = [
        _feature(
            cell["square"],
            {
                "label_at": [sum(c) / 2 for c in zip(*cell["square"]["coordinates"][0][0:3:2], strict=True)],
                "label": local_number(cell["projects"], lang),
                "style": {"fillOpacity": round(0.1 + 0.55 * cell["projects"] / most, 2)},
            },
        )
        for cell in sited
    ]
    total, side = sum(cell["projects"] for cell in cells), max((cell["cell"] for cell in cells), default=0)
    counted = {"n": total, "listed": LISTED, "in_file": IN_A_FILE, "km": max(1, round(side * 111))}
    key = [(style, t["changes_counted_key"].format(**{k: local_number(v, lang) for k, v in counted.items()}))]
    if unsited := total - sum(cell["projects"] for cell in sited):
        unsited_style = {"color": "#999", "fillColor": "#ffffff", "fillOpacity": 0}
        key.append((unsited_style, t["changes_unsited_key"].format(n=local_number(unsited, lang))))
    return [({"type": "FeatureCollection", "features": features}, style)], key


def _changes_form(
    since: date,
    province: str | None,
    provinces: list[dict[str, Any]],
    t: dict[str, str],
    lang: str,
    typed: str | None = None,
) -> str:
    options = "".join(
        f'<option value="{escape(p["code"])}"{" selected" if p["code"] == province else ""}>'
        f"{escape(_in(lang, p['name_vi'], p['name_en']) or p['code'])} ({escape(p['code'])})</option>"
        for p in provinces
    )
    return (
        f'<form class="report-filters" method="get" action="/changes"><input type="hidden" name="lang" value="{lang}">'
        f"{_since_box(t['changes_since'], since, t, typed)}"
        f'<label>{t["reports_province"]} <select name="province"><option value="">{t["all"]}</option>{options}'
        f"</select></label><button>{t['reports_filter']}</button></form>"
    )


def _project_cell(row: dict[str, Any], lang: str) -> str:
    name = escape(_in(lang, row["name_vi"], row["name_en"]) or row["code"])
    link = f'<a href="/projects/{row["project_id"]}?lang={lang}">{name}</a>'
    return f"<td>{link}<br><small>{escape(row['code'])}</small></td>"


def _status_words(status: str, percent: float, lang: str) -> str:
    return f"{escape(labels(PROJECT_STATUSES, lang).get(status, status))}, {local_number(percent, lang, 1)} %"


def _changes_table(
    heads: list[str], rows: list[dict[str, Any]], cells: Callable[[dict[str, Any]], list[str]], lang: str
) -> str:
    """A kind of change as a table: the project (linked) first, then ``cells(row)``, under ``heads``."""
    head = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join(
        f"<tr>{_project_cell(r, lang)}" + "".join(f"<td>{cell}</td>" for cell in cells(r)) + "</tr>" for r in rows
    )
    return f"<tr>{head}</tr>{body}"


def _status_changes(rows: list[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    return _changes_table(
        [t["project"], t["date"], t["changes_status"], t["source"]],
        rows,
        lambda r: [
            _reported_on(r, t, lang),
            f"{_status_before(r, t, lang)}<b>{_status_words(r['status'], r['percent'], lang)}</b>"
            f"{_review_said(r, t, lang)}",
            f"{_reported_by(r, lang)}{_demo_mark(r, t, lang)}",
        ],
        lang,
    )


def _review_said(change: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """Under a status in the changes: rejected (by whom, why: it does not count), or still to check (a report from
    afar read as sure as any, trial 49)."""
    if change["rejected"]:
        return f"<br>{_verdict(change, t, lang)} <small>{t['rejected_report']}</small>"
    if change["to_check"]:
        return f'<br><a class="flag" href="/status-reports/flagged?lang={lang}">{t["to_check"]}</a>'
    return ""


def _added_projects(rows: list[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    kinds = labels(PROJECT_KINDS, lang)
    return _changes_table(
        [t["project"], t["kind"], t["status"], t["when"], t["source"]],
        rows,
        lambda r: [
            escape(kinds.get(r["kind"], r["kind"])),
            _status_words(r["status"], r["percent"], lang),
            local_moment(r["created_at"], lang),
            escape(source_label(r["source"], lang)) if r["source"] else "—",
        ],
        lang,
    )


def _retired_projects(rows: list[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    return _changes_table(
        [t["project"], t["when"], t["changes_reason"]],
        rows,
        lambda r: [local_moment(r["retired_at"], lang), escape(r["retired_reason"] or "—")],
        lang,
    )


def _edited_projects(rows: list[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    return _changes_table(
        [t["project"], t["when"], t["changes"], t["source"]],
        rows,
        lambda r: [
            local_moment(r["at"], lang),
            _fields_changed(r["changes"], lang),
            escape(source_label(r["source"], lang)),
        ],
        lang,
    )


def _listed_of(listed: int, matching: int, t: dict[str, str], lang: str) -> str:
    """How many reports are listed; of more that match, "the 200 newest of 228" and how to see the others (trial 65
    read "200 reports" of 228)."""
    if matching <= listed:
        return _count(listed, "reports_count", t, lang)
    return escape(_count(listed, "reports_newest_of", t, lang, total=local_number(matching, lang)))


def _count(n: int, key: str, t: dict[str, str], lang: str, **fields: str) -> str:
    """The text ``key`` of ``n`` things, its ``key``_one for one: "1 report", "12 reports" (the English read
    "1 reports"); ``fields``: its other blanks."""
    return (t[f"{key}_one"] if n == 1 else t[key]).format(n=local_number(n, lang), **fields)


def _reports_form(
    chosen: dict[str, Any], choices: dict[str, list[dict[str, Any]]], t: dict[str, str], lang: str
) -> str:
    """The field reports' filters: a province, a former district or 2025 commune, the senders' agency, one sender,
    the day recorded since, only those flagged (a plain GET form, its choices kept in the address); the agencies and
    units those with reports the other filters leave, with how many (trial 59 chose an agency that had sent none)."""

    def select(name: str, found: list[dict[str, Any]], groups: dict[str, str] | None = None) -> str:
        def option(code: str, label: str) -> str:
            selected = " selected" if code == chosen[name] else ""
            return f'<option value="{escape(code)}"{selected}>{escape(label)}</option>'

        def options(rows: list[dict[str, Any]]) -> str:
            return "".join(option(c["code"], _choice(c, lang)) for c in rows)

        inner = (
            options(found)
            if groups is None
            else "".join(
                f'<optgroup label="{label}">{options([c for c in found if c["scheme"] == scheme])}</optgroup>'
                for scheme, label in groups.items()
            )
        )
        kept = chosen[name] and chosen[name] not in {c["code"] for c in found}  # none in scope: kept, not dropped
        inner += option(chosen[name], chosen[name]) if kept else ""
        return f'<label>{t["reports_" + name]} <select name="{name}">{option("", t["all"])}{inner}</select></label>'

    schemes = {scheme: t[f"reports_unit_{scheme}"] for scheme in ("pre2025", "2025")}
    picked = {name: select(name, choices[name]) for name in ("province", "agency", "reporter")}
    unit = select("unit", choices["unit"], schemes)
    flagged = " checked" if chosen["flagged"] else ""
    unreviewed = " checked" if chosen["unreviewed"] else ""
    since = _since_box(t["reports_since"], chosen["since"], t, chosen["since_typed"])
    return (
        f'<form class="report-filters" method="get" action="/status-reports"><input type="hidden" name="lang" '
        f'value="{lang}">{picked["province"]} {unit} {picked["agency"]} {picked["reporter"]} {since} <label '
        f'class="inline"><input type="checkbox" name="flagged" value="true"{flagged}> {t["reports_flagged"]}</label> '
        f'<label class="inline"><input type="checkbox" name="unreviewed" value="true"{unreviewed}> '
        f"{t['reports_unreviewed']}</label> "
        f"<button>{t['reports_filter']}</button></form>"
    )


def _since_box(label: str, since: date | None, t: dict[str, str], typed: str | None = None) -> str:
    """A form's "since" day box, typed day first as Vietnam writes dates (a browser's date box wrote its own order,
    month first in English); a day ``typed`` that is not one is kept in it, marked, with what to type."""
    day = escape(typed) if typed else local_date(since, "vi")
    invalid, refused = "", ""
    if typed:
        invalid = ' aria-invalid="true" aria-describedby="since-refused" autofocus'
        refused = f'<span id="since-refused" class="refused">{t["day_refused"].format(typed=day)}</span>'
    return (
        f'<label>{label} <input name="since" value="{day}" inputmode="numeric" size="10" '
        f'placeholder="{t["day_typed"]}" title="{t["day_typed"]}"{invalid}>{refused}</label>'
    )


def _choice(choice: dict[str, Any], lang: str) -> str:
    """A filter's choice: its name and code, and how many reports it has where counted ("… (CM.SCT) · 2")."""
    counted = f" · {local_number(choice['reports'], lang)}" if "reports" in choice else ""
    return f"{_in(lang, choice['name_vi'], choice['name_en'])} ({choice['code']}){counted}"


def _agency(report: dict[str, Any], lang: str) -> str:
    """The sender's agency as the list's files name it (geo.field_reports_table.agency_lines), a line each: "CM.SCT"
    alone read as a code to look up (trial 61)."""
    lines = agency_lines(report, lang)
    return f"<br><small class='agency'>{'<br>'.join(escape(line) for line in lines)}</small>" if lines else ""


def _photo_links(urls: list[str], t: dict[str, str]) -> str:
    """A report's photos, linked under its note: a trial's reviewer could not tell which of four photos of one day
    was whose."""
    return "".join(f'<br><a class="photo" href="{url}" target="_blank">{t["see_photo"]}</a>' for url in urls)


def _report_photo(event: dict[str, Any], photo: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """A report's photo in the page's gallery, linked to the photo whole, with its report: the day and when it was
    recorded, who sent it, the status and percent (trial 40: three photos of one officer's day read alike)."""
    reporter = event.get("reporter_name")
    who = reporter_label(reporter, lang) if reporter else source_label(event["source"], lang)
    status = labels(PROJECT_STATUSES, lang).get(event["status"], event["status"])
    day = f"{local_date(event['reported_at'], lang)} ({local_moment(event['recorded_at'], lang)})"
    said = f"{day} — {who} — {status}, {local_number(event['percent'], lang, 1)} %"
    if event.get("review_verdict") == "rejected":  # listed like the others, it read as a report that counts (trial 61)
        said += f" — {t['photo_rejected']}"
    return (
        f'<figure class="report-photo"><a href="{photo["url"]}"><img src="{photo["url"]}" '
        f'alt="{escape(t["photo_of"].format(report=said))}"></a><figcaption>{escape(said)}</figcaption></figure>'
    )


def _sent_from(report: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """Where a report was sent from (:func:`_distance_sent_from`), and the commune (or former district) the sender
    stood in: a province-wide project has no site to measure from (trial 51); sent at sea, where no unit is, the
    nearest one and how far (trial 61: offshore wind farms' reports said nothing), or on its coast, near it
    (geo.queries.field_reports.COAST_M: "0 m off" read as at sea, trial 62)."""
    place = report.get("sent_from_en" if lang == "en" else "sent_from_vi")
    said = t["sent_from_place"].format(place=place) if place else ""
    if report.get("shore_m") is not None:  # outside the units: on the coast, or at sea (an offshore wind farm)
        shore = _in(lang, report["shore_vi"], report["shore_en"])
        far = distance_as_read(report["shore_m"]).text(lang)
        at_sea = f"sent_at_sea_{report['shore_scheme']}"  # the units of its day: no districts from 1 July 2025
        said = t["sent_on_coast" if report["on_coast"] else at_sea].format(place=shore, distance=far)
    where = f"<br><small class='sent-from'>{escape(said)}</small>" if said else ""
    return _distance_sent_from(report, t, lang) + where


def _distance_sent_from(report: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """How far from the project's site a report was sent, how well the phone knew where it was, and, flagged, the
    distance its kind allows."""

    def far(metres: float) -> str:
        return distance_as_read(metres).text(lang)

    known = report["reporter_accuracy_m"] is not None
    accuracy = escape(t["position_accuracy"].format(accuracy=far(report["reporter_accuracy_m"]))) if known else ""
    # a project with no site, or only a stand-in for it: said, "—" read as a distance forgotten (trial 51), "1 m" from
    # a district's centre as if at the site (trial 61)
    stand_in = stand_in_site(report["location_precision"])
    if report["distance_m"] is None or stand_in:
        said = stand_in.text(lang) if stand_in else t["province_wide_distance"]
        return f"{escape(said)}" + (f"<br><small>{accuracy}</small>" if known else "")

    # the ⚑ beside what is over the limit: "±15 m ⚑ > 500 m" read as if the accuracy were, not the 67.6 km (trial 45)
    over = f" <b>⚑ {escape(t['over_limit'].format(limit=far(report['threshold_m'])))}</b>" if report["reason"] else ""
    distance = far(report["distance_m"]) + (over if report["reason"] == "beyond_distance" else "")
    if not known:
        return distance
    return f"{distance}<br><small>{accuracy}{over if report['reason'] == 'position_uncertain' else ''}</small>"


def _row_class(report: dict[str, Any]) -> str:
    """A report to check stands out; a rejected one is greyed (it does not count)."""
    if report["review_verdict"] == "rejected":
        return " class=rejected-row"
    flagged = report.get("reason") or report.get("flag")  # a report as listed, or as its project's history has it
    return " class=flagged-row" if flagged and not report["review_verdict"] else ""


def _status_step(report: dict[str, Any], lang: str) -> str:
    """A report's status after the project's before it: "Chuẩn bị đầu tư, 0 % → Hoàn thành, 100 %" — the jump the
    best clue to a report from the office (trial 49)."""
    now = _status_words(report["status"], report["percent"], lang)
    before = _status_before(report, PAGE_TEXT[lang], lang)
    return f"<small>{before}</small><br>{now}" if before else now


def _status_before(report: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """What a report's status follows: "Đang thi công, 16 % → ", or "(không đổi) " when it only confirms the one
    before ("Đang vận hành, 100 % → Đang vận hành, 100 %" read as a change, trial 50), "(vào lịch sử, …) " when it
    left the project's state as it stood (geo.status_history.INTO_HISTORY_ONLY); nothing for a first report."""
    if report.get("history_only"):
        return f"({t['state_into_history']}) "
    if report["status_before"] is None:
        return ""
    if (report["status_before"], report["percent_before"]) == (report["status"], report["percent"]):
        return f"({t['state_unchanged']}) "
    return f"{_status_words(report['status_before'], report['percent_before'], lang)} → "


def _review(report: dict[str, Any], t: dict[str, str], lang: str, reviewer: Reviewer) -> str:
    """A flagged report's verdict (who, when, why), or the buttons to give one (maps/static/report_review.js) to a
    reviewer who may: the supervisors of trials 45–47 could only read these reports, which counted in progress all
    the same; those who may not are told why not, not shown buttons that fail (trial 49)."""
    if not report["reason"]:  # a bare "—" read as a review forgotten (trial 61); the why in the marks' key
        return t["no_review_needed"] + _NO_REVIEW_MARKS[_no_review_reason(report)][0]
    may = (report["project_id"], report["version"]) in reviewer.may_review
    url = f"/api/projects/{report['project_id']}/status/{report['version']}/review"
    form = (
        f'<form class="review-form" data-url="{url}" data-seen="{report["review_verdict"] or "none"}" '
        f'data-offline="{escape(t["review_offline"])}">'
        f'<button type="button" data-verdict="confirmed">{t["review_confirm"]}</button>'
        f'<label>{t["review_reason"]} <input name="note" maxlength="{REVIEW_NOTE_MAX_CHARACTERS}"></label>'
        f'<button type="button" class="secondary" data-verdict="rejected">{t["review_reject"]}</button>'
        '<span class="refused" role="alert"></span></form>'
    )
    if report["review_verdict"]:
        change = f"<details><summary>{t['review_change']}</summary>{form}</details>" if may else ""
        return _verdict(report, t, lang) + change
    if may:
        return f"<b>{t['review_to_do']}</b>{form}"
    if not reviewer.logged_in:
        return f"<b>{t['review_to_do']}</b>"
    why = "review_own" if report["reporter_username"] == reviewer.username else "review_not_yours"
    return f"<b>{t['review_to_do']}</b><br><small>{t[why]}</small>"


#: Why a report needs no review, as a mark after "no review needed", each explained once above the list
#: (:func:`_review_marks`): said in every row, 200 reports repeated it 200 times, and a stand-in site's line twice
#: in its row (trial 64). Not "sent at the site" for a report whose distance means nothing (trial 62).
_NO_REVIEW_MARKS = {"at_site": ("¹", "no_review_needed_why"), "unmeasured": ("²", "no_review_unmeasured")}


def _no_review_reason(report: dict[str, Any]) -> str:
    """A report not flagged: sent at the site, or not measured (no site, or only a stand-in: its distance_m None)."""
    return "at_site" if report["distance_m"] is not None else "unmeasured"


def _review_marks(reports: list[dict[str, Any]], t: dict[str, str]) -> str:
    """The key of the marks of "no review needed" (:data:`_NO_REVIEW_MARKS`) used in ``reports``; none, nothing."""
    used = {_no_review_reason(r) for r in reports if not r["reason"]}
    marks = [(mark, key) for reason, (mark, key) in _NO_REVIEW_MARKS.items() if reason in used]
    said = "<br>".join(f"{mark} {t['no_review_needed']}: {t[key]}" for mark, key in marks)
    return f"<p class='review-marks'><small>{said}</small></p>" if said else ""


def _verdict(review: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """A verdict as the lists and the project's history say it: who, when, and a rejection's reason."""
    key = "review_confirmed" if review["review_verdict"] == "confirmed" else "review_rejected"
    said = t[key].format(
        who=review["reviewer_name"], when=local_moment(review["reviewed_at"], lang), note=review["review_note"] or ""
    )
    if review.get("previous_verdict"):  # a verdict changed leaves a trace: a colleague's overturned is seen
        before = labels(REVIEW_VERDICTS, lang)[review["previous_verdict"]]
        when = local_moment(review["previous_reviewed_at"], lang)
        said += " " + t["review_replaced"].format(verdict=before, who=review["previous_reviewer_name"], when=when)
    return f'<span class="verdict {review["review_verdict"]}">{escape(said)}</span>'


def _reported_on(event: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """The day a report is of, and under it when the registry recorded it."""
    recorded = local_moment(event["recorded_at"], lang)
    return f"{local_date(event['reported_at'], lang)}<br><small>{t['recorded']} {recorded}</small>"


def _reported_by(event: dict[str, Any], lang: str) -> str:
    """Who reported (the officer's name, when the report gives one) and from where (its source); a load by its job,
    file and whose it was."""
    if event.get("load_job"):
        said = by_load(event["load_job"], event["load_file"], event["loaded_by"], lang)
        return f"{escape(reporter_label(event['reporter_name'], lang))}<br><small>{escape(said)}</small>"
    source = escape(source_label(event["source"], lang))
    reporter = event.get("reporter_name")
    if not reporter or reporter in source:
        return source
    return f"{escape(reporter_label(reporter, lang))}<br><small>{source}</small>"


def unit_page(
    session: Session,
    unit: dict[str, Any],
    lang: str,
    exported: bool = False,
    context: dict[str, Any] | None = None,
    period: str | None = None,
) -> folium.Map:
    """The unit's page (its salinity of ``period``, else the newest); ``exported`` leaves out the links that only
    work inside the app; ``context``: maps.context.map_context, drawn under the unit."""
    t = PAGE_TEXT[lang]
    summary = unit_summary(session, unit, period=period)
    name = unit_name(unit, lang)  # "Huyện Hoà Bình" / "Hoà Bình District"
    parent = unit["parent_name_vi"] if lang == "vi" else unit["parent_name_en"]
    here = f"/units/{unit['scheme']}/{unit['code']}"
    facts = [
        (t["code"], escape(unit["code"])),
        *([(t["province"], escape(parent or "—"))] if unit["level"] != "province" else []),
        (t["area"], local_number(unit["area_m2"] / 10_000, lang, 1)),
        (t["valid"], f"{local_date(unit['valid_from'], lang, '…')} – {local_date(unit['valid_to'], lang, '…')}"),
        *_lineage_facts(unit, summary["lineage"], t, lang),
    ]
    head = ("" if exported else _nav(lang, here)) + f"<h1>{escape(name)}</h1>"
    part = _registry_part(summary["lineage"], lang)
    body = _rows(facts) + _progress_section(summary, t, lang, part, unit["level"] == "province")
    budget = _budget_said(summary["budget"], t, lang) + _no_report_said(unit, summary["projects"], t, lang, exported)
    body += _projects_section(summary["projects"], t, lang, exported, part, budget)
    area = _plan_area(summary, unit, lang)
    body += _indicators_section(summary["indicators"], area, t, lang)
    body += _environment_section(summary, area, t, lang, exported, unit)
    if not exported:
        body += (
            f'<h2>{t["exports"]}</h2><p><a id="export-png" href="{here}/export.png?lang={lang}">{t["export_png"]}</a>'
            f' · <a id="export-html" href="{here}/export.html?lang={lang}">{t["export_html"]}</a></p>'
        )
    unit_style = {"color": "#333", "weight": 2, "fillColor": "#90a4ae", "fillOpacity": 0.15}
    shapes = [({"type": "FeatureCollection", "features": [_feature(unit["geometry"], {"name": name})]}, unit_style)]
    key = [(unit_style, name)]
    sited = sum(1 for p in summary["projects"] if p["geometry"])
    if sited > UNIT_MAP_MAX_PROJECTS:
        body = _too_many_to_draw(unit, sited, t, lang, exported) + body
        return _page(name, shapes, head, body, lang, context, key)
    areas, on_top = [], []  # areas first, lines and points over them: a dyke along a wind farm stays seen
    for status, label in labels(PROJECT_STATUSES, lang).items():  # in the order a project goes through them
        drawn = [
            _feature(p["geometry"], {"name": p["name_vi"]}) | {"id": p["id"]}
            for p in summary["projects"]
            if p["geometry"] and p["status"] == status
        ]
        if drawn:
            colour = STATUS_COLOURS.get(status, "#999")
            style = {"color": "#333", "weight": 1.5, "fill": True, "fillColor": colour, "fillOpacity": 0.9}
            for feature in drawn:  # a line in its status's colour; a point or an area filled with it, outlined
                if "LineString" in feature["geometry"]["type"]:
                    feature["properties"]["style"] = {"color": colour, "weight": 4, "fill": False}
            for group, polygons in ((areas, True), (on_top, False)):
                part = [f for f in drawn if ("Polygon" in f["geometry"]["type"]) is polygons]
                if part:
                    group.append(({"type": "FeatureCollection", "features": part}, style))
            key.append((style, f"{label} ({local_number(len(drawn), lang, 0)})"))
    shapes += areas + on_top
    unlocated = sum(1 for p in summary["projects"] if not p["geometry"])
    if unlocated:  # counted in the progress and the lists, with no site to draw
        key.append(
            (
                {"color": "#999", "fill": True, "fillColor": "#ffffff", "fillOpacity": 0},
                t["unlocated_key"].format(n=local_number(unlocated, lang, 0)),
            )
        )
    return _page(name, shapes, head, body, lang, context, key)


#: The most projects a unit page draws on its map, each inline: a province of 50,000 made a page of 13.7 MB that took
#: 24–48 s to open, its markers a solid blob (trial 48); past it, the web map (tiled) draws them.
UNIT_MAP_MAX_PROJECTS = 2_000


def _too_many_to_draw(unit: dict[str, Any], sited: int, t: dict[str, str], lang: str, exported: bool) -> str:
    """Why the unit page's map draws none of its ``sited`` projects, and where they are drawn."""
    said = t["unit_too_many_to_draw"].format(
        n=local_number(sited, lang, 0), most=local_number(UNIT_MAP_MAX_PROJECTS, lang, 0)
    )
    if not exported:
        said += f' <a id="unit-web-map" href="{_on_web_map(unit, lang)}">{t["unit_on_web_map"]}</a>'
    return f"<p id='unit-not-drawn'>{said}</p>"


def _on_web_map(unit: dict[str, Any], lang: str, **filters: object) -> str:
    """The web map of the unit's projects (a province's by ``province=``, a district's or commune's by ``unit=``),
    with ``filters``, for an attribute; over the unit's own boundaries (a former district's, not today's communes)."""
    chosen = "province" if unit["level"] == "province" else "unit"
    asked = {chosen: unit["code"], "scheme": unit["scheme"], **filters, "lang": lang}
    query = "&".join(f"{name}={value}" for name, value in asked.items())
    return escape(f"/?{query}")


def _status_key(events: list[dict[str, Any]], lang: str) -> str:
    """What the colours of a project's chart say: the statuses its reports had, in the order a project goes through
    them."""
    had = {e["status"] for e in events}
    keys = [
        f'<span class="key"><span style="color:{STATUS_COLOURS.get(s, "#999")}">●</span> {escape(label)}</span>'
        for s, label in labels(PROJECT_STATUSES, lang).items()
        if s in had
    ]
    return f"<p class='note' id='status-key'>{' · '.join(keys)}</p>" if keys else ""


def _registry_part(lineage: dict[str, list], lang: str) -> str:
    said = registry_part_said(lineage, lang)
    return f"<p class='note registry-part'>{escape(said)}</p>" if said else ""


def demo_statuses_said(projects: list[dict[str, Any]], lang: str) -> str:
    """How many of a unit's ``projects`` stand on a demonstration status, which its progress counts ("" for none):
    its page and its printed sheet say it alike."""
    demos = sum(1 for p in projects if p["status_is_demo"])
    if not demos:
        return ""
    t = PAGE_TEXT[lang]
    return t["demo_status"] if demos == 1 else t["demo_statuses"].format(n=local_number(demos, lang, 0))


def registry_part_said(lineage: dict[str, list], lang: str) -> str:
    """Of a 2025 unit made partly of former provinces the registry does not cover, that its progress and projects are
    the registry's, those of the former ones it covers (Vĩnh Long's "Tiến độ: 36,1 %" read as the whole province's,
    where it counts former Trà Vinh's projects, not Bến Tre's); "" for another unit. The unit's page and its printed
    sheet say it alike."""
    formerly = lineage["counterparts"] if not lineage["provinces"] else []  # a 2025 unit's former units
    covered = [u["name_vi"] for u in formerly if not u["is_context"]]  # "former Trà Vinh", as the map's filter says
    others = [u["name_vi"] for u in formerly if u["is_context"]]
    if not (covered and others):
        return ""
    return PAGE_TEXT[lang]["registry_part"].format(covered=", ".join(covered), others=", ".join(others))


def _progress_section(summary: dict[str, Any], t: dict[str, str], lang: str, part: str, province: bool) -> str:
    now = summary["progress"]
    if now is None:
        return ""
    value = now["progress_percent"]
    headline = local_percent(value, lang, t["no_projects"])
    if value is not None and rests_on_demo(p["status_is_demo"] for p in summary["projects"]):
        headline = t["demo_figure"].format(figure=headline)  # "52,5 % (minh họa)", as its sheet says (trial 63)
    # each point in the colour of its class on the progress map
    points = [(day, v, PROGRESS_DISTRICTS.colour_of(progress_class(v))) for day, v, _ in summary["timeline"]]
    statuses = labels(PROJECT_STATUSES, lang)
    counted = now["projects_by_status"]  # in the order a project goes through them
    by_status = [(label, counted[s], STATUS_COLOURS.get(s, "#999")) for s, label in statuses.items() if counted.get(s)]
    basis = f"<p class='note'>{t['progress_basis'].format(day=local_date(summary['timeline'][-1][0], lang))}</p>"
    basis += _province_total_said(summary, t, lang) if province else ""
    added = _projects_added(summary["timeline"], t, lang)
    # a dot at each year's end named by its year (a label between two dots left its reader guessing), the last "now"
    ticks = [str(day.year) if (day.month, day.day) == (12, 31) else t["now"] for day, _, _ in summary["timeline"]]
    return (
        f"<h2>{t['progress']}: <span id='unit-progress'>{headline}</span></h2>{part}{basis}"
        f"<h3>{t['progress_over_time']}</h3>"
        f"{for_screens(lambda w, c: timeline_svg(points, t['progress_over_time'], lang, added, w, c, ticks))}"
        f"<p class='note'>{t['projects_added_note']}</p>"
        f"<h3>{t['by_status']}</h3>{for_screens(lambda w, c: bars_svg(by_status, t['by_status'], lang, '', w, c))}"
    )


def _province_total_said(summary: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """Why a province's page and /progress's total row for it differ (19,1 % and 23,8 %, said nowhere: trial 64): the
    total is a mean of its units, which hold only the projects with a site."""
    said = t["progress_basis_province"]
    unlocated = sum(1 for p in summary["projects"] if not p["geometry"])
    said += " " + t["progress_basis_unlocated"].format(n=local_number(unlocated, lang, 0)) if unlocated else ""
    return f"<p class='note' id='progress-total-differs'>{said}</p>"


def _projects_added(timeline: list[tuple[Any, float | None, float]], t: dict[str, str], lang: str) -> list[str]:
    """Above each point of a unit's progress, the projects it counts that the point before did not ("+30"):
    new projects start at 0 %, so many entering at once (a file loaded) make the mean fall without any project
    going back."""
    notes, before = [], 0.0
    for _, _, counted in timeline:
        added = round(counted - before)
        notes.append(t["projects_added"].format(n=local_number(added, lang, 0)) if added >= 1 else "")
        before = counted
    return notes


#: Projects a unit's page lists (the largest shares first, then the largest budgets: a province's inventory of
#: sluices, each wholly in its district, came before the plan's substation): a district may hold thousands. The first
#: UNIT_PROJECTS_SHOWN are in view; the others listed are folded under a line that counts them (200 rows made a
#: phone's page 13,000 px long, its indicators and exports far below).
UNIT_PROJECTS_LISTED = 200
UNIT_PROJECTS_SHOWN = 20


def _projects_section(
    projects: list[dict[str, Any]], t: dict[str, str], lang: str, exported: bool, part: str = "", budget: str = ""
) -> str:
    kinds, statuses = labels(PROJECT_KINDS, lang), labels(PROJECT_STATUSES, lang)
    demo = f' <span class="demo">{t["demo"]}</span>'  # a status from demonstration data, counted in the progress
    # ... or from a report sent from afar, to check (it counted as sure as any: trial 47)
    flagged = f' <a class="flag" href="/status-reports/flagged?lang={lang}">{t["to_check"]}</a>'
    rows = []
    for p in projects[:UNIT_PROJECTS_LISTED]:
        name = escape(p["name_vi"] if lang == "vi" else p["name_en"] or p["name_vi"])
        link = name if exported else f'<a href="/projects/{p["id"]}?lang={lang}">{name}</a>'
        rows.append(
            f"<tr><td>{link}</td><td>{escape(kinds.get(p['kind'], p['kind']))}</td>"
            f"<td>{escape(statuses.get(p['status'], p['status']))}{demo if p['status_is_demo'] else ''}"
            f"{flagged if p['status_is_flagged'] else ''}</td>"
            f"<td>{local_percent(p['percent'], lang, sign=False)}</td>"
            f"<td class='budget'>{local_number(p['budget'], lang, 1, '—')}</td>"
            f"<td>{local_number(100 * p['share'], lang, 1)} %</td></tr>"
        )
    head = (
        f"<thead><tr><th>{t['projects']}</th><th>{t['kind']}</th><th>{t['status']}</th><th>%</th>"
        f"<th class='budget'>{t['budget']}</th><th>{t['share']}</th></tr></thead>"
    )
    shown, folded = rows[:UNIT_PROJECTS_SHOWN], rows[UNIT_PROJECTS_SHOWN:]
    html = f"<table id='unit-projects' class='unit-projects'>{head}<tbody>{''.join(shown)}</tbody></table>"
    if folded:
        summary = t["folded_projects"].format(n=local_number(len(folded), lang, 0))
        html += f"<details id='more-unit-projects'><summary>{summary}</summary>"
        html += f"<table class='unit-projects'>{head}<tbody>{''.join(folded)}</tbody></table>"
        html += "</details>"
    more = len(projects) - UNIT_PROJECTS_LISTED
    told = f"<p class='muted'>{t['more_projects'].format(n=local_number(more, lang, 0))}</p>" if more > 0 else ""
    count = local_number(len(projects), lang, 0)
    said = demo_statuses_said(projects, lang)
    warned = f"<p class='demo'>{said}</p>" if said else ""
    order = f"<p class='muted'>{t['projects_order']}</p>" if len(projects) > 1 else ""
    return f"<h2>{t['projects']} ({count})</h2>{part}{budget}{warned}{order}{html}{told}"


def _budget_said(budget: dict[str, Any] | None, t: dict[str, str], lang: str) -> str:
    """What the unit's projects cost, and how much of it is in projects not started or late (geo.queries.unit_summary's
    unit_budget), with how it is counted."""
    if not budget or not budget["projects"]:
        return ""
    n = local_number(budget["projects"], lang, 0)
    if not budget["with_budget"]:
        return f"<p id='unit-budget'>{t['unit_budget_none'].format(n=n)}</p>"
    said = t["unit_budget"].format(
        total=local_number(budget["total"], lang, 1),
        funded=local_number(budget["with_budget"], lang, 0),
        n=n,
        behind=local_number(budget["not_started_or_late"], lang, 1),
    )
    if budget["behind_with_budget"] < budget["behind"]:  # the part in those projects is known only for some
        counts = {k: local_number(budget[k], lang, 0) for k in ("behind", "behind_with_budget")}
        said += " " + t["unit_budget_behind_unknown"].format(**counts)
    return f"<p id='unit-budget'>{said}</p><p class='note'>{t['unit_budget_basis']}</p>"


#: A unit page counts the projects not finished with no report for this many months (geo.stalled), linked to the map
#: filtered so (one of its choices, maps.web_map.NO_REPORT_MONTHS_OFFERED).
UNIT_NO_REPORT_MONTHS = 6


def _no_report_said(
    unit: dict[str, Any], projects: list[dict[str, Any]], t: dict[str, str], lang: str, exported: bool
) -> str:
    """How many of the unit's projects nobody has reported on for UNIT_NO_REPORT_MONTHS months ("" for none), with a
    link to the web map of them: the unit's (a province's, a district's or a commune's) projects so filtered."""
    today = vietnam_today()
    n = sum(1 for p in projects if has_no_report_for(p["status"], p["last_report"], UNIT_NO_REPORT_MONTHS, today))
    if not n:
        return ""
    said = t["unit_no_report_one" if n == 1 else "unit_no_report"].format(
        n=local_number(n, lang, 0), months=UNIT_NO_REPORT_MONTHS
    )
    if not exported:
        href = _on_web_map(unit, lang, no_report_months=UNIT_NO_REPORT_MONTHS)
        said += f' <a id="unit-no-report-map" href="{href}">{t["unit_no_report_map"]}</a>'
    return f"<p id='unit-no-report'>{said}</p>"


def _plan_area(summary: dict[str, Any], unit: dict[str, Any], lang: str) -> str:
    """Whose figures the plans' indicators are: their (former) provinces', "Bạc Liêu" ("Bạc Liêu cũ" on a 2025
    unit's page: Cà Mau's page read Bạc Liêu's forest cover as its own, trial 64)."""
    key = "name_vi" if lang == "vi" else "name_en"
    former = PAGE_TEXT[lang]["former_province"] if unit["scheme"] == "2025" else "{name}"
    return ", ".join(former.format(name=p[key] or p["name_vi"]) for p in summary["plan_provinces"].values())


def _indicators_section(indicators: dict[str, list[dict[str, Any]]], area: str, t: dict[str, str], lang: str) -> str:
    """The plans' indicators with a reported value first; those with none yet folded under a line that counts them
    (24 rows of "—" made a phone's page long before any figure); headed by whose figures they are (``area``)."""
    reported, unreported = "", ""
    for plan, items in indicators.items():
        for i in items:
            row = _indicator_row(plan, i, t, lang)
            if i["latest"] or i["withdrawn"]:  # a value withdrawn is news, not folded away with those never reported
                reported += row
            else:
                unreported += row
    if not reported + unreported:
        return ""
    head = (
        f"<thead><tr><th>{t['plan']}</th><th>{t['indicator']}</th><th>{t['target']}</th><th>{t['latest']}</th>"
        f"<th>{t['on_track']}</th></tr></thead>"
    )
    title = t["indicators"].format(area=escape(area)) if area else t["indicators_plain"]
    html = f"<h2 id='indicators'>{title}</h2>" + (f"<table>{head}<tbody>{reported}</tbody></table>" if reported else "")
    if unreported:
        count = local_number(unreported.count("<tr>"), lang, 0)
        html += (
            f"<details id='unreported-indicators'><summary>{t['unreported'].format(n=count)}</summary>"
            f"<table>{head}<tbody>{unreported}</tbody></table></details>"
        )
    return html


def _indicator_row(plan: str, i: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """An indicator's row: its plan, name, target, latest value and whether it is on track; the values withdrawn
    under it, across the table (a phone's column was a word wide)."""
    target = value_range(i["target_min"], i["target_max"], lang)
    one = i["target_min"] if i["target_min"] == i["target_max"] else None
    unit = escape(unit_label(i["unit"], lang, one))
    latest = i["latest"]
    shown = "—"
    if latest:  # with its unit; two decimals, so that "1,516" is never read as a thousand and a half
        latest_unit = escape(unit_label(i["unit"], lang, latest["value"]))
        shown = f"{local_number(latest['value'], lang)} {latest_unit} ({escape(latest['period'])})"
        if latest.get("is_demo"):  # as the forest section and the yearly report mark it
            shown += f' <span class="demo">{t["demo"]}</span>'
    track = "—" if i["on_track"] is None else t["yes"] if i["on_track"] else t["no"]
    name = i["name_vi"] if lang == "vi" else i["name_en"]
    withdrawn = _withdrawals_said(i, t, lang)
    cells = (
        f"<td>{escape(plan)}</td><td>{escape(name)}</td><td>{target} {unit} ({i['target_year']})</td><td>{shown}</td>"
        f"<td>{track}</td>"
    )
    if not withdrawn:
        return f"<tr>{cells}</tr>"
    return f"<tr class='has-withdrawn'>{cells}</tr><tr class='withdrawn'><td colspan='5'>{withdrawn}</td></tr>"


def _withdrawals_said(indicator: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """The indicator's values the registry computed from a forest raster since removed, withdrawn (geo.indicators),
    the newest period first: when and by whom, and what its period holds now — the value entered by hand before it,
    current again, or none (the unit page read as if nothing had happened: session 63)."""
    again = [(v["current_again"], v) for v in indicator["observed"] if v.get("current_again")]
    notes = sorted([*again, *((w, None) for w in indicator["withdrawn"])], key=lambda n: period_order(n[0]["period"]))
    return "".join(_withdrawal_said(withdrawn, held, indicator["unit"], t, lang) for withdrawn, held in notes[::-1])


def _withdrawal_said(
    withdrawn: dict[str, Any], held: dict[str, Any] | None, unit: str, t: dict[str, str], lang: str
) -> str:
    removal = withdrawn["removal"]
    said = t["indicator_withdrawn"].format(
        period=escape(withdrawn["period"]),
        source=escape(source_label(withdrawn["source"], lang)),
        day=local_date(withdrawn["withdrawn_at"], lang),
        who=escape(remover(removal["removed_by"], removal["login"]).text(lang)),
    )
    if held is None:
        said += " " + t["indicator_none_held"].format(period=escape(withdrawn["period"]))
    else:
        agency = held["entered_by_agency_en"] if lang == "en" else held["entered_by_agency"]
        value = f"{local_number(held['value'], lang)} {unit_label(unit, lang, held['value'])}"
        day = local_date(held["entered_at"], lang)
        said += " " + t["indicator_held_again"].format(
            value=escape(value), by=escape(agency or held["entered_by_agency"] or held["entered_by"]), day=day
        )
    return f"<p class='withdrawn'>{said}</p>"


def _environment_section(
    summary: dict[str, Any], area: str, t: dict[str, str], lang: str, exported: bool, unit: dict[str, Any]
) -> str:
    """Forest cover (its figures of the unit, or why there are none) and salinity; ``area``: whose figures the plan
    indicators above are (_plan_area)."""
    html = ""
    forest = summary["forest"]
    if forest and forest.get("cover_percent") is not None:
        dataset = forest["dataset"]
        demo = f' <span class="demo">{t["demo"]}</span>' if dataset["is_demo"] else ""
        said = _cover_in_indicators(summary["indicators"], unit, dataset["year"], t, lang)
        html += f"<h2>{t['forest']} ({forest['dataset']['year']}){demo}</h2>" + _rows(
            [
                (t["forest_ha"], local_number(forest["forest_ha"], lang, 1)),
                (t["cover"], said or local_number(forest["cover_percent"], lang)),
                (t["source"], DEMO_DESCRIPTION[lang] if dataset["is_demo"] else escape(dataset["source"] or "")),
            ]
        )
        html += f"<p class='note' id='forest-boundaries'>{t['forest_boundaries']}</p>"
    elif forest and forest.get("no_data") == "partly_covered":  # a figure from a quarter of it would mislead (F-j)
        share = t["partly_covered"].format(share=local_number(forest["covered_percent"], lang, 1))
        share += _forest_indicator_said(summary["indicators"], area, t)
        html += f"<h2>{t['forest']} ({forest['dataset']['year']})</h2><p id='forest-no-figure'>{share}</p>"
    if forest and forest["computing"]:  # a raster just loaded: its figures follow the load (geo.forest_stats_queue)
        years = ", ".join(str(year) for year in forest["computing"])
        html += f"<p id='forest-computing' class='muted'>{t['forest_computing'].format(years=years)}</p>"
    for failed in forest["failed"] if forest else ():  # not "being computed" for ever (trial 64)
        told = failed[f"message_{lang}"]  # a sentence of its own here, begun with a capital
        html += f"<p class='forest-failed'>{escape(told[:1].upper() + told[1:])}</p>"
    salinity = summary["salinity"]
    if salinity:
        colours = {code: c.colour for code, c in zip(CLASS_CODES, SOIL_SALINITY.classes, strict=True)}
        named = {c.code: c.vi if lang == "vi" else c.en for c in SALINITY_CLASSES}  # "Không mặn (< 2)", as the map
        other = t["other_class"]  # a zone loaded before classes were checked ("> 4‰", trial 58): drawn, not a 500
        shares = [
            (named.get(code) or other.format(code=code), round(100 * v["share"], 1), colours.get(code, "#7e57c2"))
            for code, v in salinity["classes"].items()
        ]
        shares.append((t["unclassified"], round(100 * salinity["unclassified_share"], 1), "#bdbdbd"))
        period = escape(period_words(salinity["period"], lang))
        title = t["salinity"]
        bars = for_screens(lambda w, c: bars_svg(shares, title, lang, " %", w, c))
        html += f"<h2 id='salinity'>{t['salinity']} — {period}</h2>{_period_chosen(salinity, t, lang, exported)}"
        html += f"{bars}{_salinity_read(salinity, t, lang)}"
        html += "" if exported or salinity["unknown"] else _period_links(salinity, t, lang, "salinity_periods")
    return html


def _cover_in_indicators(
    indicators: dict[str, list[dict[str, Any]]], unit: dict[str, Any], year: int, t: dict[str, str], lang: str
) -> str:
    """Where the plans' indicators above already give this unit's cover of ``year`` — a plan's province's page, the
    forest-cover indicator being recorded from the same raster (geo.forest) — which row says it: Bạc Liêu's page
    read "1,52 %" there and "1,52" here, one figure twice, as if two; "" elsewhere."""
    here = (unit["scheme"], unit["level"], unit["code"])
    for plan, items in indicators.items():
        for i in items:
            latest = i["latest"]
            mine = latest and (latest["scheme"], latest["level"], latest["unit_code"]) == here
            if i["code"] == "forest_cover" and mine and latest["period"] == str(year):
                name = i["name_vi"] if lang == "vi" else i["name_en"]
                said = t["cover_in_indicators"].format(indicator=escape(name), plan=escape(plan))
                return f'<a href="#indicators">{said}</a>'
    return ""


def _forest_indicator_said(indicators: dict[str, list[dict[str, Any]]], area: str, t: dict[str, str]) -> str:
    """Whose the forest cover among the plan indicators is, on a unit with no figure of its own: Cà Mau's page gave
    "no data" beside the forest-cover indicator's "6,11 % (2026)", Bạc Liêu's (trial 64)."""
    if not any(i["latest"] for items in indicators.values() for i in items if i["code"] == "forest_cover"):
        return ""
    return " " + t["forest_of_plan_area"].format(area=escape(area))


def _period_chosen(salinity: dict[str, Any], t: dict[str, str], lang: str, exported: bool) -> str:
    """How much of the unit the period shown covers; why it is shown: the period asked has no zones (with links to
    those that have), or the newest covers too little of the unit (geo.salinity.leading_period)."""
    coverage, shown = salinity["coverage"], salinity["period"]
    said = t["salinity_coverage"].format(share=_covered(coverage.get(shown, 0.0), lang))
    newest = salinity["periods"][-1]
    if salinity["unknown"]:
        asked = escape(period_words(salinity["unknown"], lang))
        said = t["salinity_unknown"].format(period=asked, shown=escape(period_words(shown, lang)), said=said)
    elif newest != shown:
        share = _covered(coverage.get(newest, 0.0), lang)
        said += " " + t["salinity_newest_thin"].format(period=period_words(newest, lang), share=share)
    html = f"<p class='note' id='salinity-chosen'>{said}</p>"
    if salinity["unknown"] and not exported:
        html += _period_links(salinity, t, lang, "salinity_all_periods")
    return html


def _covered(share: float, lang: str) -> str:
    return local_number(100 * share, lang, 1)


def _period_links(salinity: dict[str, Any], t: dict[str, str], lang: str, key: str) -> str:
    """Links to the unit's salinity in the periods with zones (``key`` "salinity_periods": those not shown), newest
    first as the map's «Kỳ» lists them, each with the share of the unit its zones cover."""
    listed = [p for p in reversed(salinity["periods"]) if key != "salinity_periods" or p != salinity["period"]]
    if not listed:
        return ""
    links = ", ".join(
        t["salinity_period_covered"].format(
            period=f"<a href='?{escape(urlencode({'period': p, 'lang': lang}))}#salinity'>"
            f"{escape(period_words(p, lang))}</a>",
            share=_covered(salinity["coverage"].get(p, 0.0), lang),
        )
        for p in listed
    )
    return f"<p class='note' id='salinity-periods'>{t[key].format(periods=links)}</p>"


def _salinity_read(salinity: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """Which load of the period the figures come from, and the period's other sources, not counted in them (the page
    summed every source's zones where /api/salinity/units reads one: session 56)."""
    day = local_date(salinity["loaded_at"], lang)
    read = t["salinity_read"].format(source=escape(cited_sources(salinity["sources"], lang)), day=day)
    others = salinity["others"] and t["salinity_others"].format(sources=escape(cited_sources(salinity["others"], lang)))
    return f"<p class='note'>{read}</p>" + (f"<p class='note'>{others}</p>" if others else "")
