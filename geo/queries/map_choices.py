"""What the web map's filters offer: the values present in the registry, with their vi/en labels."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.annual_report import action_order

_PROVINCES = """
SELECT code, scheme, name_vi, name_en FROM admin_unit
WHERE level = 'province' AND NOT is_context ORDER BY scheme DESC, code
"""
_PLANS = "SELECT code, title_vi, title_en FROM plan ORDER BY code"
_PLAN_ACTIONS = """
SELECT DISTINCT pl.code AS plan, pa.code, pa.title_vi, pa.title_en
FROM project p JOIN plan_action pa ON pa.id = p.plan_action_id JOIN plan pl ON pl.id = pa.plan_id
WHERE p.retired_at IS NULL ORDER BY pl.code, pa.code
"""
_AGENCIES = """
SELECT DISTINCT ag.code, ag.name_vi, ag.name_en
FROM project p JOIN agency ag ON ag.id = p.lead_agency_id WHERE p.retired_at IS NULL ORDER BY ag.code
"""
_KINDS = "SELECT DISTINCT kind FROM project WHERE retired_at IS NULL"
_DRAWN_KINDS = "SELECT DISTINCT kind FROM project WHERE retired_at IS NULL AND geom IS NOT NULL"
_UNLOCATED = "SELECT count(*) FROM project WHERE retired_at IS NULL AND geom IS NULL"
_FIRST_REPORT = "SELECT min(reported_at) FROM status_event"


def map_choices(session: Session) -> dict[str, Any]:
    """Provinces of both schemes, plans, the plan actions and lead agencies that have projects, the project kinds
    (of every project, so that the download of a filter holds the province-wide ones too) and those drawn, how many
    projects have no site (not drawn), and the dates the time slider spans (first status report to today). Plan
    actions come in reading order (P2 before P10, 13.3 before 13.10)."""

    def rows(sql: str) -> list[dict[str, Any]]:
        return [dict(r) for r in session.execute(text(sql)).mappings()]

    first = session.execute(text(_FIRST_REPORT)).scalar_one() or date.today()
    return {
        "provinces": rows(_PROVINCES),
        "plans": rows(_PLANS),
        "plan_actions": sorted(rows(_PLAN_ACTIONS), key=lambda a: (a["plan"], action_order(a["code"]))),
        "agencies": rows(_AGENCIES),
        "kinds": sorted(session.scalars(text(_KINDS))),
        "drawn_kinds": sorted(session.scalars(text(_DRAWN_KINDS))),
        "unlocated": session.scalar(text(_UNLOCATED)),
        "first_date": first.isoformat(),
        "last_date": max(first, date.today()).isoformat(),
    }
