"""Numbers a file writes as text (a sheet's cells): "12,5" and "1.216,67" as Vietnamese writes them, "12.5" and
"1,216.67" as English does. A cell such as "2.500" is 2500 in one writing and 2.5 in the other: the column's other
cells say which writing it uses, and where none does (or they disagree) the cell is refused, never guessed — read
as 2.5, a budget of 2.500 tỷ đồng was stored a thousand times too small.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

VI, EN = "vi", "en"
_PLAIN = re.compile(r"[+-]?\d+")
#: "2.500", "2,500": a thousands separator in one writing, a decimal mark in the other.
_AMBIGUOUS = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")
#: What only one writing writes: thousands grouped ("1.234.567", "1.216,67"), or a decimal mark ("12,5", "0,125").
_SHOWS = {
    VI: (re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?"), re.compile(r"[+-]?\d*,\d+")),
    EN: (re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"), re.compile(r"[+-]?\d*\.\d+")),
}


class AmbiguousNumber(ValueError):
    """A cell that reads as two numbers ("2.500": 2500 or 2.5), in a column that does not say which; ``readings``
    has the number in each writing."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.readings = {writing: _read(text, writing) for writing in (VI, EN)}


def writing_of(cell: str) -> str | None:
    """The writing (VI or EN) a cell shows; None for a plain, an ambiguous or a wrong one."""
    text = cell.strip()
    if _AMBIGUOUS.fullmatch(text):
        return None
    return next((w for w, shapes in _SHOWS.items() if any(s.fullmatch(text) for s in shapes)), None)


def column_writing(cells: Iterable[Any]) -> str | None:
    """The writing of a column's text cells: the one they show, if they show one and only one."""
    shown = {writing_of(c) for c in cells if isinstance(c, str)} - {None}
    return shown.pop() if len(shown) == 1 else None


def parse(cell: Any, writing: str | None) -> float:
    """A cell's number (``writing``: its column's); raises AmbiguousNumber, or ValueError for what is not one."""
    if not isinstance(cell, str):
        return float(cell)
    text = cell.strip()
    if _PLAIN.fullmatch(text):
        return float(text)
    if _AMBIGUOUS.fullmatch(text):
        if writing is None:
            raise AmbiguousNumber(text)
        return _read(text, writing)
    own = writing_of(text)
    number = _read(text, own) if own else float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _read(text: str, writing: str) -> float:
    return float(text.replace(".", "").replace(",", ".") if writing == VI else text.replace(",", ""))
