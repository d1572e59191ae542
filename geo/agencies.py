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
    successor in force that day (following successions of successors); certain only if every step is."""
    agency, certain = session.get(Agency, agency_id), True
    seen = {agency_id}
    while agency.valid_to is not None and agency.valid_to < on:
        step = session.execute(
            select(AgencySuccession)
            .where(AgencySuccession.predecessor_id == agency.id, AgencySuccession.effective_on <= on)
            .order_by(AgencySuccession.certain.desc(), AgencySuccession.effective_on.desc())
        ).scalar()
        if step is None or step.successor_id in seen:
            break
        seen.add(step.successor_id)
        agency, certain = session.get(Agency, step.successor_id), certain and step.certain
    return DutyHolder(agency.id, agency.code, agency.name_vi, agency.name_en, certain)


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
