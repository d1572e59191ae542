"""Observed values of plan indicators: entered by agencies or computed by the registry, never overwritten.

A value is kept for one indicator, unit (``None``: the plan's whole province) and period. A second value for the
same key is a *correction*: a new row that supersedes the current one and says why; the old row stays, so the
value as known on any day can be read back (``as_of``). Who may enter: an admin, or an editor of the indicator's
responsible agency (or of the agency that took it over, geo.agencies).

A value the registry computed from a forest raster is *withdrawn* when the raster is removed (geo.forest_rasters):
a new row, holding no value, supersedes it, names the removal (its audit log entry, worded by geo.removal_words) and
makes current again the value entered by hand before it, if any (:func:`withdraw_computed`; its ``restores_id``),
else the period holds none. Readers of the current value read the value a key holds (:func:`held_value`, the SQL of
geo.indicators), not its latest row.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.agencies import DutyHolder, duty_holder
from geo.indicator_units import indicator_unit
from geo.models import Account, AdminUnit, Agency, AuditLogEntry, Indicator, IndicatorEvidence, IndicatorValue, Plan
from geo.removal_words import REMOVAL_COLUMNS, removal, removal_read
from geo.said import LANGS, SaidError
from geo.status_history import accounts_agency
from geo.value_reasons import AFTER_WITHDRAWAL, RECOMPUTED, reason_said
from geo.vi_format import vi_number
from geo.vietnam_day import vietnam_today

PERIOD = re.compile(r"^\d{4}(-(H[12]|Q[1-4]))?$")
FIRST_YEAR = 2000  # the earliest reporting year the registry takes (the plans' baselines are later)

#: Who the registry's own rows name as having entered them (a value computed from a raster, a withdrawal).
REGISTRY = "registry"


def current_as_of(alias: str) -> str:
    """SQL: the row ``alias`` is the latest of its key's chain of corrections (a withdrawal, too) entered by
    :as_of."""
    return f"""
{alias}.entered_at <= COALESCE(CAST(:as_of AS timestamptz), now())
AND NOT EXISTS (SELECT 1 FROM indicator_value c WHERE c.supersedes_id = {alias}.id
                AND c.entered_at <= COALESCE(CAST(:as_of AS timestamptz), now()))
"""


class ValueRefused(SaidError):
    """A value that cannot be recorded; ``status`` is the HTTP status that says why (403, 404, 409, 422); said in
    both languages, for the pages that ask in Vietnamese (Accept-Language: vi; api.errors)."""

    def __init__(self, status: int, message: str, vi: str | None = None) -> None:
        super().__init__(message, vi)
        self.status = status


@dataclass
class NewValue:
    """A value as entered: ``unit`` a unit code of either scheme (None: the whole province)."""

    period: str
    value: float
    source: str
    unit: str | None = None
    method: str | None = None
    evidence: str | None = None
    reason: str | None = None


def find_indicator(session: Session, code: str, plan: str | None = None) -> Indicator:
    """The indicator with ``code`` (of ``plan`` when codes repeat across plans); 404/422 otherwise."""
    query = select(Indicator).where(Indicator.code == code)
    if plan is not None:
        query = query.join(Plan, Plan.id == Indicator.plan_id).where(Plan.code == plan)
    found = list(session.scalars(query))
    if not found:
        raise ValueRefused(
            404,
            f"No indicator {code!r}{f' in plan {plan}' if plan else ''}; list them at /api/indicators?plan=….",
            f"Không có chỉ tiêu {code!r}{f' trong kế hoạch {plan}' if plan else ''}; "
            "xem danh sách ở /api/indicators?plan=….",
        )
    if len(found) > 1:
        raise ValueRefused(
            422,
            f"Indicator code {code!r} is used by several plans; add ?plan=… to say which.",
            f"Mã chỉ tiêu {code!r} có ở nhiều kế hoạch; thêm ?plan=… để chọn kế hoạch.",
        )
    return found[0]


def check_period(period: str | None) -> None:
    """A year (or half/quarter of one) from FIRST_YEAR to the current year; 422 naming the accepted range else."""
    this_year = vietnam_today().year
    accepted = f"a year from {FIRST_YEAR} to {this_year} (e.g. 2025), or a half/quarter of one (2025-H1, 2025-Q3)"
    accepted_vi = (
        f"một năm từ {FIRST_YEAR} đến {this_year} (ví dụ 2025), hoặc nửa năm/quý của năm đó (2025-H1, 2025-Q3)"
    )
    if not PERIOD.match(period or ""):
        raise ValueRefused(422, f"period: {period!r} is not {accepted}.", f"Kỳ: {period!r} không phải {accepted_vi}.")
    if not FIRST_YEAR <= int(period[:4]) <= this_year:
        raise ValueRefused(
            422,
            f"period: {period} is outside the accepted range; give {accepted}.",
            f"Kỳ: {period} nằm ngoài khoảng nhận; hãy ghi {accepted_vi}.",
        )


def refuse_unless_may_enter(session: Session, account: Account, indicator: Indicator, period: str) -> None:
    """403 naming the agency that enters the indicator for ``period`` (the one holding it on the period's last day:
    a predecessor's years stay with the predecessor's account, later ones go to its successor)."""
    if may_enter(session, account, indicator, period):
        return
    if indicator.responsible_agency_id is None:
        raise ValueRefused(
            403,
            f"{indicator.name_en} ({indicator.code}): no agency is responsible for it; only an admin enters its "
            "values.",
            f"Chỉ tiêu “{indicator.name_vi}” chưa có cơ quan phụ trách; chỉ quản trị viên nhập giá trị.",
        )
    holder = duty_holder(session, indicator.responsible_agency_id, date(int(period[:4]), 12, 31))
    raise ValueRefused(
        403,
        f"{indicator.name_en} ({indicator.code}) for {period}: values are entered by editors of {holder.name_en} "
        f"({holder.code}), the agency responsible on 31/12/{period[:4]}, or by an admin.",
        f"Chỉ tiêu “{indicator.name_vi}” kỳ {period}: giá trị do cán bộ của {holder.name_vi} ({holder.code}), cơ "
        f"quan phụ trách ngày 31/12/{period[:4]}, hoặc quản trị viên nhập.",
    )


def may_enter(session: Session, account: Account, indicator: Indicator, period: str) -> bool:
    """An admin; or an editor of the agency responsible for the indicator at the end of the period (the one the
    plan names, or its successor after a merger: a merged agency's old account enters only its own years)."""
    if account.role == "admin":
        return True
    if account.role != "editor" or account.agency_id is None or indicator.responsible_agency_id is None:
        return False
    year = int(period[:4]) if period[:4].isdigit() else vietnam_today().year
    return duty_holder(session, indicator.responsible_agency_id, date(year, 12, 31)).agency_id == account.agency_id


def record_value(
    session: Session,
    indicator: Indicator,
    new: NewValue,
    *,
    entered_by: str,
    account_id: int | None = None,
    is_demo: bool = False,
) -> IndicatorValue:
    """Add ``new`` as the first value of its key, or as a correction of the current one (a reason is required)."""
    _check(new)
    _check_bounds(indicator, new.value)
    unit_id = _unit_id(session, new.unit)
    current = current_value(session, indicator.id, unit_id, new.period)
    held = held_value(session, current)
    if held is not None and not new.reason:
        raise ValueRefused(
            409,
            f"{indicator.name_en} ({indicator.code}) already has the value {held.value} for {new.period}"
            f"{f' in unit {new.unit}' if new.unit else ''} (entered by {_enterer(session, held, 'en')}); values "
            "are never overwritten: send a 'reason' to record a correction.",
            f"Chỉ tiêu “{indicator.name_vi}” đã có giá trị {vi_number(held.value, 3)} cho kỳ {new.period}"
            f"{f' ở đơn vị {new.unit}' if new.unit else ''} (do {_enterer(session, held, 'vi')} nhập); giá trị "
            "không bị ghi đè: hãy nêu lý do để ghi một lần sửa.",
        )
    reason = new.reason or (AFTER_WITHDRAWAL if current is not None else None)
    row = IndicatorValue(
        indicator_id=indicator.id,
        unit_id=unit_id,
        period=new.period,
        value=new.value,
        source=_nfc(new.source),
        method=_nfc(new.method),
        evidence=_nfc(new.evidence),
        reason=_nfc(reason) if current is not None else None,
        supersedes_id=current.id if current is not None else None,
        entered_by=entered_by,
        account_id=account_id,
        entered_by_agency_id=accounts_agency(account_id) if account_id is not None else None,
        is_demo=is_demo,
    )
    session.add(row)
    session.flush()
    return row


def _enterer(session: Session, value: IndicatorValue, lang: str) -> str:
    """Who entered ``value``, as an office knows them: the agency they entered it for and their login ("Sở Tài chính
    Cà Mau, stc.cm")."""
    agency = session.get(Agency, value.entered_by_agency_id) if value.entered_by_agency_id else None
    if agency is None:
        return value.entered_by
    return f"{agency.name_vi if lang == 'vi' else agency.name_en or agency.name_vi}, {value.entered_by}"


def record_computed(
    session: Session,
    indicator_id: int,
    unit_id: int | None,
    period: str,
    value: float,
    *,
    source: str,
    method: str,
    is_demo: bool = False,
) -> IndicatorValue | None:
    """A value the registry computed (e.g. forest cover from a raster): added only when it differs from the
    current one, as a correction that names the new source; None when unchanged."""
    current = current_value(session, indicator_id, unit_id, period)
    if current is not None and current.value == value and current.source == source:
        return None
    row = IndicatorValue(
        indicator_id=indicator_id,
        unit_id=unit_id,
        period=period,
        value=value,
        source=source,
        method=method,
        entered_by=REGISTRY,
        is_demo=is_demo,
        supersedes_id=current.id if current else None,
        reason=RECOMPUTED if current else None,
    )
    session.add(row)
    session.flush()
    return row


def withdraw_computed(session: Session, computed: IndicatorValue, removed: AuditLogEntry) -> IndicatorValue:
    """Withdraw ``computed``, a current value the registry computed from the raster whose removal (``removed``, its
    audit log entry, flushed) is why: the value entered by hand before it, if any, is current again."""
    restored = _entered_before(session, computed)
    row = IndicatorValue(
        indicator_id=computed.indicator_id,
        unit_id=computed.unit_id,
        period=computed.period,
        value=None,
        source=computed.source,
        entered_by=REGISTRY,
        supersedes_id=computed.id,
        is_withdrawal=True,
        removal_id=removed.id,
        restores_id=restored.id if restored else None,
    )
    session.add(row)
    session.flush()
    return row


def _entered_before(session: Session, value: IndicatorValue) -> IndicatorValue | None:
    """The latest value of ``value``'s chain before it that a person entered (none the registry wrote: each was
    computed from a raster of the period, or withdrew one)."""
    while value.supersedes_id is not None:
        value = session.get(IndicatorValue, value.supersedes_id)
        if value.entered_by != REGISTRY and not value.is_withdrawal:
            return value
    return None


def held_value(session: Session, latest: IndicatorValue | None) -> IndicatorValue | None:
    """The value a key holds, given its ``latest`` row (:func:`current_value`): that row, or, for a withdrawal, the
    value it made current again, or none."""
    if latest is None or not latest.is_withdrawal:
        return latest
    return session.get(IndicatorValue, latest.restores_id) if latest.restores_id else None


def withdrawal(session: Session, row: IndicatorValue) -> dict[str, Any]:
    """A withdrawal as its readers are given it (geo.indicators reads the same): the period, the source of the value
    withdrawn, when, and its removal (geo.removal_words.removal: which raster, who, why in each language)."""
    entry = session.get(AuditLogEntry, row.removal_id)
    removed = removal(int(entry.entity_id), entry.changes.get("by"), entry.changes.get("login"))
    return {"period": row.period, "source": row.source, "withdrawn_at": row.entered_at, "removal": removed}


def current_value(session: Session, indicator_id: int, unit_id: int | None, period: str) -> IndicatorValue | None:
    """The latest row of a key: the one no other row supersedes (a withdrawal, maybe: :func:`held_value`)."""
    superseded = select(IndicatorValue.supersedes_id).where(IndicatorValue.supersedes_id.is_not(None))
    query = select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator_id,
        IndicatorValue.period == period,
        IndicatorValue.unit_id.is_(None) if unit_id is None else IndicatorValue.unit_id == unit_id,
        IndicatorValue.id.not_in(superseded),
    )
    return session.scalars(query.with_for_update()).first()


def value_history(session: Session, indicator: Indicator, as_of: datetime | None = None) -> list[dict[str, Any]]:
    """Every value of ``indicator`` (corrections and withdrawals included), each saying whether it is the one its
    key holds at ``as_of``: the latest of its chain, or the value a withdrawal, the latest, made current again (a
    withdrawal making none current is itself the current word: the period holds no value)."""
    rows = session.execute(
        text(f"""
        SELECT v.id, v.period, u.code AS unit_code, u.name_vi AS unit_name, v.value, v.source, v.method, v.evidence,
               v.entered_by, v.entered_at, v.supersedes_id, v.reason, v.is_demo, v.is_withdrawal, v.restores_id,
               {REMOVAL_COLUMNS.format(entry="r")},
               (({current_as_of("v")}) AND v.restores_id IS NULL
                OR EXISTS (SELECT 1 FROM indicator_value w WHERE w.restores_id = v.id AND {current_as_of("w")}))
               AS is_current,
               (SELECT COALESCE(json_agg(json_build_object('id', e.id, 'filename', e.filename, 'sha256', e.sha256,
                                'uploaded_by', e.uploaded_by) ORDER BY e.id), '[]')
                FROM indicator_evidence e WHERE e.value_id = v.id) AS evidence_files
        FROM indicator_value v LEFT JOIN admin_unit u ON u.id = v.unit_id LEFT JOIN audit_log r ON r.id = v.removal_id
        WHERE v.indicator_id = :indicator ORDER BY v.period, u.code NULLS FIRST, v.entered_at, v.id
        """),
        {"indicator": indicator.id, "as_of": as_of},
    ).mappings()
    return [_with_removal(dict(r)) for r in rows]


def _with_removal(value: dict[str, Any]) -> dict[str, Any]:
    """``value`` with its removal (a withdrawal's, else None) in place of the columns it was read from, and its reason
    in each language (``reason_vi``, ``reason_en``: geo.value_reasons)."""
    value["removal"] = removal_read(value)
    said = reason_said(value["reason"], value["source"])
    return value | {f"reason_{lang}": said.text(lang) if said else None for lang in LANGS}


def _check(new: NewValue) -> None:
    check_period(new.period)
    if not (new.source or "").strip():
        raise ValueRefused(
            422,
            "source: say where the value comes from (a statistical yearbook, a survey, …).",
            "Nguồn số liệu: hãy ghi giá trị lấy từ đâu (niên giám thống kê, điều tra, …).",
        )
    if new.value != new.value or new.value in (float("inf"), float("-inf")):
        raise ValueRefused(422, "value: must be a finite number.", "Giá trị: phải là một số.")


def _check_bounds(indicator: Indicator, value: float) -> None:
    unit = indicator_unit(indicator.unit)
    if (unit.min is not None and value < unit.min) or (unit.max is not None and value > unit.max):
        bounds = " ".join(
            part
            for part in (
                f"from {unit.min:g}" if unit.min is not None else "",
                f"to {unit.max:g}" if unit.max is not None else "",
            )
            if part
        )
        bounds_vi = " ".join(
            part
            for part in (
                f"từ {vi_number(unit.min, 3)}" if unit.min is not None else "",
                f"đến {vi_number(unit.max, 3)}" if unit.max is not None else "",
            )
            if part
        )
        raise ValueRefused(
            422,
            f"value: {value:g} {unit.en} is implausible for {indicator.name_en} ({indicator.code}); accepted {bounds} "
            f"{unit.en}.",
            f"Giá trị: {vi_number(value, 3)} {unit.vi} không hợp lý cho chỉ tiêu “{indicator.name_vi}”; "
            f"chấp nhận {bounds_vi} {unit.vi}.",
        )


def _unit_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    ids = list(session.scalars(select(AdminUnit.id).where(AdminUnit.code == code, AdminUnit.is_context.is_(False))))
    if len(ids) != 1:
        raise ValueRefused(
            422,
            f"unit: no admin unit with code {code!r} (codes at /api/units), or null for the whole province.",
            f"Đơn vị: không có đơn vị hành chính mã {code!r} (danh sách mã tại /api/units); để trống cho cả tỉnh.",
        )
    return ids[0]


def _nfc(value: str | None) -> str | None:
    return unicodedata.normalize("NFC", value.strip()) if value else None


def indicators_owed(session: Session, plan: Plan, period: str, agency_id: int) -> list[dict[str, Any]]:
    """The plan's indicators ``agency_id`` answers for in ``period`` (as responsible agency or its successor), each
    with its current province-wide value for the period, if known: entered for no unit, else the registry's of the
    plan's province (forest cover from a raster, geo.forest), as the plan's indicator progress reads the plan area
    (geo.indicators) — the agency was asked to type a value the registry had computed (trial 50)."""
    if not PERIOD.match(period):
        raise ValueRefused(
            422,
            f"period: {period!r} is not a year (2025) or a half/quarter (2025-H1, 2025-Q3).",
            f"Kỳ: {period!r} không phải một năm (2025) hay nửa năm/quý (2025-H1, 2025-Q3).",
        )
    owed = []
    province = _plan_province_unit(session, plan)
    for indicator, holder in indicators_held(session, plan, int(period[:4])):
        if holder.agency_id != agency_id:
            continue
        latest = current_value(session, indicator.id, None, period) or (
            province and current_value(session, indicator.id, province, period)
        )
        held = held_value(session, latest)
        owed.append(
            {
                "code": indicator.code,
                "name_vi": indicator.name_vi,
                "name_en": indicator.name_en,
                "unit": indicator.unit,
                "unit_vi": indicator_unit(indicator.unit).vi,
                "value": held.value if held else None,
                "source": held.source if held else None,
                "entered_by": held.entered_by if held else None,
                "withdrawn": withdrawal(session, latest) if latest and held is None else None,
            }
        )
    return owed


def _plan_province_unit(session: Session, plan: Plan) -> int | None:
    """The plan's (pre-2025) province, the unit a value of the whole plan area may be recorded for."""
    return session.scalar(
        select(AdminUnit.id).where(
            AdminUnit.scheme == "pre2025", AdminUnit.level == "province", AdminUnit.code == plan.province_code
        )
    )


def indicators_held(session: Session, plan: Plan, year: int) -> list[tuple[Indicator, DutyHolder]]:
    """The plan's indicators that an agency answers for, each with the agency holding it on 31 December of ``year``
    (the one named, or its successor)."""
    end = date(year, 12, 31)
    return [
        (indicator, duty_holder(session, indicator.responsible_agency_id, end))
        for indicator in session.scalars(select(Indicator).where(Indicator.plan_id == plan.id).order_by(Indicator.id))
        if indicator.responsible_agency_id is not None
    ]


def attach_evidence(
    session: Session, account: Account, value_id: int, filename: str, media_type: str, content: bytes
) -> IndicatorEvidence:
    """Keep a file with a value (never replacing one: a value may gather several); same rights as entering it."""
    value = session.get(IndicatorValue, value_id)
    if value is None or value.is_withdrawal:  # a withdrawal holds no value to back
        raise ValueRefused(
            404,
            f"No indicator value with id {value_id} (see /api/indicators/{{code}}/values).",
            f"Không có giá trị chỉ tiêu nào số {value_id} (xem /api/indicators/{{code}}/values).",
        )
    if not may_enter(session, account, session.get(Indicator, value.indicator_id), value.period):
        raise ValueRefused(
            403,
            "only editors of the indicator's responsible agency or an admin add evidence",
            "Chỉ cán bộ của cơ quan phụ trách chỉ tiêu hoặc quản trị viên thêm minh chứng.",
        )
    if not content:
        raise ValueRefused(422, f"file {filename!r} is empty", f"Tệp {filename!r} rỗng.")
    row = IndicatorEvidence(
        value_id=value.id,
        filename=unicodedata.normalize("NFC", filename)[:255],
        media_type=media_type or "application/octet-stream",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=account.username,
    )
    session.add(row)
    session.flush()
    return row
