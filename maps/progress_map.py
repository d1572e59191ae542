"""The per-unit progress choropleth (folium): one colour class per 20 % of progress."""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement, Template
from sqlalchemy.orm import Session

from geo.progress import ProgressQuery, unit_progress_geojson
from geo.vi_format import local_date, local_number
from geo.vocab import PROGRESS_WEIGHTS, labels
from layers.catalog import PROGRESS_DISTRICTS
from maps.assets import LeafletCredit, MetricScale, use_local_assets

CENTRE = (9.55, 105.95)
# Colours come from the catalog's progress layer, so the tiles and this map agree.
NO_DATA_COLOUR = PROGRESS_DISTRICTS.colour_of("none")
CLASSES = tuple(
    (upper, PROGRESS_DISTRICTS.colour_of(code))
    for upper, code in ((20, "0-20"), (40, "20-40"), (60, "40-60"), (80, "60-80"), (100.01, "80-100"))
)
TEXT = {
    "vi": {
        "title": "Tiến độ dự án theo đơn vị hành chính",
        "progress": "Tiến độ (%)",
        "projects": "Số dự án",
        "no_data": "Không có dự án",
        "weight": "Trọng số",
        "as_of": "Tính đến ngày",
        "now": "hiện tại",
    },
    "en": {
        "title": "Project progress by administrative unit",
        "progress": "Progress (%)",
        "projects": "Projects",
        "no_data": "No projects",
        "weight": "Weight",
        "as_of": "As of",
        "now": "now",
    },
}


def colour_of(progress: float | None) -> str:
    """The fill colour of a unit's progress (grey when it has no weighted project)."""
    if progress is None:
        return NO_DATA_COLOUR
    return next(colour for upper, colour in CLASSES if progress < upper)


def build_progress_map(session: Session, query: ProgressQuery, lang: str = "vi") -> folium.Map:
    """A choropleth of ``query``'s unit progress, with a legend saying weight and date."""
    text = TEXT[lang]
    collection = unit_progress_geojson(session, query)
    for feature in collection["features"]:
        _label(feature["properties"], lang)
    progress_map = folium.Map(location=CENTRE, zoom_start=9, tiles=None)
    MetricScale().add_to(progress_map)
    LeafletCredit().add_to(progress_map)
    progress_map.get_root().title = text["title"]
    folium.GeoJson(
        collection,
        name=text["title"],
        style_function=lambda f: {
            "fillColor": colour_of(f["properties"]["progress_percent"]),
            "fillOpacity": 0.8,
            "color": "#555555",
            "weight": 1,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "progress_label", "projects"], aliases=["", text["progress"], text["projects"]]
        ),
    ).add_to(progress_map)
    _Legend(lang, query).add_to(progress_map)
    use_local_assets(progress_map)
    return progress_map


def _label(props: dict[str, Any], lang: str) -> None:
    props["name"] = props["name_vi"] if lang == "vi" else props["name_en"]
    progress = props["progress_percent"]
    props["progress_label"] = local_number(progress, lang, 1, TEXT[lang]["no_data"])


class _Legend(MacroElement):
    _template = Template("""
{% macro html(this, kwargs) %}
<div id="progress-legend" style="position: fixed; bottom: 24px; left: 12px; z-index: 1000; background: white;
     padding: 8px 10px; border: 1px solid #999; border-radius: 4px; font: 12px sans-serif;">
  <b>{{ this.heading }}</b>
  <div>{{ this.subtitle }}</div>
  {% for label, colour in this.entries %}
  <div><span style="display:inline-block;width:12px;height:12px;margin-right:6px;background:{{ colour }}"></span>
  {{ label }}</div>
  {% endfor %}
</div>
{% endmacro %}
""")

    def __init__(self, lang: str, query: ProgressQuery) -> None:
        super().__init__()
        text = TEXT[lang]
        self.heading = text["progress"]
        as_of = local_date(query.as_of, lang) if query.as_of else text["now"]
        weight = labels(PROGRESS_WEIGHTS, lang)[query.weight]
        self.subtitle = f"{text['weight']}: {weight} · {text['as_of']}: {as_of}"
        lower = 0
        self.entries = []
        for upper, colour in CLASSES:
            self.entries.append((f"{lower}–{min(upper, 100):.0f}", colour))
            lower = round(upper)
        self.entries.append((text["no_data"], NO_DATA_COLOUR))
