"""A unit's name as people write it, with its type: "Phường Bạc Liêu", "Huyện Hoà Bình" in Vietnamese (the bare name
"Bạc Liêu" reads as the province, "Hòa Bình" as the former district), its English name in English ("Bạc Liêu Ward",
"Hoà Bình District", which carries the type). In Python for a unit's row, in SQL for a query's column."""

from __future__ import annotations

from typing import Any


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
