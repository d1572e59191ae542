"""Numbers a file writes as text (a sheet's cells): "12,5" and "1.216,67" as Vietnamese writes them, "12.5" and
"1,216.67" as English does. A cell such as "2.500" is 2500 in one writing and 2.5 in the other: the column's other
cells say which writing it uses, and where none does (or they disagree) the cell is refused, never guessed — read
as 2.5, a budget of 2.500 tỷ đồng was stored a thousand times too small. Only a column that groups thousands
("1.216,67", "1,216.67") settles such a cell; one that shows its decimal mark alone ("0.75") is read by it, and
the reading is warned of (:func:`unsettled`): a sheet filled from two sources may write "2.500" for 2500 beside it.
A percent is read by :func:`read_percent`, for a loaded sheet and a status import alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

VI, EN = "vi", "en"
_PLAIN = re.compile(r"[+-]?\d+")
#: A percent sign after a figure, spaced or not: "55%", "15 %".
_PERCENT_SIGN = re.compile(r"\s*%$")
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
    if is_ambiguous(text):
        return None
    return next((w for w, shapes in _SHOWS.items() if any(s.fullmatch(text) for s in shapes)), None)


@dataclass(frozen=True)
class Writing:
    """How a column writes numbers: ``name`` VI or EN, and whether it groups thousands (which settles "2.500")."""

    name: str
    groups: bool


def column_writing(cells: Iterable[Any]) -> Writing | None:
    """The writing of a column's text cells: the one they show, if they show one and only one."""
    texts = [c.strip() for c in cells if isinstance(c, str)]
    shown = {writing_of(c) for c in texts} - {None}
    if len(shown) != 1:
        return None
    name = shown.pop()
    return Writing(name, any(_SHOWS[name][0].fullmatch(c) for c in texts))


def unsettled(cell: Any, writing: Writing | None) -> bool:
    """Whether ``cell`` reads two ways and its column's writing, showing its decimal mark alone, read it."""
    return writing is not None and not writing.groups and isinstance(cell, str) and is_ambiguous(cell)


def is_ambiguous(cell: str) -> bool:
    """Whether the text reads as two numbers ("2.500")."""
    return _AMBIGUOUS.fullmatch(cell.strip()) is not None


def parse(cell: Any, writing: Writing | None) -> float:
    """A cell's number (``writing``: its column's); raises AmbiguousNumber, or ValueError for what is not one."""
    if not isinstance(cell, str):
        return float(cell)
    text = cell.strip()
    if _PLAIN.fullmatch(text):
        return float(text)
    if is_ambiguous(text):
        if writing is None:
            raise AmbiguousNumber(text)
        return _read(text, writing.name)
    own = writing_of(text)
    number = _read(text, own) if own else float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def read_percent(cell: Any) -> float:
    """A percent complete as officers write it, in a sheet loaded into projects and in a status import
    (geo.bulk_status_reports) alike: "55", "55%", "15 %", "15,5%", "15.5". A percent is at most 100, so a cell that
    reads two ways ("2.500") is 2.5 in either column: 2500 is no percent. ValueError for what is not a number (a
    range is the caller's to check)."""
    if not isinstance(cell, str):
        return float(cell)
    text = _PERCENT_SIGN.sub("", cell.strip())
    return _read(text, VI if "," in text else EN) if is_ambiguous(text) else parse(text, None)


def _read(text: str, writing: str) -> float:
    return float(text.replace(".", "").replace(",", ".") if writing == VI else text.replace(",", ""))
