"""Numbers and dates as Vietnamese documents write them (14.426,5; 14/11/2025), by Babel's vi locale."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal


def vi_number(value: float | int | None, digits: int = 2) -> str:
    """``14426.5`` -> ``"14.426,5"``; at most ``digits`` decimals; empty for None."""
    if value is None:
        return ""
    return format_decimal(round(value, digits), format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale="vi")


def vi_date(day: date | None) -> str:
    """``date(2025, 11, 14)`` -> ``"14/11/2025"``; empty for None."""
    return format_date(day, "dd/MM/yyyy", locale="vi") if day else ""


def vi_long_date(day: date) -> str:
    """The date line of an administrative document: ``"ngày 14 tháng 11 năm 2025"`` (Decree 30/2020/NĐ-CP writes
    days below 10 and the months January and February with a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


# A number as typed on a Vietnamese or English page. One separator is the decimal mark ("1,05", "1.05"); more
# than one are thousands groups ("1.234.567", "1.234,5", "1,234.5"). The page's script (maps/monitoring_page.js)
# reads numbers by the same rules.
_DECIMAL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_VI_GROUPS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_decimal(text: str) -> float:
    """``"1,05"`` -> 1.05, ``"14.426,5"`` -> 14426.5; ValueError for blank or anything else."""
    typed = re.sub(r"\s", "", text)
    if _DECIMAL.fullmatch(typed):
        return float(typed.replace(",", "."))
    if _VI_GROUPS.fullmatch(typed):
        return float(typed.replace(".", "").replace(",", "."))
    if _EN_GROUPS.fullmatch(typed):
        return float(typed.replace(",", ""))
    raise ValueError(f"{text!r} is not a number")
