"""Reading a status file (geo.bulk_status_reports): its rows, each a report or why a value cannot be read.

A CSV, an Excel workbook's first sheet or a GeoJSON of points; positions in WGS 84 degrees, or in the CRS the file is
sent with (VN-2000 metres); days as officers write them. A file that cannot be read at all is a BulkFileError naming
it; a row's unreadable value a RowRefused naming its field (and, by :func:`column`, the file's column).
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from geo.coded_words import read_status, words_taken
from geo.coordinates import CrsDecision, crs_title, northing_first, recognise_crs, to_wgs84
from geo.ingest.numbers import read_percent
from geo.ingest.read import first_sheet_rows
from geo.ingest.sniff import UnknownFormatError
from geo.parser_words import json_detail
from geo.plain_text import NOT_TEXT, REFUSED, not_text_in
from geo.said import Said, SaidError, fill
from geo.status_reports import StatusReport
from geo.text_encoding import decode, detect, fold, map_column
from geo.vi_format import typed_day
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_STATUSES

EXTRA_COLUMNS = {
    "reported_at": "reported_at",
    "ngay_bao_cao": "reported_at",
    "ngay": "reported_at",
    "note": "note",
    "ghi_chu": "note",
}
#: Why a row's value cannot be read, in both languages (a row is listed as invalid with its field and column).
REFUSALS = {
    "not_a_point": {
        "vi": "không phải một điểm; hãy ghi kinh độ, vĩ độ bằng độ thập phân (WGS 84)",
        "en": "not a point; give decimal degrees (WGS 84)",
    },
    "not_wgs84": {
        "vi": "{lon}, {lat} không phải tọa độ WGS 84; nếu là mét VN-2000, hãy gửi kèm hệ tọa độ của tệp, "
        "vd. crs=EPSG:9209 (VN-2000 TM-3 Trà Vinh)",
        "en": "{lon}, {lat} is not a WGS 84 position; if these are VN-2000 metres, send the file's CRS with it, e.g. "
        "crs=EPSG:9209 (VN-2000 TM-3 Trà Vinh)",
    },
    "not_in_crs": {
        "vi": "{x}, {y} không phải tọa độ trong {crs}; hãy kiểm tra cột tọa độ và tham số crs",
        "en": "{x}, {y} is not a position in {crs}; check the coordinate columns and the crs parameter",
    },
    "not_a_status": {
        "vi": "{value!r} không phải một tình trạng; các từ được nhận: {statuses}",
        "en": "{value!r} is not a status; the words taken: {statuses}",
    },
    "not_a_number": {"vi": "{value!r} không phải một số", "en": "{value!r} is not a number"},
    "percent_range": {"vi": "{value} không nằm trong khoảng 0 đến 100", "en": "{value} is not between 0 and 100"},
    "not_a_date": {
        "vi": "{value!r} không phải một ngày; hãy ghi ngày/tháng/năm như 21/11/2026 (hoặc 2026-11-21)",
        "en": "{value!r} is not a date; write it day/month/year as 21/11/2026 (or 2026-11-21)",
    },
    "not_text": {"vi": REFUSED.vi, "en": REFUSED.en},
}


class BulkFileError(SaidError):
    """The file as a whole cannot be read; the message names the file and what is wrong, in both languages."""


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    columns: dict[str, str] = field(default_factory=dict)  # each field's column (or property) in the file


class RowRefused(ValueError):
    """A row's value that cannot be read: its ``field`` and why (``said``, in both languages)."""

    def __init__(self, field: str, key: str, **blanks: Any) -> None:
        self.field, self.said = field, fill(REFUSALS, key, **blanks)
        super().__init__(f"{field}: {self.said.en}")


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        lines = [line for line in raw.splitlines() if any(b > 0x7F for b in line)][:200]
        return decode(raw, detect(lines).encoding)


def read_rows(filename: str, raw: bytes) -> list[Row]:
    """The rows of a CSV (header with lon/lat or kinh_do/vi_do, status, percent …), of an Excel workbook's first
    sheet (read as an upload reads it: geo.ingest.read) or of a GeoJSON of points."""
    if filename.lower().endswith((".geojson", ".json")):
        return _geojson_rows(filename, _text(raw))
    if filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(_text(raw)))
        return _table_rows(filename, reader.fieldnames or [], enumerate(reader, start=2))
    if filename.lower().endswith(".xlsx"):
        return _workbook_rows(filename, raw)
    raise BulkFileError(
        Said(
            f"{filename}: hãy gửi một tệp .csv, .xlsx hoặc .geojson",
            f"{filename}: send a .csv, an .xlsx or a .geojson file",
        )
    )


def _workbook_rows(filename: str, raw: bytes) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "status.xlsx"
        path.write_bytes(raw)
        try:
            sheet = first_sheet_rows(path, lambda column: _field_of(column) is not None)
        except UnknownFormatError as error:
            raise BulkFileError(Said(f"{filename}: {error.said.vi}", f"{filename}: {error.said.en}")) from None
    records = ((number, dict(zip(sheet.header, cells, strict=True))) for number, cells in sheet.numbered)
    return _table_rows(filename, sheet.header, records)


def _field_of(column: str) -> str | None:
    key = "_".join(fold(column).replace("-", " ").split())
    return EXTRA_COLUMNS.get(key) or map_column(column)


def _table_rows(filename: str, header: list[str], records: Iterable[tuple[int, dict[str, Any]]]) -> list[Row]:
    """The rows of a table (a CSV, a sheet), each numbered as the file's reader sees it."""
    columns = {name: _field_of(name) for name in header}
    missing = {"lon", "lat", "status", "percent"} - set(columns.values())
    if missing:
        wanted, found = ", ".join(sorted(missing)), ", ".join(columns)
        raise BulkFileError(
            Said(
                f"{filename}: không có cột cho {wanted} (các cột có: {found}); hãy thêm cột đó, vd. kinh_do, vi_do, "
                "tinh_trang, phan_tram",
                f"{filename}: no column for {wanted} (found: {found}); add it, e.g. lon, lat, status, percent",
            )
        )
    named = {field: column for column, field in columns.items() if field}
    return [Row(n, {columns[k]: v for k, v in record.items() if columns.get(k)}, named) for n, record in records]


def _not_geojson(filename: str, why: Said) -> Said:
    return Said(
        f"{filename}: không phải một GeoJSON FeatureCollection ({why.vi})",
        f"{filename}: not a GeoJSON FeatureCollection ({why.en})",
    )


def _geojson_rows(filename: str, text: str) -> list[Row]:
    try:
        features = json.loads(text)["features"]
    except json.JSONDecodeError as error:
        raise BulkFileError(_not_geojson(filename, json_detail(error))) from None
    except (KeyError, TypeError):
        raise BulkFileError(_not_geojson(filename, Said("không có mục features", "no features member"))) from None
    rows = []
    for n, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") or {}
        properties = feature.get("properties") or {}
        values = {_field_of(k): v for k, v in properties.items() if _field_of(k)}
        named = {_field_of(k): k for k in properties if _field_of(k)}
        if geometry.get("type") == "Point":
            values["lon"], values["lat"] = geometry["coordinates"][:2]
        else:
            values["lon"] = values["lat"] = None
        rows.append(Row(n, values, named))
    return rows


def positions_in(crs: str | None) -> CrsDecision | None:
    """The CRS a file's positions are written in, given as to georeg ingest and an upload (``EPSG:9209``, a VN-2000
    local name: geo.coordinates.recognise_crs); None for WGS 84 degrees."""
    if not crs:
        return None
    try:
        return recognise_crs(crs, source=Said("tham số crs", "the crs parameter"))
    except SaidError as error:
        raise BulkFileError(error.said) from None


def _wgs84(x: float, y: float, crs: CrsDecision | None) -> tuple[float, float]:
    """A row's position in WGS 84 degrees, by geo's VN-2000 transformation (geo.coordinates.to_wgs84) when the file is
    in another CRS; X the northing, as a Vietnamese survey sheet writes it, read as a load reads it."""
    if crs is None:
        return x, y
    if northing_first(np.array([x]), np.array([y])):
        x, y = y, x
    lon, lat = to_wgs84(crs.crs).transform(x, y)
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise RowRefused("lon/lat", "not_in_crs", x=str(x), y=str(y), crs=crs_title(crs.crs))
    return lon, lat


def parse(row: Row, crs: CrsDecision | None = None) -> StatusReport:
    """The row as a report; RowRefused on the first unreadable value."""
    v = row.values
    try:
        x, y = float(v["lon"]), float(v["lat"])
    except (TypeError, ValueError):
        raise RowRefused("lon/lat", "not_a_point") from None
    lon, lat = _wgs84(x, y, crs)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise RowRefused("lon/lat", "not_wgs84", lon=str(lon), lat=str(lat))
    status = read_status(v.get("status"))
    if status is None:
        raise RowRefused("status", "not_a_status", value=v.get("status") or "", statuses=words_taken(PROJECT_STATUSES))
    try:
        percent = read_percent(v.get("percent"))
    except (TypeError, ValueError):
        raise RowRefused("percent", "not_a_number", value=v.get("percent")) from None
    if not 0 <= percent <= 100:
        raise RowRefused("percent", "percent_range", value=str(v.get("percent")).strip())
    try:
        reported_at = _day(v.get("reported_at"))
    except ValueError:
        raise RowRefused("reported_at", "not_a_date", value=v["reported_at"]) from None
    note = str(v.get("note") or "") or None
    if note and NOT_TEXT.search(note):
        raise RowRefused("note", "not_text", found=not_text_in(note))
    return StatusReport(status, percent, reported_at, lon, lat, note=note)


def _day(value: Any) -> date:
    """A row's day as officers write it (05/12/2026, as Vietnam writes dates and the command line reads them, or
    2026-12-05; a spreadsheet's date cell); today when it gives none."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    return typed_day(str(value)) if value not in (None, "") else vietnam_today()


def column(row: Row, field: str) -> str:
    """The file's column (or columns: "kinh_do/vi_do") of ``field`` in ``row``."""
    return "/".join(row.columns.get(part, part) for part in field.split("/"))
