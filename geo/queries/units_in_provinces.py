"""Which units of a boundary scheme and level lie in a province: one rule for the progress and projects sheets, the
units layers' province filter (OGC API items, tiles, exports) and /api/units, and how each says what it read.

Apart from geo.progress so that ``georeg export --province`` reads it without numpy, shapely or the ORM models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.queries.projects_by_place import former_province_codes, former_provinces
from geo.said import LANGS, Said

# A unit u lying mostly within a former (pre-2025) province p.
_MOSTLY_WITHIN = "u.geom && p.geom AND ST_Area(ST_Intersection(u.geom, p.geom)) > 0.5 * ST_Area(u.geom)"
# The units of a scheme and level lying mostly within the former (pre-2025) province :province.
_IN_PROVINCE = f"""
SELECT u.code FROM admin_unit u
JOIN admin_unit p ON p.scheme = 'pre2025' AND p.level = 'province' AND p.code = :province
WHERE u.scheme = :scheme AND u.level = :level AND NOT u.is_context AND {_MOSTLY_WITHIN}
"""
# Each unit coded :codes with the registry's provinces (either scheme) it lies in, as units_in_provinces reads a
# province's code: it belongs to one of the former provinces the code stands for, or lies mostly within one (the
# cheaper tests first: the areas of the intersections are worked out for a 2025 commune and a former province only).
_PROVINCES_OF_UNITS = f"""
SELECT u.scheme, u.code, array_agg(DISTINCT r.code ORDER BY r.code) AS provinces
FROM admin_unit u LEFT JOIN admin_unit parent ON parent.id = u.parent_id AND parent.level = 'province'
CROSS JOIN admin_unit r
WHERE u.code = ANY(:codes) AND NOT u.is_context AND r.level = 'province' AND NOT r.is_context
  AND CASE WHEN parent.code = ANY({former_province_codes("r.code")}) THEN true ELSE EXISTS (
      SELECT 1 FROM admin_unit p WHERE p.scheme = 'pre2025' AND p.level = 'province'
        AND p.code = ANY({former_province_codes("r.code")})
        AND CASE WHEN NOT u.geom && p.geom THEN false WHEN ST_Covers(p.geom, u.geom) THEN true
                 ELSE {_MOSTLY_WITHIN} END)
  END
GROUP BY u.scheme, u.code
"""
# The units of a scheme and level that are, or belong to, the provinces coded :codes (the province level's own unit: a
# 2025 province merging three former ones lies mostly in none of them).
_OF_PROVINCES = """
SELECT u.code FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id AND p.level = 'province'
WHERE u.scheme = :scheme AND u.level = :level AND NOT u.is_context
  AND ((u.level = 'province' AND u.code = ANY(:codes)) OR p.code = ANY(:codes))
"""
# The registry's own provinces (not a neighbour drawn for context) of these codes, of either scheme.
_PROVINCES = """
SELECT code, scheme, name_vi, name_en, lower(unit_type_vi) AS type_vi FROM admin_unit
WHERE level = 'province' AND NOT is_context AND code = ANY(:codes) ORDER BY code, scheme"""


# How province_read says a province read (the blanks: a row of _PROVINCES, the former provinces listed).
_NAMED = Said("{type_vi} {name_vi} (mã {code})", "{name_en} (code {code})")
_OF = Said("thuộc {type_vi} {name_vi} (mã {code})", "of {name_en} (code {code})")
_MOSTLY_IN = Said(
    "có phần lớn diện tích trong {type_vi} {name_vi} cũ (mã {code}, trước 01/07/2025)",
    "lying mostly in former {name_en} (code {code}, before 1 July 2025)",
)
_MERGED_INTO = Said(
    "thuộc các tỉnh cũ hợp nhất vào {type_vi} {name_vi} (mã {code}) từ 01/07/2025: {former}",
    "of the former provinces merged into {name_en} (code {code}) on 1 July 2025: {former}",
)


def units_in_province(session: Session, province: str, scheme: str, level: str) -> set[str]:
    """Codes of the units of ``scheme`` and ``level`` lying mostly within the former (pre-2025) ``province``."""
    params = {"province": province, "scheme": scheme, "level": level}
    return set(session.scalars(text(_IN_PROVINCE), params))


def units_in_provinces(session: Session, provinces: list[str], scheme: str, level: str) -> list[str]:
    """The codes of the units of ``scheme`` and ``level`` lying in ``provinces``: a 2025 province's code stands for the
    former ones merged into it (96, Cà Mau, for former Bạc Liêu and Cà Mau), as the projects' province filter reads
    it; a unit lies in a province when it is it, belongs to it, or lies mostly within a former one (84, Trà Vinh, is
    no 2025 commune's province: its communes are those lying in it). The units a progress sheet colours, a projects
    sheet frames and names, and the units layers' province filter chooses."""
    former = {code for province in provinces for code in former_provinces(session, province)}
    inside = {unit for code in former for unit in units_in_province(session, code, scheme, level)}
    params = {"scheme": scheme, "level": level, "codes": sorted(former)}
    return sorted(inside | set(session.scalars(text(_OF_PROVINCES), params)))


def provinces_of_units(session: Session, codes: list[str]) -> dict[tuple[str, str], list[str]]:
    """(scheme, code) of each unit coded ``codes`` -> the codes of the registry's provinces, of either scheme, it lies
    in by :func:`units_in_provinces`' rule (a former district of Bạc Liêu: 95 and 96, Cà Mau, which it is part of now):
    the map's unit filter lists the units of the provinces chosen. One query, not one per province and level."""
    rows = session.execute(text(_PROVINCES_OF_UNITS), {"codes": codes})
    return {(row.scheme, row.code): list(row.provinces) for row in rows}


def province_read(session: Session, province: str, scheme: str) -> Said:
    """How :func:`units_in_provinces` read ``province`` (one with units) for the units of ``scheme``, as the words
    after the units' name: "có phần lớn diện tích trong tỉnh Trà Vinh cũ (mã 84, trước 01/07/2025)" for the 2025
    communes of former Trà Vinh, the former provinces a 2025 province's code stood for on the former boundaries. A
    GIS officer asking for province 84 saw 2025 communes whose province code is 86 and could not tell why."""
    former = former_provinces(session, province)
    named = {(p["code"], p["scheme"]): p for p in _provinces(session, former)}
    today = named.get((province, "2025"))
    if scheme == "2025" and today is None:  # a former province, no 2025 one's code
        return _filled(_MOSTLY_IN, named[(province, "pre2025")])
    merged = [named[(code, "pre2025")] for code in former if code != province and (code, "pre2025") in named]
    if scheme == "pre2025" and today is not None and merged:
        return _filled(_MERGED_INTO, today, [_filled(_NAMED, p) for p in merged])
    return _filled(_OF, today if scheme == "2025" else named[(province, "pre2025")])


def _provinces(session: Session, codes: list[str]) -> list[dict[str, Any]]:
    return [dict(row) for row in session.execute(text(_PROVINCES), {"codes": codes}).mappings()]


def _filled(words: Said, province: dict[str, Any], former: Sequence[Said] = ()) -> Said:
    """``words`` of ``province`` (its row of _PROVINCES), ``former`` the former provinces' names listed."""
    return Said(
        *(words.text(lang).format(**province, former="; ".join(f.text(lang) for f in former)) for lang in LANGS)
    )
