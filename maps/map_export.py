"""Printable maps of the registry (PNG, PDF; A4, A3; landscape, portrait; vi, en): the web map's projects over the
admin units, the progress choropleth of /progress, and a unit's map (the PNG of its page) — each with its title,
as-of date, legend, scale bar, north arrow and source line, and no buttons.

Drawn on the server with matplotlib (maps.map_sheet) from what the web map draws: the catalog's layers with the
tiles' filters and ``as_of`` (layers.drawn_features) and the progress figures of /api/progress (geo.progress), in
the catalog's colours. So PNG and PDF come natively, on the paper's exact size, with no browser on the server.
The map is in WGS 84 / UTM zone 48N (metres, so the scale bar is true; over both provinces grid north is within
0.3° of true north, so the arrow points north).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib
import pandas as pd
from shapely.geometry import Point, box, shape
from sqlalchemy.orm import Session

from geo import vocab
from geo.agencies import all_agencies
from geo.boundary_files import BOUNDARY_CITATIONS
from geo.computed_indicators import rests_on_demo
from geo.layer_export import filters_named
from geo.progress import (
    OTHER_SCHEME,
    ProgressQuery,
    ProgressQueryError,
    check_query,
    progress_filters,
    unit_progress_geojson,
)
from geo.queries.map_choices import registry_provinces, unit_outlines
from geo.queries.map_places import share_covered
from geo.queries.map_sheet import boundary_sources
from geo.queries.projects import demo_statuses, plan_codes
from geo.queries.unit_codes import provinces_by_code, unknown_unit
from geo.queries.unit_summary import unit_summary
from geo.queries.units_in_provinces import units_in_provinces
from geo.said import Said, fill
from geo.salinity import SALINITY_CLASSES, cited_sources, latest_period, zone_periods, zone_sources
from geo.settings import Settings
from geo.unit_names import unit_label
from geo.vi_format import local_date, local_number, local_percent, month_year
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, PROJECT_SCHEDULES, PROJECT_STATUSES
from layers.catalog import (
    COMMUNES_2025,
    DISTRICTS_PRE2025,
    PROGRESS_CLASSES,
    PROGRESS_DISTRICTS,
    PROJECTS,
    PROVINCES_2025,
    PROVINCES_PRE2025,
    SALINITY_COLOURS,
    SALINITY_ZONES,
    STATUS_COLOURS,
    Layer,
    progress_class,
)
from layers.drawn_features import drawn_features, unlocated_features
from maps.context import LAND, SEA_ATTRIBUTION, STYLES, SeaMissing, map_context
from maps.export_refusals import (
    MESSAGES,
    NO_PERIOD,
    ExportRequestError,
    not_drawn,
    provinces_listed,
    refused,
    refused_as,
)
from maps.map_sheet import (
    HATCH_COLOUR,
    MAP_NAME,
    PAPERS_MM,
    PT_PER_MM,
    RC,
    LegendRow,
    Sheet,
    SheetKey,
    SheetText,
    key_pages,
    save,
)
from maps.pages import demo_statuses_said, registry_part_said
from maps.sheet_areas import draw_areas
from maps.sheet_font import cut_fonts_folder
from maps.sheet_former_parts import (
    draw_former_parts,
    former_parts,
    hatched_in,
    held_only_said,
    name_former_parts,
    outline_rows,
    parts_of,
    uncovered_row,
)
from maps.texts import MAP_TEXT
from maps.web_map import CHOSEN_OUTLINE, STATUS_CUES

WHATS = ("map", "progress")
FORMATS = ("png", "pdf")
ORIENTATIONS = ("landscape", "portrait")
LANGS = ("vi", "en")
MAP_CRS = "EPSG:32648"  # WGS 84 / UTM zone 48N
MEDIA_TYPES = {"png": "image/png", "pdf": "application/pdf"}
# The boundaries drawn under the projects, per scheme: (province layer, lower level layer).
UNIT_LAYERS: dict[str, tuple[Layer, Layer]] = {
    "pre2025": (PROVINCES_PRE2025, DISTRICTS_PRE2025),
    "2025": (PROVINCES_2025, COMMUNES_2025),
}
LOWEST_LEVEL = {"pre2025": "district", "2025": "commune"}
LINE_KINDS = ("sea_dyke", "river_dyke", "embankment")  # drawn thick with a white halo, as on the web map
UNIT_FILL, UNIT_EDGE = "#90a4ae", "#333333"  # the unit of a unit's map, as on its page
PROGRESS_FILL_ALPHA = 0.8
# Units with no project are hatched too, so that on paper (and in grey print) they differ from the lowest class
# and from the neighbouring provinces' grey.
NO_PROJECTS_HATCH = "////"
FILTERS = ("province", "unit", "kind", "status", "plan", "plan_action", "agency", "schedule", "no_report_months")
# A printed map names its projects by code while it can be read: over this many, no codes (they hid the map as a
# mass of text at a province's 30,000 projects) and the sheet says so.
CODED_AT_MOST = 150
# A project's name on a printed map is cut short past this many letters ("…"), as the web map cuts its names; a PDF's
# list after the map has it whole, with its code.
SHORT_NAME_LETTERS = 32
# A project's point is 1.3 mm across up to this many points on the sheet, smaller beyond (down to 0.35 mm), so that
# thousands of points still show the boundaries and each other.
POINTS_AT_FULL_SIZE = 500
# The salinity zones under the projects: light enough that the projects' colours and the boundaries read over them.
SALINITY_FILL_ALPHA = 0.35

#: The context's areas filled under everything, in this order (its former provinces are drawn by
#: maps.sheet_former_parts).
FILLED = ("sea", "province", "neighbour")
#: The fill of the registry's units a sheet filtered by a unit leaves out (those chosen: a line of CHOSEN_OUTLINE).
NOT_CHOSEN = "#d9d9d9"
TEXT = {
    "vi": {
        "as_of": "Tính đến ngày {date}",
        "now": "Tính đến ngày {date} (hiện tại)",
        "no_filters": "Bộ lọc: không (tất cả dự án)",
        "counted_all": "Tính mọi dự án trong cơ sở dữ liệu, thuộc kế hoạch nào hay không thuộc kế hoạch nào (báo cáo "
        "năm của một kế hoạch chỉ tính dự án của kế hoạch đó)",
        "counted_plans": "Chỉ tính dự án thuộc kế hoạch {plans} (dự án khác của tỉnh không được tính)",
        "filters": "Bộ lọc — {filters}",
        "drawn": "{n} dự án trên bản đồ",
        "unlocated": "; {n} dự án toàn tỉnh khớp bộ lọc (không có vị trí) không vẽ được",
        "unlocated_named": " (ghi tên sau bản đồ)",
        "unlocated_title": "Dự án toàn tỉnh (không có vị trí) khớp bộ lọc",
        "drawn_one": "1 dự án trên bản đồ",
        "uncoded": "Mã dự án chỉ ghi khi bản đồ có tối đa {n} dự án: hãy lọc bớt để có mã",
        "key_title": "Các dự án trên bản đồ — {title}",
        "key_heads": ("Mã", "Tên dự án", "Tình trạng", "Tiến độ"),
        "demo_status": "{status} (minh họa)",
        "demo_units": "Tiến độ ghi “(minh họa)” ({n} đơn vị) có tính tình trạng dự án lấy từ dữ liệu minh họa, không "
        "phải báo cáo thật",
        "demo_drawn": "{n} trong {of} dự án trên bản đồ có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo thật "
        "(minh họa)",
        "demo_drawn_one": "1 trong {of} dự án trên bản đồ có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo "
        "thật (minh họa)",
        "demo_drawn_only": "Dự án trên bản đồ có tình trạng lấy từ dữ liệu minh họa, không phải báo cáo thật "
        "(minh họa)",
        "unit_progress": "Tiến độ bình quân: {percent}",
        "kinds": "Loại dự án (màu)",
        "statuses": "Tình trạng (kiểu viền)",
        "statuses_coloured": "Tình trạng dự án (màu, kiểu viền)",
        "none_drawn": "Không có dự án nào khớp bộ lọc",
        "boundaries": "Ranh giới",
        "neighbours": "Tỉnh lân cận",
        "numbered": "Đơn vị ghi bằng số trên bản đồ",
        "numbered_on_page": "số {numbers}: xem trang {pages}",
        "numbered_elsewhere": "số {numbers}: xem bản PDF, bảng ở /progress",
        "numbered_title": "Đơn vị ghi bằng số trên bản đồ — {title}",
        "numbered_heads": ("Số", "Đơn vị", "Tiến độ bình quân"),
        "no_figure": "không dự án nào có số liệu",
        "none_or_no_figure": "Không có dự án, hoặc không có số liệu",
        "not_chosen": "Tỉnh khác, không chọn",
        "units_not_chosen": {"district": "Huyện khác, không chọn", "commune": "Xã, phường khác, không chọn"},
        "sea": "Biển",
        "legend": "Chú giải",
        "progress": "Tiến độ bình quân (%)",
        "units": "Đơn vị: {units}",
        "weight": "Trọng số: {weight}",
        "budget_said": "{percent} · {total} tỷ đồng",
        "budget_line": "Dưới tiến độ: vốn của đơn vị — phần vốn theo tỷ lệ nằm trong đơn vị, không kể dự án đã hủy",
        "via": "tính theo ranh giới {scheme}, chuyển qua bảng tương ứng",
        "source": "Nguồn: ranh giới hành chính — {boundaries}; biển — {sea}; dự án và tình trạng — sổ đăng ký "
        "georeg (kế hoạch {plans}; báo cáo tình trạng của các cơ quan). Lưới chiếu WGS 84 / UTM 48N. "
        "Lập bằng georeg ngày {today}.",
        "north": "B",
        "salinity": "Độ mặn đất ECe (dS/m), kỳ {period}",
        "salinity_source": " Độ mặn — {sources}.",
        "salinity_none": "Không có số liệu độ mặn",
    },
    "en": {
        "as_of": "As of {date}",
        "now": "As of {date} (current)",
        "no_filters": "Filters: none (all projects)",
        "counted_all": "Counts every project in the database, in a plan or in none (a plan's yearly report counts only "
        "that plan's projects)",
        "counted_plans": "Counts only the projects of plan {plans} (the province's other projects are not counted)",
        "filters": "Filters — {filters}",
        "drawn": "{n} projects on the map",
        "unlocated": "; {n} province-wide projects match the filters (no site) and cannot be drawn",
        "unlocated_named": " (named after the map)",
        "unlocated_title": "Province-wide projects (no site) matching the filters",
        "drawn_one": "1 project on the map",
        "uncoded": "Project codes are written when the map has at most {n} projects: filter to get them",
        "key_title": "Projects on the map — {title}",
        "key_heads": ("Code", "Project", "Status", "Progress"),
        "demo_status": "{status} (demo)",
        "demo_units": "Progress marked “(demo)” ({n} units) counts project statuses from demonstration data, not real "
        "reports",
        "demo_drawn": "{n} of the {of} projects on the map have a status from demonstration data, not a real report "
        "(demo)",
        "demo_drawn_one": "1 of the {of} projects on the map has a status from demonstration data, not a real report "
        "(demo)",
        "demo_drawn_only": "The project on the map has a status from demonstration data, not a real report (demo)",
        "unit_progress": "Mean progress: {percent}",
        "kinds": "Project kind (colour)",
        "statuses": "Status (outline)",
        "statuses_coloured": "Project status (colour, outline)",
        "none_drawn": "No project matches the filters",
        "boundaries": "Boundaries",
        "neighbours": "Neighbouring provinces",
        "numbered": "Units numbered on the map",
        "numbered_on_page": "numbers {numbers}: see page {pages}",
        "numbered_elsewhere": "numbers {numbers}: see the PDF, the table at /progress",
        "numbered_title": "Units numbered on the map — {title}",
        "numbered_heads": ("No.", "Unit", "Mean progress"),
        "no_figure": "no project with the figure",
        "none_or_no_figure": "No projects, or none with the figure",
        "not_chosen": "Other provinces, not chosen",
        "units_not_chosen": {"district": "Other districts, not chosen", "commune": "Other communes, not chosen"},
        "sea": "Sea",
        "legend": "Legend",
        "progress": "Mean progress (%)",
        "units": "Units: {units}",
        "weight": "Weight: {weight}",
        "budget_said": "{percent} · {total} billion VND",
        "budget_line": "Under the progress: the unit's budget — the part of each budget lying in the unit, cancelled "
        "projects left out",
        "via": "computed in the {scheme} boundaries, carried over the crosswalk",
        "source": "Sources: administrative boundaries — {boundaries}; sea — {sea}; projects and statuses — the georeg "
        "registry (plans {plans}; the agencies' status reports). Projection WGS 84 / UTM 48N. "
        "Made with georeg on {today}.",
        "north": "N",
        "salinity": "Soil salinity ECe (dS/m), {period}",
        "salinity_source": " Salinity — {sources}.",
        "salinity_none": "No salinity data",
    },
}


# matplotlib's settings (rc_context) are global and its drawing is not thread-safe: one sheet at a time per process
# (a sheet takes 1–2 s; the app's other requests go on in their threads meanwhile).
_DRAWING = threading.Lock()


@dataclass
class MapExport:
    """What to print: ``what`` "map" (projects, with ``filters`` as the web map's, over ``scheme``'s boundaries) or
    "progress" (the figures of ``progress``, by default by the lowest unit of ``scheme``); ``as_of`` is the date of
    both."""

    what: str = "map"
    format: str = "pdf"
    paper: str = "a4"
    orientation: str = "landscape"
    lang: str = "vi"
    as_of: date | None = None
    scheme: str = "pre2025"
    filters: dict[str, list[str]] = field(default_factory=dict)
    progress: ProgressQuery | None = None
    #: west, south, east, north (WGS 84): print that part of the map (the web map's view), not the provinces
    frame: tuple[float, float, float, float] | None = None
    #: "map": the salinity zones of this period ("2025-03"; "latest": the newest loaded) drawn under the projects
    salinity: str | None = None

    def check(self) -> None:
        """Raise ExportRequestError naming the first parameter with a value not offered."""
        for name, allowed in (
            ("what", WHATS),
            ("format", FORMATS),
            ("paper", tuple(PAPERS_MM)),
            ("orientation", ORIENTATIONS),
            ("lang", LANGS),
            ("scheme", tuple(UNIT_LAYERS)),
        ):
            if getattr(self, name) not in allowed:
                raise refused("not_offered", name=name, value=repr(getattr(self, name)), offered=", ".join(allowed))
        if self.frame is not None:
            west, south, east, north = self.frame
            if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
                raise refused("bbox_order", frame=str(self.frame))
        unknown = sorted(set(self.filters) - set(FILTERS))
        if unknown:
            raise refused("not_a_filter", name=unknown[0], filters=", ".join(FILTERS))
        if self.what == "progress":
            try:
                check_query(self.query)
            except ProgressQueryError as error:
                raise refused_as(error.parameter, error.said) from error

    @property
    def query(self) -> ProgressQuery:
        """The progress figures drawn, as of the request's date."""
        return replace(
            self.progress or ProgressQuery(scheme=self.scheme, level=LOWEST_LEVEL[self.scheme]), as_of=self.as_of
        )

    def filename(self, today: date) -> str:
        """The sheet's file name, with what it is filtered by (two provinces' sheets of one day were one name), the
        boundaries and level of progress figures, and "_en" in English (the communes' sheet of a day was named as
        the districts', an English sheet as the Vietnamese one)."""
        day = (self.as_of or today).isoformat()
        q = self.query
        # a map's filters in the order its sheet says them (the province first), however they were given
        chosen = (
            {n: self.filters[n] for n in FILTERS if n in self.filters} if self.what == "map" else progress_filters(q)
        )
        if self.what == "progress":
            what = f"progress_{q.scheme}-{q.level}" + (f"-{q.weight}" if q.weight != "count" else "")
        else:
            what = "map" if self.scheme == "pre2025" else f"map_{self.scheme}"
        # the part of the map in view: a crop of a province was named as the whole of it, and replaced it (trial 46)
        part = f"_view-{hashlib.sha1(repr(self.frame).encode()).hexdigest()[:6]}" if self.frame else ""
        english = "_en" if self.lang == "en" else ""
        sheet = f"{day}_{self.paper}_{self.orientation}{english}.{self.format}"
        return f"georeg_{what}{filters_named(chosen)}{part}_{sheet}"


def export_map(session: Session, request: MapExport, settings: Settings, today: date | None = None) -> bytes:
    """The PNG or PDF bytes of ``request`` (checked first: ExportRequestError; a filter value the layer does not
    know raises layers.sources.LayerQueryError), over the sea and the neighbouring provinces the web map draws
    (maps.context, read with ``settings``)."""
    request.check()
    plans = plan_codes(session)  # checked, and cited by the source line
    _check_codes(session, request, plans)
    request = replace(request, salinity=_salinity_period(session, request))
    today = today or vietnam_today()
    context = _context_features(session, settings, request.lang, request.query.scheme)
    draw = _draw_progress if request.what == "progress" else _draw_projects
    return _printed(
        request.paper,
        request.orientation,
        request.format,
        lambda sheet: draw(session, request, sheet, context, today, plans),
    )


def map_scheme(session: Session, units: list[str], asked: str | None, otherwise: str) -> str:
    """The boundaries a projects map is drawn in: ``asked`` when the address gives them (the web map's export gives
    those on the screen: a former district chosen on the 2025 map is printed over the 2025 communes, its boundary
    drawn); left out, those of its ``units`` (?unit=31900, a 2025 commune, was drawn over the former provinces, its
    neighbour named "Tỉnh Sóc Trăng"), else ``otherwise``. Units of both schemes are refused by name
    (ExportRequestError)."""
    outlines = unit_outlines(session, units) if units else []
    schemes = {row["scheme"] for row in outlines}
    if len(schemes) > 1:
        raise refused("units_of_both_schemes", units=Said(*(_listed(outlines, lang) for lang in LANGS)))
    if asked:
        return asked
    return schemes.pop() if schemes else otherwise


def _printed(paper: str, orientation: str, fmt: str, draw: Callable[[Sheet], SheetText]) -> bytes:
    """A sheet of ``paper`` drawn by ``draw`` and saved as ``fmt``, one at a time (see _DRAWING). matplotlib failing
    (a font it cannot read: FreeType's "FT_Open_Face … failed", its folder's disk full) is said as
    :class:`SheetNotDrawn`, not in a traceback of its own words."""
    with _DRAWING, matplotlib.rc_context(RC):
        try:
            sheet = Sheet(paper, orientation)
            words = sheet.finish(draw(sheet))
            return save(sheet, fmt, words)
        except (OSError, RuntimeError) as error:
            raise not_drawn(error, cut_fonts_folder()) from error


def _check_codes(session: Session, request: MapExport, known_plans: set[str]) -> None:
    """Province, plan (``known_plans``: the registry's) and unit codes must be the registry's (a mistyped one would
    print an empty map under its name)."""
    progress = request.what == "progress"
    plans = request.query.plans if progress else request.filters.get("plan", [])
    provinces = request.query.provinces if progress else request.filters.get("province", [])
    if provinces:
        known_provinces = provinces_by_code(session)
        if unknown := [v for v in provinces if v not in {p["code"] for p in known_provinces}]:
            raise refused("unknown_province", code=repr(unknown[0]), known=provinces_listed(known_provinces))
    if unknown := [v for v in plans if v not in known_plans]:
        raise refused("unknown_plan", code=repr(unknown[0]), known=", ".join(sorted(known_plans)))
    units = request.query.units if progress else request.filters.get("unit", [])
    if units and (no_unit := unknown_unit(session, units)) is not None:  # a mistyped code printed the whole registry
        raise refused_as("unit", no_unit)
    scheme, level = (
        (request.query.scheme, request.query.level) if progress else (request.scheme, LOWEST_LEVEL[request.scheme])
    )
    for province in provinces:
        if not units_in_provinces(session, [province], scheme, level):
            raise _no_units_in(session, province, scheme, level)


def _no_units_in(session: Session, province: str, scheme: str, level: str) -> ExportRequestError:
    """A province holding none of the registry's units of ``scheme`` and ``level``, refused: a sheet of it was framed on
    every unit and titled with the province (trial 67). It says to choose the other boundaries where they have units
    in the province, else one of the registry's provinces of these boundaries."""
    registry = registry_provinces(session)
    names = [_province_names(registry, lang).get(province) for lang in LANGS]
    named = fill(MESSAGES, "province_named", name=Said(*names), code=province) if all(names) else None
    other, other_level = OTHER_SCHEME[(scheme, level)]
    said = {
        "units": Said(*(_scheme_level_words(scheme, level, lang) for lang in LANGS)),
        "province": named or fill(MESSAGES, "province_coded", code=repr(province)),
    }
    if units_in_provinces(session, [province], other, other_level):
        boundaries = Said(*(_scheme_words(other, lang) for lang in LANGS))
        return refused("no_units_in_province", **said, other=boundaries, scheme=other)
    known = ", ".join(p["code"] for p in registry if p["scheme"] == scheme)
    return refused("no_units_in_any_boundaries", **said, known=known)


def _salinity_period(session: Session, request: MapExport) -> str | None:
    """The period of the salinity zones asked for ("latest" resolved), which must have zones."""
    if request.salinity is None or request.what != "map":
        return None
    period = latest_period(session) if request.salinity == "latest" else request.salinity
    if period is None or not zone_sources(session, period):
        loaded = ", ".join(zone_periods(session)) or NO_PERIOD
        raise refused("no_salinity", period=repr(request.salinity), loaded=loaded)
    return period


# The projects map ----------------------------------------------------------------------------------------------


def _draw_projects(
    session: Session, request: MapExport, sheet: Sheet, context: gpd.GeoDataFrame, today: date, plans: set[str]
) -> SheetText:
    text, lang = TEXT[request.lang], request.lang
    province_layer, unit_layer = UNIT_LAYERS[request.scheme]
    provinces = _frame(drawn_features(session, province_layer))
    units = _frame(drawn_features(session, unit_layer))
    projects = _frame(drawn_features(session, PROJECTS, request.filters, request.as_of))
    chosen = _in_provinces(session, units, request.filters.get("province", []), request.scheme)
    framed, others = units[chosen], units[~chosen]
    outlines = _chosen_units(session, request.filters.get("unit", []))
    if len(outlines):  # a former district or a commune chosen: the sheet is of it
        framed = outlines
    view = _view(request)
    if view is not None:  # the projects in it are those drawn (and counted, and given their codes when few)
        projects = projects[projects.intersects(view)]
    around = framed if len(framed) else units
    # a 2025 province chosen is framed whole, the former provinces it holds no units of too (trial 68)
    parts = former_parts(context)
    whole = parts_of(parts, [] if len(outlines) else request.filters.get("province", []))
    # the projects whole: the wind farms out at sea ran off the frame of their province
    around = pd.concat([around[["geometry"]], projects[["geometry"]], whole[["geometry"]]])
    per_mm = _fit(sheet, view, around)
    _draw_context(sheet, context)
    shown = draw_former_parts(sheet, parts)
    salinity = _draw_salinity(session, sheet, request.salinity, lang) if request.salinity else []
    if len(others):  # the units beyond the provinces chosen, grey as a progress sheet draws them, and not named
        draw_areas(
            sheet.map_axes, others, facecolor=NOT_CHOSEN, edgecolor="#999999", linewidth=sheet.pt(0.4), zorder=2.5
        )
    draw_areas(sheet.map_axes, framed, facecolor="none", edgecolor=unit_layer.colour, linewidth=sheet.pt(0.6), zorder=3)
    draw_areas(
        sheet.map_axes, provinces, facecolor="none", edgecolor=province_layer.colour, linewidth=sheet.pt(1.4), zorder=4
    )
    _draw_chosen(sheet, outlines)
    registry = registry_provinces(session)
    province_names = _province_names(registry, lang)
    size = sheet.name_size(MAP_NAME, per_mm)
    name_former_parts(sheet, shown, per_mm, held=False)
    _unit_names(sheet, framed, lang, per_mm, size, province_names, clear_of=_symbol_boxes(projects, per_mm))
    name_former_parts(sheet, shown, per_mm, held=True)
    _context_names(sheet, context, per_mm)
    legend = _project_rows(text, lang, *_projects(sheet, projects, per_mm)) + salinity
    coded = 0 < len(projects) <= CODED_AT_MOST  # no key for a sheet of no projects (a filter matching none)
    if coded:
        _project_codes(sheet, projects, per_mm, lang)
    if _in_sight(sheet, others):
        label = text["units_not_chosen"][LOWEST_LEVEL[request.scheme]]
        legend.append(LegendRow(label, "patch", colour=NOT_CHOSEN, edge="#999999"))
    legend += _boundary_rows(text, lang, province_layer, unit_layer) + outline_rows(shown, lang)
    if hatched_in(shown):
        legend.append(uncovered_row(lang, _level_said(LOWEST_LEVEL[request.scheme], lang), hatched=True))
    legend += _chosen_rows(outlines, lang)
    agencies = _agency_names(session, request.filters.get("agency", []), lang)
    filters = _filters_line(request.filters, lang, province_names, _named(outlines, lang), agencies)
    drawn = text["drawn_one" if len(projects) == 1 else "drawn"].format(n=local_number(len(projects), lang, 0))
    unlocated = unlocated_features(session, PROJECTS, request.filters, request.as_of)
    named = request.format == "pdf" and 0 < len(unlocated) <= CODED_AT_MOST  # a PNG is one page: no key
    if unlocated:
        drawn += text["unlocated"].format(n=local_number(len(unlocated), lang, 0))
        drawn += text["unlocated_named"] if named else ""
    if len(projects) > CODED_AT_MOST:
        drawn += ". " + text["uncoded"].format(n=CODED_AT_MOST)
    dated = _date_line(request.as_of, today, lang)
    held = held_only_said(whole, lang, progress=False)
    ids = [int(i) for i in projects["id"]] if len(projects) else []
    demo = demo_statuses(session, ids, request.as_of)
    lines = [*([held] if held else []), dated, filters, drawn, *_demo_drawn(demo, len(ids), lang)]
    source = _source(session, request.scheme, lang, today, plans)
    if request.salinity:
        source += text["salinity_source"].format(sources=cited_sources(zone_sources(session, request.salinity), lang))
    day = request.as_of or today
    chosen = (
        _titled_units(registry, outlines, lang, day)
        if len(outlines)
        else _titled_provinces(registry, request.filters.get("province", []), lang, day, request.scheme)
    )
    title = MAP_TEXT[lang]["title_of"].format(provinces=chosen)
    return SheetText(
        title=title,
        lines=lines,
        legend=legend,
        legend_title=text["legend"],
        source=source,
        north=text["north"],
        key=_project_key(
            _demo_marked(projects.to_dict("records") if coded else [], demo),
            _demo_marked(unlocated, demo_statuses(session, [r["id"] for r in unlocated], request.as_of))
            if named
            else [],
            lang,
            f"{title} · {dated}",
        ),
    )


def _in_provinces(session: Session, units: gpd.GeoDataFrame, provinces: list[str], scheme: str) -> pd.Series:
    """Which of ``units`` (the lowest of ``scheme``) lie in the ``provinces`` chosen, as a progress sheet colours them
    (geo.queries.units_in_provinces); all of them when none is chosen. The units' own province filter reads a
    commune's 2025 province: former Trà Vinh (84) chose none, and the sheet was framed on every unit (trial 67)."""
    if not provinces:
        return pd.Series(True, index=units.index, dtype=bool)
    return units["code"].isin(units_in_provinces(session, provinces, scheme, LOWEST_LEVEL[scheme]))


def _in_sight(sheet: Sheet, units: gpd.GeoDataFrame) -> bool:
    """Whether any of ``units`` lies in the sheet's map frame."""
    (west, east), (south, north) = sheet.map_axes.get_xlim(), sheet.map_axes.get_ylim()
    return bool(len(units)) and bool(units.intersects(box(west, south, east, north)).any())


def _project_key(
    drawn: list[dict[str, Any]], unlocated: list[dict[str, Any]], lang: str, title: str
) -> SheetKey | None:
    """What each code on the map stands for (``drawn``), then the province-wide projects it cannot draw
    (``unlocated``); None when neither is listed. The title carries the map's date."""
    if not drawn and not unlocated:
        return None
    text = TEXT[lang]
    heads, listed = tuple(text["key_heads"]), _key_rows(drawn, lang)
    return SheetKey(
        text["key_title"].format(title=title), heads, listed, text["unlocated_title"], _key_rows(unlocated, lang)
    )


def _demo_drawn(demo: set[int], drawn: int, lang: str) -> list[str]:
    """The line saying how many of the ``drawn`` projects stand on a demonstration status (``demo``: their ids), if
    any: a PNG has no key to mark them in, and a PDF's key lists only the first ones (trial 57)."""
    if not demo:
        return []
    counts = {"n": local_number(len(demo), lang, 0), "of": local_number(drawn, lang, 0)}
    key = "demo_drawn_only" if drawn == 1 else "demo_drawn_one" if len(demo) == 1 else "demo_drawn"
    return [TEXT[lang][key].format(**counts)]


def _demo_marked(projects: list[dict[str, Any]], demo: set[int]) -> list[dict[str, Any]]:
    """The projects, each saying (``demo``: the ids of geo.queries.projects.demo_statuses) whether its status on the
    sheet's day is demonstration data."""
    return [row | {"demo": row["id"] in demo} for row in projects]


def _key_rows(projects: list[dict[str, Any]], lang: str) -> list[tuple[str, str, str, str]]:
    """Each project's code, name, status (marked "minh họa" when demonstration data, as the project page marks it:
    a printed 80 % of a sea dyke read as real, trial 57) and percent complete, by code."""
    statuses = vocab.labels(vocab.PROJECT_STATUSES, lang)
    return [
        (
            row["code"],
            (row["name_en"] if lang == "en" else None) or row["name_vi"],
            _status_marked(statuses.get(row["status"], row["status"]), row["demo"], lang),
            "—" if pd.isna(row["percent"]) else local_percent(row["percent"], lang),
        )
        for row in sorted(projects, key=lambda row: row["code"])
    ]


def _status_marked(status: str, demo: bool, lang: str) -> str:
    return TEXT[lang]["demo_status"].format(status=status) if demo else status


def _draw_salinity(session: Session, sheet: Sheet, period: str, lang: str) -> list[LegendRow]:
    """The salinity zones of ``period`` under the boundaries and projects, in the web map's class colours; their
    legend rows (the classes drawn, in ECe order)."""
    zones = _frame(drawn_features(session, SALINITY_ZONES, {"period": [period]}))
    drawn = set(zones["salinity_class"]) if len(zones) else set()
    for code, group in zones.groupby("salinity_class") if len(zones) else ():
        colour = SALINITY_COLOURS.get(code, SALINITY_ZONES.colour)
        draw_areas(sheet.map_axes, group, facecolor=colour, alpha=SALINITY_FILL_ALPHA, edgecolor="none", zorder=2)
    rows = [LegendRow(TEXT[lang]["salinity"].format(period=month_year(period)), "heading")]
    for term in SALINITY_CLASSES:
        if term.code in drawn:
            label = term.vi if lang == "vi" else term.en
            rows.append(
                LegendRow(label, "patch", colour=SALINITY_COLOURS[term.code], alpha=SALINITY_FILL_ALPHA, edge="none")
            )
    rows.append(LegendRow(TEXT[lang]["salinity_none"], "patch", colour=STYLES["province"]["fillColor"]))
    return rows


def _projects(
    sheet: Sheet, projects: gpd.GeoDataFrame, per_mm: float, by_status: bool = False
) -> tuple[set[str], set[str]]:
    """Polygons, then lines (dykes thick with a white halo), then points as small circles, each in its kind's
    colour with its status's cue — dash pattern, fill, width and opacity, as the web map draws them
    (maps.web_map.STATUS_CUES), so that statuses differ in grey print too; returns the kinds and statuses drawn.
    ``by_status``: each in its status's colour, filled, as a unit's page draws them (its map is about progress)."""

    def colour_and_cue(kind: str, status: str) -> tuple[str, Any, float, float, float]:
        dash, opacity, width, fill = _cue(status)
        if by_status:
            return STATUS_COLOURS.get(status, "#999999"), dash, opacity, width, max(fill, 0.85)
        return PROJECTS.colour_of(kind), dash, opacity, width, fill

    axes = sheet.map_axes
    if projects.empty:
        return set(), set()
    dimension, across_mm = _drawn_as(projects, per_mm)
    points = projects[dimension == 0].copy()
    small = points.geom_type.isin(["Polygon", "MultiPolygon"])  # an area too small to see, drawn as a point is
    points.loc[small, "geometry"] = points[small].representative_point()
    points["geometry"] = points.geometry.buffer(across_mm * per_mm, quad_segs=4 if across_mm < 1 else 8)
    for (kind, status), group in projects[dimension == 2].groupby(["kind", "status"]):
        colour, dash, opacity, width, fill = colour_and_cue(kind, status)
        if fill:
            draw_areas(axes, group, facecolor=colour, alpha=0.4 * fill, edgecolor="none", zorder=5)
        draw_areas(
            axes,
            group,
            facecolor="none",
            edgecolor=colour,
            alpha=opacity,
            linestyle=dash,
            linewidth=sheet.pt(1.0 * width),
            zorder=6,
        )
    for (kind, status), group in projects[dimension == 1].groupby(["kind", "status"]):
        colour, dash, opacity, width, _ = colour_and_cue(kind, status)
        line_width = sheet.pt((2.4 if kind in LINE_KINDS else 1.6) * width)
        if kind in LINE_KINDS:
            group.plot(ax=axes, color="white", linewidth=line_width + sheet.pt(2.5), zorder=7)
        group.plot(ax=axes, color=colour, linewidth=line_width, linestyle=dash, alpha=opacity, zorder=8)
    # the points over the names (Sheet.label: 20, 21), as on the web map: a name with no room off a site hides none
    for (kind, status), group in points.groupby(["kind", "status"]):
        colour, dash, opacity, width, fill = colour_and_cue(kind, status)
        if fill:
            draw_areas(axes, group, facecolor=colour, alpha=fill * opacity, edgecolor="none", zorder=22)
        draw_areas(
            axes,
            group,
            facecolor="none",
            edgecolor=colour if not fill else "#333333",
            alpha=opacity,
            linestyle=dash,
            linewidth=sheet.pt(1.1 * width),
            zorder=23,
        )
    return set(projects["kind"]), set(projects["status"])


def _drawn_as(projects: gpd.GeoDataFrame, per_mm: float) -> tuple[pd.Series, float]:
    """How each project is drawn — 0 a point's symbol, 1 a line, 2 an area — and the radius (mm) of a point's symbol,
    smaller as points are more. An area less than a symbol across on the sheet is drawn as a point is: Châu Hưng's
    11 ha printed as a speck a millimetre wide on a province's sheet."""
    dimension = projects.geometry.geom_type.map(
        {"Point": 0, "MultiPoint": 0, "LineString": 1, "MultiLineString": 1}
    ).fillna(2)
    bounds = projects.geometry.bounds
    extent = (bounds["maxx"] - bounds["minx"]).combine(bounds["maxy"] - bounds["miny"], max)
    radius_mm = max(0.35, 1.3 * min(1.0, (POINTS_AT_FULL_SIZE / max(int((dimension == 0).sum()), 1)) ** 0.5))
    dimension = dimension.mask((dimension == 2) & (extent < 2 * radius_mm * per_mm), 0)
    return dimension, radius_mm


def _symbol_boxes(projects: gpd.GeoDataFrame, per_mm: float) -> list[tuple[float, float, float, float]]:
    """Where the point symbols (and the areas drawn as points) lie on the sheet, for names to keep clear of."""
    if projects.empty:
        return []
    dimension, radius_mm = _drawn_as(projects, per_mm)
    reach = radius_mm * per_mm
    return [
        (site.x - reach, site.y - reach, site.x + reach, site.y + reach)
        for geometry in projects.geometry[dimension == 0]
        for site in (getattr(geometry, "geoms", None) or [geometry.representative_point()])
    ]


def _cue(status: str) -> tuple[Any, float, float, float]:
    """A status's (matplotlib line style, opacity, width factor, fill) from the web map's cues; the dash lengths,
    pixels there, are halved here (matplotlib scales them by the line's width, in points)."""
    cue = STATUS_CUES.get(status, STATUS_CUES["operating"])
    dash = (0, tuple(float(x) / 2 for x in cue["dash"].split())) if cue["dash"] else "solid"
    return dash, cue["opacity"], cue["width"], cue["fill"]


def _project_rows(text: dict[str, Any], lang: str, kinds: set[str], statuses: set[str]) -> list[LegendRow]:
    """The legend of the projects drawn: their kinds (colour), then their statuses (outline)."""
    rows = [LegendRow(text["kinds"], "heading")]
    rows += [
        _kind_row(term.code, term.vi if lang == "vi" else term.en) for term in PROJECT_KINDS if term.code in kinds
    ] or [LegendRow(text["none_drawn"], "note")]
    if statuses:
        rows.append(LegendRow(text["statuses"], "heading"))
        rows += [
            _status_row(term.code, term.vi if lang == "vi" else term.en)
            for term in PROJECT_STATUSES
            if term.code in statuses
        ]
    return rows


def _status_colour_rows(text: dict[str, Any], lang: str, statuses: set[str]) -> list[LegendRow]:
    """The legend of projects drawn in their statuses' colours (a unit's map): each status, its colour and cue."""
    rows = [LegendRow(text["statuses_coloured"], "heading")]
    for term in (t for t in PROJECT_STATUSES if t.code in statuses):
        dash, opacity, _, _ = _cue(term.code)
        colour = STATUS_COLOURS.get(term.code, "#999999")
        label = term.vi if lang == "vi" else term.en
        rows.append(LegendRow(label, "patch", colour=colour, alpha=opacity, edge="#333333", linestyle=dash))
    return rows or [LegendRow(text["none_drawn"], "note")]


def _kind_row(kind: str, label: str) -> LegendRow:
    colour = PROJECTS.colour_of(kind)
    if kind in LINE_KINDS:
        return LegendRow(label, "line", colour=colour, linewidth=2.4, halo=True)
    return LegendRow(label, "patch", colour=colour, alpha=0.6, edge=colour)


def _status_row(status: str, label: str) -> LegendRow:
    dash, opacity, width, _ = _cue(status)
    return LegendRow(label, "outline", colour="#333333", linestyle=dash, linewidth=1.4 * width, alpha=opacity)


def _filters_line(
    filters: dict[str, list[str]],
    lang: str,
    provinces: dict[str, str] | None = None,
    units: dict[str, str] | None = None,
    agencies: dict[str, str] | None = None,
) -> str:
    """The filters as the sheet says them: kinds and statuses by their labels, provinces, units and agencies by their
    names (an agency by its code told a People's Committee nothing)."""
    labels = MAP_TEXT[lang]
    terms = {"kind": PROJECT_KINDS, "status": PROJECT_STATUSES, "schedule": PROJECT_SCHEDULES}
    months = {n: labels["months"].format(n=n) for n in filters.get("no_report_months") or []}  # "6 tháng"
    names = {"province": provinces or {}, "unit": units or {}, "agency": agencies or {}, "no_report_months": months}
    parts = []
    for name in FILTERS:
        values = filters.get(name) or []
        if values:
            named = {**vocab.labels(terms.get(name, ()), lang), **names.get(name, {})}
            parts.append(f"{labels[name]}: {', '.join(named.get(v, v) for v in values)}")
    return TEXT[lang]["filters"].format(filters=" · ".join(parts)) if parts else TEXT[lang]["no_filters"]


# The progress choropleth ---------------------------------------------------------------------------------------


def _counted_line(plans: list[str], lang: str) -> str:
    """Which projects a progress sheet counts, in words: /progress counted 23 of Trà Vinh's projects and the yearly
    report's map the plan's 22, each sheet's figures unexplained beside the other's (trial 57)."""
    if plans:
        return TEXT[lang]["counted_plans"].format(plans=", ".join(plans))
    return TEXT[lang]["counted_all"]


def _draw_progress(
    session: Session, request: MapExport, sheet: Sheet, context: gpd.GeoDataFrame, today: date, plans: set[str]
) -> SheetText:
    text, lang = TEXT[request.lang], request.lang
    query = request.query
    units = _progress_units(session, query)
    province_layer = UNIT_LAYERS[query.scheme][0]
    provinces = _frame(drawn_features(session, province_layer))
    outlines = _chosen_units(session, query.units)
    # a 2025 province chosen is framed whole, the former provinces it holds no units of too (trial 68)
    parts = former_parts(context)
    whole = parts_of(parts, [] if len(outlines) else query.provinces)
    around = pd.concat([units[["geometry"]], whole[["geometry"]]]) if len(units) else provinces
    per_mm = _fit(sheet, _view(request), around)
    _draw_context(sheet, context)
    shown = draw_former_parts(sheet, parts)
    for code, group in units.groupby("progress_class"):
        draw_areas(
            sheet.map_axes,
            group,
            facecolor=PROGRESS_DISTRICTS.colour_of(code),
            alpha=PROGRESS_FILL_ALPHA,
            edgecolor="none",
            zorder=3,
        )
        if code == "none":
            draw_areas(
                sheet.map_axes,
                group,
                facecolor="none",
                edgecolor=HATCH_COLOUR,
                hatch=NO_PROJECTS_HATCH,
                linewidth=0,
                zorder=3,
            )
    draw_areas(sheet.map_axes, units, facecolor="none", edgecolor="#555555", linewidth=sheet.pt(0.5), zorder=4)
    others = _units_not_chosen(session, query, units)
    if len(others):  # a former district's sheet left its neighbours white, as if outside the registry (trial 47)
        draw_areas(
            sheet.map_axes, others, facecolor=NOT_CHOSEN, edgecolor="#999999", linewidth=sheet.pt(0.4), zorder=2.5
        )
    _draw_chosen(sheet, outlines)
    draw_areas(
        sheet.map_axes, provinces, facecolor="none", edgecolor=province_layer.colour, linewidth=sheet.pt(1.4), zorder=5
    )
    size = sheet.name_size(MAP_NAME, per_mm)
    registry = registry_provinces(session)
    province_names = _province_names(registry, lang)
    units["progress_said"] = [
        _progress_said(p, n, query.weight, lang, total)
        for p, n, total in zip(units["progress_percent"], units["projects"], units["weight_total"], strict=True)
    ]
    on_demo = _demo_marked_units(units, lang)
    name_former_parts(sheet, shown, per_mm, held=False)
    numbered = _unit_names(sheet, units, lang, per_mm, size, province_names, with_progress=True)
    name_former_parts(sheet, shown, per_mm, held=True)
    # a sheet of some provinces leaves the registry's others white: they are named, and said so in the legend
    coloured = set(units["code"]) | set(units["province_code"].dropna())
    registry_codes = context.loc[context["kind"] == "province", "code"] if "code" in context else []
    blank = [code for code in registry_codes if code not in coloured] if query.provinces else []
    blank_in_view = _context_names(sheet, context, per_mm, blank)
    legend = [LegendRow(text["progress"], "heading")]
    legend += [
        LegendRow(
            _class_label(term, query.weight, lang),
            "patch",
            colour=PROGRESS_DISTRICTS.colour_of(term.code),
            alpha=PROGRESS_FILL_ALPHA,
            edge="#555555",
            hatch=NO_PROJECTS_HATCH if term.code == "none" else None,
        )
        for term in PROGRESS_CLASSES
    ]
    hatched = hatched_in(shown)
    if hatched or (share_covered(session, query.scheme, query.level) or 1) < 0.99:  # a 2025 province beyond its units
        legend.append(uncovered_row(lang, _level_said(query.level, lang), hatched))
    if blank_in_view:
        legend.append(LegendRow(text["not_chosen"], "patch", colour=STYLES["province"]["fillColor"], edge="#555555"))
    if len(others):
        label = text["units_not_chosen"][query.level]
        legend.append(LegendRow(label, "patch", colour=NOT_CHOSEN, edge="#999999"))
    legend += _boundary_rows(text, lang, province_layer, None) + outline_rows(shown, lang)
    legend += _chosen_rows(outlines, lang)
    unit_words = _scheme_level_words(query.scheme, query.level, lang)
    weight = text["weight"].format(weight=vocab.labels(vocab.PROGRESS_WEIGHTS, lang)[query.weight])
    if query.via:
        weight += f" ({text['via'].format(scheme=_scheme_words(query.via, lang))})"
    held = held_only_said(whole, lang, progress=True)
    lines = [
        *([held] if held else []),
        _date_line(query.as_of, today, lang),
        f"{text['units'].format(units=unit_words)} · {weight}",
        *([text["budget_line"]] if query.weight == "budget" else []),
        _filters_line(
            progress_filters(query),
            lang,
            province_names,
            _named(outlines, lang),
            _agency_names(session, query.agencies, lang),
        ),
        _counted_line(query.plans, lang),
        *([text["demo_units"].format(n=local_number(on_demo, lang, 0))] if on_demo else []),
    ]
    # the title names the units, or the provinces, chosen; none chosen, the registry's (a slide of the whole registry
    # named no place: trial 50)
    day = query.as_of or today
    chosen = (
        _titled_units(registry, outlines, lang, day)
        if len(outlines)
        else _titled_provinces(registry, query.provinces, lang, day, query.scheme)
    )
    title = MAP_TEXT[lang]["progress_title_of"].format(provinces=chosen)
    words = SheetText(
        title=title,
        lines=lines,
        legend=legend,
        legend_title=text["legend"],
        source=_source(session, query.scheme, lang, today, plans),
        north=text["north"],
    )
    return _numbered_listed(sheet, words, numbered, request.format, lang) if numbered else words


#: The numbered units' key, in two halves side by side: number, name, progress (fractions of the text's width).
_NUMBERED_COLUMNS = ((0.0, 0.05), (0.055, 0.3), (0.36, 0.13), (0.52, 0.05), (0.575, 0.3), (0.88, 0.12))


def _numbered_listed(
    sheet: Sheet, words: SheetText, numbered: list[tuple[str, str, str]], fmt: str, lang: str
) -> SheetText:
    """Where the units numbered on the map are named: in the legend if they can be read there, else a PDF lists them
    on its next page (the legend says which) and a PNG says where to read them (43 of the 2025 communes' 66 were
    listed at 3.4 pt on an A4 sheet: trial 65; a PDF sent three districts that fitted to page 2)."""
    text = TEXT[lang]
    heading = LegendRow(text["numbered"], "heading")
    numbers = numbered[0][0] if len(numbered) == 1 else f"{numbered[0][0]}–{numbered[-1][0]}"
    listed = [heading, *(LegendRow(f"{number}. {name}: {said}", "note") for number, name, said in numbered)]
    if fmt != "pdf":
        elsewhere = [heading, LegendRow(text["numbered_elsewhere"].format(numbers=numbers), "note")]
        return replace(words, listed=listed, listed_elsewhere=elsewhere)
    half = -(-len(numbered) // 2)
    right = [*numbered[half:], ("", "", "")]
    rows = [(*left, *other) for left, other in zip(numbered[:half], right, strict=False)]
    title = text["numbered_title"].format(title=words.title)
    key = SheetKey(title, text["numbered_heads"] * 2, rows, columns=_NUMBERED_COLUMNS)
    last = 1 + len(key_pages(sheet, key))
    pages = "2" if last == 2 else f"2–{last}"
    said = LegendRow(text["numbered_on_page"].format(numbers=numbers, pages=pages), "note")
    return replace(words, listed=listed, listed_elsewhere=[heading, said], listed_key=key)


def _demo_marked_units(units: gpd.GeoDataFrame, lang: str) -> int:
    """Marks "(minh họa)" the figures of the ``units`` whose progress counts a demonstration status (a sheet averaged
    the sample's statuses unmarked: trial 57), as ``progress_is_demo`` says; how many it marked."""
    marked = units["progress_is_demo"]
    units.loc[marked, "progress_said"] = [
        TEXT[lang]["demo_status"].format(status=said) for said in units.loc[marked, "progress_said"]
    ]
    return int(marked.sum())


def _progress_units(session: Session, query: ProgressQuery) -> gpd.GeoDataFrame:
    """The units of the query's scheme and level with their progress and colour class, in the map's CRS."""
    collection = unit_progress_geojson(session, query)
    units = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326").to_crs(MAP_CRS)
    units["progress_class"] = units["progress_percent"].map(progress_class)
    # the figures carry names but not the unit's type ("Huyện", "Thị xã"), which its name on the map starts with
    layer = UNIT_LAYERS[query.scheme][0 if query.level == "province" else 1]
    drawn = drawn_features(session, layer)
    units["unit_type_vi"] = units["code"].map({row["code"]: row["unit_type_vi"] for row in drawn})
    units["province_code"] = units["code"].map({row["code"]: row.get("province_code") for row in drawn})
    return units


def _progress_said(progress: float | None, projects: float, weight: str, lang: str, total: float = 0) -> str:
    """A unit's progress on the sheet; a unit with projects, none with the figure weighed by (a budget, which the
    line under the title names), says so: it read "Không có dự án". Weighed by budget, with the unit's budget
    ``total`` (its projects' by their shares in it): "64,9 % · 7.700 tỷ đồng"."""
    if weight != "count" and projects and (progress is None or progress != progress):
        return TEXT[lang]["no_figure"]
    if weight == "budget" and total:
        return TEXT[lang]["budget_said"].format(percent=_percent(progress, lang), total=local_number(total, lang, 0))
    return _percent(progress, lang)


def _class_label(term: vocab.Term, weight: str, lang: str) -> str:
    """A progress class in the legend; grey, weighed by a figure, is also a unit whose projects all lack it."""
    if weight != "count" and term.code == "none":
        return TEXT[lang]["none_or_no_figure"]
    return term.vi if lang == "vi" else term.en


def _level_said(level: str, lang: str) -> str:
    """A level of units as a legend's line says it: "xã, phường", "commune"."""
    return vocab.labels(vocab.UNIT_LEVELS, lang)[level].lower()


def _scheme_level_words(scheme: str, level: str, lang: str) -> str:
    levels = {
        "vi": {"province": "tỉnh", "district": "huyện", "commune": "xã, phường"},
        "en": {"province": "provinces", "district": "districts", "commune": "communes"},
    }
    return f"{levels[lang][level]} ({_scheme_words(scheme, lang)})"


def _scheme_words(scheme: str, lang: str) -> str:
    words = {
        "vi": {"pre2025": "trước 01/07/2025", "2025": "từ 01/07/2025"},
        "en": {"pre2025": "before 1 July 2025", "2025": "from 1 July 2025"},
    }
    return words[lang][scheme]


# A unit's map ---------------------------------------------------------------------------------------------------


def export_unit_map(
    session: Session, unit: dict[str, Any], lang: str, settings: Settings, today: date | None = None
) -> bytes:
    """The PNG of a unit's map (an A4 landscape sheet, for the yearly report): the unit (geo.queries.unit_summary's
    ``find_unit``) over its neighbours, its projects in their statuses' colours and outlines (as its page draws
    them), its name as the title, its progress and the date, legend, scale bar, north arrow and source line."""
    today = today or vietnam_today()
    context = _context_features(session, settings, lang, unit["scheme"])
    return _printed("a4", "landscape", "png", lambda sheet: _draw_unit(session, unit, sheet, lang, context, today))


def _draw_unit(
    session: Session, unit: dict[str, Any], sheet: Sheet, lang: str, context: gpd.GeoDataFrame, today: date
) -> SheetText:
    summary, text, name = unit_summary(session, unit, today), TEXT[lang], unit_label(unit, lang)
    province_layer, unit_layer = UNIT_LAYERS[unit["scheme"]]
    outline = _frame([{"geometry": shape(json.loads(unit["geometry"]))}])
    shapes = [p | {"geometry": shape(json.loads(p["geometry"]))} for p in summary["projects"] if p["geometry"]]
    projects = _frame(shapes)
    per_mm = sheet.frame(tuple(pd.concat([outline, projects]).total_bounds), pad=0.08)
    _draw_context(sheet, context)
    units = _frame(drawn_features(session, unit_layer))
    draw_areas(sheet.map_axes, units, facecolor="none", edgecolor=unit_layer.colour, linewidth=sheet.pt(0.6), zorder=3)
    draw_areas(
        sheet.map_axes,
        _frame(drawn_features(session, province_layer)),
        facecolor="none",
        edgecolor=province_layer.colour,
        linewidth=sheet.pt(1.4),
        zorder=4,
    )
    draw_areas(sheet.map_axes, outline, facecolor=UNIT_FILL, alpha=0.25, edgecolor="none", zorder=2)
    draw_areas(sheet.map_axes, outline, facecolor="none", edgecolor=UNIT_EDGE, linewidth=sheet.pt(2.2), zorder=5)
    legend = _status_colour_rows(text, lang, _projects(sheet, projects, per_mm, by_status=True)[1])
    heading, *boundaries = _boundary_rows(text, lang, province_layer, unit_layer)
    legend += [heading, LegendRow(name, "patch", colour=UNIT_FILL, alpha=0.25, edge=UNIT_EDGE), *boundaries]
    size = sheet.name_size(MAP_NAME, per_mm)
    _unit_names(sheet, units, lang, per_mm, size, _province_names(registry_provinces(session), lang))
    _context_names(sheet, context, per_mm)
    _project_codes(sheet, projects, per_mm, lang)
    progress = summary["progress"]["progress_percent"] if summary["progress"] else None
    demo_said = demo_statuses_said(summary["projects"], lang)
    shown = _percent(progress, lang)
    on_demo = rests_on_demo(p["status_is_demo"] for p in summary["projects"])
    if on_demo and progress is not None:  # the figure counts them: marked as the yearly report marks one
        shown = text["demo_status"].format(status=shown)
    lines = [
        _date_line(None, today, lang),
        text["unit_progress"].format(percent=shown),
        text["drawn"].format(n=local_number(len(projects), lang, 0)),
        _counted_line([], lang),
        *([demo_said] if demo_said else []),
    ]
    # a 2025 province of which the registry holds one former province: the figures are that part's (trial 57, F18)
    lines += [said for said in (registry_part_said(summary["lineage"], lang),) if said]
    return SheetText(
        title=name,
        lines=lines,
        legend=legend,
        legend_title=text["legend"],
        source=_source(session, unit["scheme"], lang, today, plan_codes(session)),
        north=text["north"],
    )


# Shared ---------------------------------------------------------------------------------------------------------


def _view(request: MapExport) -> Any:
    """The part of the map asked for (``request.frame``), in the map's CRS; None for the whole of the provinces."""
    if request.frame is None:
        return None
    return _frame([{"geometry": box(*request.frame)}]).geometry.iloc[0]


def _fit(sheet: Sheet, view: Any, framed: gpd.GeoDataFrame) -> float:
    """Fit the sheet's map to ``view`` as it is (what the reader saw), else around ``framed`` with a margin."""
    return sheet.frame(tuple(view.bounds), pad=0) if view is not None else sheet.frame(tuple(framed.total_bounds))


def _frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """Rows with a shapely ``geometry`` (WGS 84) as a GeoDataFrame in the map's CRS (empty when no rows)."""
    geometry = gpd.GeoSeries([r["geometry"] for r in rows], crs="EPSG:4326")
    fields = [{k: v for k, v in r.items() if k != "geometry"} for r in rows]
    return gpd.GeoDataFrame(fields, geometry=geometry).to_crs(MAP_CRS)


def _context_features(session: Session, settings: Settings, lang: str, scheme: str) -> gpd.GeoDataFrame:
    """The sea, the registry's provinces and the neighbouring provinces of boundary ``scheme`` with their names in
    ``lang``, and on the 2025 boundaries the former provinces inside the registry's (maps.sheet_former_parts), as the
    web map draws them (maps.context); without the sea if its package is not installed."""
    try:
        features = map_context(session, settings, lang, scheme, parts=True)["features"]
    except SeaMissing:
        features = []
    if not features:
        return gpd.GeoDataFrame({"kind": []}, geometry=gpd.GeoSeries([], crs="EPSG:4326")).to_crs(MAP_CRS)
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326").to_crs(MAP_CRS)


def _draw_context(sheet: Sheet, context: gpd.GeoDataFrame) -> None:
    """Land grey, the sea blue, the registry's provinces white and the neighbours grey, under everything."""
    sheet.map_axes.set_facecolor(LAND)
    for order, kind in enumerate(FILLED, start=1):
        part = context[context["kind"] == kind]
        if not part.empty:
            style = STYLES[kind]
            draw_areas(
                sheet.map_axes,
                part,
                facecolor=style["fillColor"],
                edgecolor=style["color"],
                linewidth=sheet.pt(0.6),
                zorder=order / 10,
            )


def _context_names(
    sheet: Sheet, context: gpd.GeoDataFrame, per_mm: float, blank_provinces: Collection[str] = ()
) -> set[str]:
    """The neighbouring provinces' names, and those of the registry's ``blank_provinces`` (left uncoloured by a sheet of
    others), where their part in the frame is (once the registry's own units are written); returns the codes of the
    blank provinces named (those in the frame)."""
    (west, east), (south, north) = sheet.map_axes.get_xlim(), sheet.map_axes.get_ylim()
    shown = box(west, south, east, north)
    named = context["kind"] == "neighbour"
    if blank_provinces:  # (a registry without provinces has no codes in its context)
        named |= (context["kind"] == "province") & context["code"].isin(blank_provinces)
    written = set()
    for _, row in context[named].iterrows():
        part = row.geometry.intersection(shown)
        if not part.is_empty:
            at = part.representative_point()
            sheet.label(at.x, at.y, row["label"], 8, per_mm, color="#757575", fontstyle="italic")
            written.add(row.get("code"))
    return written & set(blank_provinces)


def _project_codes(sheet: Sheet, projects: gpd.GeoDataFrame, per_mm: float, lang: str) -> None:
    """Each project's short name beside it, or its code where the name has no room — above, below, right or left of
    its inner point, or diagonally off it, the first place where it overlaps no name already written — so that a
    printed map says which project is which (the biggest first). A PNG has no list of what the codes stand for: a
    director read "TV-WIND-V1-5-6-HIEP-THANH" and no name (trial 57); the web map writes names over its symbols."""
    if projects.empty:
        return
    size = MAP_NAME
    letter = sheet.pt(size) / PT_PER_MM * per_mm
    ordered = projects.assign(size=projects.area + projects.length).sort_values("size", ascending=False)
    for _, row in ordered.iterrows():
        at = row.geometry.representative_point()
        for said in dict.fromkeys((_short_name(row, lang), row["code"])):
            across = (0.3 * letter * len(said)) + 2.0 * per_mm
            near = ((0, 3.2 * per_mm), (0, -3.2 * per_mm), (across, 0), (-across, 0))
            corners = ((dx, dy) for dx in (across, -across) for dy in (3.2 * per_mm, -3.2 * per_mm))
            if any(
                sheet.label(at.x + dx, at.y + dy, said, size, per_mm, color="#333333") for dx, dy in (*near, *corners)
            ):
                break


def _short_name(project: Mapping[str, Any], lang: str) -> str:
    """A project's name in ``lang`` cut short past SHORT_NAME_LETTERS ("…"); its code when it has none."""
    name = (project.get("name_en") if lang == "en" else None) or project.get("name_vi") or project["code"]
    return name if len(name) <= SHORT_NAME_LETTERS else name[: SHORT_NAME_LETTERS - 1].rstrip() + "…"


def _unit_names(
    sheet: Sheet,
    units: gpd.GeoDataFrame,
    lang: str,
    per_mm: float,
    size: float,
    provinces: dict[str, str],
    with_progress: bool = False,
    clear_of: Sequence[tuple[float, float, float, float]] = (),
) -> list[str]:
    """Each unit's name at a point inside it, biggest units first (a name that would overlap another is left
    out); with its progress under it on the choropleth, where a unit with no room for both gets a number instead
    (a yearly report's map gives every unit's figure: a number with no room of its own is written over the others
    rather than left out). Units of one name (two "Xã Phong Thạnh") are told apart by their province (``provinces``:
    code -> name in ``lang``), on the map and in the list. A name over a project's symbol (``clear_of``: boxes) moves
    a line up or down, inside its unit, where it covers none, as the web map's do (sites placed at their district's
    centre were hidden under its name). Returns what the numbers stand for: ("1", "Huyện …", "40,1 %")."""
    numbered: list[tuple[str, str, str]] = []
    names = pd.Series([unit_label(row, lang) for _, row in units.iterrows()], index=units.index, dtype=object)
    province = units["province_code"].map(provinces) if "province_code" in units else pd.Series(index=units.index)
    repeated = names.duplicated(keep=False) & province.notna()
    names = names.where(~repeated, names + " (" + province.astype(str) + ")")
    for _, row in units.assign(area=units.area, name=names).sort_values("area", ascending=False).iterrows():
        name = row["name"]
        text = f"{name}\n{row['progress_said']}" if with_progress else name
        at = row.geometry.representative_point()
        if clear_of and _name_off_symbols(sheet, row.geometry, at, text, size, per_mm, clear_of):
            continue
        if sheet.label(at.x, at.y, text, size, per_mm, color="#222222") or not with_progress:
            continue
        number = str(len(numbered) + 1)
        if _number_inside(sheet, row.geometry, number, size, per_mm):
            numbered.append((number, name, row["progress_said"]))
    return numbered


def _name_off_symbols(
    sheet: Sheet,
    unit: Any,
    at: Point,
    text: str,
    size: float,
    per_mm: float,
    clear_of: Sequence[tuple[float, float, float, float]],
) -> bool:
    """Write a unit's name at its point, or a line or two above or below it, or half its width aside, inside the
    unit, where it covers no symbol."""
    letter = sheet.pt(size) / PT_PER_MM * per_mm
    line, aside = 1.5 * letter, 0.3 * letter * max(len(part) for part in text.split("\n"))
    rises = (0.0, line, -line, 2 * line, -2 * line)
    moves = [(dx, dy) for dx in (0.0, aside, -aside) for dy in rises]  # a longer name (in English) has fewer places
    for dx, dy in moves:
        if (dx or dy) and not unit.contains(Point(at.x + dx, at.y + dy)):
            continue
        if sheet.label(at.x + dx, at.y + dy, text, size, per_mm, clear_of=clear_of, color="#222222"):
            return True
    return False


def _titled_provinces(
    registry: list[dict[str, Any]], codes: list[str], lang: str, day: date, scheme: str | None = None
) -> str:
    """The provinces a sheet's title names (the registry's former ones when none is chosen), by their own names, with
    what those ended by the day the sheet shows are part of now: "Trà Vinh (nay thuộc Vĩnh Long)" on a sheet for Vĩnh
    Long's People's Committee in 2026, not "Trà Vinh" as if it still were a province. On a sheet of the former
    boundaries (``scheme`` "pre2025") a 2025 province chosen is named by the former ones the registry holds in it, those
    drawn: /progress?province=96 was titled "Cà Mau" over former Bạc Liêu, beside the grey former Cà Mau named "Tỉnh Cà
    Mau" (trial 57, F13). ``registry``: the registry's provinces (geo.queries.map_choices.registry_provinces)."""
    provinces = {p["code"]: p for p in registry}
    former = [code for code, p in provinces.items() if p["scheme"] == "pre2025"]
    if scheme == "pre2025":
        codes = list(dict.fromkeys(kept for code in codes for kept in _former_codes(provinces.get(code)) or [code]))
    codes = codes or sorted(former, key=lambda code: provinces[code]["name_vi"])
    chosen = [provinces[code] for code in codes if code in provinces]
    names = ", ".join(p["name_vi"] for p in chosen) or ", ".join(codes)
    ended = [p for p in chosen if p["valid_to"] and date.fromisoformat(p["valid_to"]) < day and p["now_in_vi"]]
    if not chosen or len(ended) < len(chosen):
        return names
    now = ", ".join(dict.fromkeys(p["now_in_vi"] for p in ended))
    return f"{names} ({MAP_TEXT[lang]['province_now_in'].format(name=now)})"


def _former_codes(province: dict[str, Any] | None) -> list[str]:
    """The former provinces the registry holds in a 2025 ``province`` (none for a former one or an unknown code)."""
    return list(province["formerly"]) if province and province["scheme"] == "2025" else []


def _province_names(registry: list[dict[str, Any]], lang: str) -> dict[str, str]:
    """The ``registry``'s provinces (geo.queries.map_choices.registry_provinces) by code, named in ``lang``."""
    return {p["code"]: p[f"name_{lang}"] or p["name_vi"] for p in registry}


def _agency_names(session: Session, codes: list[str], lang: str) -> dict[str, str]:
    """The agencies chosen, by code, named in ``lang``; nothing read when none is chosen."""
    if not codes:
        return {}
    return {a.code: (a.name_en if lang == "en" else None) or a.name_vi for a in all_agencies(session)}


def _units_not_chosen(session: Session, query: ProgressQuery, drawn: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The registry's units of the query's level a sheet of some units (?unit=) does not colour."""
    if not query.units or query.level == "province":
        return _frame([])
    coloured = set(drawn["code"])
    return _frame([u for u in drawn_features(session, UNIT_LAYERS[query.scheme][1]) if u["code"] not in coloured])


def _chosen_units(session: Session, codes: list[str]) -> gpd.GeoDataFrame:
    """The units a sheet is filtered by (former districts, 2025 communes), with their names and outlines."""
    rows = unit_outlines(session, codes) if codes else []
    return _frame([r | {"geometry": shape(json.loads(r["geometry"]))} for r in rows])


def _named(outlines: gpd.GeoDataFrame, lang: str) -> dict[str, str]:
    return {r["code"]: (r["name_en"] if lang == "en" else None) or r["name_vi"] for _, r in outlines.iterrows()}


def _listed(rows: list[dict[str, Any]], lang: str) -> str:
    """Units of :func:`unit_outlines` named in ``lang`` with their codes: "Xã Vĩnh Lợi (31900)"."""
    return ", ".join(f"{(row['name_en'] if lang == 'en' else None) or row['name_vi']} ({row['code']})" for row in rows)


def _draw_chosen(sheet: Sheet, outlines: gpd.GeoDataFrame) -> None:
    """The boundary of the units chosen, over the others: a sheet of a former district shows where it was."""
    if len(outlines):
        draw_areas(
            sheet.map_axes, outlines, facecolor="none", edgecolor=CHOSEN_OUTLINE, linewidth=sheet.pt(2.2), zorder=6
        )


def _chosen_rows(outlines: gpd.GeoDataFrame, lang: str) -> list[LegendRow]:
    if not len(outlines):
        return []
    label = MAP_TEXT[lang]["chosen_outline"].format(units=", ".join(_named(outlines, lang).values()))
    return [LegendRow(label, "line", colour=CHOSEN_OUTLINE, linewidth=2.2)]


def _titled_units(registry: list[dict[str, Any]], outlines: gpd.GeoDataFrame, lang: str, day: date) -> str:
    """The units a sheet is of, as its title names them, with their provinces as the title names those: "Huyện Hoà
    Bình, Bạc Liêu (nay thuộc Cà Mau)"."""
    provinces = sorted({code for code in outlines["province_code"] if code})
    named = ", ".join(_named(outlines, lang).values())
    return f"{named}, {_titled_provinces(registry, provinces, lang, day)}" if provinces else named


#: Where a unit's number goes when its inside point has no room: around it, one then two letters' height away.
_AROUND = [
    (r * dx, r * dy)
    for r in (1.5, 3.0)
    for dx, dy in ((0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (-1, -1), (1, -1), (-1, 1))
]


def _number_inside(sheet: Sheet, unit: Any, number: str, size: float, per_mm: float) -> bool:
    """Write ``number`` inside ``unit``: at its inside point, else near it where no name is, else over the others;
    False only when the unit lies outside the frame."""
    at = unit.representative_point()
    step = sheet.pt(size) / PT_PER_MM * per_mm
    style = {"color": "#222222", "fontweight": "bold"}
    for dx, dy in [(0.0, 0.0), *_AROUND]:
        x, y = at.x + dx * step, at.y + dy * step
        if unit.contains(Point(x, y)) and sheet.label(x, y, number, size, per_mm, **style):
            return True
    return sheet.label(at.x, at.y, number, size, per_mm, overlap=True, **style)


def _percent(value: float | None, lang: str) -> str:
    """A unit's progress as the map and the table write it (geo.vi_format.local_percent: "0,0 %", "42,5 %" /
    "42.5 %"); "no projects" for none."""
    if value is None or value != value:
        return MAP_TEXT[lang]["no_projects"]
    return local_percent(value, lang)


def _boundary_rows(text: dict[str, Any], lang: str, provinces: Layer, units: Layer | None) -> list[LegendRow]:
    rows = [
        LegendRow(text["boundaries"], "heading"),
        LegendRow(provinces.title(lang), "line", colour=provinces.colour, linewidth=1.4),
    ]
    if units is not None:
        rows.append(LegendRow(units.title(lang), "line", colour=units.colour, linewidth=0.6))
    rows.append(LegendRow(text["sea"], "patch", colour=STYLES["sea"]["fillColor"], edge=STYLES["sea"]["color"]))
    rows.append(
        LegendRow(
            text["neighbours"], "patch", colour=STYLES["neighbour"]["fillColor"], edge=STYLES["neighbour"]["color"]
        )
    )
    return rows


def _date_line(as_of: date | None, today: date, lang: str) -> str:
    shown = local_date(as_of or today, lang)  # as every page writes a day: 31/12/2024, 31 Dec 2024
    return TEXT[lang]["as_of" if as_of else "now"].format(date=shown)


def _source(session: Session, scheme: str, lang: str, today: date, plans: Collection[str]) -> str:
    """The sheet's source line: its boundaries' files, the sea's, and the registry's ``plans``."""
    # the bundled files by who made them; an office's own by the file it loaded them from
    files = [Path(source).name for source in boundary_sources(session, scheme)]
    cited = [BOUNDARY_CITATIONS.get(name, {}).get(lang, name) for name in files]
    boundaries = "; ".join(dict.fromkeys(cited))
    shown = local_date(today, lang)
    sea = f"{SEA_ATTRIBUTION} (earth-seas-10m)"
    return TEXT[lang]["source"].format(boundaries=boundaries, sea=sea, plans=", ".join(sorted(plans)), today=shown)
