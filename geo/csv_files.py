"""The registry's CSV files for a spreadsheet (the yearly report, /progress's table, /status-reports and /changes),
written one way: an Excel in the reader's language opens them by a double-click, in columns, each number a number; a
percentage with :data:`PERCENT_DECIMALS` (80,0), any other number with the decimals it has (2; 0,0432).

Vietnamese: ";" between the columns and "," before the decimals ("80,0"), as an Excel set to Vietnamese reads a CSV
(its list separator is ";", its decimal sign ","): the dots of "80.0" read as 800 or as text (trial 57). English: ","
and ".". No thousands separator in either: "1234,5" is a number to every spreadsheet, where "1.234,5" was text to
one set to English and the files wrote three styles ("80,0", "80", "1.234,5"). UTF-8 with a byte-order mark, so
Excel reads the Vietnamese. The layers' CSV exports (geo.layer_export) are GIS data, loaded back by QGIS and by the
registry: "," and "." in both languages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

#: Per language: the column separator and the decimal sign.
SEPARATORS = {"vi": (";", ","), "en": (",", ".")}
#: The decimals a number is written with at most, unless its column says how many (:func:`csv_number`).
MOST_DECIMALS = 4
#: A percentage's decimals, always, as the pages and the map write it: 80,0; 53,3.
PERCENT_DECIMALS = 1


def csv_number(value: float | None, lang: str, decimals: int | None = None, empty: str = "") -> str:
    """``value`` as a CSV cell in ``lang``: ``decimals`` places always (80,0 with 1), else as many as it has up to
    :data:`MOST_DECIMALS` (2; 0,0432; 1234,5); no thousands separator; ``empty`` for None."""
    if value is None:
        return empty
    places = MOST_DECIMALS if decimals is None else decimals
    written = f"{round(value, places) + 0.0:.{places}f}"  # + 0.0: no "-0,0" for a figure rounded to nothing
    if decimals is None and "." in written:
        written = written.rstrip("0").rstrip(".")
    return written.replace(".", SEPARATORS[lang][1])


def csv_file(rows: Iterable[Sequence[Any]], lang: str) -> bytes:
    """``rows`` as a CSV file in ``lang``: a number not written yet as :func:`csv_number` writes it, None blank, the
    rest as text; a row may be a line of text alone (a title) or empty (a blank line). The first row's cells (the
    headings) are quoted, each: GDAL's CSV driver of QGIS 3.22 (GDAL 3.6) chooses the separator from the first line's
    characters outside quotes, and "," when it finds both "," and ";" (a Vietnamese heading "Dự án, lớp dữ liệu" cut
    /changes' file into two columns)."""
    buffer = io.StringIO()
    headings = csv.writer(buffer, delimiter=SEPARATORS[lang][0], quoting=csv.QUOTE_ALL)
    writer = csv.writer(buffer, delimiter=SEPARATORS[lang][0])
    for number, row in enumerate(rows):
        (writer if number else headings).writerow([_cell(value, lang) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return csv_number(value, lang)
    return "" if value is None else str(value)
