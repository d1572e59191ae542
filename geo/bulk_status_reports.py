"""Bulk status reports: a CSV or GeoJSON of points matched to the nearest project, previewed, then committed.

The preview (dry run) sorts every row into matched, ambiguous (more than one project within
the radius, after the row's optional ``code`` or ``kind`` column), unmatched (none) or
invalid (a value that cannot be read), and names the row and field of each problem. A
commit applies the rows only when every row is matched, all in one transaction through the
same path as a single report (jurisdiction, distance, audit).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from geo.coded_words import code_of, read_status, words_taken
from geo.ingest.numbers import read_percent
from geo.models import Account
from geo.parser_words import json_detail
from geo.plain_text import NOT_TEXT, REFUSED, not_text_in
from geo.queries.near import projects_near
from geo.said import Said, SaidError, fill
from geo.settings import Settings
from geo.status_reports import ReportRefused, StatusReport, report_status
from geo.text_encoding import decode, detect, fold, map_column
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES

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
        "vi": "{lon}, {lat} không phải tọa độ WGS 84 (mét VN-2000? hãy chuyển sang độ trước)",
        "en": "{lon}, {lat} is not a WGS 84 position (VN-2000 metres? convert them first)",
    },
    "not_a_status": {
        "vi": "{value!r} không phải một tình trạng; các từ được nhận: {statuses}",
        "en": "{value!r} is not a status; the words taken: {statuses}",
    },
    "not_a_number": {"vi": "{value!r} không phải một số", "en": "{value!r} is not a number"},
    "percent_range": {"vi": "{value} không nằm trong khoảng 0 đến 100", "en": "{value} is not between 0 and 100"},
    "not_a_date": {
        "vi": "{value!r} không phải một ngày như 2026-11-21",
        "en": "{value!r} is not a date like 2026-11-21",
    },
    "not_text": {"vi": REFUSED.vi, "en": REFUSED.en},
}


Planned = list[tuple[int, int, StatusReport]]
"""(row number, project id, report) of each matched row."""


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


@dataclass
class BulkReport:
    file: str
    radius_m: float
    matched: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    committed: bool = False

    @property
    def all_matched(self) -> bool:
        return bool(self.matched) and not (self.ambiguous or self.unmatched or self.invalid)

    def as_dict(self) -> dict[str, Any]:
        counts = {k: len(getattr(self, k)) for k in ("matched", "ambiguous", "unmatched", "invalid")}
        counts["already_received"] = sum(1 for row in self.matched if row.get("already_received"))
        return {**asdict(self), "counts": counts}


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        lines = [line for line in raw.splitlines() if any(b > 0x7F for b in line)][:200]
        return decode(raw, detect(lines).encoding)


def read_rows(filename: str, raw: bytes) -> list[Row]:
    """The rows of a CSV (header with lon/lat or kinh_do/vi_do, status, percent …) or of a GeoJSON of points."""
    text = _text(raw)
    if filename.lower().endswith((".geojson", ".json")):
        return _geojson_rows(filename, text)
    if filename.lower().endswith(".csv"):
        return _csv_rows(filename, text)
    raise BulkFileError(
        Said(f"{filename}: hãy gửi một tệp .csv hoặc .geojson", f"{filename}: send a .csv or a .geojson file")
    )


def _field_of(column: str) -> str | None:
    key = "_".join(fold(column).replace("-", " ").split())
    return EXTRA_COLUMNS.get(key) or map_column(column)


def _csv_rows(filename: str, text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    columns = {name: _field_of(name) for name in reader.fieldnames or []}
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
    return [
        Row(n, {columns[k]: v for k, v in record.items() if columns.get(k)}, named)
        for n, record in enumerate(reader, start=2)
    ]


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


def _parse(row: Row) -> StatusReport:
    """The row as a report; RowRefused on the first unreadable value."""
    v = row.values
    try:
        lon, lat = float(v["lon"]), float(v["lat"])
    except (TypeError, ValueError):
        raise RowRefused("lon/lat", "not_a_point") from None
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
        reported_at = date.fromisoformat(str(v["reported_at"]).strip()) if v.get("reported_at") else vietnam_today()
    except ValueError:
        raise RowRefused("reported_at", "not_a_date", value=v["reported_at"]) from None
    note = str(v.get("note") or "") or None
    if note and NOT_TEXT.search(note):
        raise RowRefused("note", "not_text", found=not_text_in(note))
    return StatusReport(status, percent, reported_at, lon, lat, note=note)


def _column(row: Row, field: str) -> str:
    """The file's column (or columns: "kinh_do/vi_do") of ``field`` in ``row``."""
    return "/".join(row.columns.get(part, part) for part in field.split("/"))


def _fits(row: Row, feature: dict[str, Any]) -> bool:
    """A row's optional code or kind column narrows its candidates (a dyke runs through its protective forest)."""
    code, kind = row.values.get("code"), row.values.get("kind")
    if code and str(code).strip() != feature["properties"]["code"]:
        return False
    return not kind or code_of(PROJECT_KINDS, kind) == feature["properties"]["kind"]


def preview(session: Session, filename: str, rows: list[Row], radius_m: float) -> tuple[BulkReport, Planned]:
    """Sort the rows; returns the report and the (project id, report) pairs of the matched rows."""
    result, planned = BulkReport(filename, radius_m), []
    for row in rows:
        try:
            report = _parse(row)
        except RowRefused as refused:
            told = refused.said
            where = {"row": row.number, "field": refused.field, "column": _column(row, refused.field)}
            result.invalid.append(where | {"message": told.en, "message_vi": told.vi})
            continue
        near = [f for f in projects_near(session, report.lon, report.lat, radius_m)["features"] if _fits(row, f)]
        candidates = [
            {"id": f["id"], "code": f["properties"]["code"], "distance_m": f["properties"]["distance_m"]} for f in near
        ]
        if not candidates:
            result.unmatched.append({"row": row.number, "lon": report.lon, "lat": report.lat})
        elif len(candidates) > 1:
            result.ambiguous.append({"row": row.number, "candidates": candidates})
        else:
            result.matched.append(
                {"row": row.number, **candidates[0], "status": report.status, "percent": report.percent}
            )
            planned.append((row.number, candidates[0]["id"], report))
    return result, planned


def commit(
    session: Session,
    account: Account,
    result: BulkReport,
    planned: Planned,
    settings: Settings,
    remote_addr: str | None,
) -> BulkReport:
    """Apply every matched row in the caller's transaction; ReportRefused (naming the row) undoes them all."""
    if not result.all_matched:
        raise ReportRefused(
            "invalid",
            f"{result.file}: not committed — every row must match exactly one project",
            f"{result.file}: chưa ghi — mỗi dòng phải khớp đúng một dự án",
        )
    rows = {row["row"]: row for row in result.matched}
    for number, project_id, report in planned:
        try:
            recorded = report_status(session, account, project_id, report, settings, remote_addr=remote_addr)
        except ReportRefused as refused:
            raise ReportRefused(
                refused.reason,
                f"{result.file}, row {number}: {refused}",
                f"{result.file}, dòng {number}: {refused.vi}",
                **refused.details,
            ) from None
        # the rule of a single report (geo.status_reports): a file sent again after a lost answer, or a row repeated,
        # is answered by the report already recorded, and said so (the file read as recorded twice)
        rows[number] |= {"version": recorded.version, "already_received": recorded.already_received}
    result.committed = True
    return result
