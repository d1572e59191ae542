"""The headings of the registry's workbooks of a layer (geo.layer_export: the data sheet; geo.report_sheet: the
projects' sheet for a report), in Vietnamese and English, in one place: the export writes them and a reload
(geo.ingest.mapping) reads them back, each to its field. They stood in geo.layer_export, which imports
geo.ingest.mapping: a load did not know them, refused an export's offshore wind farms for lacking the province column
it had ("Mã tỉnh (trước 01/07/2025)") and put 13 projects' percents back to 0 ("% hoàn thành" unread, session 73).
"""

from __future__ import annotations

import re

from pyproj import CRS

from geo.said import LANGS, Said
from geo.text_encoding import fold
from geo.vocab import SCHEME_DAYS, UNIT_LEVELS


def _in_words(field: str, vi: str, en: str) -> dict[str, Said]:
    """The headings of ``field_vi`` and ``field_en``: a text in each language ("Tên (tiếng Việt)")."""
    return {
        f"{field}_vi": Said(f"{vi} (tiếng Việt)", f"{en} (Vietnamese)"),
        f"{field}_en": Said(f"{vi} (tiếng Anh)", f"{en} (English)"),
    }


def _coded(field: str, vi: str, en: str) -> dict[str, Said]:
    """The headings of a coded ``field`` ("Loại (mã)": wind_farm) and of its words in each language."""
    return {field: Said(f"{vi} (mã)", f"{en} (code)"), **_in_words(field, vi, en)}


def _of_scheme(level: str, scheme: str) -> Said:
    """The heading of a unit of ``level`` under ``scheme``: "Huyện (trước 01/07/2025)"."""
    term = next(t for t in UNIT_LEVELS if t.code == level)
    day = SCHEME_DAYS[scheme]
    return Said(f"{term.vi} ({day.vi})", f"{term.en} ({day.en})")


#: Each exported column's heading in a spreadsheet, worded as the map's fields (layers.catalog) and pages say them;
#: x and y are headed by the CRS (point_headings).
HEADINGS: dict[str, Said] = {
    "code": Said("Mã", "Code"),
    **_in_words("name", "Tên", "Name"),
    **_coded("kind", "Loại", "Kind"),
    "province_code": Said(f"Mã tỉnh ({SCHEME_DAYS['pre2025'].vi})", f"Province code ({SCHEME_DAYS['pre2025'].en})"),
    "province_name": _of_scheme("province", "pre2025"),
    "districts": _of_scheme("district", "pre2025"),
    "province_2025": _of_scheme("province", "2025"),
    "communes": _of_scheme("commune", "2025"),
    "plan": Said("Kế hoạch", "Plan"),
    "plan_action": Said("Nhiệm vụ", "Plan action"),
    "lead_agency": Said("Cơ quan chủ trì (mã)", "Lead agency (code)"),
    "lead_agency_name": Said("Cơ quan chủ trì", "Lead agency"),
    # the agency holding the lead on the export's day: the lead, or its successor since the 2025 mergers
    "lead_now": Said("Cơ quan giữ nhiệm vụ chủ trì (mã)", "Agency holding the lead (code)"),
    "lead_now_name": Said("Cơ quan giữ nhiệm vụ chủ trì", "Agency holding the lead"),
    "capacity_value": Said("Công suất, quy mô", "Capacity, size"),
    "capacity_unit": Said("Đơn vị công suất", "Capacity unit"),
    "budget_vnd_billion": Said("Vốn (tỷ đồng)", "Budget (billion VND)"),
    "funding_source": Said("Nguồn vốn", "Funding source"),
    "start_year": Said("Năm bắt đầu", "Start year"),
    "end_year": Said("Năm kết thúc", "End year"),
    **_in_words("description", "Mô tả", "Description"),
    "location_precision": Said("Độ chính xác vị trí (mã)", "Location precision (code)"),
    **_in_words("location_note", "Ghi chú vị trí", "Location note"),
    "length_m": Said("Chiều dài (m, trên elipxoit)", "Length (m, on the ellipsoid)"),
    "area_m2": Said("Diện tích (m², trên elipxoit)", "Area (m², on the ellipsoid)"),
    "sources": Said("Nguồn (xuất xứ dữ liệu)", "Sources (provenance)"),
    **_coded("status", "Tình trạng", "Status"),
    "percent": Said("% hoàn thành", "% complete"),
    # the day of the status, a report's or a GIS load's, then the latest report's apart (empty for none): "Ngày báo
    # cáo" over the status's day gave a load's day as a report's, and a list of projects nobody reported on for six
    # months said they had reported today (trial s72)
    "status_date": Said("Ngày của tình trạng (báo cáo hoặc lần nạp GIS)", "Status date (a report or a GIS load)"),
    "last_report": Said("Ngày báo cáo gần nhất", "Latest report"),
    "status_is_demo": Said("Tình trạng từ dữ liệu minh họa", "Status from demonstration data"),
    "due_year": Said("Hạn hoàn thành (năm)", "Due year"),
    **_coded("schedule", "Thời hạn", "Schedule"),
    # when the project last changed, which a reload compares with the registry's to refuse undoing what changed
    # after the export (geo.ingest.project_writes.changed_since_export): a workbook without it put a colleague's
    # renames and percents back unsaid (trial s73)
    "changed_at": Said(
        "Thay đổi lần cuối trong sổ đăng ký (để nạp lại)", "Last changed in the registry (for reloading)"
    ),
    "unit_type_vi": Said("Loại đơn vị", "Unit type"),
    "level": Said("Cấp (mã)", "Level (code)"),
    "parent_code": Said("Mã đơn vị cấp trên", "Parent unit code"),
    "parent_name": Said("Đơn vị cấp trên", "Parent unit"),
    "valid_from": Said("Hiệu lực từ", "Valid from"),
    "valid_to": Said("Hiệu lực đến", "Valid to"),
    "source": Said("Nguồn", "Source"),
    "salinity_class": Said("Cấp mặn (ECe, dS/m)", "Salinity class (ECe, dS/m)"),
    "period": Said("Thời kỳ", "Period"),
    "zone_code": Said("Mã vùng", "Zone code"),
    "zone_name": Said("Tên vùng", "Zone name"),
}


#: The words of x and y in a projected CRS, headed with it (:func:`point_headings`): "Tọa độ Đông (m, EPSG:9209)".
_AXES = {"x": Said("Tọa độ Đông", "Easting"), "y": Said("Tọa độ Bắc", "Northing")}
_PROJECTED = re.compile(r"^(?P<axis>.+) \(m, EPSG:(?P<epsg>\d+)\)$")


def point_headings(crs: CRS) -> dict[str, Said]:
    """The headings of x and y: longitude and latitude in WGS 84, else easting and northing in metres of the CRS
    (not "X" and "Y", which Vietnamese surveyors write the other way round)."""
    if crs.is_geographic:
        return {"x": Said("Kinh độ", "Longitude"), "y": Said("Vĩ độ", "Latitude")}
    return {
        axis: Said(*(f"{words.text(lang)} (m, EPSG:{crs.to_epsg()})" for lang in LANGS))
        for axis, words in _AXES.items()
    }


def projected_axis(column: str) -> tuple[str, int] | None:
    """The axis (``x`` or ``y``) and the CRS's EPSG code of a column headed as :func:`point_headings` heads a
    projected one ("Easting (m, EPSG:9209)"), or None."""
    found = _PROJECTED.match(column.strip())
    if found is None:
        return None
    axis = next(
        (axis for axis, words in _AXES.items() if fold(found["axis"]) in (fold(words.vi), fold(words.en))), None
    )
    return (axis, int(found["epsg"])) if axis else None


def crs_headed(columns: list[str]) -> int | None:
    """The EPSG code a sheet's x and y headings both name (a workbook exported in VN-2000), or None."""
    found = {axis: epsg for axis, epsg in filter(None, map(projected_axis, columns))}
    return found["x"] if set(found) == {"x", "y"} and found["x"] == found["y"] else None


#: The projects' sheet for a report's name; the full data sheet follows it in the workbook.
REPORT_SHEET = Said("Dự án (báo cáo)", "Projects (report)")  # not "Dự án" nor "projects", the data sheet's
#: The name's heading in the sheet for a report: in English, a project without an English name's Vietnamese name.
REPORT_NAME = Said("Tên dự án", "Project")
#: Each column of the sheet for a report: the data sheet's field (``{lang}``: the workbook's language) and its heading,
#: the data sheet's where it is the same column. Its place names are all of a project's units, not one unit's; its
#: name, kind and status are in the workbook's language only; the last, when each project last changed, is there for
#: its reload (the map's workbook opens on this sheet, the one a load reads).
REPORT_COLUMNS: tuple[tuple[str, Said], ...] = (
    ("code", HEADINGS["code"]),
    ("name_{lang}", REPORT_NAME),
    ("kind_{lang}", Said("Loại", "Kind")),
    ("communes", Said("Xã, phường (từ 01/07/2025)", "Communes and wards (from 1 Jul 2025)")),
    ("districts", Said("Huyện (trước 01/07/2025)", "Districts (before 1 Jul 2025)")),
    *((field, HEADINGS[field]) for field in ("plan", "plan_action")),
    ("lead_now_name", Said("Cơ quan chủ trì (hiện nay)", "Lead agency (today)")),
    *((field, HEADINGS[field]) for field in ("capacity_value", "capacity_unit", "budget_vnd_billion")),
    *((field, HEADINGS[field]) for field in ("start_year", "end_year")),
    ("length_km", Said("Chiều dài (km)", "Length (km)")),
    ("area_ha", Said("Diện tích (ha)", "Area (ha)")),
    ("status_{lang}", Said("Tình trạng", "Status")),
    *((field, HEADINGS[field]) for field in ("percent", "status_date", "last_report", "status_is_demo", "due_year")),
    ("schedule_{lang}", Said("Thời hạn", "Schedule")),
    ("changed_at", HEADINGS["changed_at"]),
)
