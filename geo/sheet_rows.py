"""A workbook whose tables' rows are written as the sheet's XML directly, not cell by cell through XlsxWriter.

XlsxWriter lays out the sheets (headings, widths, panes, filters, formats) and writes them, their header rows only,
into memory; :class:`RowsWorkbook` then zips that workbook into its file with each table's rows put into its sheet's
``<sheetData>``, a thousand rows at a time. The cells are those XlsxWriter writes in its ``constant_memory`` mode
(inline strings, its escapes of control characters, a text cut at Excel's 32,767 characters, days as serial numbers, the
format's index): XlsxWriter's Python code for each cell's XML took most of a 50,000-project spreadsheet's 37–39 s
(docs/benchmarks.md, "Session 57: the sheet's rows written as XML").
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from geo.vi_format import VIETNAM_TIME

#: How a column's value is styled: one format for them all, or one chosen for each value; None: General.
CellStyle = Format | Callable[[Any], Format] | None

_TEXT_MOST = 32_767  # characters (UTF-16 units) a cell holds: XlsxWriter cuts a longer text there
_ESCAPED = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_EXCEL_DAY_ZERO = datetime(1899, 12, 30)  # day 0 of Excel's serial days, counting its 29/02/1900 (days after March)
_ROWS_A_CHUNK = 1000


class RowsWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook written to ``out`` (a path or a binary file) on close, each table given to
    :meth:`add_rows` in its sheet after the sheet's header row."""

    def __init__(self, out: Path | IO[bytes]) -> None:
        self._out = out
        self._laid_out = io.BytesIO()
        super().__init__(self._laid_out, {"in_memory": True})
        self._rows: dict[str, Callable[[], Iterator[str]]] = {}  # a sheet's part in the zip -> its rows' XML
        self._ends: dict[str, str] = {}  # a sheet's part -> its last cell ("X50001")
        self._formats: dict[tuple, Format] = {}  # the cells' formats by their properties

    def cell_format(self, properties: dict[str, Any]) -> Format:
        """The format of ``properties`` for the cells of :meth:`add_rows`, one for each set of them, given its index
        in the workbook's styles now, as XlsxWriter gives a format when it writes a cell in it (these cells it does
        not write; a second format of the same properties would get no index of its own).

        Through XlsxWriter's private ``Format._get_xf_index``, as it has no public call for this: it numbers a format
        only as it writes a cell (or a row's or column's default) in it, and puts in styles.xml only the formats so
        numbered. ``Format.set_xf_index`` is public but takes the number, which the workbook counts in a table of
        its own formats' keys (``_get_format_key``, private too): a number chosen here could be given again to a
        heading's format. A column's default (``set_column(..., cell_format)``) would number one format a column,
        not the two an amount column takes (5.217, 2,3), and style its empty cells too. The call is what XlsxWriter
        itself makes; the version is pinned (pyproject.toml) and tests/test_sheet_rows.py reads a sheet written so
        against XlsxWriter's own cells, which an upgrade that renamed it would fail."""
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.add_format(properties)
            self._formats[key]._get_xf_index()
        return self._formats[key]

    def add_rows(
        self,
        sheet: Any,
        columns: Sequence[Sequence[Any]],
        styles: Sequence[CellStyle],
        start: int = 1,
        totals: tuple[Collection[int], Sequence[CellStyle]] = ((), ()),
    ) -> None:
        """``columns`` (each a column's values, None where empty) as ``sheet``'s rows from its row ``start``
        (0-based: the one under the headings, below any lines above them), each column's cells in its style of
        ``styles`` (formats of :meth:`cell_format`); ``totals``: the indices of the rows in ``columns`` that are
        total rows, and each column's style in them (bold)."""
        count = len(columns[0]) if columns else 0
        self.add_chunks(sheet, lambda: iter([columns]), styles, count, len(columns), start, totals)

    def add_chunks(
        self,
        sheet: Any,
        chunks: Callable[[], Iterator[Sequence[Sequence[Any]]]],
        styles: Sequence[CellStyle],
        count: int,
        width: int,
        start: int = 1,
        totals: tuple[Collection[int], Sequence[CellStyle]] = ((), ()),
    ) -> None:
        """As :meth:`add_rows`, the rows given by ``chunks`` (called as the workbook is written: each chunk's columns
        in turn, one chunk held at a time), ``count`` rows of ``width`` columns in all; ``totals`` in the first."""
        part = f"xl/worksheets/sheet{sheet.index + 1}.xml"
        self._rows[part] = lambda: _chunks_xml(chunks(), styles, start, totals)
        if count:
            self._ends[part] = xl_rowcol_to_cell(start + count - 1, width - 1)

    def close(self) -> None:
        """Write the workbook to its file, the tables' rows in their sheets."""
        if self.fileclosed:
            return
        super().close()
        with zipfile.ZipFile(self._laid_out) as laid_out, zipfile.ZipFile(self._out, "w", zipfile.ZIP_DEFLATED) as out:
            for member in laid_out.infolist():
                written = zipfile.ZipInfo(member.filename, member.date_time)
                written.compress_type = zipfile.ZIP_DEFLATED
                xml = laid_out.read(member)
                if member.filename not in self._rows:
                    out.writestr(written, xml)
                    continue
                with out.open(written, "w") as part:
                    self._sheet_with_rows(part, member.filename, xml.decode())

    def _sheet_with_rows(self, part: IO[bytes], name: str, xml: str) -> None:
        """The sheet's XML with its rows after its header row, its dimension to its last cell."""
        head, end, tail = xml.rpartition("</sheetData>")
        if name in self._ends:
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{self._ends[name]}"/>', head, count=1)
        part.write(head.encode())
        for rows in self._rows[name]():
            part.write(rows.encode())
        part.write((end + tail).encode())


def _chunks_xml(
    chunks: Iterator[Sequence[Sequence[Any]]],
    styles: Sequence[CellStyle],
    start: int,
    totals: tuple[Collection[int], Sequence[CellStyle]],
) -> Iterator[str]:
    """The rows' XML of ``chunks`` one after the other from the sheet's row ``start`` (:func:`_rows_xml`)."""
    for columns in chunks:
        yield from _rows_xml(columns, styles, start, totals)
        start, totals = start + (len(columns[0]) if columns else 0), ((), ())


def _rows_xml(
    columns: Sequence[Sequence[Any]],
    styles: Sequence[CellStyle],
    start: int,
    totals: tuple[Collection[int], Sequence[CellStyle]] = ((), ()),
) -> Iterator[str]:
    """The rows' XML from the sheet's row ``start`` (0-based), :data:`_ROWS_A_CHUNK` rows at a time, each chunk made
    a column at a time (a column's letter and style looked up once, not once a cell); the ``totals`` rows' cells
    written again in their own styles."""
    letters = [xl_col_to_name(number) for number in range(len(columns))]
    count = len(columns[0]) if columns else 0
    total_rows, total_styles = totals
    for first in range(0, count, _ROWS_A_CHUNK):
        rows = range(start + first + 1, start + min(first + _ROWS_A_CHUNK, count) + 1)
        cells = [
            _column_cells(letter, column[first : first + _ROWS_A_CHUNK], rows, style)
            for letter, column, style in zip(letters, columns, styles, strict=True)
        ]
        for index in (i - first for i in total_rows if first <= i < first + _ROWS_A_CHUNK):
            for number, (letter, column, style) in enumerate(zip(letters, columns, total_styles, strict=True)):
                value = column[first + index]
                cells[number][index] = _column_cells(letter, [value], rows[index : index + 1], style)[0]
        by_row = zip(*cells, strict=True)
        yield "".join(f'<row r="{row}">{"".join(each)}</row>' for row, each in zip(rows, by_row, strict=True))


def _column_cells(letter: str, values: Sequence[Any], rows: range, style: CellStyle) -> list[str]:
    """A column's cells in ``rows``: each one's XML, "" where it is empty."""
    if style is None or isinstance(style, Format):
        attribute = f' s="{style.xf_index}"' if style else ""
        return [
            "" if value is None else _cell(f"{letter}{row}", value, attribute)
            for row, value in zip(rows, values, strict=True)
        ]
    return [
        "" if value is None else _cell(f"{letter}{row}", value, f' s="{style(value).xf_index}"')
        for row, value in zip(rows, values, strict=True)
    ]


def _cell(ref: str, value: Any, style: str) -> str:
    """A cell's XML as XlsxWriter writes it: a text as a text (never a formula or a link), a yes or no, a number, a
    day as Excel's serial day."""
    if isinstance(value, str):
        return f'<c r="{ref}"{style} t="inlineStr"><is>{_text(value)}</is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        value = _serial_day(value)
    return f'<c r="{ref}"{style}><v>{value:.16G}</v></c>'


def _text(value: str) -> str:
    """A text's ``<t>``: cut at Excel's most, its control characters and XML's own escaped, its outer spaces kept."""
    if len(value) > _TEXT_MOST // 2 and len(value.encode("utf-16-le", "surrogatepass")) > 2 * _TEXT_MOST:
        value = value.encode("utf-16-le", "surrogatepass")[: 2 * _TEXT_MOST].decode("utf-16-le", "ignore")
    if _ESCAPED.search(value):
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        value = re.sub(r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1", value)
        value = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", value)
        value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserved = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<t{preserved}>{value}</t>"


def _serial_day(value: date) -> float:
    """A day (or moment) as Excel's serial day: 01/01/2024 is 45292. A cell has no time zone: a moment of a zone is
    written in Vietnam's time, as its readers read it (a report recorded at 06:01 on 6 December in Vietnam, not 23:01
    on the 5th in UTC); one without a zone as it is."""
    if isinstance(value, datetime):
        if value.tzinfo:
            value = value.astimezone(VIETNAM_TIME)
        return (value.replace(tzinfo=None) - _EXCEL_DAY_ZERO).total_seconds() / 86_400
    return (value - _EXCEL_DAY_ZERO.date()).days
