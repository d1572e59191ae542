"""HTML pages of the OGC API – Features service, for a browser (``f=html`` or ``Accept: text/html``), vi and en.

The same documents the JSON answers give, laid out: the landing page, the collections, a collection with a small
map of its first features, a page of items, one item. Leaflet comes from the app's own assets, so the pages work
on an intranet without internet.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from geo.vi_format import local_date, local_number
from geo.vocab import LOCATION_PRECISIONS, PROJECT_KINDS, PROJECT_STATUSES
from layers.catalog import Layer
from layers.features import PROVINCE_READ
from maps.assets import LEAFLET_CREDIT, LOCAL_CSS, LOCAL_JS

TERMS = {"kind": PROJECT_KINDS, "status": PROJECT_STATUSES, "location_precision": LOCATION_PRECISIONS}

TEXT = {
    "vi": {
        "other_lang": "English",
        "collections": "Lớp dữ liệu",
        "items": "Đối tượng",
        "conformance": "Chuẩn tuân thủ",
        "api": "Mô tả API (OpenAPI)",
        "json": "Bản JSON",
        "count": "Số đối tượng",
        "geometry": "Kiểu hình học",
        "mixed": "nhiều kiểu (cả dự án chưa có vị trí)",
        "extent": "Phạm vi",
        "period": "Thời gian",
        "schema": "Thuộc tính",
        "property": "Thuộc tính",
        "type": "Kiểu",
        "value": "Giá trị",
        "no_geometry": "chưa có vị trí trên bản đồ",
        "location": "Vị trí",
        "next": "Trang sau",
        "prev": "Trang trước",
        "shown": "Đang xem {first}–{last} trong {total}",
        "error": "Không trả lời được yêu cầu (lỗi {status})",
        "error_help": "Sửa tham số trên địa chỉ rồi thử lại, hoặc bắt đầu lại từ danh sách lớp dữ liệu.",
    },
    "en": {
        "other_lang": "Tiếng Việt",
        "collections": "Collections",
        "items": "Features",
        "conformance": "Conformance",
        "api": "API description (OpenAPI)",
        "json": "As JSON",
        "count": "Features",
        "geometry": "Geometry type",
        "mixed": "mixed (projects without a location too)",
        "extent": "Extent",
        "period": "Period",
        "schema": "Properties",
        "property": "Property",
        "type": "Type",
        "value": "Value",
        "no_geometry": "no location on the map",
        "location": "Location",
        "next": "Next page",
        "prev": "Previous page",
        "shown": "Showing {first}–{last} of {total}",
        "error": "The request could not be answered (error {status})",
        "error_help": "Correct the parameter in the address and try again, or start again from the collections.",
    },
}
STYLE = """
body { font: 15px/1.45 sans-serif; margin: 0 auto; padding: 8px 16px 32px; max-width: 1000px; color: #222; }
header { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; border-bottom: 1px solid #ccc; }
header h1 { font-size: 1.3em; margin: 8px 0; flex: 1 1 auto; }
table { border-collapse: collapse; margin: 8px 0 16px; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
#map { height: 340px; margin: 12px 0; border: 1px solid #ccc; }
a { color: #0b5cad; } .muted { color: #666; } nav.pages a { margin-right: 16px; }
td, code { overflow-wrap: anywhere; } th { overflow-wrap: normal; }
td.id { white-space: nowrap; overflow-wrap: normal; } /* a long name beside it squeezed an id to a digit a line */
@media (max-width: 600px) { td, th { padding: 4px; font-size: 14px; } #map { height: 260px; } }
"""


def number(value: float | int, lang: str) -> str:
    """14.426,5 in Vietnamese, 14,426.5 in English (up to 6 decimals: coordinates)."""
    return local_number(value, lang, 6)


def shown(value: Any, lang: str, key: str = "") -> str:
    """A property value as a reader expects it: numbers and dates in the page's language (years as they are)."""
    if value is None:
        return "—"
    if isinstance(value, bool) or key.endswith("year"):
        return str(value)
    term = next((t for t in TERMS.get(key, ()) if t.code == value), None)
    if term:
        return escape(term.vi if lang == "vi" else term.en)
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return local_date(date.fromisoformat(value), lang)
        except ValueError:
            return escape(value)
    return escape(str(value))


def _with(href: str, **params: str) -> str:
    separator = "&" if "?" in href else "?"
    return href + separator + "&".join(f"{k}={v}" for k, v in params.items())


def _palette(layer: Layer) -> dict[str, Any]:
    """How a page's map colours the layer's features: by their class, as the web map does (the salinity zones of
    every class were drawn alike)."""
    return {"field": layer.colour_by, "colours": layer.colours, "colour": layer.colour}


def _page(
    title: str,
    body: str,
    lang: str,
    json_href: str,
    other_href: str,
    features: Any = None,
    layer: Layer | None = None,
) -> str:
    """A page of the OGC API; with ``features`` (of ``layer``), a map of them coloured as the web map colours them."""
    t = TEXT[lang]
    map_part = ""
    if features is not None and layer is not None:
        map_part = (
            f'<div id="map"></div><script src="{LOCAL_JS["leaflet"]}"></script><script>'
            f"const data = {json.dumps(features, ensure_ascii=False)};"
            f"const palette = {json.dumps(_palette(layer), ensure_ascii=False)};"
            "const colour = (f) => palette.colours[f.properties[palette.field]] || palette.colour;"
            f"const map = L.map('map'); map.attributionControl.setPrefix({json.dumps(LEAFLET_CREDIT)});"
            "const layer = L.geoJSON(data, {pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 6}),"
            " style: (f) => ({color: colour(f), weight: 3, fillOpacity: 0.3})}).addTo(map);"
            "const b = layer.getBounds(); if (b.isValid()) { map.fitBounds(b, {maxZoom: 14}); }"
            " else { map.setView([9.55, 105.95], 8); }"
            "</script>"
        )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{LOCAL_CSS["leaflet_css"]}"><style>{STYLE}</style></head><body>'
        f"<header><h1>{escape(title)}</h1>"
        f'<a href="{escape(json_href)}">{t["json"]}</a> <a href="{escape(other_href)}" hreflang="'
        f'{"en" if lang == "vi" else "vi"}">{t["other_lang"]}</a></header>'
        f"{map_part}{body}</body></html>"
    )


def _rows(rows: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _link(document: dict[str, Any], rel: str) -> str | None:
    return next((link["href"] for link in document.get("links", []) if link["rel"] == rel), None)


def landing_page(document: dict[str, Any], lang: str, urls: dict[str, str]) -> str:
    t = TEXT[lang]
    body = (
        f"<p>{escape(document['description'])}</p><ul>"
        f'<li><a href="{_with(urls["collections"], f="html", lang=lang)}">{t["collections"]}</a></li>'
        f'<li><a href="{urls["conformance"]}">{t["conformance"]}</a></li>'
        f'<li><a href="{urls["openapi"]}">{t["api"]}</a></li></ul>'
    )
    return _page(document["title"], body, lang, urls["json"], urls["other"])


def collections_page(document: dict[str, Any], lang: str, urls: dict[str, str]) -> str:
    t = TEXT[lang]
    rows = "".join(
        f'<tr><td><a href="{_with(_link(c, "self"), f="html", lang=lang)}">{escape(c["title"])}</a></td>'
        f"<td>{escape(c.get('geometryType', t['mixed']))}</td><td><code>{escape(c['id'])}</code></td></tr>"
        for c in document["collections"]
    )
    body = f"<table><tr><th>{t['collections']}</th><th>{t['geometry']}</th><th>id</th></tr>{rows}</table>"
    return _page(t["collections"], body, lang, urls["json"], urls["other"])


def collection_page(
    document: dict[str, Any],
    schema: dict[str, Any],
    count: int,
    features: Any,
    lang: str,
    urls: dict[str, str],
    layer: Layer,
) -> str:
    t = TEXT[lang]
    west, south, east, north = document["extent"]["spatial"]["bbox"][0]
    facts = [
        (t["count"], number(count, lang)),
        (t["geometry"], escape(document.get("geometryType", t["mixed"]))),
        (t["extent"], ", ".join(number(round(v, 4), lang) for v in (west, south, east, north))),
    ]
    if "temporal" in document["extent"]:
        first, last = document["extent"]["temporal"]["interval"][0]
        facts.append((t["period"], f"{shown(first, lang)} – {shown(last, lang)}"))
    facts.append((t["items"], f'<a href="{_with(urls["items"], f="html", lang=lang)}">{t["items"]}</a>'))
    properties = "".join(
        f"<tr><td><code>{escape(key)}</code></td><td>{escape(p.get('title', ''))}</td>"
        f"<td>{escape(p.get('format') or p.get('type', ''))}</td></tr>"
        for key, p in schema.items()
    )
    body = (
        _rows(facts)
        + f"<h2>{t['schema']}</h2><table><tr><th>{t['property']}</th><th></th><th>{t['type']}</th></tr>"
        + f"{properties}</table>"
    )
    return _page(document["title"], body, lang, urls["json"], urls["other"], features, layer)


def items_page(
    title: str,
    page: dict[str, Any],
    offset: int,
    lang: str,
    urls: dict[str, str],
    layer: Layer,
) -> str:
    """A page of a collection's features: id, then code and name (or the first three fields), headed by the layer's
    labels in ``lang``, each with its field's name as a tooltip (what a filter or QGIS names it)."""
    t, labels = TEXT[lang], layer.field_labels(lang)
    features = page["features"]
    keys = ["code", "name_vi"] if features and "name_vi" in features[0]["properties"] else []
    keys = keys or list(features[0]["properties"])[:3] if features else []
    unlocated = any(f["geometry"] is None for f in features)  # a column saying which have no location
    head = "<th>id</th>" + "".join(f'<th title="{escape(k)}">{escape(labels.get(k, k))}</th>' for k in keys)
    head += f"<th>{t['location']}</th>" if unlocated else ""
    rows = "".join(
        f'<tr><td class="id"><a href="{_with(urls["item"].format(id=f["id"]), f="html", lang=lang)}">{f["id"]}</a></td>'
        + "".join(f"<td>{shown(f['properties'].get(k), lang, k)}</td>" for k in keys)
        + (("<td></td>" if f["geometry"] else f'<td class="muted">{t["no_geometry"]}</td>') if unlocated else "")
        + "</tr>"
        for f in features
    )
    summary = t["shown"].format(
        first=number(offset + 1 if features else 0, lang),
        last=number(offset + len(features), lang),
        total=number(page["numberMatched"], lang),
    )
    pages = "".join(
        f'<a href="{escape(_with(href, f="html", lang=lang))}">{t[rel]}</a>'
        for rel in ("prev", "next")
        if (href := _link(page, rel))
    )
    read = page.get(PROVINCE_READ)  # which units a province filter chose: 84's 2025 communes are 86's by code
    said = f"<p>{escape(read[lang])}</p>" if read else ""
    body = f"{said}<p>{summary}</p><table><tr>{head}</tr>{rows}</table><nav class='pages'>{pages}</nav>"
    return _page(f"{title} — {t['items']}", body, lang, urls["json"], urls["other"], _located(features), layer)


def item_page(title: str, feature: dict[str, Any], layer: Layer, lang: str, urls: dict[str, str]) -> str:
    t, labels = TEXT[lang], layer.field_labels(lang)
    rows = [(escape(labels.get(k, k)), shown(v, lang, k)) for k, v in feature["properties"].items()]
    if feature["geometry"] is None:
        rows.append((t["geometry"], f'<span class="muted">{t["no_geometry"]}</span>'))
    name = feature["properties"].get("name_vi" if lang == "vi" else "name_en") or f"#{feature['id']}"
    return _page(f"{name} — {title}", _rows(rows), lang, urls["json"], urls["other"], _located([feature]), layer)


def _located(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [f for f in features if f["geometry"]]}


def error_page(status: int, message: str, lang: str, urls: dict[str, str]) -> str:
    """A refusal of the service, for a browser: what went wrong (``message``, in the page's language: api.errors
    gives it so) and where to go on."""
    t = TEXT[lang]
    body = (
        f'<p role="alert"><strong>{escape(message)}</strong></p><p>{t["error_help"]}</p>'
        f'<p><a href="{escape(_with(urls["collections"], f="html", lang=lang))}">{t["collections"]}</a></p>'
    )
    return _page(t["error"].format(status=status), body, lang, urls["json"], urls["other"])
