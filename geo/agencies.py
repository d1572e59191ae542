"""Agencies over time: who holds a duty on a given day, after the mergers of 2025.

A duty (leading a plan action, entering an indicator) is written against the agency the plan names. When that
agency is taken over (``agency_succession``), the duty moves to its successor from the day the succession takes
effect; what the old agency did stays recorded under its name. Where the sources leave a successor uncertain the
duty still moves, and the answer says so (``certain``), so a planner can check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.models import Agency, AgencySuccession


@dataclass(frozen=True)
class DutyHolder:
    agency_id: int
    code: str
    name_vi: str
    name_en: str
    certain: bool


def duty_holder(session: Session, agency_id: int, on: date) -> DutyHolder:
    """The agency that holds on ``on`` a duty written against ``agency_id``: itself while it exists, else the
    successor in force that day (following successions of successors); certain only if every step is. The
    database's ``georeg_duty_holder`` answers it, as the layers' and pages' queries ask it (migration 0028)."""
    row = session.execute(
        text(
            "SELECT a.id, a.code, a.name_vi, a.name_en, h.certain FROM georeg_duty_holder(:agency, :on) h "
            "JOIN agency a ON a.id = h.agency_id"
        ),
        {"agency": agency_id, "on": on},
    ).one()
    return DutyHolder(*row)


def duties_held(session: Session, agency_id: int, on: date) -> set[int]:
    """The agencies whose duties ``agency_id`` holds on ``on``: itself, and each former agency whose duty holder
    (:func:`duty_holder`) it is that day (Vĩnh Long's department of industry holds Trà Vinh's since 1 July 2025)."""
    held, todo = {agency_id}, [agency_id]
    while todo:
        earlier = session.scalars(
            select(AgencySuccession.predecessor_id).where(
                AgencySuccession.successor_id == todo.pop(), AgencySuccession.effective_on <= on
            )
        )
        for predecessor in set(earlier) - held:
            if duty_holder(session, predecessor, on).agency_id == agency_id:
                held.add(predecessor)
                todo.append(predecessor)
    return held


def duty_codes(session: Session, codes: list[str], on: date) -> list[str]:
    """The agency codes ``codes`` stand for on ``on``: each, and those of the former agencies whose duties it holds
    (:func:`duties_held`): a filter by today's Sở Công Thương of Vĩnh Long (VL.SCT) finds the projects the plan gave
    Trà Vinh's (TV.SCT); it found none. An unknown code stands for itself (and matches nothing)."""
    found = set(codes)
    for agency in session.scalars(select(Agency).where(Agency.code.in_(codes))):
        held = duties_held(session, agency.id, on)
        found |= set(session.scalars(select(Agency.code).where(Agency.id.in_(held))))
    return sorted(found)


def duty_holders_sql(day: str) -> str:
    """An SQL table of every agency (``id``) with the agency holding its duties on ``day`` (an SQL date expression):
    its ``code``, ``name_vi``, ``name_en``, whether every succession to it is ``certain``, and the day the agency
    itself ``ended`` (null while it existed that day). What the layers, lists, pages and exports join a project's
    lead agency to (geo.agencies.duty_holder answers the same for one)."""
    return (
        "SELECT a.id, n.code, n.name_vi, n.name_en, h.certain, "
        f"CASE WHEN a.valid_to < {day} THEN a.valid_to END AS ended FROM agency a "
        f"CROSS JOIN LATERAL georeg_duty_holder(a.id, {day}) h JOIN agency n ON n.id = h.agency_id"
    )


def all_agencies(session: Session) -> list[Agency]:
    """Every agency, former ones included, by code."""
    return list(session.scalars(select(Agency).order_by(Agency.code)))


def agency_id(session: Session, code: str) -> int | None:
    """The id of the agency with ``code``, None when there is none."""
    return session.scalar(select(Agency.id).where(Agency.code == code))


def agency_code(session: Session, agency_id: int | None) -> str | None:
    """The code of the agency with ``agency_id``, None for none."""
    return None if agency_id is None else session.scalar(select(Agency.code).where(Agency.id == agency_id))


def exists_on(agency: Agency, on: date) -> bool:
    return (agency.valid_from is None or agency.valid_from <= on) and (agency.valid_to is None or agency.valid_to >= on)


def agency_timeline(session: Session, code: str) -> dict[str, Any] | None:
    """An agency with its validity dates, predecessors and successors (for /api/agencies/{code})."""
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        return None
    links = session.execute(
        text("""
        SELECT 'successor' AS relation, a.code, a.name_vi, a.name_en, s.effective_on, s.certain, s.source
        FROM agency_succession s JOIN agency a ON a.id = s.successor_id WHERE s.predecessor_id = :id
        UNION ALL
        SELECT 'predecessor', a.code, a.name_vi, a.name_en, s.effective_on, s.certain, s.source
        FROM agency_succession s JOIN agency a ON a.id = s.predecessor_id WHERE s.successor_id = :id
        ORDER BY 1, 5, 2
        """),
        {"id": agency.id},
    ).mappings()
    return agency_dict(agency) | {"links": [dict(link) for link in links]}


def agency_dict(agency: Agency) -> dict[str, Any]:
    return {
        "code": agency.code,
        "name_vi": agency.name_vi,
        "name_en": agency.name_en,
        "province_code": agency.province_code,
        "valid_from": agency.valid_from,
        "valid_to": agency.valid_to,
    }
