"""Opening an input (file or zip) as layers, and reading each layer in chunks of features.

Shapefile attributes are read as Latin-1 (a lossless byte-per-character mapping) and decoded by
geo.text_encoding, because GDAL's own cp1258 recoding drops the last character of strings. Other
formats store UTF-8; all text is normalised to NFC.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely

from geo.coordinates import northing_first
from geo.ingest.archive import extract
from geo.ingest.messages import said
from geo.ingest.sniff import FORMAT_LABELS, UnknownFormatError, sniff
from geo.parser_words import gdal_detail
from geo.said import Said, SaidError
from geo.sheet_headings import crs_headed, projected_axis
from geo.text_encoding import EncodingDecision, decode, detect, map_column, recover_latin1

VECTOR_SUFFIX = {
    "shapefile": ".shp",
    "gpkg": ".gpkg",
    "geojson": ".geojson",
    "kml": ".kml",
    "csv": ".csv",
    "xlsx": ".xlsx",
}
ENCODING_SAMPLE = 5000  # text values looked at to decide a DBF's encoding
GEOJSON_OBJECT_LIMIT = "OGR_GEOJSON_MAX_OBJ_SIZE"  # GDAL's per-feature limit (MB) when it reads GeoJSON
GEOJSON_OBJECT_LIMIT_DEFAULT_MB = 200
WKT_COLUMNS = ("wkt", "geometry_wkt", "geom_wkt")  # a CSV column of geometries, any case


def reader_message(error: Exception) -> Said | str:
    """What a reader's ``error`` about a file means: GDAL's message in both languages (geo.parser_words), or what a
    user can do about it where GDAL's own is about its settings; a refusal said in both languages (a CRS or
    coordinates that cannot be right) as it is; the registry's own text otherwise."""
    if isinstance(error, SaidError):
        return error.said
    text = str(error)
    if GEOJSON_OBJECT_LIMIT in text:
        limit = pyogrio.get_gdal_config_option(GEOJSON_OBJECT_LIMIT) or GEOJSON_OBJECT_LIMIT_DEFAULT_MB
        where = re.search(r"line (\d+), character (\d+)", text)
        return said(
            "geojson_feature_too_large",
            limit=int(limit),
            where=said("geojson_at", line=where[1], column=where[2]) if where else said("geojson_somewhere"),
        )
    if type(error).__module__.startswith(("pyogrio", "rasterio")):
        return gdal_detail(error)
    return text


@dataclass
class Layer:
    """One layer of the input as GDAL will read it."""

    path: Path
    name: str
    format: str
    feature_count: int
    crs_text: str | None  # the .prj or the embedded CRS as WKT; None when the file has none
    crs_source: Said | str  # where crs_text came from, for the report
    cpg: str | None = None
    sheet: SheetRows | None = None  # a workbook's rows, read as its layer is listed (its one opening)

    @property
    def legacy_text(self) -> bool:
        return self.format == "shapefile"


Table = dict[str, list[Any]]  # attribute columns by name


@dataclass
class Chunk:
    """Consecutive features of a layer: ``offset`` is the index of the first, ``geoms`` in the layer's CRS; a CSV
    sheet's ``rows`` are each feature's row in the sheet (a CSV's header is row 1, a workbook's found by
    :func:`_workbook_rows`; blank rows are skipped)."""

    offset: int
    geoms: np.ndarray
    table: Table
    rows: list[int] | None = None


def open_layers(
    path: Path, workdir: Path, max_uncompressed: int, names_a_field: Callable[[str], bool] = lambda _: False
) -> tuple[str, list[Layer]]:
    """The input's format code and its layers; a zip is extracted (safely) into ``workdir`` first. A workbook's sheet
    is read here, its header the first row with a column ``names_a_field`` recognises (:func:`_workbook_rows`)."""
    fmt = sniff(path)
    if fmt == "geotiff":
        raise UnknownFormatError(said("geotiff_not_vector", name=path.name))
    if fmt != "zip":
        return fmt, _layers_of(_linked(path, fmt, workdir, path.stem), fmt, names_a_field)
    layers: list[Layer] = []
    for member in sorted(extract(path, workdir / "zip", max_uncompressed)):
        if member.suffix.lower() in {".dbf", ".shx", ".prj", ".cpg", ".qpj", ".sbn", ".sbx", ".xml", ".qmd", ".csvt"}:
            continue
        try:
            kind = sniff(member)
        except UnknownFormatError:
            continue
        if kind in VECTOR_SUFFIX:
            found = member if kind == "shapefile" else _linked(member, kind, workdir, member.stem)
            layers += _layers_of(found, kind, names_a_field)
    if not layers:
        raise UnknownFormatError(said("archive_without_layers", name=path.name))
    return "zip", layers


def _linked(path: Path, fmt: str, workdir: Path, stem: str) -> Path:
    """``path`` under the extension GDAL needs for ``fmt`` (content decides the format, not the name)."""
    suffix = VECTOR_SUFFIX[fmt]
    if path.suffix.lower() == suffix:
        return path
    if fmt == "shapefile":
        raise UnknownFormatError(said("shp_misnamed", name=path.name))
    link = workdir / f"{stem}{suffix}"
    link.symlink_to(path.resolve())
    return link


def _sidecar(shp: Path, suffix: str) -> Path | None:
    for candidate in shp.parent.iterdir():
        if candidate.stem == shp.stem and candidate.suffix.lower() == suffix:
            return candidate
    return None


def _layers_of(path: Path, fmt: str, names_a_field: Callable[[str], bool]) -> list[Layer]:
    if fmt == "csv":
        return [Layer(path, path.stem, fmt, _sheet_rows(path), None, "no CRS in a CSV")]
    if fmt == "xlsx":  # opened once: its first sheet named and read, its rows counted as read, not as it states them
        with _workbook(path) as book:
            first = book.worksheets[0]
            rows = _workbook_rows(first, _has_percent_formats(path), names_a_field)
        crs = crs_headed(rows.header)  # an export's "Easting (m, EPSG:9209)": its CRS, as a .prj would say it
        crs_text, source = (f"EPSG:{crs}", said("crs_in_headings")) if crs else (None, "no CRS in a workbook")
        return [Layer(path, first.title, fmt, len(rows.numbered), crs_text, source, sheet=rows)]
    if fmt == "shapefile":
        for needed in (".dbf", ".shx"):
            if _sidecar(path, needed) is None:
                raise UnknownFormatError(said("shapefile_part_missing", name=path.name, needed=needed))
        prj, cpg = _sidecar(path, ".prj"), _sidecar(path, ".cpg")
        info = pyogrio.read_info(path, encoding="latin1")
        if not len(info["fields"]):  # GDAL opens a shapefile whose .dbf does not read as one without columns, silently
            raise UnknownFormatError(said("dbf_unreadable", name=path.name))
        return [
            Layer(
                path,
                path.stem,
                fmt,
                info["features"],
                prj.read_text(encoding="utf-8", errors="replace") if prj else None,
                said("prj_file", name=prj.name) if prj else "no .prj file",
                cpg.read_text(encoding="ascii", errors="replace").strip() if cpg else None,
            )
        ]
    layers = []
    for name, _geometry_type in pyogrio.list_layers(path):
        info = pyogrio.read_info(path, layer=name)
        crs = info["crs"]
        layers.append(Layer(path, name, fmt, info["features"], crs, said("own_crs", format=FORMAT_LABELS[fmt])))
    return layers


def _sheet_rows(path: Path) -> int:
    """A CSV's records below its header, blank lines aside (a quoted cell may hold line breaks), counted before it is
    read, so that a load's progress says its total from the start; read as Latin-1, which decodes any bytes."""
    with open(path, encoding="latin-1", newline="") as sheet:
        return max(sum(1 for row in csv.reader(sheet) if any(cell.strip() for cell in row)) - 1, 0)


def read_chunks(layer: Layer, chunk_size: int) -> Iterator[Chunk]:
    """The layer's features, ``chunk_size`` at a time; attributes still raw for shapefiles (Latin-1)."""
    # A DBF's bytes are read as ISO-8859-1, one character per byte, and decoded later (decode_table). GDAL does that
    # recoding itself when told with its ENCODING open option (which also overrides a wrong .cpg); pyogrio's own
    # ``encoding=`` would decode every value in Python, which doubles the reading time of a large file.
    legacy = {"ENCODING": "ISO-8859-1"} if layer.legacy_text else {}
    # The first chunk is small, so that the database starts writing sooner: it still holds as many values as the
    # encoding check looks at (decide_encoding), and the load's time is then the database's, chunk after chunk.
    offset, size = 0, min(chunk_size, ENCODING_SAMPLE)
    while offset < layer.feature_count:
        with warnings.catch_warnings():  # an older export's changed_at in Vietnam time (geo.layer_export.CHANGED_AT)
            warnings.filterwarnings("ignore", "Non-conformant content .* successfully parsed", RuntimeWarning)
            meta, _, wkb, values = pyogrio.raw.read(
                layer.path,
                layer=layer.name,
                skip_features=offset,
                max_features=size,
                datetime_as_string=True,  # with its offset (_read_values)
                **legacy,
            )
        count = len(wkb) if wkb is not None else len(values[0]) if len(values) else 0
        if not count:
            break
        columns = zip(meta["fields"], values, meta["ogr_types"], strict=True)
        # a GeoPackage's date-times are UTC by its standard, offset or not: QGIS saving one as a new file writes
        # "…22:53:28.000" for "…22:53:28.632Z", read as Vietnam time 7 hours early (trial 62)
        naive = UTC if layer.format == "gpkg" else None
        table = {name: _read_values(column, kind, naive) for name, column, kind in columns}
        # a table without geometry (a GeoPackage attribute table) gives rows without geometry
        geoms = shapely.from_wkb(wkb) if wkb is not None else np.full(count, None, dtype=object)
        yield Chunk(offset, geoms, table)
        offset, size = offset + count, chunk_size


def _read_values(column: np.ndarray, ogr_type: str, naive: tzinfo | None = None) -> list[Any]:
    """A column's values as Python's: a date-time with the offset its file gives ("Z", UTC, in a GeoPackage export's
    changed_at; "+07:00" in an older one's), which GDAL's reading as numbers drops (a UTC moment was read as the same
    time in Vietnam, 7 hours early); one without an offset in the ``naive`` zone, else as it was (naive); a day as a
    date."""
    if ogr_type == "OFTDateTime":
        return [None if value is None else _moment(value, naive) for value in column]
    if ogr_type == "OFTDate":
        return column.astype("datetime64[D]").tolist()
    return column.tolist()


def _moment(written: str, naive: tzinfo | None) -> datetime | str:
    """A date-time as GDAL writes it (ISO 8601), one without an offset in the ``naive`` zone if given, or its text if
    Python does not read it (the mapping says so)."""
    try:
        moment = datetime.fromisoformat(written)
    except ValueError:
        return written
    return moment.replace(tzinfo=naive) if naive and moment.tzinfo is None else moment


def text_columns(table: Table) -> list[str]:
    return [c for c, values in table.items() if any(isinstance(v, str) for v in values)]


def decide_encoding(layer: Layer, first: Chunk, forced: str | None) -> EncodingDecision:
    """The encoding of the layer's text: ``--encoding``, else .cpg checked against the bytes, else detected."""
    if forced:
        return EncodingDecision(forced, said("encoding_given"), 1.0)
    if not layer.legacy_text:
        return EncodingDecision("utf-8", said("stores_utf8", format=FORMAT_LABELS[layer.format]), 1.0)
    texts = set(first.table)
    for column in text_columns(first.table):
        texts.update(sorted({v for v in first.table[column] if isinstance(v, str)})[:ENCODING_SAMPLE])
    return detect([t.encode("latin-1") for t in sorted(texts)], layer.cpg)


def decode_table(table: Table, layer: Layer, encoding: str) -> Table:
    """Column names and text values decoded to NFC (shapefiles: from the Latin-1 reading)."""

    def fix(text: str) -> str:
        if layer.legacy_text:
            return recover_latin1(text, encoding)
        return unicodedata.normalize("NFC", text)

    def fix_list(values: Any) -> list[Any]:  # a list field (GeoJSON's arrays, GDAL's StringList)
        return [fix(v) if isinstance(v, str) else v for v in values]

    out = {}
    for column, values in table.items():
        decoded = {v: fix(v) for v in {v for v in values if isinstance(v, str)}}  # repeated values decoded once
        lists = any(isinstance(v, (list, np.ndarray)) for v in values)
        if decoded or lists:
            values = [
                decoded[v] if isinstance(v, str) else fix_list(v) if isinstance(v, (list, np.ndarray)) else v
                for v in values
            ]
        out[fix(column)] = values
    return out


@dataclass
class Sheet:
    """A CSV sheet read: its encoding decision, its one chunk, the columns its geometries came from (easting or
    longitude first), and whether its X column held the northings (a survey sheet's)."""

    encoding: EncodingDecision
    chunk: Chunk
    columns: tuple[str, ...]
    northing_first: bool = False


@contextlib.contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    """An Excel workbook opened for reading its cells' values (a formula's as Excel last computed it); given as a file,
    as openpyxl refuses a name not ending in .xlsx (an office's renamed file)."""
    from openpyxl import load_workbook  # only a workbook's load imports it

    with open(path, "rb") as handle:
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a zip that is not a workbook it reads
            raise UnknownFormatError(said("workbook_unreadable", name=path.name, detail=str(error))) from error
        try:
            yield book
        finally:
            book.close()


def first_sheet_rows(path: Path, names_a_field: Callable[[str], bool]) -> SheetRows:
    """A workbook's first sheet read as a load reads it (header found by its names, percents as shown): a bulk
    status file's rows (geo.bulk_status_reports)."""
    with _workbook(path) as book:
        return _workbook_rows(book.worksheets[0], _has_percent_formats(path), names_a_field)


#: The rows of a workbook's sheet looked at for its header: an office's sheet may have a title above it ("DANH MỤC DỰ
#: ÁN …"), a date, a blank row.
HEADER_ROWS_LOOKED_AT = 20


@dataclass
class SheetRows:
    """A workbook's sheet read: its header, its numbered non-blank rows under it, the header's row and how it was
    found (said in the load's report)."""

    header: list[str]
    numbered: list[tuple[int, list[Any]]]
    header_row: int
    how: Said


def _workbook_rows(sheet: Any, percents: bool, names_a_field: Callable[[str], bool]) -> SheetRows:
    """The header and the numbered non-blank rows under it of a workbook's ``sheet``, numbered as Excel numbers them.
    The header is the first row of the first :data:`HEADER_ROWS_LOOKED_AT` with a text ``names_a_field`` recognises
    (a title above it is not read); where none has one, the first row holding a value (row 1 may be left blank).
    Texts NFC and stripped, each distinct text once; empty cells None; numbers and dates as Excel stores them
    (15,5 typed in a Vietnamese Excel is 15.5), but a number formatted as a percent as the cell shows it
    (``percents``): "15,5%" is stored 0.155, shown and saved to CSV by Excel as 15,5%, which is what a CSV of the
    sheet gives too (read as 15.5): not 0.155 %."""
    cleaned = functools.cache(lambda text: unicodedata.normalize("NFC", text).strip() or None)
    sheet.reset_dimensions()  # read to its last cell: a sheet's size as written may be wrong ("A1": its first cell)
    rows = enumerate(_shown_rows(sheet, percents), start=1)
    above: list[tuple[int, list[Any]]] = []  # the rows holding a value, up to the header found by its names
    named = False
    for k, row in rows:
        cells = [cleaned(v) if isinstance(v, str) else v for v in row]
        if any(cell is not None for cell in cells):
            above.append((k, cells))
            named = any(isinstance(cell, str) and names_a_field(cell) for cell in cells)
        if named or k >= HEADER_ROWS_LOOKED_AT:
            break
    at = len(above) - 1 if named else 0
    header_row, cells = above[at] if above else (1, [])
    header = ["" if cell is None else cleaned(str(cell)) or "" for cell in cells]
    numbered = []
    for k, row in chain(above[at + 1 :], rows):  # each row to the header's width, blank ones skipped
        cells = [cleaned(v) if isinstance(v, str) else v for v in row[: len(header)]]
        if any(cell is not None for cell in cells):
            numbered.append((k, cells + [None] * (len(header) - len(cells))))
    return SheetRows(header, numbered, header_row, _header_how(named, [k for k, _ in above[:at]]))


def _header_how(named: bool, skipped: list[int]) -> Said:
    """How a sheet's header row was found: by its names, below the rows ``skipped`` (a title), or not by them."""
    if not named:
        return said("header_unrecognised", rows=str(HEADER_ROWS_LOOKED_AT))
    if skipped:
        return said("header_below_title", rows=", ".join(map(str, skipped)))
    return said("header_first_row")


def _shown_rows(sheet: Any, percents: bool) -> Iterator[Sequence[Any]]:
    """The sheet's rows of values from row 1 (a blank row an empty one), a date as a date (openpyxl reads it by its
    style); with ``percents``, a number formatted as a percent as the cell shows it (x 100). Only then is each cell read
    as an object, and a number's style looked up for its format: 15 % slower than values alone (bench/sheet_read.py).
    """
    if not percents:
        yield from sheet.iter_rows(values_only=True)
        return
    for row in sheet.iter_rows():
        yield [_percent_shown(cell, v) if type(v := cell.value) in (int, float) else v for cell in row]  # not a bool


def _percent_shown(cell: Any, number: float) -> float:
    return round(number * 100, 10) if cell.has_style and "%" in cell.number_format else number


def _has_percent_formats(path: Path) -> bool:
    """Whether a style of the workbook formats numbers as a percent (one built in, "0%" or "0.00%", or its own), as
    openpyxl reads the workbook's stylesheet; a workbook without one is read by its cells' values alone."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.constants import ARC_STYLE
    from openpyxl.xml.functions import fromstring

    with zipfile.ZipFile(path) as archive:
        if ARC_STYLE not in archive.namelist():
            return False
        styles = Stylesheet.from_tree(fromstring(archive.read(ARC_STYLE)))
    builtin = (BUILTIN_FORMATS.get(style.numFmtId, "") for style in styles.cell_styles)
    return any("%" in code for code in [*builtin, *styles.number_formats])


def _csv_rows(raw: bytes, decision: EncodingDecision) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the numbered non-blank records of a CSV sheet's bytes (its BOM aside), each cell stripped, an
    empty one None."""
    text = decode(raw, decision.encoding)
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), delimiter=dialect.delimiter)
    header = next(reader)
    # a spreadsheet shows each record as a row (a cell's line breaks included), blank ones too, under the header
    numbered = [(k, row) for k, row in enumerate(reader, start=2) if any(cell.strip() for cell in row)]
    padded = [(k, row + [""] * (len(header) - len(row))) for k, row in numbered]
    return header, [(k, [cell.strip() or None for cell in row]) for k, row in padded]


def read_sheet(layer: Layer, forced: str | None, mapping: dict[str, str], sites_optional: bool = False) -> Sheet:
    """A CSV sheet or an Excel workbook's sheet. A ``wkt`` column
    (as the registry's CSV export and GDAL's ``GEOMETRY=AS_WKT`` write) gives any geometry; else coordinate columns
    give points. Beside a ``wkt`` column, x/y are a point on each geometry and not loaded. With ``sites_optional``
    (an update of projects by code) a sheet of neither gives attributes only: no column names a site."""
    if layer.format == "xlsx":
        decision = EncodingDecision("utf-8", said("stores_utf8", format=FORMAT_LABELS["xlsx"]), 1.0)
        header, numbered = layer.sheet.header, layer.sheet.numbered
    else:  # its bytes read once, for their encoding and their rows
        raw = layer.path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        decision = _csv_encoding(raw, forced)
        header, numbered = _csv_rows(raw, decision)
    sheet_rows = [k for k, _ in numbered]
    rows = [row for _, row in numbered]
    table = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    wkt = next((c for c in header if c.strip().lower() in WKT_COLUMNS and "lon" not in mapping), None)
    x_col, y_col = _coordinate_columns(header, mapping)
    if wkt is None and sites_optional and x_col is None and y_col is None:
        return Sheet(decision, Chunk(0, np.full(len(rows), None, dtype=object), table, sheet_rows), ())
    if wkt is None and (x_col is None or y_col is None):
        raise UnknownFormatError(said("no_coordinate_columns", name=layer.path.name, columns=str(header)))
    xs, ys = (table.pop(c) if c else [None] * len(rows) for c in (x_col, y_col))
    if wkt is not None:
        geoms = _wkt_geometries(layer, wkt, table.pop(wkt), sheet_rows)
        return Sheet(decision, Chunk(0, geoms, table, sheet_rows), (wkt,))
    eastings, northings = _numbers(xs), _numbers(ys)
    swapped = northing_first(eastings, northings)  # X the northing, as Vietnamese survey sheets write it
    if swapped:
        eastings, northings, x_col, y_col = northings, eastings, y_col, x_col
    geoms = np.asarray(shapely.points(eastings, northings), dtype=object)
    geoms[[x is None and y is None for x, y in zip(xs, ys, strict=True)]] = None  # no coordinates: no location
    return Sheet(decision, Chunk(0, geoms, table, sheet_rows), (x_col, y_col), swapped)


def _csv_encoding(raw: bytes, forced: str | None) -> EncodingDecision:
    """A CSV's encoding: ``--encoding``, else detected from its lines (its bytes, the BOM aside)."""
    if forced:
        return EncodingDecision(forced, said("encoding_given"), 1.0)
    return detect(raw.splitlines()[:ENCODING_SAMPLE])


def _wkt_geometries(layer: Layer, column: str, cells: list[str | None], sheet_rows: list[int]) -> np.ndarray:
    """The geometries of a ``wkt`` column (an empty cell: no location); a cell that is not WKT refuses the file."""
    geoms = np.asarray(shapely.from_wkt(cells, on_invalid="ignore"), dtype=object)
    for i in np.flatnonzero(shapely.is_missing(geoms)):
        if cells[i] is not None:
            shown = repr(cells[i][:60] + ("…" if len(cells[i]) > 60 else ""))
            told = said(
                "not_wkt", name=layer.path.name, row=str(sheet_rows[i]), index=str(i), column=column, value=shown
            )
            raise UnknownFormatError(told)
    return geoms


def _numbers(cells: list[Any]) -> np.ndarray:
    """Coordinates from cells (a workbook's numbers as they are), with a decimal comma accepted; anything else is NaN
    (reported as non-finite)."""
    out = np.full(len(cells), np.nan)
    for i, cell in enumerate(cells):
        with contextlib.suppress(ValueError, TypeError):
            out[i] = float(cell.replace(",", ".") if isinstance(cell, str) else cell)
    return out


def _coordinate(column: str) -> str | None:
    """``lon`` or ``lat`` for a column of a sheet's x or y ("kinh_do", "Easting (m, EPSG:9209)"), else what
    geo.text_encoding.map_column makes of it."""
    projected = projected_axis(column)
    return {"x": "lon", "y": "lat"}[projected[0]] if projected else map_column(column)


def _coordinate_columns(columns: list[str], mapping: dict[str, str]) -> tuple[str | None, str | None]:
    """The sheet's longitude (easting) and latitude (northing) columns, by name or ``--map``; None where none is."""
    found = {_coordinate(c): c for c in reversed(columns)} | {k: v for k, v in mapping.items() if k in ("lon", "lat")}
    return found.get("lon"), found.get("lat")
