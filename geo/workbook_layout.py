"""The layout the registry's workbooks share (a layer's spreadsheet, the yearly report): a bold, wrapped, frozen
header row, and each column as wide as its longest line and its heading's longest word, within bounds."""

from __future__ import annotations

from datetime import date

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

WIDEST = 60  # characters: a column with longer texts is this wide, its cells wrapped
NARROWEST = 8


def lay_out(sheet: Worksheet) -> None:
    """The header row bold, wrapped and frozen; each column as wide as its longest line and its heading's longest
    word (the heading wraps), between NARROWEST and WIDEST characters; a column with a longer text wrapped."""
    wrapped = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for number, (heading, *cells) in enumerate(sheet.iter_cols(), start=1):
        heading.font, heading.alignment = Font(bold=True), wrapped
        longest = max((_width(cell) for cell in cells), default=0)
        words = max((len(word) for word in str(heading.value or "").split()), default=0)
        sheet.column_dimensions[get_column_letter(number)].width = min(WIDEST, max(NARROWEST, longest, words)) + 2
        if longest > WIDEST:
            for cell in cells:
                cell.alignment = wrapped


def _width(cell: Cell) -> int:
    """A cell's longest line, in characters (a day is written in 10; a number with thousands separators, if its
    format has them, with them)."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float) and "," in cell.number_format:
        return len(f"{value:,}")
    return max(len(line) for line in str(value).split("\n"))
