"""Plan indicators: target, baseline and the latest observed value, and how far along the way to the target it is.

Rules (``direction`` of the indicator; targets are ``target_min``–``target_max``, one of them may be empty):

- ``increase``: met when the value reaches the lower end of the target (``target_min``, else ``target_max``);
  ``decrease``: the plans state the *size of the reduction* (e.g. 15 = at least 15 % lower than the base year), so
  observed values are reductions too and the same rule applies, from a start of 0;
- ``range``: met when the value lies within the target range; no progress share (too high is as off as too low);
- progress share = (latest − start) / (target − start), where start is the baseline value, or 0 for a reduction, or
  else the earliest observed value when it is older than the latest; unknown otherwise;
- on track: met, or a progress share at least the share of time elapsed from the start year (baseline year, else the
  plan's first year) to the target year, at the latest value's year. Unknown when there is no progress share.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

_INDICATORS = """
SELECT i.id, i.code, i.name_vi, i.name_en, i.unit, i.direction, i.target_min, i.target_max, i.target_year,
       i.baseline_value, i.baseline_year, i.plan_section, pl.period_start, pl.code AS plan
FROM indicator i JOIN plan pl ON pl.id = i.plan_id WHERE pl.code = :plan ORDER BY i.id
"""
# Observed values of the plan area: those of the plan's province (pre-2025) or of no unit; or of one unit.
_VALUES = """
SELECT v.indicator_id, v.period, v.value, v.source, v.is_demo, u.code AS unit_code
FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id JOIN plan pl ON pl.id = i.plan_id
LEFT JOIN admin_unit u ON u.id = v.unit_id
WHERE pl.code = :plan AND {unit}
ORDER BY v.indicator_id, v.period
"""
PLAN_AREA = "(v.unit_id IS NULL OR (u.scheme = 'pre2025' AND u.level = 'province' AND u.code = pl.province_code))"


def indicator_progress(session: Session, plan: str, unit_code: str | None = None) -> list[dict[str, Any]]:
    """Every indicator of ``plan`` with its observed values (of the plan area, or of ``unit_code``) and progress."""
    unit = "u.code = :unit" if unit_code else PLAN_AREA
    values: dict[int, list[dict[str, Any]]] = {}
    for row in session.execute(text(_VALUES.format(unit=unit)), {"plan": plan, "unit": unit_code}).mappings():
        values.setdefault(row["indicator_id"], []).append(dict(row))
    rows = []
    for indicator in session.execute(text(_INDICATORS), {"plan": plan}).mappings():
        observed = values.get(indicator["id"], [])
        rows.append(dict(indicator) | {"observed": observed} | assess(dict(indicator), observed))
    return rows


def assess(indicator: dict[str, Any], observed: list[dict[str, Any]]) -> dict[str, Any]:
    """The latest value, whether the target is met, the progress share and whether it is on track (module rules)."""
    if not observed:
        return {"latest": None, "met": None, "progress_share": None, "expected_share": None, "on_track": None}
    latest = observed[-1]
    value, low, high = latest["value"], indicator["target_min"], indicator["target_max"]
    if indicator["direction"] == "range":
        met = (low is None or value >= low) and (high is None or value <= high)
        return {"latest": latest, "met": met, "progress_share": None, "expected_share": None, "on_track": met}
    target = low if low is not None else high
    met = value >= target
    start, start_year = _start(indicator, observed)
    share = (value - start) / (target - start) if start is not None and target != start else None
    expected = _elapsed(start_year, _year(latest["period"]), indicator["target_year"])
    on_track = True if met else (share >= expected if share is not None and expected is not None else None)
    rounded = round(share, 4) if share is not None else None
    return {"latest": latest, "met": met, "progress_share": rounded, "expected_share": expected, "on_track": on_track}


def _start(indicator: dict[str, Any], observed: list[dict[str, Any]]) -> tuple[float | None, int | None]:
    start_year = indicator["baseline_year"] or indicator["period_start"]
    if indicator["baseline_value"] is not None:
        return indicator["baseline_value"], start_year
    if indicator["direction"] == "decrease":
        return 0.0, start_year
    if len(observed) > 1:
        return observed[0]["value"], _year(observed[0]["period"])
    return None, start_year


def _year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def _elapsed(start_year: int | None, year: int | None, target_year: int | None) -> float | None:
    if None in (start_year, year, target_year) or target_year <= start_year:
        return None
    return round(min(1.0, max(0.0, (year - start_year) / (target_year - start_year))), 4)
