"""What befell the environment layers, on /changes (geo.queries.changes.LAYER_CHANGES): salinity zones and
forest-cover rasters loaded, each load a row (who, when, which period or year, how many zones or units) and its outline
on the page's map, and forest-cover rasters removed (who, when, which raster and what went with it). A planner's
briefing read /changes' "nothing changed" the week the dry season's zones were loaded (trial 64); a raster removed was
in the audit log only (session 62)."""

from __future__ import annotations

from html import escape
from typing import Any

from geo.changes_table import MOMENTS, load_said
from geo.queries.changes import LAYER_CHANGES
from geo.vi_format import local_moment

#: Each layer's outline on /changes' map: dashed, unfilled, in a colour no change of a project takes (CHANGE_COLOURS).
OUTLINE_COLOURS = {"salinity": "#6a1b9a", "forest": "#795548"}
#: The headings of each kind's who and what columns (between the layer and when, and the source).
_HEADS = {
    "salinity": ("changes_loaded_by", "changes_zones"),
    "forest": ("changes_loaded_by", "changes_units"),
    "forest_removed": ("changes_removed_by", "changes_removed"),
}


def load_sections(found: dict[str, Any], t: dict[str, str], lang: str) -> str:
    """A table of each layer's loads and removals ``found`` (geo.queries.changes.changes_since), under its title."""
    html = ""
    for kind in LAYER_CHANGES:
        if found[kind]["count"]:
            who, what = _HEADS[kind]
            heads = [t["changes_layer"], t["when"], t[who], t[what], t["source"]]
            rows = "".join(_row(kind, load, lang) for load in found[kind]["rows"])
            head = "".join(f"<th>{h}</th>" for h in heads)
            table = f"<table class='changes loads'><tr>{head}</tr>{rows}</table>"
            html += f"<section id='changes-{kind}'><h2>{t[f'changes_{kind}_title']}</h2>{table}</section>"
    return html


def _row(kind: str, load: dict[str, Any], lang: str) -> str:
    layer, who, written, source = load_said(kind, load, lang)
    cells = [layer, local_moment(load[MOMENTS[kind]], lang), who, written, source]
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def load_outlines(found: dict[str, Any], t: dict[str, str]) -> tuple[list[dict[str, Any]], list[tuple]]:
    """The outlines of the loads ``found`` as GeoJSON features styled dashed in their layer's colour, and the map's
    key of those drawn."""
    features, key = [], []
    for kind, colour in OUTLINE_COLOURS.items():
        style = {"color": colour, "fill": False, "dashArray": "8 6", "weight": 3}
        drawn = [load for load in found[kind]["rows"] if load["outline"]]
        name = t[f"changes_{kind}_title"]
        features += [
            {"type": "Feature", "geometry": load["outline"], "properties": {"name": name, "style": style}}
            for load in drawn
        ]
        key += [(style, f"{name} — {t['changes_outline']}")] if drawn else []
    return features, key
