"""The layer catalog: one declarative entry per map layer.

Vector tiles (layers.vector_tiles), OGC API – Features (layers.features) and the folium web map all read these
entries, so adding a layer is one :class:`Layer` passed to :func:`register` — also while the app runs: the next
request serves it, no restart. A layer's ``source`` is a SELECT yielding ``id`` (integer), ``geom`` (SRID 4326)
and the exposed ``fields``; its cache expires when the version of any layer in ``version_ids`` (itself, or those in
``expires_with``) changes (geo.layer_versions) by the edit that changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.duty_holders import duty_holders_sql
from geo.field_titles import PROJECT_FIELD_TITLES
from geo.salinity import NEWEST_PERIOD, SALINITY_CLASSES
from geo.schedule import TODAY_IN_VIETNAM, due_year_sql, schedule_sql
from geo.status_history import ALIVE_AS_OF, STATE_AS_OF
from geo.unit_names import label_vi_sql
from geo.vocab import LOCATION_PRECISIONS, PROJECT_KINDS, PROJECT_SCHEDULES, PROJECT_STATUSES, Term

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
    "aquaculture": "#827717",
    "bridge": "#546e7a",
    "monitoring_station": "#212121",
    "other": "#757575",
}
# A project's colour where its status is what a page is about (a unit's or a project's page, a unit's printed map,
# QGIS's style of the projects by status).
STATUS_COLOURS: dict[str, str] = {
    "proposed": "#bdbdbd",
    "preparing": "#90caf9",
    "under_construction": "#ffb74d",
    "operating": "#66bb6a",
    "completed": "#2e7d32",
    "suspended": "#e57373",
    "cancelled": "#616161",
}
STATUS_OUTLINES: dict[str, str] = {
    "proposed": "dashed",
    "preparing": "dashed",
    "under_construction": "dotted",
    "operating": "solid",
    "completed": "solid",
    "suspended": "faded",
    "cancelled": "faded",
}


@dataclass(frozen=True)
class PopupField:
    key: str
    vi: str
    en: str
    #: left out of the popup of a feature without it (a zone derived from a raster has no name), rather than "—"
    optional: bool = False


@dataclass(frozen=True)
class Field:
    """An exposed attribute: in tiles, OGC items, filters and queryables. ``type`` is a JSON Schema type and
    ``format`` its JSON Schema format ("date" for dates, which GDAL and QGIS then read as dates); ``choices`` the
    codes a value is one of, when it is a vocabulary's."""

    key: str
    vi: str
    en: str
    type: str = "string"
    in_tiles: bool = True
    format: str | None = None
    choices: tuple[str, ...] | None = None


def titled(name: str, *args: Any, key: str | None = None, **options: Any) -> Field:
    """A project field titled as a load's messages and /upload title it (geo.field_titles): ``key``, its name in the
    layer where it differs from the registry's."""
    title = PROJECT_FIELD_TITLES[name]
    return Field(key or name, title.vi, title.en, *args, **options)


@dataclass(frozen=True)
class Layer:
    """One map layer. ``filters`` maps a query parameter (kind, status, plan, province, …) to a field.

    ``as_of_source``, when set, is the same SELECT as of the date bound to ``:as_of`` (tiles' ``as_of``).
    ``web_mercator``: the source also yields ``geom_3857``, the geometry stored in EPSG:3857 (a generated column
    kept in step by the database), so tiles reproject nothing.
    ``precomputed``: with ``web_mercator`` and ``colour_by``, crowded low-zoom tiles are read from cells and groups
    kept in the database (layers.tile_bands) instead of from every feature.
    ``features_source``, when set, is what OGC API – Features serves instead of ``source``: the projects with no
    geometry too (province-wide ones), which tiles cannot draw but a feature collection lists with a null geometry;
    ``features_as_of_source`` the same as of ``:as_of`` (a filtered download as of a date)."""

    id: str
    title_vi: str
    title_en: str
    source: str
    geometry_kind: str
    as_of_source: str | None = None
    features_source: str | None = None
    features_as_of_source: str | None = None
    fields: tuple[Field, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)
    #: a filter's clause when it is not given: the salinity zones of the newest period, unless ?period= says which
    unfiltered: dict[str, str] = field(default_factory=dict)
    temporal: tuple[str, str | None] | None = None
    min_zoom: int = 0
    max_zoom: int = 22
    detail_zoom: int = 13
    colour: str = "#555555"
    colour_by: str | None = None
    colours: dict[str, str] = field(default_factory=dict)
    classes: tuple[Term, ...] = ()
    outline_by: str | None = None
    outlines: dict[str, str] = field(default_factory=dict)
    outline_terms: tuple[Term, ...] = ()
    fill_opacity: float = 0.0
    weight: float = 1.5
    popup: tuple[PopupField, ...] = ()
    expires_with: tuple[str, ...] = ()
    web_mercator: bool = False
    precomputed: bool = False
    #: an admin units layer's scheme and level: its ``province`` filter chooses the units lying in the province
    #: (geo.queries.units_in_provinces, by their ``code``), not those whose own province has the code
    units_of: tuple[str, str] | None = None

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    def field_labels(self, lang: str) -> dict[str, str]:
        """Each field's label in ``lang``, by its key: what a page heads its column or row with."""
        return {f.key: f.vi if lang == "vi" else f.en for f in self.fields}

    def colour_of(self, value: str | None) -> str:
        return self.colours.get(value or "", self.colour)

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def tile_fields(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.in_tiles)

    @property
    def version_ids(self) -> tuple[str, ...]:
        return self.expires_with or (self.id,)

    def legend(self, lang: str) -> dict[str, object]:
        """The legend in ``lang``: a colour per class of ``colour_by``, an outline per value of ``outline_by``."""

        def label(term: Term) -> str:
            return term.vi if lang == "vi" else term.en

        colours = [{"code": t.code, "label": label(t), "colour": self.colour_of(t.code)} for t in self.classes]
        outlines = [{"code": t.code, "label": label(t), "outline": self.outlines[t.code]} for t in self.outline_terms]
        return {
            "title": self.title(lang),
            "colour_by": self.colour_by,
            "colours": colours or [{"label": self.title(lang), "colour": self.colour}],
            "outline_by": self.outline_by,
            "outlines": outlines,
        }


def _in_words(code: str, field: str, terms: tuple[Term, ...]) -> str:
    """The columns ``<field>_vi`` and ``<field>_en``: the vocabulary's label of the code in ``code``, as the exports
    write them beside it (geo.layer_export), so that QGIS labels and styles an OGC layer in words as well. A CASE
    rather than a JSON literal: the sources are format strings to some of their readers, which braces would break."""

    def quoted(label: str) -> str:
        return "'" + label.replace("'", "''") + "'"

    return ", ".join(
        f"CASE {code} "
        + " ".join(f"WHEN {quoted(t.code)} THEN {quoted(getattr(t, lang))}" for t in terms)
        + f" END AS {field}_{lang}"
        for lang in ("vi", "en")
    )


def projects_source(as_of: bool, located_only: bool = True) -> str:
    """The projects as they are now, or (``as_of``) as of the date bound to ``:as_of``: each project's latest status
    event reported on or before it; projects with no event by then, or retired by then, are left out. Projects with
    no geometry are left out too, unless not ``located_only``. Each with the year it is due and where it stands
    against it on that day (geo.schedule)."""
    state = "st" if as_of else "p"
    alive = ALIVE_AS_OF if as_of else "p.retired_at IS NULL"
    due = due_year_sql("p.end_year", "pl.period_end")
    day = "CAST(:as_of AS date)" if as_of else TODAY_IN_VIETNAM
    schedule = schedule_sql(f"{state}.status", due, day)
    return f"""
        SELECT p.id, p.geom, p.geom_3857, p.code, p.name_vi, p.name_en, p.kind, {state}.status, {state}.percent,
               {state}.status_date, p.province_code, pl.code AS plan, pa.code AS plan_action, ag.code AS agency,
               hd.code AS agency_now,
               p.location_precision, p.capacity_value, p.capacity_unit, p.start_year, p.end_year,
               p.budget_vnd_billion, p.funding_source, p.description_vi, p.description_en, p.location_note_vi,
               p.location_note_en, ST_Dimension(p.geom) AS dimension, p.length_m, p.area_m2,
               {_in_words("p.kind", "kind", PROJECT_KINDS)},
               {_in_words(f"{state}.status", "status", PROJECT_STATUSES)}, {due} AS due_year, sc.schedule,
               {_in_words("sc.schedule", "schedule", PROJECT_SCHEDULES)}
        FROM project p{STATE_AS_OF if as_of else ""}
        LEFT JOIN plan pl ON pl.id = p.plan_id
        CROSS JOIN LATERAL (SELECT {schedule} AS schedule) sc
        LEFT JOIN plan_action pa ON pa.id = p.plan_action_id
        LEFT JOIN agency ag ON ag.id = p.lead_agency_id
        LEFT JOIN ({duty_holders_sql(day)}) hd ON hd.id = p.lead_agency_id
        WHERE {alive}{" AND p.geom IS NOT NULL" if located_only else ""}"""


NAME_FIELDS = (
    titled("code"),
    titled("name_vi"),
    titled("name_en"),
)

PROJECTS = Layer(
    id="projects",
    title_vi="Dự án",
    title_en="Projects",
    source=projects_source(as_of=False),
    as_of_source=projects_source(as_of=True),
    features_source=projects_source(as_of=False, located_only=False),
    features_as_of_source=projects_source(as_of=True, located_only=False),
    geometry_kind="any",
    web_mercator=True,
    precomputed=True,
    fields=(
        *NAME_FIELDS,
        titled("kind", choices=tuple(t.code for t in PROJECT_KINDS)),
        titled("status", choices=tuple(t.code for t in PROJECT_STATUSES)),
        titled("percent", "number"),
        titled("status_date", "string", in_tiles=False, format="date"),
        titled("province_code"),
        titled("plan"),
        titled("plan_action"),
        titled("lead_agency", key="agency"),
        Field("agency_now", "Cơ quan giữ nhiệm vụ chủ trì", "Agency holding the lead", in_tiles=False),
        titled(
            "location_precision",
            choices=tuple(t.code for t in LOCATION_PRECISIONS),
        ),
        titled("capacity_value", "number", in_tiles=False),
        titled("capacity_unit", in_tiles=False),
        titled("start_year", "integer", in_tiles=False),
        titled("end_year", "integer", in_tiles=False),
        titled("budget_vnd_billion", "number", in_tiles=False),
        titled("funding_source", in_tiles=False),
        titled("description_vi", in_tiles=False),
        titled("description_en", in_tiles=False),
        titled("location_note_vi", in_tiles=False),
        titled("location_note_en", in_tiles=False),
        Field("dimension", "Số chiều hình học (0 điểm, 1 tuyến, 2 vùng)", "Geometry dimension (0, 1, 2)", "integer"),
        Field("length_m", "Chiều dài (m, trên elipxoit)", "Length (m, on the ellipsoid)", "number", in_tiles=False),
        Field("area_m2", "Diện tích (m², trên elipxoit)", "Area (m², on the ellipsoid)", "number", in_tiles=False),
        Field("kind_vi", "Loại (tiếng Việt)", "Kind (Vietnamese)", in_tiles=False),
        Field("kind_en", "Loại (tiếng Anh)", "Kind (English)", in_tiles=False),
        Field("status_vi", "Tình trạng (tiếng Việt)", "Status (Vietnamese)", in_tiles=False),
        Field("status_en", "Tình trạng (tiếng Anh)", "Status (English)", in_tiles=False),
        Field("due_year", "Hạn hoàn thành (năm)", "Due year", "integer"),
        Field("schedule", "Thời hạn", "Schedule", choices=tuple(t.code for t in PROJECT_SCHEDULES)),
        Field("schedule_vi", "Thời hạn (tiếng Việt)", "Schedule (Vietnamese)", in_tiles=False),
        Field("schedule_en", "Thời hạn (tiếng Anh)", "Schedule (English)", in_tiles=False),
    ),
    filters={
        "kind": "kind",
        "status": "status",
        "plan": "plan",
        "province": "province_code",
        "plan_action": "plan_action",
        "agency": "agency",
        "schedule": "schedule",
        "unit": "id",  # the projects with a part in the district or commune (layers.sources.filter_sql)
        "no_report_months": "status_date",  # not finished, no report for so many months (layers.sources.filter_sql)
    },
    temporal=("status_date", None),
    colour_by="kind",
    colours=KIND_COLOURS,
    classes=PROJECT_KINDS,
    outline_by="status",
    outlines=STATUS_OUTLINES,
    outline_terms=PROJECT_STATUSES,
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


def _units_source(scheme: str, level: str) -> str:
    return f"""
        SELECT u.id, u.geom, u.code, u.name_vi, u.name_en, u.unit_type_vi, {label_vi_sql("u")} AS label_vi,
               COALESCE(p.code, u.code) AS province_code, p.name_vi AS parent_name_vi,
               u.valid_from, u.valid_to, u.area_m2
        FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id
        WHERE u.scheme = '{scheme}' AND u.level = '{level}' AND NOT u.is_context"""


UNIT_FIELDS = (
    *NAME_FIELDS,
    Field("unit_type_vi", "Loại đơn vị", "Unit type"),
    Field("label_vi", "Tên (kèm loại nếu trùng tên)", "Name (with its type where names repeat)", in_tiles=False),
    Field("province_code", "Mã tỉnh", "Province code"),
    Field("parent_name_vi", "Tỉnh", "Province", in_tiles=False),
    Field("valid_from", "Hiệu lực từ", "Valid from", in_tiles=False, format="date"),
    Field("valid_to", "Hiệu lực đến", "Valid to", in_tiles=False, format="date"),
    Field("area_m2", "Diện tích (m²)", "Area (m²)", "number", in_tiles=False),
)
UNIT_POPUP = (PopupField("name", "Tên", "Name"), PopupField("parent_name_vi", "Tỉnh", "Province"))


def _units(scheme: str, level: str, title_vi: str, title_en: str, **style: object) -> Layer:
    return Layer(
        id=f"units_{scheme}_{level}",
        title_vi=title_vi,
        title_en=title_en,
        source=_units_source(scheme, level),
        geometry_kind="polygon",
        fields=UNIT_FIELDS,
        filters={"province": "code"},
        units_of=(scheme, level),
        temporal=("valid_from", "valid_to"),
        popup=UNIT_POPUP if level != "province" else (PopupField("name", "Tên", "Name"),),
        **style,
    )


PROVINCES_PRE2025 = _units(
    "pre2025",
    "province",
    "Tỉnh (trước 01/07/2025)",
    "Provinces (before 1 July 2025)",
    colour="#222222",
    weight=2.5,
    fill_opacity=0.04,
)
DISTRICTS_PRE2025 = _units(
    "pre2025", "district", "Huyện (trước 01/07/2025)", "Districts (before 1 July 2025)", colour="#444444", weight=1.5
)
PROVINCES_2025 = _units(
    "2025",
    "province",
    "Tỉnh (từ 01/07/2025)",
    "Provinces (from 1 July 2025)",
    colour="#5d4037",
    weight=2.5,
)
COMMUNES_2025 = _units(
    "2025", "commune", "Xã, phường (từ 01/07/2025)", "Communes (from 1 July 2025)", colour="#9e6a03", weight=1
)
# One colour per class of geo.salinity (ECe dS/m), for the zones and the raster alike; zones of other classes
# (loaded from a file) are drawn in the layer's colour.
SALINITY_COLOURS = {"0-2": "#1a9850", "2-4": "#a6d96a", "4-8": "#fee08b", "8-16": "#f46d43", "16+": "#a50026"}
# The map and its tiles draw one period's zones, the newest by date unless ?period= says which (geo.salinity
# .NEWEST_PERIOD), as the legend and the unit pages cite it: two dry seasons' zones drawn together overlapped in mixed
# colours. OGC API – Features lists every period.
_ZONES = (
    "SELECT id, geom, salinity_class, period, source, zone_code, zone_name, "
    "round((ST_Area(geom::geography) / 1e4)::numeric, 1)::float AS area_ha FROM salinity_zone"
)
SALINITY_ZONES = Layer(
    id="salinity_zones",
    title_vi="Vùng nhiễm mặn",
    title_en="Salinity zones",
    source=_ZONES,
    features_source=_ZONES,
    filters={"period": "period"},
    unfiltered={"period": f"src.period = ({NEWEST_PERIOD})"},
    geometry_kind="polygon",
    fields=(
        Field("salinity_class", "Cấp mặn", "Salinity class"),
        Field("period", "Thời kỳ", "Period"),
        Field("source", "Nguồn", "Source"),
        Field("zone_code", "Mã vùng", "Zone code"),
        Field("zone_name", "Tên vùng", "Zone name"),
        Field("area_ha", "Diện tích (ha)", "Area (ha)", "number"),
    ),
    colour="#c62828",
    colour_by="salinity_class",
    colours=SALINITY_COLOURS,
    classes=tuple(Term(c.code, c.vi, c.en) for c in SALINITY_CLASSES),
    fill_opacity=0.3,
    # a tapped zone says what it is: its name and code as its file gives them, its class in the legend's words, when,
    # from where and how large (trial 58)
    popup=(
        PopupField("zone_name", "Tên vùng", "Zone name", optional=True),
        PopupField("zone_code", "Mã vùng", "Zone code", optional=True),
        PopupField("salinity_class", "Cấp mặn", "Salinity class"),
        PopupField("period", "Thời kỳ", "Period"),
        PopupField("source", "Nguồn", "Source"),
        PopupField("area_ha", "Diện tích cả vùng", "Whole zone's area"),
    ),
)

PROGRESS_CLASSES = (
    Term("0-20", "0–20 %", "0–20 %"),
    Term("20-40", "20–40 %", "20–40 %"),
    Term("40-60", "40–60 %", "40–60 %"),
    Term("60-80", "60–80 %", "60–80 %"),
    Term("80-100", "80–100 %", "80–100 %"),
    Term("none", "Không có dự án", "No projects"),
)


def progress_class(progress: float | None) -> str:
    """The class of :data:`PROGRESS_CLASSES` a percentage falls in ("none": no figure, or NaN: no weighted project);
    the web map's script and the tiles' SQL class them alike."""
    if progress is None or progress != progress:
        return "none"
    upper = next((limit for limit in (20, 40, 60, 80) if progress < limit), 100)
    return f"{upper - 20}-{upper}"


PROGRESS_DISTRICTS = Layer(
    id="progress",
    title_vi="Tiến độ theo huyện (theo số dự án, hiện tại)",
    title_en="Progress by district (by project count, current)",
    source="""
        SELECT u.id, u.geom, u.code, u.name_vi, u.name_en, round(pr.progress::numeric, 1)::float AS progress_percent,
               COALESCE(pr.projects, 0) AS projects,
               CASE WHEN pr.progress IS NULL THEN 'none' WHEN pr.progress < 20 THEN '0-20'
                    WHEN pr.progress < 40 THEN '20-40' WHEN pr.progress < 60 THEN '40-60'
                    WHEN pr.progress < 80 THEN '60-80' ELSE '80-100' END AS progress_class
        FROM admin_unit u LEFT JOIN (
            SELECT s.unit_id, count(*) AS projects,
                   SUM(s.share * p.percent) FILTER (WHERE p.status <> 'cancelled')
                   / NULLIF(SUM(s.share) FILTER (WHERE p.status <> 'cancelled'), 0) AS progress
            FROM project_unit_share s JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL
            GROUP BY s.unit_id
        ) pr ON pr.unit_id = u.id
        WHERE u.scheme = 'pre2025' AND u.level = 'district' AND NOT u.is_context""",
    geometry_kind="polygon",
    fields=(
        *NAME_FIELDS,
        Field("progress_percent", "Tiến độ (%)", "Progress (%)", "number"),
        Field("projects", "Số dự án", "Projects", "number"),
        Field("progress_class", "Nhóm tiến độ", "Progress class"),
    ),
    colour_by="progress_class",
    colours={
        # yellow to dark green: the lowest class is clearly not the grey of "no projects"
        "0-20": "#fed976",
        "20-40": "#c2e699",
        "40-60": "#78c679",
        "60-80": "#31a354",
        "80-100": "#006837",
        "none": "#d9d9d9",
    },
    classes=PROGRESS_CLASSES,
    fill_opacity=0.8,
    weight=1,
    popup=(
        PopupField("name", "Tên", "Name"),
        PopupField("progress_percent", "Tiến độ (%)", "Progress (%)"),
        PopupField("projects", "Số dự án", "Projects"),
    ),
    expires_with=("progress", "projects"),
)

LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> Layer:
    """Add (or replace) a layer; tiles, OGC collections and TileJSON serve it from the next request."""
    LAYERS[layer.id] = layer
    return layer


def unregister(layer_id: str) -> None:
    LAYERS.pop(layer_id, None)


for _layer in (
    PROJECTS,
    PROVINCES_PRE2025,
    DISTRICTS_PRE2025,
    PROVINCES_2025,
    COMMUNES_2025,
    SALINITY_ZONES,
    PROGRESS_DISTRICTS,
):
    register(_layer)


@dataclass(frozen=True)
class RasterClass:
    """A value range [low, high) drawn in one colour, with its legend label."""

    low: float
    high: float
    colour: str
    vi: str
    en: str


@dataclass(frozen=True)
class RasterLayer:
    """Raster tiles of the latest registered COG of ``theme`` (table raster_dataset), coloured by ``classes``."""

    id: str
    title_vi: str
    title_en: str
    theme: str
    unit: str
    classes: tuple[RasterClass, ...]
    expires_with: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    @property
    def version_ids(self) -> tuple[str, ...]:
        return self.expires_with or (self.id,)


SOIL_SALINITY = RasterLayer(
    id="soil_salinity",
    title_vi="Độ mặn đất ECe (dS/m)",
    title_en="Soil salinity ECe (dS/m)",
    theme="salinity",
    unit="dS/m",
    expires_with=("raster_salinity",),
    classes=tuple(  # the classes the salinity zones are derived by (geo.salinity)
        RasterClass(c.low, min(c.high, 1e9), SALINITY_COLOURS[c.code], c.vi, c.en) for c in SALINITY_CLASSES
    ),
)
FOREST_COVER = RasterLayer(
    id="forest_cover",
    title_vi="Che phủ rừng",
    title_en="Forest cover",
    theme="forest_cover",
    unit="",
    expires_with=("raster_forest_cover",),
    classes=(RasterClass(0.5, 1e9, "#1b5e20", "Rừng", "Forest"),),
)
RASTER_LAYERS: dict[str, RasterLayer] = {layer.id: layer for layer in (SOIL_SALINITY, FOREST_COVER)}
