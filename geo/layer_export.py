"""Exporting a layer as GeoPackage, zipped shapefile, GeoJSON or CSV, in WGS 84 or another CRS (VN-2000 TM-3).

A layer mixing geometry types is split, as GIS software gives a layer one type: one GeoPackage layer and one
shapefile per family (``<layer>_point``, ``_line``, ``_polygon``, promoted to Multi*; a shapefile of single points,
lines or polygons keeps their type), and the rows without a geometry (province-wide projects) in a table of their own
(``<layer>_no_geometry``: a GeoPackage attribute table, a CSV in the shapefile zip), never as shapes at 0,0.
GeoPackages are written as version 1.2, which GDAL 3.6 and QGIS 3.22 read without the "only partly supported"
warning that 1.4 gets.

Shapefiles are written UTF-8 with a .cpg and an ESRI .prj, field names shortened as geo.ingest.mapping expects
(so an export loads back with ``georeg ingest``), reals 21 wide with 6 decimals (more where a value needs more),
room for what an office types, and each text field as wide as its longest text (geo.dbf_widths). A shapefile's
text holds at most 254 bytes: longer texts (descriptions, location notes, sources) are cut, by GDAL at a
character's start (never inside one: a Vietnamese letter takes 2–3 bytes),
and the export says which of each field (:attr:`Exported.cut`: the command line and the download's header) and
lists them in the zip's README.txt, with where the whole texts are (a GeoPackage; a reload keeps the stored ones).
VN-2000 output uses geo.coordinates.from_wgs84 (the official Decision 05/2007 shift).

The Excel workbook is a planner's sheet that an officer may correct and load back by code: its headings in the
asker's language (geo.sheet_headings, which a load reads back as their fields: geo.ingest.mapping), columns fitted to
their texts, an autofilter, the province, districts and communes by name beside the codes (SHEET_COLUMNS, for reading
only), a point on each site as x/y (a reload keeps the line or area the point lies on: geo.ingest.sheet_points), when
each project last changed (CHANGED_AT: a reload of an older workbook is refused as an older GIS export is), and a last
sheet ``fields`` pairing each heading with its field code for GIS staff.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.dbf_widths import fit_text_fields
from geo.duty_holders import duty_holders_sql
from geo.gdal_writes import GdalWriteError, gdal_writing
from geo.ingest.mapping import SHAPEFILE_NAMES, SHAPEFILE_TEXT_LIMIT, cut_in_a_shapefile
from geo.ingest.units_given import SEVERAL
from geo.layer_chunks import (
    CHUNK_ROWS,
    NO_GEOMETRY,
    Spool,
    TableSpool,
    geometry_families,
    read_chunks,
    spooled,
)
from geo.listed_tables import about_sheet
from geo.log_words import logged
from geo.plain_text import cleaned
from geo.queries.features import write_feature_collection
from geo.queries.projects_by_place import PROVINCE_CODES
from geo.report_sheet import REPORT_AMOUNTS, report_table
from geo.said import Said, SaidError, fill
from geo.schedule import TODAY_IN_VIETNAM, due_year_sql, schedule_sql
from geo.sheet_headings import HEADINGS, REPORT_SHEET, point_headings
from geo.sheet_rows import RowsWorkbook
from geo.source_labels import source_label
from geo.sources_field import sources_text_sql
from geo.stalled import not_a_load_sql
from geo.status_history import ALIVE_AS_OF, COUNTED, STATE_AS_OF
from geo.text_encoding.names import fold
from geo.unit_names import unit_name_sql
from geo.vi_format import VIETNAM_TIME, local_number
from geo.vocab import PROJECT_KINDS, PROJECT_SCHEDULES, PROJECT_STATUSES, labels
from geo.workbook_layout import (
    SHEET_DATES,
    Measured,
    NumberFormat,
    amount_format,
    longest_line,
    write_laid_out,
    write_measured,
)

FORMATS = ("gpkg", "shp", "geojson", "csv", "xlsx")
_log = logging.getLogger(__name__)
REFUSALS = {
    "unknown_layer": {"vi": "không có lớp {layer}; các lớp: {layers}", "en": "unknown layer {layer}; one of {layers}"},
    "unknown_format": {
        "vi": "không có định dạng {fmt}; các định dạng: {formats}",
        "en": "unknown format {fmt}; one of {formats}",
    },
    "unknown_crs": {
        "vi": "không nhận ra hệ tọa độ {crs}; hãy ghi mã EPSG, ví dụ EPSG:9209 (VN-2000 TM-3 105°30')",
        "en": "{crs} is not a CRS known; give an EPSG code, e.g. EPSG:9209 (VN-2000 TM-3 105°30')",
    },
    "geojson_wgs84": {
        "vi": "GeoJSON chỉ ở WGS 84 (RFC 7946); hãy xuất gpkg, shp hoặc csv cho hệ tọa độ khác",
        "en": "GeoJSON is WGS 84 only (RFC 7946); use gpkg, shp or csv for another CRS",
    },
    "report_sheet": {
        "vi": "chỉ bảng tính dự án (projects.xlsx) có trang cho báo cáo (sheet=report); {layer}, {fmt} thì bỏ sheet",
        "en": "only the projects spreadsheet (projects.xlsx) has a sheet for reports (sheet=report); drop sheet for "
        "{layer}, {fmt}",
    },
    "as_of_projects_only": {
        "vi": "chỉ lớp dự án xuất được theo một ngày (as_of); lớp {layer} thì bỏ as_of",
        "en": "only the projects layer is exported as of a date (as_of); drop as_of for {layer}",
    },
    "no_room": {
        "vi": "máy chủ không còn chỗ trên ổ đĩa để ghi tệp xuất này (thư mục tạm của nó đã đầy): chưa xuất được gì; "
        "hãy thử lại sau, và báo quản trị viên sổ đăng ký giải phóng chỗ trên ổ đĩa đó (hoặc đặt TMPDIR là một thư mục "
        "trên ổ đĩa lớn hơn)",
        "en": "the server has no room left on its disk to write this export's file (its temporary folder is full): "
        "nothing was exported; try again later, and tell the registry's administrator, who frees some room on that "
        "disk (or sets TMPDIR to a folder on a larger disk)",
    },
    "shapefile_zip": {
        "vi": "bản xuất shapefile là một tệp nén zip (các lớp .shp kèm .dbf, .shx, .prj, .cpg): hãy đặt tên {name}",
        "en": "a shapefile export is a zip (each layer's .shp with its .dbf, .shx, .prj, .cpg): name it {name}",
    },
}


class ExportRefused(SaidError):
    """An export asked of a layer, format or CRS that is not there (``status`` 404 for a layer, else 422)."""

    def __init__(self, key: str, status: int = 422, **blanks: Any) -> None:
        super().__init__(fill(REFUSALS, key, **blanks))
        self.status = status


MEDIA_TYPES = {
    "gpkg": "application/geopackage+sqlite3",
    "shp": "application/zip",
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIXES = {"gpkg": ".gpkg", "shp": ".zip", "geojson": ".geojson", "csv": ".csv", "xlsx": ".xlsx"}

#: The file a shapefile zip holds beside its layers when it cut texts, naming them, or was filtered by province,
#: saying which units it holds (in both languages: a zip is passed from office to office).
README = "README.txt"
_CUT_WORDS = {
    "vi": (
        "VĂN BẢN BỊ CẮT TRONG CÁC SHAPEFILE NÀY\n\n"
        "Một trường văn bản của shapefile (tệp .dbf) chỉ chứa được {limit} byte UTF-8; chữ tiếng Việt có dấu chiếm "
        "2–3 byte. Các văn bản dài hơn đã bị cắt ở cuối (không cắt giữa một chữ cái):\n{fields}\n"
        "Bản xuất GeoPackage (định dạng gpkg) giữ nguyên các văn bản này: hãy dùng GeoPackage để đọc hoặc sửa văn "
        "bản dài. Nạp lại các shapefile này (georeg ingest --mode upsert) vẫn giữ văn bản đầy đủ đang lưu, kèm một "
        "cảnh báo; một văn bản dài sửa trong shapefile thì bị lưu ở dạng đã cắt.\n"
    ),
    "en": (
        "TEXTS CUT IN THESE SHAPEFILES\n\n"
        "A shapefile's text field (its .dbf) holds at most {limit} bytes of UTF-8; a Vietnamese letter with its marks "
        "takes 2-3. Longer texts were cut at their end (never inside a letter):\n{fields}\n"
        "The GeoPackage export (format gpkg) keeps these texts whole: use it to read or edit long texts. Loading "
        "these shapefiles back (georeg ingest --mode upsert) keeps the whole stored texts, with a warning; a long "
        "text edited in a shapefile is stored as cut.\n"
    ),
}
_CUT_FIELD = {"vi": "- {field}: {count} văn bản, của {codes}", "en": "- {field}: {count} texts, of {codes}"}


def zip_readme(cut: dict[str, list[str]], about: Said | None = None) -> str:
    """The zip's README.txt, in Vietnamese, then English: what its rows are (``about``), then the texts ``cut`` (field
    -> the codes of their rows)."""
    said = []
    for lang in ("vi", "en"):
        said += ([about.text(lang)] if about else []) + _cut_said(cut, lang)
    return "\n\n".join(said)


def _cut_said(cut: dict[str, list[str]], lang: str) -> list[str]:
    """The README's words of the texts ``cut`` in ``lang``, none when none were."""
    if not cut:
        return []
    fields = "\n".join(
        _CUT_FIELD[lang].format(field=f, count=local_number(len(codes), lang, 0), codes=", ".join(codes))
        for f, codes in cut.items()
    )
    return [_CUT_WORDS[lang].format(limit=SHAPEFILE_TEXT_LIMIT, fields=fields)]


#: The projects' kind and status in words beside their codes (``kind_vi`` "Điện gió" beside ``kind`` "wind_farm"),
#: so that GIS staff style and label a layer in either language without a lookup table of their own: each the
#: vocabulary's labels as a JSON object bound to the query (a load does not read them back: geo.ingest.mapping).
PROJECT_LABELS = {
    f"{field}_{lang}": json.dumps(labels(terms, lang), ensure_ascii=False)
    for field, terms in (("kind", PROJECT_KINDS), ("status", PROJECT_STATUSES), ("schedule", PROJECT_SCHEDULES))
    for lang in ("vi", "en")
}


def _label(code: str, field: str) -> str:
    """The columns of ``field``'s labels (``kind_vi``, ``kind_en``) for the code in ``code``."""
    return ", ".join(f"CAST(:{field}_{lang} AS jsonb) ->> {code} AS {field}_{lang}" for lang in ("vi", "en"))


#: A project's size on the ellipsoid, as a planner reads it: a line's length to the decimetre, an area to the square
#: metre; empty where it has none (a dyke's area, a site's length, a point's either).
_SIZES = (
    "round(CAST(nullif(p.length_m, 0) AS numeric), 1)::float8 AS length_m, "
    "round(nullif(p.area_m2, 0))::bigint AS area_m2"
)


def _reports_join(as_of: bool) -> str:
    """Each project's latest counted report's demonstration mark (``reports.latest_is_demo``, as
    geo.status_history.LATEST_IS_DEMO says it) and the day of its latest report (``reports.last_report``, as
    geo.stalled.last_report_sql), by then when ``as_of``: one grouped pass over the reports of the projects chosen
    (``{chosen_events}``). Two subqueries per project before it took 17–25 s of a 100,000-project export's statement
    (docs/benchmarks.md)."""
    by_then = " AND e.reported_at <= :as_of" if as_of else ""
    return f"""
LEFT JOIN (SELECT e.project_id,
                  (array_agg(e.is_demo ORDER BY e.reported_at DESC, e.version DESC))[1] AS latest_is_demo,
                  max(e.reported_at) FILTER (WHERE {not_a_load_sql("e")}) AS last_report
           FROM status_event e WHERE {COUNTED}{by_then}{{chosen_events}} GROUP BY e.project_id) reports
  ON reports.project_id = p.id"""


def _projects(as_of: bool) -> str:
    """The projects as they are now, or (``as_of``) as of the date bound to ``:as_of``: the status and percent of
    their latest report by then, the day they are of (``status_date``: a GIS load's day, when a load set them last)
    beside the day of the latest report (``last_report``, geo.stalled's: a load is not a report), those not reported
    yet or retired by then left out; the year each is due and where it stands against it on that day
    (geo.schedule); their kind, status and schedule in words from the PROJECT_LABELS bound."""
    state, alive = ("st", ALIVE_AS_OF) if as_of else ("p", "p.retired_at IS NULL")
    demo = "st.status_is_demo" if as_of else "reports.latest_is_demo"
    kind, status = _label("p.kind", "kind"), _label(f"{state}.status", "status")
    due = due_year_sql("p.end_year", "pl.period_end")
    day = "CAST(:as_of AS date)" if as_of else TODAY_IN_VIETNAM
    schedule = schedule_sql(f"{state}.status", due, day)
    return f"""
SELECT p.id, p.code, p.name_vi, p.name_en, p.kind, {kind}, p.province_code{{sheet}}, pl.code AS plan,
       pa.code AS plan_action, ag.code AS lead_agency,
       CASE WHEN :lang = 'en' THEN ag.name_en ELSE ag.name_vi END AS lead_agency_name, hd.code AS lead_now,
       CASE WHEN :lang = 'en' THEN hd.name_en ELSE hd.name_vi END AS lead_now_name, p.capacity_value,
       p.capacity_unit, p.budget_vnd_billion, p.funding_source, p.start_year, p.end_year, p.description_vi,
       p.description_en, p.location_precision, p.location_note_vi, p.location_note_en, {_SIZES},
       {{sources}} AS sources, {state}.status, {status}, {state}.percent,
       {state}.status_date, reports.last_report, {demo} AS status_is_demo, {due} AS due_year,
       sc.schedule, {_label("sc.schedule", "schedule")}, {{geom}}(p.geom{{args}}) AS geometry
FROM project p{STATE_AS_OF if as_of else ""} LEFT JOIN plan pl ON pl.id = p.plan_id
CROSS JOIN LATERAL (SELECT {schedule} AS schedule) sc
LEFT JOIN plan_action pa ON pa.id = p.plan_action_id LEFT JOIN agency ag ON ag.id = p.lead_agency_id
LEFT JOIN ({duty_holders_sql(day)}) hd ON hd.id = p.lead_agency_id{_reports_join(as_of)}{{sheet_join}}
WHERE {alive}{{chosen}} ORDER BY p.code
"""


_UNITS = """
SELECT u.id, u.code, u.name_vi, u.name_en, u.unit_type_vi, u.level, parent.code AS parent_code{sheet},
       u.valid_from, u.valid_to, round(u.area_m2)::bigint AS area_m2, u.source, {geom}(u.geom{args}) AS geometry
FROM admin_unit u LEFT JOIN admin_unit parent ON parent.id = u.parent_id
WHERE u.scheme = :scheme AND u.level = :level AND NOT u.is_context{chosen} ORDER BY u.code
"""
_SALINITY = """
SELECT z.id, z.salinity_class, z.period, z.source, z.zone_code, z.zone_name, {geom}(z.geom{args}) AS geometry
FROM salinity_zone z
WHERE true{chosen} ORDER BY z.id
"""

#: Exportable layers (the map catalog's ids): SQL, its parameters, and its rows' id (what a filter chooses by).
LAYERS: dict[str, tuple[str, dict[str, str], str]] = {
    "projects": (_projects(as_of=False), PROJECT_LABELS, "p.id"),
    "units_pre2025_province": (_UNITS, {"scheme": "pre2025", "level": "province"}, "u.id"),
    "units_pre2025_district": (_UNITS, {"scheme": "pre2025", "level": "district"}, "u.id"),
    "units_2025_province": (_UNITS, {"scheme": "2025", "level": "province"}, "u.id"),
    "units_2025_commune": (_UNITS, {"scheme": "2025", "level": "commune"}, "u.id"),
    "salinity_zones": (_SALINITY, {}, "z.id"),
}


def _project_units(scheme: str, level: str, written: str = unit_name_sql("u")) -> str:
    """The units of ``scheme`` and ``level`` a project lies in, by name (or as ``written``: ``u.code``), as its shares
    place it (geo.apportion, which /progress counts by): the larger share first, joined by "; "; an aggregate over its
    shares (:func:`_places_join`)."""
    return (
        f"string_agg({written}, '; ' ORDER BY s.share DESC, u.code) "
        f"FILTER (WHERE u.scheme = '{scheme}' AND u.level = '{level}')"
    )


def _places_join(columns: dict[str, str]) -> str:
    """A project's units under each scheme (``columns``: name -> :func:`_project_units`), read from the shares in one
    grouped pass over those of the projects chosen (``{chosen_shares}``, so that a district's file reads its own
    share of them). A lateral subquery per project before it made the query's estimate large enough for PostgreSQL to
    compile it (JIT, 6.8 s of 11.6 s at 20,000 projects, machine loaded), and ?unit= came after it, so a district's
    file read every project's units (docs/benchmarks.md); three subqueries before that, one a scheme and level, took
    3.5 s of a 50,000-project sheet's 5.3 s query."""
    aggregates = ", ".join(f"{aggregate} AS {name}" for name, aggregate in columns.items())
    return (
        f" LEFT JOIN (SELECT s.project_id, {aggregates} FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id"
        " WHERE true{chosen_shares} GROUP BY s.project_id) places ON places.project_id = p.id"
    )


def _provinces_2025_join(columns: dict[str, str]) -> str:
    """A project's 2025 province (``columns``: name -> how its units ``u`` are written), the one the province filter,
    the map and /progress count it in (geo.queries.projects_by_place.PROVINCE_CODES): its stored province's own or the
    one that province was merged into, wherever its site lies. Read from the shares before, a site more than 10 km off
    the coast, in no unit, had none, and the exports' count of a province was not /progress's."""
    aggregates = ", ".join(
        f"string_agg({written}, '; ' ORDER BY u.code) AS {name}" for name, written in columns.items()
    )
    return (
        f" LEFT JOIN (SELECT pc.province_code, {aggregates} FROM ({PROVINCE_CODES}) pc JOIN admin_unit u"
        " ON u.id = pc.unit_id AND u.scheme = '2025' GROUP BY pc.province_code) province_2025"
        " ON province_2025.province_code = p.province_code"
    )


PLACES_JOIN = _places_join(
    {"districts": _project_units("pre2025", "district"), "communes": _project_units("2025", "commune")}
) + _provinces_2025_join({"name": unit_name_sql("u")})
#: The units each project lies in, in the GIS formats, by code (to join in QGIS) and by name (with its type, in
#: Vietnamese: "Huyện Đông Hải"), those of a line or area over several joined by "; ", the larger share first: to
#: symbolise, filter and hand each district its projects; its 2025 province as counted (:func:`_provinces_2025_join`).
#: A reload reads the district and commune codes to check each site against them (geo.ingest.units_given) and the
#: rest not (geo.ingest.mapping.EXPORT_ONLY). Not in the tiles or the OGC collections, where every tile and page
#: would pay for the lookup.
_UNIT_WRITTEN = {"codes": "u.code", "names": unit_name_sql("u")}
_GIS_PLACES = {
    f"{name}_{what}": _project_units(scheme, level, written)
    for name, scheme, level in (("district", "pre2025", "district"), ("commune", "2025", "commune"))
    for what, written in _UNIT_WRITTEN.items()
}
GIS_UNIT_COLUMNS = {  # name: where the query reads it
    "district_codes": "places.district_codes",
    "district_names": "places.district_names",
    "province_2025_codes": "province_2025.codes",
    "province_2025_names": "province_2025.names",
    "commune_codes": "places.commune_codes",
    "commune_names": "places.commune_names",
}
_PROJECT_PLACES = (
    f"(SELECT {unit_name_sql('pv')} FROM admin_unit pv WHERE pv.scheme = 'pre2025' AND pv.level = 'province' "
    "AND pv.code = p.province_code) AS province_name",
    "places.districts",
    "province_2025.name AS province_2025",
    "places.communes",
)
#: When each project last changed, to the millisecond: for reading only, in every format that loads back; a reload
#: compares it with the registry's, and refuses to undo what changed after the export
#: (geo.ingest.project_writes.changed_since_export). A date-time (QGIS sorts and filters it as one, trial 53): a
#: GeoPackage's DateTime in UTC ("2026-05-12T06:10:08.123Z"), as the GeoPackage standard wants it — written in Vietnam
#: time (+07:00), GDAL read it as "non-conformant" and QGIS logged a warning for it (trial 54); QGIS shows the same
#: moment; a GeoJSON's text in UTC too, which GDAL reads as a date-time (_moments_written); a shapefile has no
#: date-time field and a CSV no types: text there in Vietnam time ("2026-05-12T13:10:08.123+07:00", _moment_text), and
#: in a workbook's last column, both sheets' (_sheet_table: an Excel date-time has no offset and keeps the
#: millisecond only as a fraction of a day). A reload reads each with its offset (geo.ingest.read).
CHANGED_AT = "p.changed_at"
#: What a spreadsheet adds to a layer's columns (at its ``{sheet}``; to its joins at ``{sheet_join}``) for a planner,
#: who reads names, not codes: a project's province by name and the units it lies in under each scheme, a unit's
#: parent by name; a project's CHANGED_AT. The GIS formats, which load back, add the units' codes and names instead
#: (GIS_COLUMNS).
SHEET_COLUMNS = {
    "projects": "".join(f", {column}" for column in _PROJECT_PLACES) + f", {CHANGED_AT}",
    **{layer: f", {unit_name_sql('parent')} AS parent_name" for layer in LAYERS if layer.startswith("units_")},
}
SHEET_JOINS = {"projects": PLACES_JOIN}
GIS_COLUMNS = {
    "projects": "".join(f", {read} AS {name}" for name, read in GIS_UNIT_COLUMNS.items()) + f", {CHANGED_AT}"
}
GIS_JOINS = {"projects": _places_join(_GIS_PLACES) + _provinces_2025_join(_UNIT_WRITTEN)}
#: The units (former districts, 2025 communes) a projects file was exported for (``--unit``, ``?unit=``), on each of
#: its rows ("954; 958"), so that a reload takes the file for the inventory of those units, and of nothing else
#: (geo.ingest.targets.ProjectsTarget: the projects it does not name are those with a part in them). A column, as QGIS
#: keeps it when an office edits and saves the layer, deletes rows or saves it under another name or format, where a
#: GeoPackage's description is not carried over; a row the office adds has none, and the rows that have it say it.
EXPORT_UNITS = "export_units"

#: The geometry families of a layer, each written as a layer of its own (a shapefile), even when none of its rows
#: is of that family: a QGIS project that opens projects_point keeps working when a selection holds no point.
LAYER_FAMILIES = {"projects": ("point", "line", "polygon")}
_MULTI = {"point": "MultiPoint", "line": "MultiLineString", "polygon": "MultiPolygon"}
_DECIMAL_DIGITS = 19  # the most digits GDAL writes a decimal with (a DBF number 21 wide: a sign, a decimal mark)
#: A shapefile's real keeps what an office types into it in QGIS to the millionth (a budget in billion đồng to the
#: thousand đồng, a capacity in MW to the watt), with room for 13 digits before the decimal mark.
_REAL_PLACES = 6
GEOPACKAGE_VERSION = "1.2"


@dataclass
class Exported:
    """A layer written: where, and (shapefiles) the codes of the rows whose texts were cut at SHAPEFILE_TEXT_LIMIT,
    by field."""

    path: Path
    cut: dict[str, list[str]] = field(default_factory=dict)
    epsg: int | None = 4326  # its CRS's code (a download's name says it when it is not WGS 84)
    lang: str | None = None  # the language of its own words, if it has any (a spreadsheet's headings)
    #: GeoJSON and CSV: the texts stored before geo.plain_text's rule whose characters that are not text were removed
    #: in the file, each as (its beginning, the characters): a form refuses them, a file a form fed never holds them.
    cleaned: list[tuple[str, str]] = field(default_factory=list)

    def named(self, layer: str, as_of: date | None, suffix: str, filters: dict[str, list[str]] | None = None) -> str:
        """The file's name for a download: the layer, its filters, the day its statuses are of, its CRS when not
        WGS 84, its language when English (``projects_kind-sluice_epsg9209.gpkg``, ``projects_en.xlsx``: two exports of
        one layer no longer overwrite each other)."""
        day = f"_as_of_{as_of.isoformat()}" if as_of else ""
        crs = f"_epsg{self.epsg}" if self.epsg != 4326 else ""
        lang = "_en" if self.lang == "en" else ""
        return f"{layer}{filters_named(filters)}{day}{crs}{lang}{suffix}"


def filters_named(filters: dict[str, list[str]] | None) -> str:
    """A download's filters as its file's name says them ("_kind-sluice_province-84", at most 120 characters), so
    that two downloads of one layer, or one map, filtered otherwise do not overwrite each other."""
    return "".join(
        f"_{name}-{'-'.join(_file_word(v) for v in values)}" for name, values in (filters or {}).items() if values
    )[:120]


def _file_word(value: str) -> str:
    """A filter's value as a file's name may hold it: "148/QĐ-UBND" -> "148-qd-ubnd"."""
    return re.sub(r"[^a-z0-9._]+", "-", fold(value)).strip("-")


def export_layer(
    session: Session,
    layer: str,
    fmt: str,
    out: Path,
    crs: str | None = None,
    chosen: tuple[str, dict[str, Any]] | None = None,
    as_of: date | None = None,
    lang: str = "vi",
    for_report: bool = False,
    for_units: list[str] | None = None,
    about: Said | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Exported:
    """Write ``layer`` to ``out`` in ``fmt`` (``crs`` e.g. "EPSG:9209"; WGS 84 when None); raises ExportRefused.
    ``chosen``: a query of the ids to write and its parameters (the map's filters, layers.sources.chosen_features);
    all of them when None. ``as_of``: the projects as of that day (their statuses then). ``lang`` (vi or en): the
    language of a spreadsheet's headings and names; the other formats have field codes and both languages' words.
    ``for_report``: a projects spreadsheet opens on the sheet for a report (geo.report_sheet), the data sheet after.
    ``for_units``: the unit codes ``chosen`` was filtered by, written in the GIS formats' EXPORT_UNITS column.
    ``about``: what the rows chosen are (a units layer's province filter: layers.sources.provinces_said), said in the
    file where its format has room: a GeoPackage's and a GeoJSON's description, a zip's README.txt, a workbook's
    sheet :data:`geo.listed_tables.ABOUT` (a CSV is its table alone). ``chunk_rows``: the rows read and written at a
    time (geo.layer_chunks; a workbook is sized on the whole layer, read so)."""
    if layer not in LAYERS:
        raise ExportRefused("unknown_layer", 404, layer=repr(layer), layers=", ".join(LAYERS))
    if as_of is not None and layer != "projects":
        raise ExportRefused("as_of_projects_only", layer=repr(layer))
    if fmt not in FORMATS:
        raise ExportRefused("unknown_format", fmt=repr(fmt), formats=", ".join(FORMATS))
    if for_report and (layer, fmt) != ("projects", "xlsx"):
        raise ExportRefused("report_sheet", layer=repr(layer), fmt=repr(fmt))
    if fmt == "shp" and out.suffix.lower() != ".zip":
        raise ExportRefused("shapefile_zip", name=out.with_suffix(".zip").name)
    try:
        target = CRS.from_user_input(crs) if crs else CRS.from_epsg(4326)
    except CRSError as exc:
        raise ExportRefused("unknown_crs", crs=repr(crs)) from exc
    sql, params = _layer_sql(session, layer, fmt, chosen, as_of, for_units)
    # a spreadsheet's names in its language; the other formats' in Vietnamese, beside their codes, whatever the asker's
    params = {**params, "lang": lang if fmt == "xlsx" else "vi"}
    session.execute(text("SET LOCAL jit = off"))  # compiling the query took longer than running it (docs/benchmarks.md)
    # the rows are read through a cursor (geo.layer_chunks), which PostgreSQL plans for its first tenth by default
    session.execute(text("SET LOCAL cursor_tuple_fraction = 1"))
    session.execute(text("SET LOCAL work_mem = '64MB'"))  # the rows sorted in memory (on disk: 1.3 s of 100,000)
    if fmt == "geojson":
        if target.to_epsg() != 4326:
            raise ExportRefused("geojson_wgs84")
        # a server-side cursor read chunk_rows at a time, written as it comes: a layer's size is not held in memory
        statement = text(sql.format(geom="ST_AsGeoJSON", args=", 6")).execution_options(yield_per=chunk_rows)
        rows = session.execute(statement, params).mappings()
        told = {"as_of": as_of.isoformat()} if as_of else {}  # the day its statuses are of, inside the file
        told |= {"description": _described(about)} if about else {}
        found: list[tuple[str, str]] = []
        features = (cleaned(dict(_moments_written(row)), found) for row in rows)
        with out.open("w", encoding="utf-8") as file:
            write_feature_collection(file, features, name=layer, **told)
        return Exported(out, epsg=4326, cleaned=found)
    if fmt == "xlsx":
        chunks = read_chunks(session, sql, params, target, chunk_rows, _sources_reader(lang))
        _write_xlsx(chunks, layer, out, lang, for_report, about)
        return Exported(out, epsg=target.to_epsg(), lang=lang)
    chunks = read_chunks(session, sql, params, target, chunk_rows)
    families = LAYER_FAMILIES.get(layer, ("polygon",))
    if fmt == "csv":
        found = []
        for number, chunk in enumerate(chunks):
            _write_csv(_texts_cleaned(chunk, found), out, append=number > 0)
        return Exported(out, epsg=target.to_epsg(), cleaned=found)
    if fmt == "shp":  # a shapefile's field names and moments, before its fields are measured
        chunks = (_moments_as_text(c.rename(columns={n: SHAPEFILE_NAMES.get(n, n) for n in c.columns})) for c in chunks)
    # a disk filling up midway: an OSError naming the file, not pyogrio's error
    with gdal_writing(), spooled(chunks, out.parent, measure_reals=fmt == "shp") as spool:
        if fmt == "gpkg":
            _write_geopackage(spool, layer, families, out, _described(about, as_of))
            return Exported(out, epsg=target.to_epsg())
        return Exported(out, _write_shapefiles(spool, layer, families, out, about), target.to_epsg())


#: What a disk without room says when a file is written on it: full, over the user's quota, or over its file size.
NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def exported_to_temporary(session: Session, layer: str, fmt: str, *asked: Any) -> tuple[Path, Exported]:
    """:func:`export_layer` into a new temporary file, which the caller deletes once it is sent. A disk without room
    for it (GDAL's "disk I/O error" too) is refused as ExportRefused ``no_room`` (507), not a 500, the file removed
    and the folder logged for the administrator; ``asked``: export_layer's arguments after ``out``."""
    handle, name = tempfile.mkstemp(prefix="georeg-export-", suffix=SUFFIXES.get(fmt, ""))
    os.close(handle)
    path = Path(name)
    try:
        return path, export_layer(session, layer, fmt, path, *asked)
    except OSError as error:
        path.unlink(missing_ok=True)
        if not isinstance(error, GdalWriteError) and error.errno not in NO_ROOM:
            raise
        _log.warning("%s", logged("export_no_room", layer=layer, fmt=fmt, folder=path.parent, error=error))
        raise ExportRefused("no_room", 507) from error
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _layer_sql(
    session: Session,
    layer: str,
    fmt: str,
    chosen: tuple[str, dict[str, Any]] | None,
    as_of: date | None,
    for_units: list[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The layer's query in ``fmt``'s columns and its parameters (but ``lang``), its geometry still a blank. The rows
    ``chosen`` are read first, once, and bound: a district's file then reads only its projects' units. A projects
    file to load back exported ``for_units`` says them in its EXPORT_UNITS column."""
    sql, params, row_id = LAYERS[layer]
    if as_of is not None:
        sql, params = _projects(as_of=True), {**params, "as_of": as_of}
    if chosen is not None:
        params = {**params, "chosen_ids": list(session.scalars(text(chosen[0]), chosen[1]))}
    columns, joins = (SHEET_COLUMNS, SHEET_JOINS) if fmt == "xlsx" else (GIS_COLUMNS, GIS_JOINS)
    added = columns.get(layer, "")
    if for_units and fmt != "xlsx" and layer == "projects":
        added += f", CAST(:{EXPORT_UNITS} AS text) AS {EXPORT_UNITS}"
        params = {**params, EXPORT_UNITS: SEVERAL.join(sorted(set(for_units)))}
    sql = sql.replace("{sheet}", added).replace("{sheet_join}", joins.get(layer, ""))
    sql = sql.replace("{chosen}", f" AND {row_id} = ANY(:chosen_ids)" if chosen else "")
    # a sheet words the sources in its language and a GeoJSON keeps them a list; the other formats' text is SQL's
    sql = sql.replace("{sources}", "p.sources" if fmt in ("xlsx", "geojson") else sources_text_sql("p.sources"))
    sql = sql.replace("{chosen_events}", " AND e.project_id = ANY(:chosen_ids)" if chosen else "")
    return sql.replace("{chosen_shares}", " AND s.project_id = ANY(:chosen_ids)" if chosen else ""), params


def _moment_text(moment: datetime) -> str:
    """A moment as the GIS formats without a date-time type write it: in Vietnam time, to the millisecond, with its
    offset ("2026-05-12T13:10:08.123+07:00")."""
    return moment.astimezone(VIETNAM_TIME).isoformat(timespec="milliseconds")


def _moments_written(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """A GeoJSON feature's row with its moments in UTC, to the millisecond ("2026-05-12T06:10:08.123Z"), which GDAL
    reads as a date-time: QGIS 3.22 showed a +07:00 one as that time in UTC, 7 hours late, as a GeoPackage's."""
    moments = {
        name: value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        for name, value in row.items()
        if isinstance(value, datetime)
    }
    return {**row, **moments} if moments else row


def _moments_as_text(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its date-time columns as :func:`_moment_text` (a shapefile's, a CSV's)."""
    moments = [column for column in table.columns if isinstance(table[column].dtype, pd.DatetimeTZDtype)]
    return table.assign(**{column: table[column].map(_moment_text, na_action="ignore") for column in moments})


def _with_points(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The attributes and a point on each geometry as x/y (lon/lat in WGS 84; to about a millimetre: a reload of a
    sheet keeps the line or area its point lies on, geo.ingest.sheet_points; a CSV's wkt column is the geometry)."""
    points = shapely.point_on_surface(frame.geometry.values)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    places = 8 if frame.crs is None or frame.crs.is_geographic else 3
    table["x"], table["y"] = shapely.get_x(points).round(places), shapely.get_y(points).round(places)
    return table


#: The data sheet's name, in the workbook's language (Excel: 31 characters at most, none of []:*?/\\). An English
#: workbook keeps the layer's id (what scripts and QGIS projects name it by); a Vietnamese one read "projects" and
#: "fields" after "Dự án (báo cáo)" (trial 72). A reload (georeg ingest) reads a workbook's first sheet, by any name.
DATA_SHEETS = {
    "projects": "Dự án",
    "units_pre2025_province": "Tỉnh (trước 2025)",
    "units_pre2025_district": "Huyện (trước 2025)",
    "units_2025_province": "Tỉnh (từ 2025)",
    "units_2025_commune": "Xã, phường (từ 2025)",
    "salinity_zones": "Vùng nhiễm mặn",
}
FIELDS_SHEET = Said("Các trường", "fields")  # the last sheet: each column's field code and heading
FIELDS_HEADINGS = (Said("Mã trường", "Field code"), Said("Tiêu đề cột", "Heading"))
#: The amounts a spreadsheet writes with a thousands separator (15.934 in an Excel set to Vietnamese, 15,934 in
#: English: a format's "," and "." are the reader's own separators); years, codes and coordinates stay as they are.
SHEET_AMOUNTS = ("capacity_value", "budget_vnd_billion", "length_m", "area_m2", "percent")
#: The yes-or-no columns (a status from demonstration data) a spreadsheet writes in words: for reading only, a reload
#: does not read them (geo.ingest.mapping.EXPORT_ONLY; the GIS formats and the CSV keep true/false).
SHEET_YES_NO_FIELDS = ("status_is_demo",)
SHEET_YES_NO = {True: Said("Có", "Yes"), False: Said("Không", "No")}


def _sources_reader(lang: str) -> Callable[[list[str] | None], str]:
    """How a spreadsheet writes a project's sources in ``lang``, as the project page says them (geo.source_labels),
    joined by "; " as every row's, also where a source holds a ";" of its own: the GIS formats write those as a JSON
    array in the stored words, so that a reload splits them back exactly (geo.sources_field), but a sheet's are for
    reading only (a reload keeps the stored ones: geo.ingest.mapping.SOURCES_IN_WORDS). Each list is worded once:
    the projects of one load share theirs (50,000 worded one by one: 6.8 s of a profiled sheet)."""
    worded: dict[tuple[str, ...], str] = {}

    def read(sources: list[str] | None) -> str:
        key = tuple(sources or ())
        if key not in worded:
            worded[key] = "; ".join(source_label(source, lang) for source in key)
        return worded[key]

    return read


def _write_xlsx(
    chunks: Iterator[gpd.GeoDataFrame],
    layer: str,
    out: Path,
    lang: str,
    for_report: bool = False,
    about: Said | None = None,
) -> None:
    """A workbook for a spreadsheet (a CSV opened in an Excel set to Vietnamese, whose list separator is ";", lands in
    one column): the rows with their headings in ``lang``, bold, frozen and filtered, days as 31/12/2024 (vi) or 31
    Dec 2024 (en), x/y but not the geometry (a polygon's WKT can pass a cell's 32,767 characters; a file to change lines
    or areas by is a GeoPackage or CSV); then the sheet FIELDS_SHEET of each column's field code and heading, for GIS
    staff.
    Its rows written as XML (geo.sheet_rows), its columns sized on the frame: 50,000 projects took a minute in an
    openpyxl workbook held in memory and walked cell by cell to format and size them, past a reverse proxy's timeout
    (trial 48), and 37–39 s written cell by cell by XlsxWriter.
    The layer's ``chunks`` are read twice, one at a time: as they come, measured (a sheet's columns' widths come
    before its rows) and kept on disk beside the file (geo.layer_chunks.TableSpool), then from there as the workbook
    is written; its rows are never all in memory (docs/benchmarks.md, "Session 69").
    ``for_report``: the projects' sheet for a report first (geo.report_sheet), then these; ``about``: what the rows
    are, on a last sheet (geo.listed_tables.about_sheet)."""
    with tempfile.TemporaryDirectory(prefix="georeg-export-", dir=out.parent) as work:
        kept, sheets = TableSpool(Path(work) / "rows.pickle"), _LayerSheets(lang, for_report)
        for chunk in chunks:
            table = _sheet_table(chunk, lang)
            sheets.measure(table, chunk.crs)
            kept.keep(table)
        with RowsWorkbook(out) as book:
            sheets.write(book, DATA_SHEETS[layer] if lang == "vi" else layer[:31], kept)
            if about:
                about_sheet(book, [about.text(lang)], lang)


def _sheet_table(chunk: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """A chunk's rows as a sheet shows them: a point on each geometry as x/y, yes or no in words, when a project last
    changed as a GIS text export writes it (:data:`CHANGED_AT`), in the last column, out of a planner's way."""
    table = _with_points(chunk)
    for column in table.columns.intersection(SHEET_YES_NO_FIELDS):
        table[column] = table[column].map(lambda yes: SHEET_YES_NO[yes].text(lang), na_action="ignore")
    if "changed_at" in table:
        table["changed_at"] = table.pop("changed_at").map(_moment_text, na_action="ignore")
    return table


class _LayerSheets:
    """A layer's sheets in ``lang`` (the sheet for a report first, ``for_report``; the data; FIELDS_SHEET) measured a
    chunk at a time; their headings and columns' number formats from the first chunk (the layer's columns, typed
    as the database gives them)."""

    def __init__(self, lang: str, for_report: bool) -> None:
        self.lang, self.for_report = lang, for_report
        self.codes: list[str] = []  # the columns' field codes
        self.headings: list[str] = []
        self.data = self.report = Measured([])
        self.report_headings: list[str] = []

    def measure(self, table: pd.DataFrame, crs: CRS) -> None:
        """Note a chunk's ``table`` (:func:`_sheet_table`) in the layer's ``crs``."""
        if not self.headings:
            by_field = {**HEADINGS, **point_headings(crs)}
            self.codes = list(table.columns)
            self.headings = [by_field[column].text(self.lang) for column in self.codes]
            self.data = Measured([_sheet_format(table[column], self.lang) for column in table.columns])
        self.data.add(table)
        if self.for_report:
            shown, self.report_headings = report_table(table, self.lang)
            if not self.report.formats:
                self.report = Measured(_report_formats(shown, self.lang))
            self.report.add(shown)

    def write(self, book: RowsWorkbook, name: str, kept: TableSpool) -> None:
        """The sheets in ``book``, the data sheet named ``name``, their rows read from ``kept`` as it is written."""
        if self.for_report:
            shown = lambda: (_cells_of(report_table(table, self.lang)[0]) for table in kept.tables())  # noqa: E731
            sheet = write_measured(book, REPORT_SHEET.text(self.lang), self.report_headings, self.report, shown)
            sheet.autofilter(0, 0, self.report.rows, len(self.report_headings) - 1)
        sheet = write_measured(book, name, self.headings, self.data, lambda: map(_cells_of, kept.tables()))
        sheet.autofilter(0, 0, self.data.rows, len(self.headings) - 1)
        words = (h.text(self.lang) for h in FIELDS_HEADINGS)
        fields = pd.DataFrame(dict(zip(words, (self.codes, self.headings), strict=True)))
        _write_table(book, FIELDS_SHEET.text(self.lang), fields, list(fields.columns), [None] * len(fields.columns))


def _report_formats(shown: pd.DataFrame, lang: str) -> list[NumberFormat]:
    return [
        SHEET_DATES[lang] if "date" in str(shown[c].dtype) else amount_format if c in REPORT_AMOUNTS else None
        for c in shown.columns
    ]


def _sheet_format(column: pd.Series, lang: str) -> NumberFormat:
    """A sheet column's number format: a day as each language writes it (not a moment, 00:00:00), an amount with a
    thousands separator (a decimal's own places), else General."""
    if "date" in str(column.dtype):
        return SHEET_DATES[lang]
    if column.name in SHEET_AMOUNTS:
        return amount_format
    return None


def _write_table(
    book: RowsWorkbook, name: str, table: pd.DataFrame, headings: list[str], formats: list[NumberFormat]
) -> Any:
    """``table`` under ``headings`` in a sheet of ``book`` laid out as the registry's workbooks are; returns the
    sheet."""
    longest = [longest_line(table[column], fmt) for column, fmt in zip(table, formats, strict=True)]
    return write_laid_out(book, name, headings, _cells_of(table), longest, formats)


def _cells_of(table: pd.DataFrame) -> list[list[Any]]:
    """A table's columns' values as cells hold them: Python's numbers, texts and days, None for an empty value or
    text."""
    return [_cells(table[column]) for column in table]


def _cells(column: pd.Series) -> list[Any]:
    """A column's values as cells hold them: Python's numbers, texts and days, None for an empty value or text."""
    values = column.astype(object)
    return values.where(column.notna() & (values != ""), None).tolist()


def _texts_cleaned(frame: gpd.GeoDataFrame, found: list[tuple[str, str]]) -> gpd.GeoDataFrame:
    """``frame`` with its texts stored before geo.plain_text's rule cleaned, each added to ``found``."""
    for column in frame.columns:
        if column != frame.geometry.name and pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].map(lambda value: cleaned(value, found))
    return frame


def _write_csv(frame: gpd.GeoDataFrame, out: Path, append: bool = False) -> list[str | None]:
    """Attributes, a point on each geometry as x/y, and the full geometry as WKT; after the rows already in ``out`` when
    ``append``. Returns each column's type as GDAL's .csvt names it, as far as these rows say (:func:`_csv_type`)."""
    table = _moments_as_text(_with_points(frame))
    table["wkt"] = shapely.to_wkt(frame.geometry.values, rounding_precision=-1)  # as stored: a reload changes nothing
    if append:
        table.to_csv(out, index=False, header=False, mode="a", encoding="utf-8")
    else:
        table.to_csv(out, index=False, encoding="utf-8-sig")
    return [_csv_type(table[c]) for c in table]


def _csv_type(column: pd.Series) -> str | None:
    """A column's type as GDAL's .csvt names it; None for a column of texts or days all empty in these rows."""
    if str(column.dtype) in ("Int32", "int32"):
        return "Integer"
    if pd.api.types.is_integer_dtype(column.dtype):
        return "Integer64"
    if pd.api.types.is_bool_dtype(column.dtype):
        return "Integer(Boolean)"
    if pd.api.types.is_float_dtype(column.dtype):
        return "Real"
    known = column.dropna()
    return ("Date" if all(isinstance(v, date) for v in known) else "String") if len(known) else None


def _csv_types(chunks: list[list[str | None]]) -> str:
    """The .csvt of a CSV written in ``chunks`` (each :func:`_write_csv`'s types): a column is a date when its days
    are, in every chunk holding some, and a text otherwise (so that QGIS reads its numbers and dates as such)."""
    types = []
    for found in zip(*chunks, strict=True):
        said = {t for t in found if t is not None}
        types.append(next(iter(said)) if len(said) == 1 else "String")
    return ",".join(f'"{t}"' for t in types)


def _families_written(families: tuple[str, ...], rows: dict[str, int]) -> list[str]:
    """The layer's ``families`` (even without rows), any other found in ``rows`` (rows by family), and NO_GEOMETRY
    when some rows have none."""
    written = [*families, *sorted(set(rows) - set(families) - {NO_GEOMETRY})]
    return written + [NO_GEOMETRY] if NO_GEOMETRY in rows else written


def _parts(chunk: gpd.GeoDataFrame, written: list[str]) -> dict[str, gpd.GeoDataFrame]:
    """A chunk's rows of each family ``written`` (some maybe none)."""
    found = geometry_families(chunk.geometry.values)
    return {family: chunk[found == family] for family in written}


def _part_name(layer: str, family: str, families: tuple[str, ...]) -> str:
    """``layer`` for a layer of one family, else ``<layer>_<family>``."""
    return layer if families == (family,) else f"{layer}_{family}"


def _described(about: Said | None, as_of: date | None = None) -> str | None:
    """A GIS file's description, in both languages: the day an export as of a day is of, what its rows are."""
    said = [f"tính đến · as of {as_of.isoformat()}"] if as_of else []
    said += [f"{about.vi} · {about.en}"] if about else []
    return "; ".join(said) or None


def _write_geopackage(
    spool: Spool, layer: str, families: tuple[str, ...], out: Path, description: str | None = None
) -> None:
    """One layer per family, an attribute table for rows without a geometry; each layer's ``description`` (QGIS
    shows it in the layer's properties). Each layer written in one go from the chunks kept (Spool.arrow_rows)."""
    out.unlink(missing_ok=True)
    described = {"layer_options": {"DESCRIPTION": description}} if description else {}
    for family in _families_written(families, spool.rows):
        options = described | ({} if out.exists() else {"dataset_options": {"VERSION": GEOPACKAGE_VERSION}})
        located = {} if family == NO_GEOMETRY else {"geometry_name": "geometry", "geometry_type": _MULTI[family]}
        rows = spool.arrow_rows(family, located.get("geometry_type"))
        name = _part_name(layer, family, families)
        pyogrio.write_arrow(rows, out, layer=name, driver="GPKG", crs=spool.crs, **located, **options)


def _shapefile_type(spool: Spool, family: str) -> str:
    """A family's single type when every row is of it (a point layer read as Point, as GPS units and field apps
    expect), else its Multi type: a shapefile holds one."""
    return (
        {"point": "Point", "line": "LineString", "polygon": "Polygon"}[family]
        if spool.all_single(family)
        else _MULTI[family]
    )


def _decimals_as_written(part: gpd.GeoDataFrame, spool: Spool, family: str) -> gpd.GeoDataFrame:
    """Real columns as decimals :data:`_DECIMAL_DIGITS` wide with :data:`_REAL_PLACES` places, or more where a value
    of the family's needs more (``spool``: the whole layer's): fields sized to the values exported (a budget 7 wide
    with 1 place) cut what an office typed into them in QGIS (12.35 saved as 12.3, which the reload took for no
    change). GDAL writes a shapefile's real with 15 places otherwise, which QGIS shows as 698.289999999999964. No
    value changes: each is written as the shortest decimal that reads back as the same number (a column needing more
    digits than a decimal holds is left as it was)."""
    part = part.copy()
    for column in part.columns[(part.dtypes == "float64").to_numpy()]:
        places, digits = spool.reals.get((family, column), (0, 1))
        places = max(_REAL_PLACES, places)
        if digits + places <= _DECIMAL_DIGITS:
            written = [None if np.isnan(v) else Decimal(np.format_float_positional(v, trim="-")) for v in part[column]]
            part[column] = pd.array(written, dtype=pd.ArrowDtype(pa.decimal128(_DECIMAL_DIGITS, places)))
    return part


def _texts_cut(part: gpd.GeoDataFrame, before: int = 0) -> dict[str, list[str]]:
    """The rows of each column whose text a shapefile cannot hold whole (cut_in_a_shapefile), by code (a layer
    without codes: by feature number, after the ``before`` features of earlier chunks): a text column's found by
    Arrow on their UTF-8 lengths, a column of Python objects value by value, numbers and days not at all (a call for
    each of 880,000 cells took 2–4 s of a 20,000-project zip under cProfile)."""
    numbers = range(before + 1, before + len(part) + 1)
    named = part["code"].astype(str) if "code" in part else pd.Series([f"#{n}" for n in numbers])
    cut = {}
    for column in part.columns.drop("geometry"):
        values = part[column]
        if isinstance(values.dtype, pd.StringDtype):
            over = pc.greater(pc.binary_length(pa.array(values)), SHAPEFILE_TEXT_LIMIT)
            rows = pc.fill_null(over, False).to_numpy(zero_copy_only=False)
        elif values.dtype == object:
            rows = values.map(cut_in_a_shapefile).to_numpy(dtype=bool)
        else:
            continue
        if rows.any():
            cut[column] = named[rows].tolist()
    return cut


def _write_shapefiles(
    spool: Spool, layer: str, families: tuple[str, ...], out: Path, about: Said | None = None
) -> dict[str, list[str]]:
    """The zip of shapefiles (and the CSV of rows without geometry), with a README.txt saying what the rows are
    (``about``) and the texts cut, if some were; returns the codes of the rows whose texts were cut, per field, in
    the layers' order. Each file made with the first chunk's rows, the others' appended, then zipped."""
    written = _families_written(families, spool.rows)
    cuts: dict[str, list[dict[str, list[str]]]] = {family: [] for family in written}
    rows_before = dict.fromkeys(written, 0)  # each shapefile's rows written from earlier chunks
    csv_types: list[list[str | None]] = []
    # deflated: a .dbf pads each text to its field's width (a 50,000-project zip was 165 MB stored, trial 48, when
    # every text field was 254 bytes wide; each is now as wide as its longest text: geo.dbf_widths)
    with (  # the parts beside the zip, on its disk: a disk filling up is the one the refusal names (cli.out_file)
        tempfile.TemporaryDirectory(prefix="georeg-export-", dir=out.parent) as work,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for number, chunk in enumerate(spool.frames()):
            for family, part in _parts(chunk, written).items():
                path = Path(work) / f"{layer}_{family}.shp"
                if number and part.empty:
                    continue
                if family == NO_GEOMETRY:
                    csv_types.append(_write_csv(part, path.with_suffix(".csv"), append=number > 0))
                else:
                    cuts[family].append(_texts_cut(part, rows_before[family]))
                    rows_before[family] += len(part)
                    _write_shapefile(part, path, spool, family, append=number > 0)
        for family in written:
            path = Path(work) / f"{layer}_{family}.shp"
            if family == NO_GEOMETRY:
                path.with_suffix(".csvt").write_text(_csv_types(csv_types), encoding="utf-8")
            else:
                fit_text_fields(path.with_suffix(".dbf"))
            for file in sorted(Path(work).glob(f"{path.stem}.*")):
                zf.write(file, file.name)
        cut = _cuts_in_order(cuts, list(chunk.columns))
        if cut or about:
            zf.writestr(README, zip_readme(cut, about))
    return cut


def _write_shapefile(part: gpd.GeoDataFrame, path: Path, spool: Spool, family: str, append: bool) -> None:
    """A family's rows of a chunk into its shapefile ``path``, made as the whole layer's, or added to when
    ``append``."""
    with warnings.catch_warnings():  # GDAL warns of each text it cuts; the export counts them instead
        warnings.filterwarnings("ignore", message=".*has been truncated", category=RuntimeWarning)
        kind = _shapefile_type(spool, family)
        pyogrio.write_dataframe(
            _decimals_as_written(part, spool, family),
            path,
            encoding="UTF-8",
            geometry_type=kind,
            promote_to_multi=kind.startswith("Multi"),
            use_arrow=True,
            append=append,
        )


def _cuts_in_order(cuts: dict[str, list[dict[str, list[str]]]], columns: list[str]) -> dict[str, list[str]]:
    """The codes of the texts cut by field (``cuts``: each family's, a dict a chunk), family after family, each
    family's fields in the layer's ``columns`` order and its codes in the rows' order."""
    cut: dict[str, list[str]] = {}
    for chunks in cuts.values():
        for column in sorted({c for chunk in chunks for c in chunk}, key=columns.index):
            cut[column] = cut.get(column, []) + [code for chunk in chunks for code in chunk.get(column, [])]
    return cut
