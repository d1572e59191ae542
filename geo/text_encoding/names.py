"""Names for matching: folded names, and Vietnamese column names mapped to registry fields."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics (đ -> d), single spaces.

    Dropping every mark also makes tone-placement variants equal ("Hoà"/"Hòa",
    "Thuỷ"/"Thủy"); it is for comparing names, never for storing them. ð/Ð (the
    Icelandic eth that cp1252 typists use for Đ) fold to d as well.
    """
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    stripped = stripped.translate({ord(c): "d" for c in "đĐðÐ"})
    return " ".join(stripped.casefold().split())


_COLUMN_FIELDS = {
    "name_vi": ("ten", "name", "ten_du_an", "ten_da", "ten_cong_trinh", "ten_ct"),
    "code": ("ma", "code", "ma_du_an", "ma_da", "ma_cong_trinh", "ma_ct"),
    "kind": ("loai", "kind", "loai_da", "loai_du_an", "loai_hinh", "loai_cong_trinh", "loai_ct"),
    # x/y follow the common GIS convention; Vietnamese survey tables often call the northing X,
    # so the importer must still check the value ranges.
    "lon": ("kinh_do", "lon", "long", "lng", "longitude", "x"),
    "lat": ("vi_do", "lat", "latitude", "y"),
    "status": ("trang_thai", "status", "tinh_trang"),
    "percent": ("tien_do", "phan_tram", "percent", "pct"),
    "district": ("huyen", "ten_huyen", "quan_huyen", "district"),
    "commune": ("xa", "ten_xa", "xa_phuong", "phuong_xa", "commune"),
    "capacity_value": ("cong_suat", "capacity"),
    "budget_vnd_billion": ("von", "tong_von", "von_dau_tu", "von_dt", "kinh_phi", "tong_muc_dau_tu", "tmdt"),
    # offices shorten the years to their initials: NAM_KC (năm khởi công), NAM_HT (năm hoàn thành)
    "start_year": ("nam_bat_dau", "nam_khoi_cong", "nam_kc", "nam_bd", "start_year"),
    "end_year": ("nam_hoan_thanh", "nam_ket_thuc", "nam_ht", "nam_kt", "end_year"),
}


#: The units a column's name may give in brackets after it ("Tổng vốn (tỷ đồng)", "Tiến độ (%)"), for the fields that
#: have one: a column in other units ("Tổng vốn (triệu đồng)") is not taken for the field, its values a thousand times
#: off; a field not listed takes any.
_COLUMN_UNITS = {
    "budget_vnd_billion": ("ty_dong", "ty", "ty_d", "ty_vnd", "billion_vnd", "vnd_billion", "bn_vnd", "vnd_bn"),
    "percent": ("", "phan_tram", "percent"),
}
_WITH_UNIT = re.compile(r"(.+?)\s*[(\[](.*)[)\]]\s*")


def _column_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for field, keys in _COLUMN_FIELDS.items():
        for key in keys:
            for variant in (key, key.replace("_", "")):
                if names.setdefault(variant, field) != field:
                    raise ValueError(f"column name {variant!r} maps to both {names[variant]} and {field}")
    return names


VIETNAMESE_COLUMN_NAMES: dict[str, str] = _column_names()

_DBF_NAME_LENGTH = 10  # DBF field names are cut to 10 bytes ("NAM_HOAN_T")


def map_column(name: str) -> str | None:
    """The registry field for a source column name ("Tên dự án", "KINH_DO", "NAM_HOAN_T"), or None."""
    key = column_key(name)
    field = VIETNAMESE_COLUMN_NAMES.get(key) or VIETNAMESE_COLUMN_NAMES.get(key.replace("_", ""))
    if field is None and (with_unit := _WITH_UNIT.fullmatch(name)):
        named, unit = with_unit.groups()
        field = map_column(named)
        if field in _COLUMN_UNITS and column_key(unit) not in _COLUMN_UNITS[field]:
            field = None
    if field is None and len(name.strip()) == _DBF_NAME_LENGTH:
        fields = {f for k, f in VIETNAMESE_COLUMN_NAMES.items() if k.startswith(key)}
        field = fields.pop() if len(fields) == 1 else None
    return field


def column_key(name: str) -> str:
    """A column name as matched: folded, words joined by "_" ("Tên dự án" -> "ten_du_an")."""
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")
