"""Which source column feeds which registry field.

In order: ``--map field=column`` given by the user; the headings of the registry's own workbooks
(geo.sheet_headings, both languages: "Mã tỉnh (trước 01/07/2025)", "% complete"); the registry's own field names
(what ``georeg export`` writes, including the 10-character shapefile names of :data:`SHAPEFILE_NAMES`); Vietnamese
and English column names (geo.text_encoding.map_column, plus the few fields only ingest needs, below).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from geo.ingest.messages import said
from geo.said import LANGS, SaidError
from geo.sheet_headings import HEADINGS, REPORT_COLUMNS
from geo.text_encoding import column_key, fold, map_column

#: Bytes a shapefile's (dBASE) text field holds, in its UTF-8: GDAL cuts a longer text there, at a character's
#: start, so a cut Vietnamese text (2-3 bytes a letter with its marks) ends within its last few bytes.
SHAPEFILE_TEXT_LIMIT = 254
#: Bytes from which a shapefile's text fills its field to within a character (of 4 bytes at most): it may have been
#: cut there.
SHAPEFILE_TEXT_FULL = SHAPEFILE_TEXT_LIMIT - 3


def cut_in_a_shapefile(value: object) -> bool:
    """Whether a shapefile cannot hold ``value`` whole."""
    return _text_over(value, SHAPEFILE_TEXT_LIMIT)


def maybe_cut_by_a_shapefile(value: object) -> bool:
    """Whether ``value``, read from a shapefile, fills its field to within a character: it may have been cut."""
    return _text_over(value, SHAPEFILE_TEXT_FULL - 1)


def _text_over(value: object, limit: int) -> bool:
    """Whether ``value`` is a text of more than ``limit`` bytes in UTF-8. Read for every value of a shapefile: a text
    too short to reach it (4 bytes a character at most) is not encoded."""
    return isinstance(value, str) and 4 * len(value) > limit and len(value.encode("utf-8")) > limit


#: Registry field -> the name a shapefile export gives it (DBF names are at most 10 characters).
SHAPEFILE_NAMES: dict[str, str] = {
    "budget_vnd_billion": "budget_bn",
    "capacity_value": "capacity",
    "capacity_unit": "cap_unit",
    "description_vi": "desc_vi",
    "description_en": "desc_en",
    "funding_source": "funding",
    "location_precision": "precision",
    "location_note_vi": "loc_note",
    "location_note_en": "loc_note_e",
    "province_code": "province",
    "salinity_class": "sal_class",
    "plan_action": "action",
    "lead_agency": "agency",
    "lead_agency_name": "agency_nm",
    "lead_now_name": "lead_now_n",
    "parent_code": "parent",
    "status_date": "stat_date",
    "status_is_demo": "stat_demo",
    "last_report": "last_rep",
    "schedule_vi": "sched_vi",
    "schedule_en": "sched_en",
    "unit_type_vi": "unit_type",
    # the units a project lies in (geo.layer_export.GIS_UNIT_COLUMNS)
    "district_codes": "dist_codes",
    "district_names": "dist_names",
    "province_2025_codes": "prov25code",
    "province_2025_names": "prov25name",
    "commune_codes": "comm_codes",
    "commune_names": "comm_names",
    "export_units": "exp_units",  # the units a file was exported for (geo.layer_export.EXPORT_UNITS)
}

#: An export's columns of the units a project lies in that a load reads to check each site against (the codes: one
#: unit, or several joined by "; "), by the field they give and their names in both export forms.
SITE_UNIT_COLUMNS: dict[str, str] = {
    name: field
    for column, field in (("district_codes", "district_code"), ("commune_codes", "commune_code"))
    for name in (column, SHAPEFILE_NAMES[column])
}

#: The columns of an export that name a vocabulary's code in words (geo.layer_export.PROJECT_LABELS), by field:
#: for reading only, a load takes the code column.
LABEL_COLUMNS: dict[str, tuple[str, ...]] = {field: (f"{field}_vi", f"{field}_en") for field in ("kind", "status")}

#: The sources as a workbook words them (not a field: a sheet's are for reading, :data:`EXPORT_ONLY`).
SOURCES_IN_WORDS = "sources_in_words"
_LABEL_NAMES = frozenset(name for names in LABEL_COLUMNS.values() for name in names)

#: What an export writes that a load does not read back, by target and by the names of both export forms
#: (GeoPackage and shapefile): of projects, the status day and demo mark (a status given is recorded as today's
#: report) and the latest report's day (geo.stalled: the registry's reports say it), the kind and status in words
#: (they follow their codes), the lead agency's name (its code is loaded) and the agency holding the lead today
#: (geo.agencies: it follows the lead and the successions), the year due and the schedule (the registry works them out:
#: geo.schedule), the length and area (the geometry's), the names of the units a project lies in and its 2025 province
#: (its site places it: geo.apportion), a workbook's places by name and its sources in words (the stored ones are
#: kept); of units, their type (read from the name, as "Thị xã Giá Rai"), validity (the scheme's), area (the
#: boundary's) and a workbook's parent by name.
EXPORT_ONLY: dict[str, frozenset[str]] = {
    "projects": frozenset(
        [
            *(
                name
                for field in ("status_date", "status_is_demo", "last_report")
                for name in (field, SHAPEFILE_NAMES[field])
            ),
            *(name for names in LABEL_COLUMNS.values() for name in names),
            *("lead_agency_name", SHAPEFILE_NAMES["lead_agency_name"]),
            *("lead_now", "lead_now_name", SHAPEFILE_NAMES["lead_now_name"], "agency_now"),  # the lead today
            "dimension",  # the OGC layer's (0 point, 1 line, 2 polygon): the geometry says it
            *("due_year", "schedule", "schedule_vi", "schedule_en", "sched_vi", "sched_en"),
            *("length_m", "area_m2", "length_km", "area_ha"),  # a sheet's and its sheet for a report's
            *("province_name", "districts", "province_2025", "communes"),  # a sheet's places, by name
            SOURCES_IN_WORDS,
            *(
                name
                for c in ("district_names", "province_2025_codes", "province_2025_names", "commune_names")
                for name in (c, SHAPEFILE_NAMES[c])
            ),
        ]
    ),
    "units": frozenset(
        ["unit_type_vi", SHAPEFILE_NAMES["unit_type_vi"], "valid_from", "valid_to", "area_m2", "parent_name"]
    ),
}


def _report_field(column: str, lang: str) -> str | None:
    """The field a column of the sheet for a report in ``lang`` gives a load: its kind and status in words are the
    only ones it has (a load takes a kind's or status's words: geo.coded_words); its English "Project" is no field,
    as it names in Vietnamese a project without an English name (geo.report_sheet)."""
    field = column.format(lang=lang)
    if field == "name_en":
        return None
    return column.removesuffix("_{lang}") if column in ("kind_{lang}", "status_{lang}") else field


#: The headings of the registry's workbooks (geo.sheet_headings), in both languages, folded as :func:`column_key`
#: folds a column, and the field each heads: a reload of an export's workbook reads them back. A heading of a field
#: the export writes for reading only (:data:`EXPORT_ONLY`: "Cơ quan chủ trì", an agency's name) is said unread.
HEADED: dict[str, str] = {
    **{column_key(heading.text(lang)): field for field, heading in HEADINGS.items() for lang in LANGS},
    **{
        column_key(heading.text(lang)): field
        for column, heading in REPORT_COLUMNS
        for lang in LANGS
        if (field := _report_field(column, lang))
    },
    # a sheet words its sources in its language, joined by "; " (geo.layer_export): not the stored ones
    **{column_key(HEADINGS["sources"].text(lang)): SOURCES_IN_WORDS for lang in LANGS},
}


def label_column(column: str) -> str:
    """The :data:`LABEL_COLUMNS` name of ``column`` (``kind_vi``), an export's workbook heading it ("Loại (tiếng
    Việt)") or not; any other column as it is, in lower case."""
    name = column.lower()
    return HEADED.get(column_key(column), name) if name not in _LABEL_NAMES else name


def read_only(column: str, target: str) -> bool:
    """Whether ``column`` is one an export of ``target`` writes for reading only (:data:`EXPORT_ONLY`), by its field
    code or its workbook heading."""
    only = EXPORT_ONLY.get(target, frozenset())
    return column.lower() in only or HEADED.get(column_key(column)) in only


#: Column names (folded: no diacritics, lower case, "_" between words) for fields only ingest needs.
EXTRA_COLUMN_NAMES: dict[str, str] = {
    "ten_tieng_anh": "name_en",
    "ten_en": "name_en",
    "ten_tieng_viet": "name_vi",
    "ma_tinh": "province_code",
    "tinh": "province_code",
    "province": "province_code",
    "cap_man": "salinity_class",
    "do_man": "salinity_class",
    "muc_man": "salinity_class",
    "class": "salinity_class",
    "ma_vung": "zone_code",
    "ma_vung_man": "zone_code",
    "code": "zone_code",
    "ten_vung": "zone_name",
    "ten_vung_man": "zone_name",
    "name": "zone_name",
    "ky": "period",
    "thoi_ky": "period",
    "dot": "period",
    "do_chinh_xac": "location_precision",
    "do_chinh_x": "location_precision",  # as a shapefile cuts it (10 characters)
    "ke_hoach": "plan",
    "ma_ke_hoach": "plan",
    "nhiem_vu": "plan_action",
    "ma_nhiem_vu": "plan_action",
    "co_quan_chu_tri": "lead_agency",
    "cq_chu_tri": "lead_agency",
    "don_vi_chu_tri": "lead_agency",
    "mo_ta": "description_vi",
    "ghi_chu": "location_note_vi",
    "don_vi": "capacity_unit",
    "dvt": "capacity_unit",
    "nguon_von": "funding_source",
    "nguon": "sources",
    "cap": "level",
    "ma_cha": "parent_code",
    **SITE_UNIT_COLUMNS,
}


#: The same names written as one word (CamelCase "GhiChu", or "GHICHU", folded to "ghichu").
_EXTRA_AS_ONE_WORD = {name.replace("_", ""): field for name, field in EXTRA_COLUMN_NAMES.items()}


def field_of(column: str, fields: tuple[str, ...]) -> str | None:
    """The registry field among ``fields`` that ``column`` names, or None."""
    key = column_key(column)
    short = {v: k for k, v in SHAPEFILE_NAMES.items()}
    extra = EXTRA_COLUMN_NAMES.get(key) or _EXTRA_AS_ONE_WORD.get(key.replace("_", ""))
    for candidate in (HEADED.get(key), key if key in fields else None, short.get(key), extra, map_column(column)):
        if candidate in fields:
            return candidate
    return None


def column_map(columns: list[str], fields: tuple[str, ...], given: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``{field: column}`` for ``columns`` and the columns left unused. ``given`` (``--map``) wins."""
    missing = [c for c in given.values() if c not in columns]
    if missing:
        raise SaidError(said("map_missing_columns", missing=", ".join(missing), columns=", ".join(columns)))
    unknown = [f for f in given if f not in fields]
    if unknown:
        raise SaidError(said("map_unknown_fields", unknown=", ".join(unknown), fields=", ".join(fields)))
    mapping = dict(given)
    # an export's headings first: its "Cơ quan chủ trì (mã)" gives the lead agency, not "Cơ quan chủ trì" (the name
    # beside it, which an office's own file may give it by)
    for column in columns:
        field = HEADED.get(column_key(column))
        if field in fields and field not in mapping and column not in mapping.values():
            mapping[field] = column
    for column in columns:
        if column in mapping.values():
            continue
        field = field_of(column, fields)
        if field and field not in mapping:
            mapping[field] = column
    unused = [c for c in columns if c not in mapping.values()]
    found = sorted((f for f in mapping if f not in given), key=lambda f: columns.index(mapping[f]))
    return {**given, **{f: mapping[f] for f in found}}, unused  # said in the file's order, --map's first


def parse_map_options(items: list[str]) -> dict[str, str]:
    """``["name_vi=TEN_DA", ...]`` -> ``{"name_vi": "TEN_DA"}``; a CSV's coordinates as ``lon``/``lat``."""
    given = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise SaidError(said("map_malformed", item=repr(item)))
        field = field.strip()
        coordinate = map_column(field)  # a CSV's coordinates named as its columns may be: longitude=, vi_do=, x=
        given[coordinate if coordinate in ("lon", "lat") else field] = column.strip()
    return given


#: Words offices use for each unit level in column names (folded, no separators): MA_HUYEN, TenXa, MA_QH, ...
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "commune": ("xa", "phuong", "px", "xp", "xaphuong", "phuongxa", "commune", "ward"),
    "district": ("huyen", "quan", "qh", "quanhuyen", "huyenquan", "district"),
    "province": ("tinh", "province"),
}
_CODE_FORMS, _NAME_FORMS = ("ma{}", "{}code", "{}ma"), ("ten{}", "{}name", "{}ten")
_PARENT_LEVEL = {"commune": ("district", "province"), "district": ("province",), "province": ()}


def _compact(column: str) -> str:
    """``MaHuyen``, ``MA_HUYEN``, ``Mã huyện``, ``ma-huyen`` -> ``mahuyen``."""
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"(?<=[a-z])(?=[A-Z])", "_", column)))


def office_unit_columns(columns: list[str], scheme: str | None) -> tuple[dict[str, str], str | None]:
    """Units files as offices make them: ``{field: column}`` for code, name and parent, and the level they imply.

    The level is the lowest one with a code column (xã/phường: commune, huyện/quận: district, tỉnh: province); its
    code and name columns give the unit's, the next level up present gives the parent's code (a 2025 commune's is
    its province: that scheme has no districts). Nothing when no such column is there.
    """
    find = _office_columns(columns)
    for level in ("commune", "district", "province"):
        code = find(level, _CODE_FORMS)
        if code is None:
            continue
        mapping = {"code": code}
        if name := find(level, _NAME_FORMS):
            mapping["name_vi"] = name
        ups = ("province",) if scheme == "2025" and level == "commune" else _PARENT_LEVEL[level]
        parent = next((c for up in ups if (c := find(up, _CODE_FORMS))), None)
        if parent:
            mapping["parent_code"] = parent
        return mapping, level
    return {}, None


def office_site_unit_columns(columns: list[str]) -> dict[str, str]:
    """A projects file's columns giving each site's district or commune code as offices write them (MA_HUYEN,
    MaXa, MA_PX): ``{"district_code": column, "commune_code": column}``, for the check of its sites
    (geo.ingest.units_given)."""
    find = _office_columns(columns)
    found = {f"{level}_code": find(level, _CODE_FORMS) for level in ("district", "commune")}
    return {field: column for field, column in found.items() if column}


def office_unit_name_columns(columns: list[str]) -> list[str]:
    """A projects file's columns naming the province, district or commune as offices write them beside their codes
    (TEN_HUYEN, TenXa, TEN_TINH): read by people, not loaded (a project's units follow its site); in file order."""
    find = _office_columns(columns)
    found = {find(level, _NAME_FORMS) for level in LEVEL_WORDS}
    return [column for column in columns if column in found]


def _office_columns(columns: list[str]) -> Callable[[str, tuple[str, ...]], str | None]:
    """The column among ``columns`` naming a level's code or name in one of ``forms`` ("ma{}"), as offices write it."""
    by_key = {_compact(c): c for c in reversed(columns)}

    def find(level: str, forms: tuple[str, ...]) -> str | None:
        keys = (form.format(word) for word in LEVEL_WORDS[level] for form in forms)
        return next((by_key[k] for k in keys if k in by_key), None)

    return find
