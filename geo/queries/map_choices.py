"""What the web map's filters offer: the values present in the registry, with their vi/en labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.duty_holders import duty_holders_sql
from geo.queries.units_in_provinces import provinces_of_units
from geo.schedule import TODAY_IN_VIETNAM
from geo.submissions import action_order
from geo.text_encoding import fold
from geo.unit_names import unit_choice_sql
from geo.vietnam_day import vietnam_today

# Each province with what the July 2025 reform made of it (by the crosswalk: most of the former province's area, under
# another name): a 2025 province's former ones the registry holds, a former province's 2025 one.
_PROVINCES = """
WITH reform AS (
    SELECT c.from_unit_id, c.to_unit_id, f.code AS from_code, f.is_context AS from_context,
           f.name_vi AS from_vi, f.name_en AS from_en, t.name_vi AS to_vi, t.name_en AS to_en
    FROM unit_crosswalk c JOIN admin_unit f ON f.id = c.from_unit_id JOIN admin_unit t ON t.id = c.to_unit_id
    WHERE f.level = 'province' AND t.level = 'province' AND c.share_of_from >= 0.5 AND f.name_vi <> t.name_vi
)
SELECT u.code, u.scheme, u.name_vi, u.name_en,
       coalesce((SELECT array_agg(from_vi ORDER BY from_code) FROM reform WHERE to_unit_id = u.id AND NOT from_context),
                '{}') AS formerly_vi,
       coalesce((SELECT array_agg(from_en ORDER BY from_code) FROM reform WHERE to_unit_id = u.id AND NOT from_context),
                '{}') AS formerly_en,
       coalesce((SELECT array_agg(from_code ORDER BY from_code)
                 FROM reform WHERE to_unit_id = u.id AND NOT from_context), '{}') AS formerly,
       (SELECT to_vi FROM reform WHERE from_unit_id = u.id) AS now_in_vi,
       (SELECT to_en FROM reform WHERE from_unit_id = u.id) AS now_in_en, to_char(u.valid_to, 'YYYY-MM-DD') AS valid_to,
       ARRAY[ST_XMin(u.geom), ST_YMin(u.geom), ST_XMax(u.geom), ST_YMax(u.geom)] AS bbox
FROM admin_unit u
WHERE u.level = 'province' AND NOT u.is_context ORDER BY u.scheme DESC, u.code
"""
_PLANS = "SELECT code, title_vi, title_en FROM plan ORDER BY code"
_PLAN_ACTIONS = """
SELECT DISTINCT pl.code AS plan, pa.code, pa.title_vi, pa.title_en
FROM project p JOIN plan_action pa ON pa.id = p.plan_action_id JOIN plan pl ON pl.id = pa.plan_id
WHERE p.retired_at IS NULL ORDER BY pl.code, pa.code
"""
# The projects' lead agencies, and the agencies holding their duties today (geo.agencies): after the 2025 mergers a
# planner looks for today's department (VL.SCT), whose filter finds the projects of the one it took over (TV.SCT).
_AGENCIES = f"""
SELECT DISTINCT ag.code, ag.name_vi, ag.name_en,
       CASE WHEN ag.valid_to < {TODAY_IN_VIETNAM} THEN to_char(ag.valid_to, 'YYYY-MM-DD') END AS ended
FROM project p JOIN ({duty_holders_sql(TODAY_IN_VIETNAM)}) hd ON hd.id = p.lead_agency_id
JOIN agency ag ON ag.id = p.lead_agency_id OR ag.code = hd.code
WHERE p.retired_at IS NULL ORDER BY ag.code
"""
# The former districts and 2025 communes that have a part of a project, for the filter by unit (and their boxes, west,
# south, east, north, for the map to frame the one chosen).
_UNITS = f"""
SELECT u.scheme, u.code, {unit_choice_sql("u", "vi")} AS name_vi, {unit_choice_sql("u", "en")} AS name_en,
       ARRAY[ST_XMin(u.geom), ST_YMin(u.geom), ST_XMax(u.geom), ST_YMax(u.geom)] AS bbox
FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id AND u.level IN ('district', 'commune')
JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL
GROUP BY u.id
"""
_REGISTRY_PROVINCE_CODES = (
    "SELECT DISTINCT code FROM admin_unit WHERE level = 'province' AND NOT is_context ORDER BY code"
)
_FILTER_LEVELS = (("pre2025", "district"), ("2025", "commune"))  # the units the map's unit filter offers
_KINDS = "SELECT DISTINCT kind FROM project WHERE retired_at IS NULL"
_DRAWN_KINDS = "SELECT DISTINCT kind FROM project WHERE retired_at IS NULL AND geom IS NOT NULL"
_FIRST_REPORT = "SELECT min(reported_at) FROM status_event"


def registry_provinces(session: Session) -> list[dict[str, Any]]:
    """The registry's own provinces of both schemes (codes, names, what the 2025 reform made of each — a 2025
    province's former ones the registry holds by code and name —, and the box that holds each: west, south, east,
    north, for the map to frame a province chosen)."""
    return [dict(r) for r in session.execute(text(_PROVINCES)).mappings()]


def filter_units(session: Session) -> list[dict[str, Any]]:
    """The former districts and 2025 communes holding a part of a project, by scheme then name: the map's filter by
    unit (a printed sheet names and draws the units chosen from unit_outlines), each with the codes of the registry's
    provinces (either scheme) it lies in as the province filter reads them (provinces_of_units), so that the list
    offers the units of the provinces chosen (trial 73: Bạc Liêu chosen, it listed Trà Vinh's districts too)."""
    units = [dict(r) for r in session.execute(text(_UNITS)).mappings()]
    lying = provinces_of_units(session, [u["code"] for u in units])
    for u in units:
        u["provinces"] = lying.get((u["scheme"], u["code"]), [])
    return sorted(units, key=lambda u: (u["scheme"] != "pre2025", fold(u["name_vi"])))


_OUTLINES = """
SELECT u.code, u.scheme, u.level, u.unit_type_vi || ' ' || u.name_vi AS name_vi, u.name_en,
       pr.code AS province_code, ST_AsGeoJSON(u.geom, 6) AS geometry
FROM admin_unit u LEFT JOIN admin_unit pr ON pr.id = u.parent_id AND pr.level = 'province'
WHERE u.code = ANY(:codes) AND NOT u.is_context AND u.geom IS NOT NULL ORDER BY u.code
"""


def unit_outlines(session: Session, codes: list[str]) -> list[dict[str, Any]]:
    """The registry's units of these codes (either scheme) with their names, province and outline (GeoJSON): what a
    sheet filtered by a unit frames, draws and names."""
    return [dict(r) for r in session.execute(text(_OUTLINES), {"codes": codes}).mappings()]


def map_choices(session: Session) -> dict[str, Any]:
    """Provinces of both schemes, plans, the plan actions and lead agencies that have projects, the project kinds
    (of every project, so that the download of a filter holds the province-wide ones too) and those drawn, how many
    projects of each kind have no site (not drawn), and the dates the time slider spans (first status report to
    today). Plan actions come in reading order (P2 before P10, 13.3 before 13.10)."""

    def rows(sql: str) -> list[dict[str, Any]]:
        return [dict(r) for r in session.execute(text(sql)).mappings()]

    first = session.execute(text(_FIRST_REPORT)).scalar_one() or vietnam_today()
    return {
        "provinces": registry_provinces(session),
        "plans": rows(_PLANS),
        "plan_actions": sorted(rows(_PLAN_ACTIONS), key=lambda a: (a["plan"], action_order(a["code"]))),
        "agencies": rows(_AGENCIES),
        "units": filter_units(session),
        "kinds": sorted(session.scalars(text(_KINDS))),
        "drawn_kinds": sorted(session.scalars(text(_DRAWN_KINDS))),
        "first_date": first.isoformat(),
        "last_date": max(first, vietnam_today()).isoformat(),
    }
