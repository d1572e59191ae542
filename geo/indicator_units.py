"""Units of the plan indicators (data/indicator_units.yaml): their Vietnamese labels and plausible bounds."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import yaml

from geo.settings import PROJECT_ROOT

UNITS_FILE = PROJECT_ROOT / "data" / "indicator_units.yaml"


@dataclass(frozen=True)
class IndicatorUnit:
    en: str
    vi: str
    min: float | None = None
    max: float | None = None
    en_one: str | None = None  # the English label after exactly 1 ("1 percentage point/year"), when it differs


@cache
def _units() -> dict[str, IndicatorUnit]:
    with UNITS_FILE.open(encoding="utf-8") as handle:
        listed = yaml.safe_load(handle) or {}
    return {
        en: IndicatorUnit(
            en, unicodedata.normalize("NFC", spec["vi"]), spec.get("min"), spec.get("max"), spec.get("en_one")
        )
        for en, spec in listed.items()
    }


def indicator_unit(unit: str | None) -> IndicatorUnit:
    """The unit as the file describes it; a unit it does not list keeps its own name and has no bounds."""
    return _units().get(unit or "", IndicatorUnit(unit or "", unit or ""))


def unit_label(unit: str | None, lang: str, amount: float | None = None) -> str:
    """The unit's name in ``lang`` ("vi" or "en"), after ``amount`` when given (English: singular after 1)."""
    found = indicator_unit(unit)
    if lang == "vi":
        return found.vi
    return found.en_one if amount == 1 and found.en_one else found.en
