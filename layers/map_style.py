"""A catalog layer's Mapbox GL style (version 8), coloured as the web map colours it, for QGIS.

QGIS 3.22 styles a vector tile layer from such a style (Symbology › Load style from a URL, or the connection's Style
URL); without one it draws every feature in one default colour (trial 60: the salinity classes could not be told
apart). Each class is a style layer of its own, filtered on the coloured field and named with the class's label, so
QGIS lists one style per class, in the legend's order; the colours are the catalog's, which the web map draws with.
"""

from __future__ import annotations

from typing import Any

from geo.said import Said
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES, Term
from layers.catalog import KIND_COLOURS, PROJECTS, STATUS_COLOURS, Layer
from layers.sources import LayerQueryError

#: A style layer type per geometry type a tile may carry, and its word in a style's name.
GEOMETRIES = (("fill", "Polygon"), ("line", "LineString"), ("circle", "Point"))
GEOMETRY_WORDS = {
    "vi": {"fill": "vùng", "line": "tuyến", "circle": "điểm"},
    "en": {"fill": "areas", "line": "lines", "circle": "points"},
}
#: What features of no listed class are: projects merged at low zoom carry their kind only, not their status.
UNLISTED_WORDS = {
    "vi": {"status": "Nhiều dự án gộp, phóng to để xem", "other": "Cấp khác"},
    "en": {"status": "Several projects merged, zoom in", "other": "Other classes"},
}
UNLISTED_COLOUR = "#9e9e9e"
#: The projects' colourings the web map and the project pages use: by kind (the web map), by status (the pages).
PROJECT_COLOURINGS: dict[str, tuple[tuple[Term, ...], dict[str, str]]] = {
    "kind": (PROJECT_KINDS, KIND_COLOURS),
    "status": (PROJECT_STATUSES, STATUS_COLOURS),
}


def map_style(layer: Layer, tilejson_url: str, lang: str, colour_by: str | None = None) -> dict[str, Any]:
    """The style of ``layer`` in ``lang`` reading its tiles through ``tilejson_url``; ``colour_by`` (projects only):
    "kind" (the default, as the web map) or "status"."""
    if colour_by and layer.id != PROJECTS.id:
        raise LayerQueryError(
            Said(
                f"colour: chỉ lớp dự án tô màu theo loại hoặc tình trạng; {layer.id!r} có màu riêng "
                "(bỏ tham số colour)",
                f"colour: only the projects are coloured by kind or status; {layer.id!r} has its own colours "
                "(leave colour out)",
            )
        )
    return {
        "version": 8,
        "name": layer.title(lang),
        "sources": {layer.id: {"type": "vector", "url": tilejson_url}},
        "layers": [*_class_layers(layer, lang, colour_by), *_label_layers(layer, lang)],
    }


def _class_layers(layer: Layer, lang: str, colour_by: str | None) -> list[dict[str, Any]]:
    """One style layer per class and geometry type; a layer coloured by no field is outlines in its colour."""
    if not layer.colour_by:
        return [_drawn(layer, "line", layer.title(lang), layer.colour, None)]
    field = colour_by or layer.colour_by
    terms, colours = PROJECT_COLOURINGS[field] if layer.id == PROJECTS.id else (layer.classes, layer.colours)
    kinds = [kind for kind, _ in GEOMETRIES if layer.geometry_kind == "any" or kind == "fill"]
    classes = [(t.vi if lang == "vi" else t.en, colours[t.code], ["==", field, t.code]) for t in terms]
    if field != "kind":  # every project has a kind, merged ones too
        unlisted = UNLISTED_WORDS[lang]["status" if field == "status" else "other"]
        others = ["!in", field, *(t.code for t in terms)]
        classes.append((unlisted, UNLISTED_COLOUR if field == "status" else layer.colour, others))
    return [
        _drawn(layer, kind, f"{label} ({GEOMETRY_WORDS[lang][kind]})" if len(kinds) > 1 else label, colour, chosen)
        | ({"filter": ["all", ["==", "$type", dict(GEOMETRIES)[kind]], chosen]} if len(kinds) > 1 else {})
        for label, colour, chosen in classes
        for kind in kinds
    ]


def _drawn(layer: Layer, kind: str, name: str, colour: str, chosen: list[Any] | None) -> dict[str, Any]:
    """A style layer named ``name`` drawing ``layer``'s features (the ``chosen`` ones) as ``kind`` in ``colour``."""
    style: dict[str, Any] = {"id": name, "type": kind, "source": layer.id, "source-layer": layer.id}
    if chosen:
        style["filter"] = chosen
    return style | {"paint": _paint(layer, kind, colour)}


def _paint(layer: Layer, kind: str, colour: str) -> dict[str, Any]:
    if kind == "fill":
        return {"fill-color": colour, "fill-opacity": layer.fill_opacity or 0.35, "fill-outline-color": colour}
    if kind == "line":
        return {"line-color": colour, "line-width": layer.weight}
    return {"circle-color": colour, "circle-radius": 5, "circle-stroke-color": "#ffffff", "circle-stroke-width": 1}


def _label_layers(layer: Layer, lang: str) -> list[dict[str, Any]]:
    """Names where a layer has them: the projects' from the zoom their features stop merging, units' and districts'
    always; in Vietnamese, or English where a feature has an English name."""
    if "name_vi" not in layer.tile_fields:
        return []
    name = "{name_en}" if lang == "en" else "{name_vi}"
    label = {
        "id": "Tên" if lang == "vi" else "Names",
        "type": "symbol",
        "source": layer.id,
        "source-layer": layer.id,
        "layout": {"text-field": name, "text-size": 12},
        "paint": {"text-color": "#212121", "text-halo-color": "#ffffff", "text-halo-width": 1.5},
    }
    if layer.id == PROJECTS.id:
        label["minzoom"] = layer.detail_zoom
    return [label]
