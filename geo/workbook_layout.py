"""The layout the registry's workbooks share (a layer's spreadsheet, the yearly report): a bold, wrapped, frozen
header row, and each column as wide as its longest line and its heading's longest word, within bounds.

Two ways to it: :func:`lay_out` walks an openpyxl sheet already filled (the yearly report, a few hundred rows), and
:func:`write_laid_out` streams a table into a :class:`geo.sheet_rows.RowsWorkbook` laid out the same, from widths
measured beforehand (a layer's spreadsheet: 50,000 projects took a minute in an openpyxl sheet held in memory and
walked cell by cell, and half of that in a write-only one, trial 48; 37–39 s written cell by cell by XlsxWriter)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.sheet_rows import CellStyle, RowsWorkbook

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

WIDEST = 60  # characters: a column with longer texts is this wide, its cells wrapped
NARROWEST = 8
_PIXELS_A_CHARACTER = 7  # Excel's default font (Calibri 11) is 7 pixels a digit
_WRAPPED = {"text_wrap": True, "valign": "top"}

#: A day in a sheet as each language writes it: 31/12/2024, 31 Dec 2024 (geo.vi_format's).
SHEET_DATES = {"vi": "DD/MM/YYYY", "en": "D MMM YYYY"}
#: A moment in a sheet, in Vietnam's time (geo.sheet_rows writes it so): 06/12/2026 06:01, 6 Dec 2026 06:01; a date-time
#: cell, which sorts and filters, not the text of geo.vi_format.local_moment (trial 62, F13).
SHEET_MOMENTS = {"vi": "DD/MM/YYYY HH:MM", "en": "D MMM YYYY HH:MM"}
#: How a column's cells are written: a number format for them all, one chosen for each value, or None (General).
NumberFormat = str | Callable[[Any], str] | None
#: An amount with a thousands separator and a decimal's own places (15.934 in an Excel set to Vietnamese, 15,934 in
#: English: a format's "," and "." are the reader's own separators): 5.217; 2,3 (not "5.217,0" of "#,##0.0", nor
#: "5.217," of "#,##0.##" on a whole number).
SHEET_WHOLE, SHEET_DECIMAL = "#,##0", "#,##0.0##"


def amount_format(value: Any) -> str:
    """The number format of an amount's cell: SHEET_DECIMAL for a number with decimals, else SHEET_WHOLE."""
    return SHEET_DECIMAL if isinstance(value, float) and not value.is_integer() else SHEET_WHOLE


def lay_out(sheet: Worksheet) -> None:
    """The header row bold, wrapped and frozen; each column as wide as its longest line and its heading's longest
    word (the heading wraps), between NARROWEST and WIDEST characters; a column with a longer text wrapped; a table
    without rows with a cell under its first heading, empty, for GDAL and QGIS (:func:`write_laid_out`).
    openpyxl is imported here, by the sheets filled with it: a layer's spreadsheet, written without it, is imported
    by every export (``georeg export``: a tenth of a second)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrapped = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for number, (heading, *cells) in enumerate(sheet.iter_cols(), start=1):
        heading.font, heading.alignment = Font(bold=True), wrapped
        longest = max((_width(cell) for cell in cells), default=0)
        sheet.column_dimensions[get_column_letter(number)].width = column_width(longest, heading.value)
        if longest > WIDEST:
            for cell in cells:
                cell.alignment = wrapped
    if sheet.max_row == 1:
        sheet.cell(2, 1).alignment = wrapped  # a style, so that openpyxl writes the cell


def column_width(longest: int, heading: Any) -> int:
    """A column's width in characters for its longest line and its heading's longest word, within bounds, with a
    margin of 2."""
    words = max((len(word) for word in str(heading or "").split()), default=0)
    return min(WIDEST, max(NARROWEST, longest, words)) + 2


def write_laid_out(
    book: RowsWorkbook,
    title: str,
    headings: Sequence[str],
    columns: Sequence[Sequence[Any]],
    longest: Sequence[int],
    formats: Sequence[NumberFormat],
    totals: Collection[int] = (),
) -> Any:
    """A sheet ``title`` of ``columns`` (each a column's values, None where empty) under ``headings`` in ``book``,
    laid out as :func:`lay_out` lays one out, from each column's ``longest`` line measured beforehand; each column's
    cells in its number format of ``formats``; the rows of indices ``totals`` (in ``columns``) bold, as a total row is
    printed. Returns the sheet.

    A table without rows has a cell under its first heading, empty, in a style (so that it is written): GDAL's XLSX
    driver (QGIS's) takes a sheet's first row for its headings only when its second row holds a cell that is not
    text (a number, a day, or an empty cell, which has no type), and reads a sheet of headings alone as one row of
    columns Field1, Field2…, the headings its values, whatever its HEADERS option says (GDAL 3.6 and 3.12). With the
    cell it reads the headings as the columns, and one row, empty: it reads every row after the first, and no cell
    makes it read none. pandas (which drops a sheet's empty rows at its end) and Excel read no row."""
    chosen = [
        {fmt(value) for value in column if value is not None} if callable(fmt) else set()
        for fmt, column in zip(formats, columns, strict=True)
    ]
    sheet, styles = _laid_out(book, title, headings, longest, formats, chosen)
    wrapped = [most > WIDEST for most in longest]
    bold = [_style(book, *each, bold=True) for each in zip(formats, wrapped, chosen, strict=True)] if totals else []
    book.add_rows(sheet, columns, styles, totals=(totals, bold))
    if not any(len(column) for column in columns):
        sheet.write_blank(1, 0, None, book.cell_format(_WRAPPED))
    return sheet


@dataclass
class Measured:
    """A table's columns measured a chunk at a time, for :func:`write_measured`: each one's longest line as a sheet
    shows it (:func:`longest_line`), the number formats chosen for its values (where ``formats`` chooses one for
    each), and the rows."""

    formats: Sequence[NumberFormat]
    longest: list[int] = field(init=False)
    chosen: list[set[str]] = field(init=False)
    rows: int = 0

    def __post_init__(self) -> None:
        self.longest, self.chosen = [0] * len(self.formats), [set() for _ in self.formats]

    def add(self, table: pd.DataFrame) -> None:
        """Note ``table``'s rows (its columns in ``formats``' order)."""
        self.rows += len(table)
        for number, (column, fmt) in enumerate(zip(table, self.formats, strict=True)):
            self.longest[number] = max(self.longest[number], longest_line(table[column], fmt))
            if callable(fmt):
                self.chosen[number] |= {fmt(value) for value in table[column].dropna().tolist()}


def write_measured(
    book: RowsWorkbook,
    title: str,
    headings: Sequence[str],
    measured: Measured,
    chunks: Callable[[], Iterator[Sequence[Sequence[Any]]]],
) -> Any:
    """A sheet ``title`` laid out as :func:`write_laid_out` lays one out, from a table ``measured`` beforehand whose
    columns ``chunks`` gives a chunk at a time as the workbook is written (a layer's spreadsheet: its rows are never
    all in memory). Returns the sheet."""
    sheet, styles = _laid_out(book, title, headings, measured.longest, measured.formats, measured.chosen)
    book.add_chunks(sheet, chunks, styles, measured.rows, len(headings))
    if not measured.rows:
        sheet.write_blank(1, 0, None, book.cell_format(_WRAPPED))
    return sheet


def longest_line(column: pd.Series, fmt: NumberFormat) -> int:
    """A column's longest line as a sheet shows it, in characters (a day in 10, an amount with its thousands
    separators), measured on a frame rather than on its cells."""
    known = column.dropna()
    if known.empty:
        return 0
    if fmt is not None and "date" in str(column.dtype):
        return 10
    if fmt is not None:
        return max(len(f"{value:,}") for value in known.tolist())
    texts = known.astype(str)
    if texts.str.contains("\n", regex=False).any():
        return int(texts.str.split("\n").map(lambda lines: max(map(len, lines))).max())
    return int(texts.str.len().max())


def _laid_out(
    book: RowsWorkbook,
    title: str,
    headings: Sequence[str],
    longest: Sequence[int],
    formats: Sequence[NumberFormat],
    chosen: Sequence[set[str]],
) -> tuple[Any, list[CellStyle]]:
    """A sheet ``title`` with its header row and columns' widths, and each column's cells' style."""
    sheet = book.add_worksheet(title)
    sheet.freeze_panes(1, 0)
    for number, (heading, most) in enumerate(zip(headings, longest, strict=True)):
        # set in pixels, so that the width stored is the characters' (62, where set_column(62) stores 62.71)
        sheet.set_column_pixels(number, number, column_width(most, heading) * _PIXELS_A_CHARACTER)
    sheet.write_row(0, 0, headings, book.add_format({"bold": True, **_WRAPPED}))
    return sheet, [
        _style(book, fmt, most > WIDEST, made) for fmt, most, made in zip(formats, longest, chosen, strict=True)
    ]


def _style(book: RowsWorkbook, fmt: NumberFormat, wrapped: bool, chosen: set[str], bold: bool = False) -> CellStyle:
    """A column's cells' format: in its number format (one per value, of those ``chosen`` for its values, if chosen
    for each, made before the workbook is written), wrapped if ``wrapped``, bold if ``bold``."""
    alignment = (_WRAPPED if wrapped else {}) | ({"bold": True} if bold else {})
    if fmt is None:
        return book.cell_format(alignment) if alignment else None
    if not callable(fmt):
        return book.cell_format({"num_format": fmt} | alignment)
    made = {
        number_format: book.cell_format({"num_format": number_format} | alignment) for number_format in sorted(chosen)
    }
    return lambda value: made[fmt(value)]


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
