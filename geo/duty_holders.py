"""Who holds an agency's duties on a day, as SQL the layers, lists, pages and exports join a project's lead agency to.

Apart from geo.agencies (which writes agencies and successions with the ORM) so that a reader of these queries, such
as ``georeg export``, imports no ORM model: the models and GeoAlchemy took 0.3 s of CPU of the command's start.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session


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


def duty_codes(session: Session, codes: list[str], on: date) -> list[str]:
    """The agency codes ``codes`` stand for on ``on``: each, and those of the former agencies whose duties it holds
    (whose duty holder, :func:`duty_holders_sql`, it is that day): a filter by today's Sở Công Thương of Vĩnh Long
    (VL.SCT) finds the projects the plan gave Trà Vinh's (TV.SCT); it found none. An unknown code stands for itself
    (and matches nothing)."""
    if not codes:  # no filter by agency (the progress map asks each time)
        return []
    holders = text(
        f"SELECT a.code FROM ({duty_holders_sql('CAST(:on AS date)')}) h JOIN agency a ON a.id = h.id "
        "WHERE h.code = ANY(:codes)"
    )
    return sorted(set(codes) | set(session.scalars(holders, {"on": on, "codes": list(codes)})))
