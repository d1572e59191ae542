"""The layer catalog: one declarative entry per map layer.

The web map reads titles, colours, legends and popup fields from here; the tile and
OGC API builders will read the same entries, so adding a layer is one entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.vocab import PROJECT_KINDS, Term

KIND_COLOURS: dict[str, str] = {
    "sea_dyke": "#1f4e9e",
    "river_dyke": "#4f7fd1",
    "embankment": "#7b5ea7",
    "sluice": "#00838f",
    "canal": "#26a6c9",
    "irrigation": "#4db6ac",
    "reservoir": "#0277bd",
    "water_supply": "#5c9ded",
    "wind_farm": "#e91e63",
    "solar_farm": "#f9a825",
    "biomass_power": "#8d6e63",
    "power_line": "#ef6c00",
    "substation": "#d84315",
    "waste_treatment": "#6d4c41",
    "landfill": "#a1887f",
    "wastewater_treatment": "#795548",
    "forest_planting": "#43a047",
    "bridge": "#546e7a",
    "monitoring_station": "#212121",
    "other": "#757575",
}


@dataclass(frozen=True)
class PopupField:
    key: str
    vi: str
    en: str


@dataclass(frozen=True)
class Layer:
    id: str
    title_vi: str
    title_en: str
    source: str
    geometry_kind: str
    min_zoom: int = 0
    max_zoom: int = 22
    colour: str = "#555555"
    colour_by: str | None = None
    colours: dict[str, str] = field(default_factory=dict)
    classes: tuple[Term, ...] = ()
    fill_opacity: float = 0.0
    weight: float = 1.5
    popup: tuple[PopupField, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    def colour_of(self, value: str | None) -> str:
        return self.colours.get(value or "", self.colour)


PROJECTS = Layer(
    id="projects",
    title_vi="Dự án",
    title_en="Projects",
    source="project",
    geometry_kind="any",
    colour_by="kind",
    colours=KIND_COLOURS,
    classes=PROJECT_KINDS,
    fill_opacity=0.35,
    weight=3,
    popup=(
        PopupField("name", "Tên", "Name"),
        PopupField("kind_label", "Loại", "Kind"),
        PopupField("status_label", "Tình trạng", "Status"),
        PopupField("percent", "% hoàn thành", "% complete"),
        PopupField("plan_ref", "Kế hoạch", "Plan"),
        PopupField("precision_label", "Độ chính xác vị trí", "Location precision"),
        PopupField("details", "Chi tiết", "Details"),
    ),
)
DISTRICTS_PRE2025 = Layer(
    id="units_pre2025_district",
    title_vi="Huyện (trước 01/7/2025)",
    title_en="Districts (before 1 July 2025)",
    source="admin_unit:pre2025:district",
    geometry_kind="polygon",
    colour="#444444",
    weight=1.5,
    popup=(PopupField("name", "Tên", "Name"), PopupField("parent_name_vi", "Tỉnh", "Province")),
)
COMMUNES_2025 = Layer(
    id="units_2025_commune",
    title_vi="Xã, phường (từ 01/7/2025)",
    title_en="Communes (from 1 July 2025)",
    source="admin_unit:2025:commune",
    geometry_kind="polygon",
    colour="#9e6a03",
    weight=1,
    popup=(PopupField("name", "Tên", "Name"), PopupField("parent_name_vi", "Tỉnh", "Province")),
)
PROVINCES_PRE2025 = Layer(
    id="units_pre2025_province",
    title_vi="Tỉnh (trước 01/7/2025)",
    title_en="Provinces (before 1 July 2025)",
    source="admin_unit:pre2025:province",
    geometry_kind="polygon",
    colour="#222222",
    weight=2.5,
    fill_opacity=0.04,
    popup=(PopupField("name", "Tên", "Name"),),
)

LAYERS: dict[str, Layer] = {
    layer.id: layer for layer in (PROJECTS, DISTRICTS_PRE2025, COMMUNES_2025, PROVINCES_PRE2025)
}
