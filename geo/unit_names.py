"""A unit's name as people write it, with its type: "Phường Bạc Liêu", "Huyện Hoà Bình" in Vietnamese (the bare name
"Bạc Liêu" reads as the province, "Hòa Bình" as the former district), its English name in English ("Bạc Liêu Ward",
"Hoà Bình District", which carries the type). In Python for a unit's row, in SQL for a query's column; in a list to
choose from, with its province's name where the list holds another unit written the same (:func:`unit_choice_sql`)."""

from __future__ import annotations

from typing import Any

from geo.vocab import UNIT_TYPES, labels

#: A unit's type in English, by its Vietnamese one: "Xã" -> "Commune" (geo.vocab.UNIT_TYPES).
UNIT_TYPES_EN = labels(UNIT_TYPES, "en")


def english_name(name_vi: str, unit_type_vi: str | None) -> str | None:
    """A unit's English name made from its Vietnamese one, its type word translated, as the registry's own units are
    named: "Đất Mũi Commune" for ("Đất Mũi", "Xã"), "Cần Thơ City" for ("Cần Thơ", "Thành phố"); None without a
    type (a name is not translated, nor made up). The sample's units (geo.sample.admin_units) and those of a units
    file without English names (geo.ingest.targets) are named so."""
    english = UNIT_TYPES_EN.get(unit_type_vi or "")
    return f"{name_vi} {english}" if english else None


def unit_label(unit: dict[str, Any], lang: str) -> str:
    """A unit as people name it: "Huyện Hoà Bình" in Vietnamese; in English name_en ("Hoà Bình District")."""
    if lang == "en" and unit.get("name_en"):
        return unit["name_en"]
    return " ".join(x for x in (unit.get("unit_type_vi"), unit["name_vi"]) if x)


def unit_name_sql(unit: str) -> str:
    """SQL: the name of the unit aliased ``unit`` as :func:`unit_label` writes it, in the language bound to
    ``:lang``."""
    return f"CASE WHEN :lang = 'en' THEN {unit_label_sql(unit, 'en')} ELSE {unit_label_sql(unit, 'vi')} END"


def unit_label_sql(unit: str, lang: str) -> str:
    """SQL: the name of the unit aliased ``unit`` as :func:`unit_label` writes it in ``lang`` (both of a row)."""
    typed = f"concat_ws(' ', {unit}.unit_type_vi, {unit}.name_vi)"
    return f"COALESCE(NULLIF({unit}.name_en, ''), {typed})" if lang == "en" else typed


def unit_choice_sql(unit: str, lang: str) -> str:
    """SQL: the unit aliased ``unit`` as a list to choose from writes it: :func:`unit_label_sql`'s name, then its
    province's (its parent's) where another of the list's rows of its scheme and level is written the same (a window
    over the rows read): Vĩnh Long and Cà Mau each have a "Xã Đông Hải" since 2025, twice alike in the map's filter
    (trial 62, F8); now "Xã Đông Hải, Cà Mau" and "Xã Đông Hải, Vĩnh Long" ("Đông Hải Commune, Cà Mau Province")."""
    named = unit_label_sql(unit, lang)
    alike = f"count(*) OVER (PARTITION BY {unit}.scheme, {unit}.level, {unit}.unit_type_vi, {unit}.name_vi) > 1"
    of_province = _province_sql(unit, lang)
    return f"CASE WHEN {alike} THEN concat_ws(', ', {named}, {of_province}) ELSE {named} END"


def unit_in_province_sql(unit: str, lang: str) -> str:
    """SQL: the unit aliased ``unit`` as :func:`unit_label_sql` names it, then its province's name (its parent's), for
    a unit named alone: "Xã Đông Hải (Cà Mau)" ("Đông Hải Commune (Cà Mau Province)"), as printed sheets write it; a
    province as it is. A report "sent at sea, 2 km off Đông Hải Commune" did not say which of Cà Mau's and Vĩnh
    Long's (trial 65, F22); the province then given only where another unit was written the same, a list of reports
    read "sent from Vĩnh Phước Commune" (the registry's only one) among "… (Cà Mau Province)", as if it were missing
    (trial s73)."""
    named = unit_label_sql(unit, lang)
    of_province = _province_sql(unit, lang)
    return f"CASE WHEN {unit}.parent_id IS NULL THEN {named} ELSE concat({named}, ' (', {of_province}, ')') END"


def _province_sql(unit: str, lang: str) -> str:
    """SQL: the name of the province (the parent) of the unit aliased ``unit``, in ``lang``."""
    province = "coalesce(nullif(up.name_en, ''), up.name_vi)" if lang == "en" else "up.name_vi"
    return f"(SELECT {province} FROM admin_unit up WHERE up.id = {unit}.parent_id)"


def label_vi_sql(unit: str) -> str:
    """SQL: the unit ``unit``'s (an alias of admin_unit) name with its kind where another unit of its scheme and level
    among the rows read has the same name: Duyên Hải is both a district (850, "Huyện Duyên Hải") and a town (851,
    "Thị xã Duyên Hải"), one name twice in a list to choose from; with its province's too where the kind is the same
    ("Xã Đông Hải, Cà Mau", "Xã Đông Hải, Vĩnh Long": :func:`unit_choice_sql`); else its name."""
    return (
        f"CASE WHEN count(*) OVER (PARTITION BY {unit}.scheme, {unit}.level, {unit}.name_vi) > 1 "
        f"THEN {unit_choice_sql(unit, 'vi')} ELSE {unit}.name_vi END"
    )
