"""Indicators the registry computes from its own data, each with the projects (or zones) it came from.

Computed when asked, from the projects' status history as of a day, so they follow every status report, load and
correction without a recomputation step. For the plan's (former) province:

- renewable capacity in operation (MW): wind, solar and biomass projects with a capacity in MW whose status on the
  day is "in operation" or "completed";
- sea dyke upgraded (km): each sea-dyke project's length times its percent complete on the day;
- planned waste-treatment zones operating (%): the plan's waste-treatment projects in operation or completed, over
  those not cancelled;

each with the projects of its kind it counted (``registered``, by kind) and how many of them count towards it
(``done``): 0 when there are such projects and none is done, None when there is none (one plan's report said "0 km"
and another's a blank for the same case, and "0 MW — no project" with five wind farms registered: trial 59).
- area in each salinity class (ha) per unit: geo.salinity's zones of the latest period over the units of the scheme.
Forest cover is computed from rasters by geo.forest and stored as indicator values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.indicators import period_year
from geo.queries.units_in_provinces import units_in_province
from geo.salinity import (
    SALINITY_CLASSES,
    is_prediction,
    latest_period,
    leading_period,
    period_read,
    unit_class_shares,
    unit_coverage,
    zone_periods,
)
from geo.status_history import COUNTED

RENEWABLE_KINDS = ("wind_farm", "solar_farm", "biomass_power")
RUNNING = ("operating", "completed")
_PROJECTS = f"""
SELECT p.id, p.code, p.name_vi, p.name_en, p.kind, p.capacity_value, p.capacity_unit, p.length_m,
       p.plan_id = pl.id AS in_plan, st.status, COALESCE(st.percent, 0) AS percent,
       COALESCE(st.is_demo, FALSE) AS status_is_demo
FROM plan pl JOIN project p ON p.province_code = pl.province_code
JOIN LATERAL ( -- a project with no status by the day was not in the registry yet (as geo.progress counts)
    SELECT e.status, e.percent, e.is_demo FROM status_event e
    WHERE e.project_id = p.id AND e.reported_at <= :day AND {COUNTED}
    ORDER BY e.reported_at DESC, e.version DESC LIMIT 1
) st ON TRUE
WHERE pl.code = :plan AND p.kind = ANY(:kinds) AND (p.retired_at IS NULL OR p.retired_at::date > :day)
ORDER BY p.code
"""


def computed_indicators(session: Session, plan: str, day: date) -> list[dict[str, Any]]:
    """The computed indicators of ``plan``'s province on ``day``, each with ``sources``: what each project added."""
    kinds = [*RENEWABLE_KINDS, "sea_dyke", "waste_treatment"]
    projects = [
        dict(r) for r in session.execute(text(_PROJECTS), {"plan": plan, "day": day, "kinds": kinds}).mappings()
    ]
    renewables = [p for p in projects if p["kind"] in RENEWABLE_KINDS and p["capacity_unit"] == "MW"]
    dykes = [p for p in projects if p["kind"] == "sea_dyke" and p["length_m"]]
    zones = [p for p in projects if p["kind"] == "waste_treatment" and p["in_plan"] and p["status"] != "cancelled"]
    return [
        _indicator(
            "renewable_mw_operating",
            "Công suất điện tái tạo đang vận hành",
            "Renewable capacity in operation",
            "MW",
            [(p, p["capacity_value"] if p["status"] in RUNNING else 0) for p in renewables],
            "Σ capacity (MW) of wind, solar and biomass projects in operation or completed on the day",
        ),
        _indicator(
            "sea_dyke_km_upgraded",
            "Chiều dài đê biển đã nâng cấp",
            "Sea dyke upgraded",
            "km",
            [(p, round(p["length_m"] * p["percent"] / 100_000, 2)) for p in dykes],
            "Σ length (km, on the ellipsoid) × percent complete on the day, of the sea-dyke projects",
        ),
        _indicator(
            "waste_zones_operating_share",
            "Tỷ lệ khu xử lý chất thải rắn theo kế hoạch đang vận hành",
            "Share of the planned waste-treatment zones in operation",
            "%",
            [(p, 1 if p["status"] in RUNNING else 0) for p in zones],
            "planned waste-treatment projects in operation or completed / those not cancelled",
            share=True,
        ),
    ]


def _indicator(
    code: str, name_vi: str, name_en: str, unit: str, parts: list, method: str, share: bool = False
) -> dict[str, Any]:
    """The indicator from what each project of its kind adds (``parts``): their sum, or with ``share`` the percent of
    them adding 1; None without any such project."""
    added = sum(v or 0 for _, v in parts)
    value = (100 * added / len(parts) if share else added) if parts else None
    sources = [
        {
            "project": p["id"],
            "code": p["code"],
            "name_vi": p["name_vi"],
            "name_en": p["name_en"],
            "status": p["status"],
            "status_is_demo": p["status_is_demo"],
            "adds": v,
        }
        for p, v in parts
    ]
    registered: dict[str, int] = {}
    for p, _ in parts:
        registered[p["kind"]] = registered.get(p["kind"], 0) + 1
    return {
        "code": code,
        "name_vi": name_vi,
        "name_en": name_en,
        "unit": unit,
        "value": round(value, 2) if value is not None else None,
        "method": method,
        "sources": sources,
        "registered": registered,
        "done": sum(1 for _, v in parts if v),
        "from_demo": rests_on_demo(source["status_is_demo"] for source in sources),
    }


def rests_on_demo(statuses_are_demo: Iterable[bool]) -> bool:
    """Whether a figure counting projects by their statuses rests on demonstration data: any of them stands on a
    demonstration status, whether it added to the figure or not (plan 148's "0 %" of waste sites came from two
    demonstration statuses and was unmarked: trial 59; 34 km of sea dyke from one was read as real: trial 57). The
    yearly report, the progress sheets and the project maps mark such a figure "(minh họa)"."""
    return any(statuses_are_demo)


_PROVINCE_UNIT = "SELECT id FROM admin_unit WHERE scheme = 'pre2025' AND level = 'province' AND code = :province"


def salinity_areas(
    session: Session, province: str, scheme: str, level: str, up_to_year: int | None = None
) -> dict[str, Any] | None:
    """Hectares of each unit (mostly within the former ``province``) in each salinity class, ``covered`` False for a
    unit no zone reaches (its figures unknown, not 0 ha), read from one source as the unit pages read it
    (geo.salinity.period_read); None without zones. The period: the latest, or, up to ``up_to_year``, the one the
    province's unit page would lead with (geo.salinity.leading_period; the 2025 report cited the 2026 dry season,
    trial 64; the 2026 one, zones over 1 % of the province, trial 65); ``coverage`` the province's share its zones
    cover, and ``newest``, ``newest_coverage`` the newest period of the years when it is another one."""
    coverage = unit_coverage(session, session.scalar(text(_PROVINCE_UNIT), {"province": province}))
    if up_to_year is None:
        period = newest = latest_period(session)
    else:
        dated = [p for p in zone_periods(session) if (year := period_year(p)) is not None and year <= up_to_year]
        period, newest = (leading_period(dated, coverage), dated[-1]) if dated else (None, None)
    read = period_read(session, period) if period else None
    if read is None:
        return None
    inside = units_in_province(session, province, scheme, level)
    rows = [
        row | {"covered": row["unclassified_share"] < 1 or any(c["area_ha"] for c in row["classes"].values())}
        for row in unit_class_shares(session, scheme, level, period, read.source)
        if row["code"] in inside
    ]
    read_from = {"source": read.source, "loaded_at": read.loaded_at, "prediction": is_prediction(read.source)}
    covers = {"coverage": coverage.get(period, 0.0), "newest": newest, "newest_coverage": coverage.get(newest, 0.0)}
    return {"period": period, "classes": {c.code: c.vi for c in SALINITY_CLASSES}, "units": rows} | read_from | covers
