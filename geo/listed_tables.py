"""A list a page shows as filtered, as a file its reader sends on (XLSX or CSV): /status-reports' field reports
(geo.field_reports_table) and /changes' changes (geo.changes_table), in the reader's language and formats: a day
31/12/2024, a number with one decimal (80,0), CSV as every CSV of the registry (geo.csv_files). Each file is a table
GDAL (QGIS) and pandas read, its headings in its first row: the workbook's table is its first sheet from A1, the lines
saying what the file is and what it was filtered by (:func:`first_rows`) on a sheet of their own after it
(:func:`about_sheet`), as /progress's (geo.progress_table); the CSV is the table alone, what it was filtered by in its
name (:func:`listed_file_name`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from geo.csv_files import csv_file, csv_number
from geo.said import Said
from geo.sheet_rows import RowsWorkbook
from geo.vi_format import local_date, local_moment
from geo.workbook_layout import NumberFormat, write_laid_out

FILTERED = Said("Bộ lọc", "Filters")
DOWNLOADED = Said("tải lúc {when}", "downloaded {when}")
#: The sheet of a table's lines said of it, after the table's own (:func:`about_sheet`).
ABOUT = Said("Thông tin tệp", "About this file")
#: A number in a list's workbook: one decimal, always (80,0; 1.234,5), as its CSV writes it.
ONE_DECIMAL = "#,##0.0"


def first_rows(title: Said, chosen: list[str], none: Said, listed: str, lang: str) -> list[str]:
    """What a workbook says of itself on its second sheet (:func:`about_sheet`): its ``title``, then the filters
    ``chosen`` a line each ("Tỉnh: Tỉnh Bạc Liêu (95)") or ``none`` ("none: every report"), then what is ``listed``
    and when it was downloaded."""
    said = [f"{FILTERED.text(lang)}:", *chosen] if chosen else [f"{FILTERED.text(lang)}: {none.text(lang)}"]
    when = DOWNLOADED.text(lang).format(when=local_moment(datetime.now(UTC), lang))
    return [title.text(lang), *said, f"{listed}; {when}"]


def listed_xlsx(
    title: str,
    headings: Sequence[str],
    rows: list[list[Any]],
    formats: Sequence[NumberFormat],
    about: Sequence[str],
    lang: str,
) -> bytes:
    """The list as a workbook whose first sheet ``title`` holds it from A1, laid out as the registry's others
    (geo.workbook_layout), each column's cells in its number format of ``formats``; the lines ``about`` it on a
    second sheet (:func:`about_sheet`)."""
    buffer = io.BytesIO()
    book = RowsWorkbook(buffer)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in headings]
    longest = [max((len(shown(v)) for v in column), default=0) for column in columns]
    write_laid_out(book, title, headings, columns, longest, formats)
    about_sheet(book, list(about), lang)
    book.close()
    return buffer.getvalue()


def about_sheet(book: RowsWorkbook, lines: list[str], lang: str) -> None:
    """The ``lines`` of :func:`first_rows` on a sheet :data:`ABOUT` after the table's, a line a row. Not over the
    table: GDAL (QGIS) and pandas take a sheet's first row for its headings, and read such lines as rows of columns
    "Field1", "Field2"… (GDAL 3.6 and 3.12, pandas 3.1; /status-reports' files had them so until session 63); the
    table's sheet, first, is read whole as it is."""
    sheet = book.add_worksheet(ABOUT.text(lang))
    for row, line in enumerate(lines):
        sheet.write_string(row, 0, line)


def listed_csv(headings: Sequence[str], rows: list[list[Any]], lang: str) -> bytes:
    """The list as CSV an Excel in the reader's language opens in columns: the table alone, its headings its first
    line, as GDAL's CSV driver (QGIS's) and pandas read one (lines over them are read as rows, '#' ones too)."""
    cells = [[shown(value, lang) for value in row] for row in rows]
    return csv_file([list(headings), *cells], lang)


def shown(value: Any, lang: str = "vi") -> str:
    """A cell as the CSV writes it (and as wide as a workbook's column needs): a moment "06:01 31/12/2024", a day
    31/12/2024, a number 80,0."""
    if isinstance(value, datetime):
        return local_moment(value, lang)
    if isinstance(value, date):
        return local_date(value, lang)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return csv_number(value, lang, 1)
    return "" if value is None else str(value)


def listed_file_name(what: str, day: date, fmt: str, lang: str) -> str:
    """georeg_field-reports_2026-12-05.xlsx for ``what`` "field-reports" (``_en`` before the dot in English), ASCII."""
    return f"georeg_{what}_{day.isoformat()}{'_en' if lang == 'en' else ''}.{fmt}"
