"""The titles of a project's fields, in Vietnamese and English: the one place the layer catalog (layers.catalog), the
/upload page's sample table and change list, the command line's, and a load's messages take them from. A trial's
officer read "trường status", "vị trí (geom)" and "changed_at" in Vietnamese messages (trial 56): a field is named
by its title, as the page heads its column."""

from __future__ import annotations

from typing import Any

from geo.said import Said
from geo.source_labels import source_label
from geo.vi_format import local_number
from geo.vocab import LOCATION_PRECISIONS, PROJECT_KINDS, labels

#: A project field's title (Vietnamese, English), by its name in the registry (what ``--map`` takes).
PROJECT_FIELD_TITLES: dict[str, Said] = {
    "code": Said("Mã", "Code"),
    "name_vi": Said("Tên", "Name (vi)"),
    "name_en": Said("Tên (en)", "Name (en)"),
    "kind": Said("Loại", "Kind"),
    "status": Said("Tình trạng", "Status"),
    "percent": Said("% hoàn thành", "% complete"),
    "status_date": Said("Ngày của tình trạng", "Status date"),  # a report's day or a GIS load's, not always a report
    "province_code": Said("Mã tỉnh (trước 01/07/2025)", "Province code (before 1 July 2025)"),
    "plan": Said("Kế hoạch", "Plan"),
    "plan_action": Said("Nhiệm vụ", "Plan action"),
    "lead_agency": Said("Cơ quan chủ trì", "Lead agency"),
    "location_precision": Said("Độ chính xác vị trí", "Location precision"),
    "capacity_value": Said("Công suất", "Capacity"),
    "capacity_unit": Said("Đơn vị công suất", "Capacity unit"),
    "start_year": Said("Năm bắt đầu", "Start year"),
    "end_year": Said("Năm kết thúc", "End year"),
    "budget_vnd_billion": Said("Vốn (tỷ đồng)", "Budget (billion VND)"),
    "funding_source": Said("Nguồn vốn", "Funding source"),
    "description_vi": Said("Mô tả", "Description (vi)"),
    "description_en": Said("Mô tả (en)", "Description"),
    "location_note_vi": Said("Ghi chú vị trí", "Location note (vi)"),
    "location_note_en": Said("Ghi chú vị trí (en)", "Location note"),
    "sources": Said("Nguồn (xuất xứ dữ liệu)", "Sources (provenance)"),
    # an export's columns read to check the file, not stored
    "district_code": Said("Mã huyện (để kiểm tra vị trí, không lưu)", "District code (to check the site, not stored)"),
    "commune_code": Said(
        "Mã xã, phường (để kiểm tra vị trí, không lưu)", "Commune code (to check the site, not stored)"
    ),
    "changed_at": Said("Thời điểm sửa lần cuối, khi xuất", "Last changed, as exported"),
    "export_units": Said(
        "Đơn vị tệp được xuất cho (phạm vi dự án vắng mặt, không lưu)",
        "Units the file was exported for (the scope of projects absent, not stored)",
    ),
    "geom": Said("Vị trí", "Location"),
}


def project_field_titles(lang: str) -> dict[str, str]:
    """Each project field's title in ``lang`` (vi or en), by its name."""
    return {name: title.text(lang) for name, title in PROJECT_FIELD_TITLES.items()}


def field_title(field: str, lang: str) -> str:
    """A project field's title in ``lang``; another name (a file's own column) as it is."""
    title = PROJECT_FIELD_TITLES.get(field)
    return title.text(lang) if title else field


#: A site's change in a load's edit: how far it moved.
MOVED = Said("dời {m} m", "moved {m} m")


def field_changes(changes: dict[str, list[Any]], lang: str) -> list[str]:
    """The fields a load changed (an audit entry's ``changes``), one a line as /changes and a project's page write
    them and /changes' files too: "Tên: Kè A → Kè B", a site's "Vị trí: dời 120 m"."""
    return [f"{field_title(field, lang)}: {_changed(field, values, lang)}" for field, values in changes.items()]


def _changed(field: str, values: list[Any], lang: str) -> str:
    if field == "geom":
        return MOVED.text(lang).format(m=local_number(values[2], lang, 0))
    return " → ".join(_value(field, value, lang) for value in values[:2])


def _value(field: str, value: Any, lang: str) -> str:
    """A field's value as a reader writes it: a code by its label, a number in their formats."""
    if value is None or value == []:
        return "—"
    vocabulary = {"kind": PROJECT_KINDS, "location_precision": LOCATION_PRECISIONS}.get(field)
    if vocabulary:
        return labels(vocabulary, lang).get(value, value)
    if isinstance(value, list):
        return "; ".join(source_label(v, lang) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool) and field not in ("start_year", "end_year"):
        return local_number(value, lang)
    return str(value)
