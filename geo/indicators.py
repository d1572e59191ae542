"""Plan indicators: target, baseline and the latest observed value, and how far along the way to the target it is.

Rules (``direction`` of the indicator; targets are ``target_min``–``target_max``, one of them may be empty):

- ``increase``: met when the value reaches the lower end of the target (``target_min``, else ``target_max``);
  ``decrease``: the plans state the *size of the reduction* (e.g. 15 = at least 15 % lower than the base year), so
  observed values are reductions too and the same rule applies, from a start of 0;
- ``range``: met when the value lies within the target range; no progress share (too high is as off as too low);
- a from–to target of an ``increase`` or ``decrease`` ("khoảng 1,7–1,8 %"): met within it; above it is outside the
  range (``above``), not met, off track, with no progress share (trial 65: 34,82 read "met" against 1,7–1,8);
- progress share = (latest − start) / (target − start), where start is the baseline value, or 0 for a reduction, or
  else the earliest observed value when it is older than the latest; unknown otherwise, and when the start is
  already at or past the target (a fall from 49 to 34,82 read 30,2 % of a 1,7 target: trial 65);
- on track: met, or a progress share at least the share of time elapsed from the start year (baseline year, else the
  plan's first year) to the target year, at the latest value's year. Unknown when there is no progress share.

Values are those current at ``as_of`` (corrections replace what they correct from the day they were entered,
geo.indicator_values); a period whose value was withdrawn (its raster removed) holds the value entered by hand before
it, or none: it is then listed apart (``withdrawn``), not among the values observed. A period with values of units
but none of the whole province is rolled up by the indicator's rule (``rollup``): ``sum`` or ``area_mean`` over the
units of one level (the level with the most values; the value says how many); ``population_mean`` needs populations
the registry does not hold yet, and ``province_only`` never rolls up, so those periods stay without a province
value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.indicator_units import unit_label
from geo.indicator_values import current_as_of
from geo.removal_words import REMOVAL_COLUMNS, removal_read

_INDICATORS = """
SELECT i.id, i.code, i.name_vi, i.name_en, i.unit, i.direction, i.target_min, i.target_max, i.target_year,
       i.baseline_value, i.baseline_year, i.plan_section, pl.period_start, pl.code AS plan, pl.province_code, i.rollup,
       a.code AS responsible_agency, a.name_vi AS responsible_agency_name
FROM indicator i JOIN plan pl ON pl.id = i.plan_id LEFT JOIN agency a ON a.id = i.responsible_agency_id
WHERE pl.code = :plan ORDER BY i.id
"""
# The values held at :as_of, of every unit (plan_area_values picks or rolls up) or of one unit: each key's latest
# row (h), or the value a withdrawal made current again; a withdrawal that made none current is read too (v = h).
# Each with the withdrawal (h), if any: when, the source of the value withdrawn, and its removal (r); and the agency
# that entered it (ag), as stored with it (geo.status_history.accounts_agency), not its account's today.
_VALUES = f"""
SELECT v.id, v.indicator_id, v.period, v.value, v.source, v.method, v.is_demo, v.entered_by, v.entered_at,
       v.supersedes_id IS NOT NULL AS is_correction, u.code AS unit_code, u.scheme, u.level, u.area_m2,
       ag.name_vi AS entered_by_agency, ag.name_en AS entered_by_agency_en, v.is_withdrawal,
       h.entered_at AS withdrawn_at, h.source AS withdrawn_source, {REMOVAL_COLUMNS.format(entry="r")}
FROM indicator_value h JOIN indicator_value v ON v.id = COALESCE(h.restores_id, h.id)
JOIN indicator i ON i.id = v.indicator_id JOIN plan pl ON pl.id = i.plan_id
LEFT JOIN admin_unit u ON u.id = v.unit_id
LEFT JOIN agency ag ON ag.id = v.entered_by_agency_id
LEFT JOIN audit_log r ON r.id = h.removal_id
WHERE pl.code = :plan AND {{unit}} AND {{current}}
ORDER BY v.indicator_id, v.period
"""


def indicator_progress(
    session: Session, plan: str, unit_code: str | None = None, as_of: datetime | None = None
) -> list[dict[str, Any]]:
    """Every indicator of ``plan`` with its observed values (of the plan area, or of ``unit_code``) as known at
    ``as_of`` (default: now), and progress; ``withdrawn``: the periods whose value was withdrawn, none held since; a
    value made current again by a withdrawal says so (``current_again``: that withdrawal)."""
    unit = "u.code = :unit" if unit_code else "TRUE"
    values: dict[int, list[dict[str, Any]]] = {}
    withdrawn: dict[int, list[dict[str, Any]]] = {}
    query = text(_VALUES.format(unit=unit, current=current_as_of("h")))
    for row in session.execute(query, {"plan": plan, "unit": unit_code, "as_of": as_of}).mappings():
        value = dict(row)
        withdrawal = _withdrawal(value)
        if value.pop("is_withdrawal"):
            withdrawn.setdefault(row["indicator_id"], []).append(withdrawal)
        else:
            values.setdefault(row["indicator_id"], []).append(value | {"current_again": withdrawal})
    rows = []
    for indicator in session.execute(text(_INDICATORS), {"plan": plan}).mappings():
        found = values.get(indicator["id"], [])
        observed = (
            sorted(found, key=lambda v: period_order(v["period"])) if unit_code else plan_area_values(indicator, found)
        )
        held = {v["period"] for v in observed}
        gone = [
            w
            for w in withdrawn.get(indicator["id"], [])
            if w["period"] not in held and (unit_code or _is_plan_area(indicator, w))
        ]
        unit_vi = unit_label(indicator["unit"], "vi")
        listed = {"unit_vi": unit_vi, "observed": observed, "withdrawn": gone}
        rows.append(dict(indicator) | listed | assess(dict(indicator), observed))
    return rows


def _withdrawal(row: dict[str, Any]) -> dict[str, Any] | None:
    """The withdrawal read with a value (geo.indicator_values.withdrawal's members, with its unit), if any, its
    columns taken out of ``row``."""
    removal = removal_read(row)
    withdrawn = {"withdrawn_at": row.pop("withdrawn_at"), "source": row.pop("withdrawn_source"), "removal": removal}
    keys = ("period", "unit_code", "scheme", "level")
    return ({key: row[key] for key in keys} | withdrawn) if removal else None


def plan_area_values(indicator: Mapping[str, Any], values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One value per period for the whole plan area: the province's own, else rolled up from units (module doc)."""
    by_period: dict[str, list[dict[str, Any]]] = {}
    for value in values:
        by_period.setdefault(value["period"], []).append(value)
    observed = []
    for period in sorted(by_period, key=period_order):
        own = [v for v in by_period[period] if _is_plan_area(indicator, v)]
        rolled = _roll_up(indicator["rollup"], by_period[period]) if not own else None
        observed += own[:1] or ([rolled] if rolled else [])
    return observed


def _is_plan_area(indicator: Mapping[str, Any], value: dict[str, Any]) -> bool:
    """A value of no unit, or of the plan's (pre-2025) province."""
    unit = (value["scheme"], value["level"], value["unit_code"])
    return value["unit_code"] is None or unit == ("pre2025", "province", indicator["province_code"])


def _roll_up(rule: str, values: list[dict[str, Any]]) -> dict[str, Any] | None:
    values = [v for v in values if v["level"] != "province"]
    if rule not in ("sum", "area_mean") or not values:
        return None
    levels = Counter((v["scheme"], v["level"]) for v in values)
    (scheme, level), count = levels.most_common(1)[0]
    units = [v for v in values if (v["scheme"], v["level"]) == (scheme, level)]
    if rule == "sum":
        total = sum(v["value"] for v in units)
    else:
        total = sum(v["value"] * v["area_m2"] for v in units) / sum(v["area_m2"] for v in units)
    return {
        "id": None,
        "period": units[0]["period"],
        "value": round(total, 4),
        "source": rolled_up_source(rule, count, level, scheme) + ", ".join(sorted(v["unit_code"] for v in units)),
        "method": f"roll-up: {rule}",
        "is_demo": any(v["is_demo"] for v in units),
        "unit_code": None,
        "rolled_up_from": [v["id"] for v in units],
    }


#: How a rolled-up figure's source names its rule and units (stored form, English; geo.source_labels says it in
#: Vietnamese): "sum of the values of 2 districts (before 1 Jul 2025): 954, 956".
_ROLLED_UP_RULES = {"sum": "sum", "area_mean": "area-weighted mean"}
_ROLLED_UP_SCHEMES = {"pre2025": "before 1 Jul 2025", "2025": "from 1 Jul 2025"}


def rolled_up_source(rule: str, count: int, level: str, scheme: str) -> str:
    """The start of a rolled-up figure's source, before its units' codes."""
    return f"{_ROLLED_UP_RULES[rule]} of the values of {count} {level}s ({_ROLLED_UP_SCHEMES[scheme]}): "


def assess(indicator: dict[str, Any], observed: list[dict[str, Any]]) -> dict[str, Any]:
    """The latest value, whether the target is met, the progress share and whether it is on track (module rules)."""
    if not observed:
        none = {"latest": None, "met": None, "progress_share": None, "expected_share": None, "on_track": None}
        return none | {"above": False}
    latest = observed[-1]
    value, low, high = latest["value"], indicator["target_min"], indicator["target_max"]
    if indicator["direction"] == "range":
        met = (low is None or value >= low) and (high is None or value <= high)
        judged = {"latest": latest, "met": met, "progress_share": None, "expected_share": None, "on_track": met}
        return judged | {"above": high is not None and value > high}
    target = low if low is not None else high
    above = low is not None and high is not None and low < high and value > high
    met = value >= target and not above
    start, start_year = _start(indicator, observed)
    share = (value - start) / (target - start) if start is not None and start < target and not above else None
    expected = _elapsed(start_year, period_year(latest["period"]), indicator["target_year"])
    on_track = not above and (met or (share >= expected if share is not None and expected is not None else None))
    rounded = round(share, 4) if share is not None else None
    judged = {"latest": latest, "met": met, "progress_share": rounded, "expected_share": expected, "on_track": on_track}
    return judged | {"above": above}


def _start(indicator: dict[str, Any], observed: list[dict[str, Any]]) -> tuple[float | None, int | None]:
    start_year = indicator["baseline_year"] or indicator["period_start"]
    if indicator["baseline_value"] is not None:
        return indicator["baseline_value"], start_year
    if indicator["direction"] == "decrease":
        return 0.0, start_year
    if len(observed) > 1:
        return observed[0]["value"], period_year(observed[0]["period"])
    return None, start_year


def period_order(period: str) -> tuple[str, bool, str]:
    """Sort key of periods: by year, a year's halves and quarters before the year itself, so that the latest value
    of a year is its full-year one whenever there is one ("2025-H1" < "2025-Q3" < "2025")."""
    return (period[:4], "-" not in period, period)


def period_year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def _elapsed(start_year: int | None, year: int | None, target_year: int | None) -> float | None:
    if None in (start_year, year, target_year) or target_year <= start_year:
        return None
    return round(min(1.0, max(0.0, (year - start_year) / (target_year - start_year))), 4)
