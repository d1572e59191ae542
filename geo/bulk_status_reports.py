"""Bulk status reports: a CSV or GeoJSON of points matched to the nearest project, previewed, then committed.

The preview (dry run) sorts every row into matched, ambiguous (more than one project within
the radius, after the row's optional ``code`` or ``kind`` column), unmatched (none) or
invalid (a value that cannot be read), and names the row and field of each problem, with
what to do; of the matched rows, it lists those on projects the account may not report on,
those putting a project back, and those going into a project's history only
(geo.bulk_status_checks). A commit applies the rows only when every row is matched and the
account may report on each, and none puts a project back unless accepted: all in one
transaction through the same path as a single report (jurisdiction, distance, audit).
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from geo.audit import record
from geo.bulk_status_checks import (
    SAID,
    ambiguous,
    candidate,
    not_yours,
    only_yours,
    refusal,
    states,
    steps_back,
    told,
    unmatched,
)
from geo.coded_words import code_of, read_status, words_taken
from geo.coordinates import CrsDecision, crs_title, northing_first, recognise_crs, to_wgs84
from geo.ingest.numbers import read_percent
from geo.ingest.read import first_sheet_rows
from geo.ingest.sniff import UnknownFormatError
from geo.jurisdiction import changeable
from geo.layer_versions import expire_projects
from geo.models import Account
from geo.parser_words import json_detail
from geo.plain_text import NOT_TEXT, REFUSED, not_text_in
from geo.queries.near import projects_near
from geo.said import Said, SaidError, fill
from geo.settings import Settings
from geo.status_history import STATUS_FIELDS
from geo.status_reports import ReportRefused, StatusReport, report_status
from geo.text_encoding import decode, detect, fold, map_column
from geo.vi_format import typed_day
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
    not_in_charge: list[dict[str, Any]] = field(default_factory=list)  # matched, on a project the account may not
    steps_back: list[dict[str, Any]] = field(default_factory=list)  # matched, putting the project back
    history_only: list[dict[str, Any]] = field(default_factory=list)  # matched, of a day before the project's state
    committed: bool = False
    import_id: int | None = None  # committed: the import's id, which its rows' source names (import_source)

    def as_dict(self) -> dict[str, Any]:
        counts = {k: len(v) for k, v in asdict(self).items() if isinstance(v, list)}
        counts["already_received"] = sum(1 for row in self.matched if row.get("already_received"))
        return {**asdict(self), "counts": counts}


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


def _parse(row: Row, crs: CrsDecision | None = None) -> StatusReport:
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


def _column(row: Row, field: str) -> str:
    """The file's column (or columns: "kinh_do/vi_do") of ``field`` in ``row``."""
    return "/".join(row.columns.get(part, part) for part in field.split("/"))


def _fits(row: Row, near: dict[str, Any]) -> bool:
    """A row's optional code or kind column narrows its candidates (a dyke runs through its protective forest)."""
    code, kind = _code(row), row.values.get("kind")
    if code and code != near["code"]:
        return False
    return not kind or code_of(PROJECT_KINDS, kind) == near["kind"]


def _code(row: Row) -> str | None:
    return str(row.values.get("code") or "").strip() or None


def _match(session: Session, account: Account, result: BulkReport, row: Row, report: StatusReport) -> dict | None:
    """The one project a row is about, or None (the row listed as unmatched or ambiguous, with what to do); among
    several, the only one the account may report on, said so (an agency's dyke through another's forest)."""
    near = [candidate(f) for f in projects_near(session, report.lon, report.lat, result.radius_m)["features"]]
    near = [c for c in near if _fits(row, c)]
    if not near:
        said = unmatched(session, row.number, report, _code(row), result.radius_m)
        result.unmatched.append({"row": row.number, "lon": report.lon, "lat": report.lat} | told(said))
        return None
    yours = changeable(session, account, [c["id"] for c in near]) if len(near) > 1 else set()
    if len(yours) == 1:
        chosen = next(c for c in near if c["id"] in yours)
        return chosen | told(only_yours(row.number, chosen, [c for c in near if c is not chosen], result.radius_m))
    if len(near) > 1:
        said = ambiguous(row.number, near, result.radius_m)
        result.ambiguous.append({"row": row.number, "candidates": near} | told(said))
        return None
    return near[0]


def preview(
    session: Session,
    account: Account,
    filename: str,
    rows: list[Row],
    radius_m: float,
    crs: CrsDecision | None = None,
) -> tuple[BulkReport, Planned]:
    """Sort the rows, and say what the matched ones would do (geo.bulk_status_checks): the rows on projects the
    account may not report on, those putting a project back, those going into a project's history only. Returns the
    report and the (row, project id, report) of the matched rows."""
    result, planned = BulkReport(filename, radius_m), []
    for row in rows:
        try:
            report = _parse(row, crs)
        except RowRefused as refused:
            where = {"row": row.number, "field": refused.field, "column": _column(row, refused.field)}
            # its row said first, as an unmatched or ambiguous row's message says it (a re-check of session 71)
            on_row = fill(SAID, "row", row=row.number)
            said = Said(f"{on_row.vi}: {refused.said.vi}", f"{on_row.en}: {refused.said.en}")
            result.invalid.append(where | told(said))
            continue
        if chosen := _match(session, account, result, row, report):
            said = {"status": report.status, "percent": report.percent, "reported_at": report.reported_at}
            result.matched.append({"row": row.number, **chosen, **said})
            planned.append((row.number, chosen["id"], report))
    ids = {project_id for _, project_id, _ in planned}
    yours = changeable(session, account, sorted(ids))
    result.not_in_charge = [not_yours(session, account, n, pid) for n, pid, _ in planned if pid not in yours]
    result.steps_back, result.history_only = steps_back(states(session, ids), planned)
    return result, planned


def import_source(filename: str, import_id: int) -> str:
    """The source of a status file's rows, as a load's names its file and job (geo.ingest.jobs.provenance): the
    project's history, and the form told of a report recorded meanwhile, name the file, not a field visit."""
    return f"{filename} (status import {import_id})"


def _import_source(session: Session, account: Account, result: BulkReport, remote_addr: str | None) -> str:
    """The import's entry in the audit log (its id is the import's), and the source its rows are recorded with."""
    entry = record(
        session,
        actor=account,
        action="import_status_file",
        entity="status_file",
        changes={"rows": len(result.matched), "radius_m": result.radius_m, "steps_back": len(result.steps_back)},
        remote_addr=remote_addr,
        detail=result.file,
    )
    session.flush()
    result.import_id = entry.id
    return import_source(result.file, entry.id)


class CommitRefused(SaidError):
    """A commit refused before any row was written: why, naming the rows, and the answer's ``status``."""

    def __init__(self, status: int, said: Said) -> None:
        super().__init__(said)
        self.status = status


def commit(
    session: Session,
    account: Account,
    result: BulkReport,
    planned: Planned,
    settings: Settings,
    remote_addr: str | None,
    accept_steps_back: bool = False,
) -> BulkReport:
    """Apply every matched row in the caller's transaction, or none: CommitRefused when a row matches no project or
    several, is on a project the account may not report on, or puts its project back unless ``accept_steps_back``
    (judged again with the file's projects locked: a report sent since the dry run counts); a ReportRefused of a
    row (naming it) undoes them all. The projects' tiles expire once, at the end: the layer's edit counter, which
    every report takes to its commit, is held for a moment, not for the whole file (geo.layer_versions)."""
    unsure = sorted([*result.ambiguous, *result.unmatched, *result.invalid], key=lambda row: row["row"])
    if unsure or not result.matched:
        raise CommitRefused(422, refusal("refused_unmatched" if unsure else "refused_empty", result.file, unsure))
    if result.not_in_charge:
        raise CommitRefused(403, refusal("refused_not_in_charge", result.file, result.not_in_charge))
    ids = {project_id for _, project_id, _ in planned}
    result.steps_back, result.history_only = steps_back(states(session, ids, lock=True), planned)
    if result.steps_back and not accept_steps_back:
        raise CommitRefused(422, refusal("refused_steps_back", result.file, result.steps_back))
    source = _import_source(session, account, result, remote_addr)
    rows = {row["row"]: row for row in result.matched}
    for number, project_id, report in planned:
        try:
            recorded = report_status(
                session,
                account,
                project_id,
                replace(report, source=source),
                settings,
                remote_addr=remote_addr,
                expire_tiles=False,
            )
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
    expire_projects(session, sorted(ids), fields=STATUS_FIELDS)
    result.committed = True
    return result
