"""The projects sheet for a report: the columns a report to a ministry keeps, in the workbook's language only, lengths
in km and areas in ha as the project page and the yearly report say them. A planner deleted ~25 of the data sheet's
43 columns (Vietnamese and English side by side, m and m²) and converted the units by hand (trial 57). Its name and
headings are geo.sheet_headings'."""

from __future__ import annotations

import pandas as pd

from geo.said import Said
from geo.sheet_headings import REPORT_COLUMNS

PROVINCE_WIDE = Said("Toàn tỉnh", "Province-wide")
#: The amounts of the sheet written with a thousands separator (its km and ha too).
REPORT_AMOUNTS = ("capacity_value", "budget_vnd_billion", "length_km", "area_ha", "percent")


def report_table(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The data sheet's ``table`` of projects as the report sheet's columns and headings in ``lang``: km to 2
    decimals (0,01 km = 10 m, the page's precision), ha to 2, a province-wide project's place "Toàn tỉnh", a project
    without an English name named in Vietnamese in English."""
    measured = table.assign(length_km=(table["length_m"] / 1000).round(2), area_ha=(table["area_m2"] / 10_000).round(2))
    wide = table["location_precision"] == "province"  # "Toàn tỉnh" as its page says, not a blank place
    measured.loc[wide, ["communes", "districts"]] = PROVINCE_WIDE.text(lang)
    if lang == "en":  # a project without an English name by its Vietnamese one, as the yearly report and /changes say
        # it: an English chase-up list of 3,708 loaded projects was bare codes (trial s72)
        measured["name_en"] = measured["name_en"].where(measured["name_en"].fillna("") != "", measured["name_vi"])
    fields = [column.format(lang=lang) for column, _ in REPORT_COLUMNS]
    return measured[fields], [heading.text(lang) for _, heading in REPORT_COLUMNS]
