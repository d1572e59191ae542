"""Many indicator values from a CSV or XLSX: every row checked (a dry run), then all added or none.

Columns (header row, any order, Vietnamese or English names): indicator, period, unit (empty: the whole province),
value, source, and optionally method, evidence, reason (needed to correct an existing value). Each row goes
through the same rules as one value entered by hand (geo.indicator_values), inside one transaction that the caller
commits only when every row was accepted and ``commit`` was asked for.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from geo.indicator_values import (
    NewValue,
    ValueRefused,
    check_period,
    find_indicator,
    held_value,
    record_value,
    refuse_unless_may_enter,
)
from geo.models import Account, IndicatorValue
from geo.plain_text import refused
from geo.said import SaidError
from geo.vi_format import parse_decimal

COLUMNS = {
    "indicator": ("indicator", "chỉ tiêu", "mã chỉ tiêu"),
    "period": ("period", "kỳ", "năm"),
    "unit": ("unit", "đơn vị hành chính", "mã đơn vị"),
    "value": ("value", "giá trị"),
    "source": ("source", "nguồn"),
    "method": ("method", "phương pháp"),
    "evidence": ("evidence", "minh chứng"),
    "reason": ("reason", "lý do"),
}
REQUIRED = ("indicator", "period", "value", "source")


class ImportFileError(SaidError):
    """A file that cannot be read as a table of values; the message names the file and what to fix, in both
    languages."""


def read_value_rows(filename: str, raw: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV (UTF-8) or XLSX file as dicts keyed by the English column names."""
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise ImportFileError(
                f"{filename}: not a readable XLSX workbook ({error})",
                f"{filename}: không đọc được sổ tính XLSX ({error})",
            ) from None
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    elif filename.lower().endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"{filename}: not UTF-8 text; save the CSV as UTF-8",
                f"{filename}: không phải văn bản UTF-8; hãy lưu CSV ở dạng UTF-8",
            ) from None
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFileError(f"{filename}: give a .csv or .xlsx file", f"{filename}: hãy gửi tệp .csv hoặc .xlsx")
    if not table:
        raise ImportFileError(f"{filename}: the file is empty", f"{filename}: tệp rỗng")
    names = [_column(cell) for cell in table[0]]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ImportFileError(
            f"{filename}: missing column(s) {', '.join(missing)} in the header row",
            f"{filename}: thiếu (các) cột {', '.join(missing)} ở dòng tiêu đề",
        )
    rows = []
    for cells in table[1:]:
        if any(cell not in (None, "") for cell in cells):
            rows.append({name: cell for name, cell in zip(names, cells, strict=False) if name})
    return rows


def import_values(
    session: Session, account: Account, rows: list[dict[str, Any]], plan: str | None, *, commit: bool
) -> dict[str, Any]:
    """Check (and add, in the session) every row; ``committed`` only if ``commit`` and no row was refused."""
    outcomes = []
    for number, row in enumerate(rows, start=2):
        try:
            outcomes.append({"row": number, **_one(session, account, row, plan)})
        except ValueRefused as refused:
            said = {"refused": str(refused), "refused_vi": refused.vi}
            outcomes.append({"row": number, **said, "status": refused.status})
    refused = [o for o in outcomes if "refused" in o]
    return {"rows": outcomes, "refused": len(refused), "committed": commit and not refused and bool(rows)}


def _one(session: Session, account: Account, row: dict[str, Any], plan: str | None) -> dict[str, Any]:
    indicator = find_indicator(session, str(row.get("indicator") or "").strip(), plan)
    value = _number(row.get("value"))
    period = str(row.get("period") or "").strip()
    check_period(period)
    refuse_unless_may_enter(session, account, indicator, period)
    new = NewValue(
        period=period,
        value=value,
        source=_plain(row, "source") or "",
        unit=_text(row.get("unit")),
        method=_plain(row, "method"),
        evidence=_plain(row, "evidence"),
        reason=_plain(row, "reason"),
    )
    recorded = record_value(session, indicator, new, entered_by=account.username, account_id=account.id)
    before = session.get(IndicatorValue, recorded.supersedes_id) if recorded.supersedes_id else None
    action = "correction" if held_value(session, before) else "new"  # after a withdrawal holding none: new
    return {"indicator": indicator.code, "period": new.period, "unit": new.unit, "value": value, "action": action}


def _number(cell: object) -> float:
    """A number cell, or a text one written either way ("1,05" or "1.05"); 422 "not a number" otherwise."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    try:
        return parse_decimal(str(cell or ""))
    except ValueError:
        raise ValueRefused(422, f"value: {cell!r} is not a number", f"Giá trị: {cell!r} không phải một số") from None


def _column(cell: object) -> str | None:
    name = unicodedata.normalize("NFC", str(cell or "")).strip().lower()
    for key, names in COLUMNS.items():
        if name in names:
            return key
    return None


def _text(cell: object) -> str | None:
    value = str(cell).strip() if cell is not None else ""
    return value or None


def _plain(row: dict[str, Any], field: str) -> str | None:
    """The row's text of ``field``, refused (422, the field named) when it holds characters that are not text."""
    value = _text(row.get(field))
    why = refused(value) if value else None
    if why:
        raise ValueRefused(422, f"{field}: {why.en}", f"{COLUMNS[field][1]}: {why.vi}")
    return value
