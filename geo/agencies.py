"""Agencies over time: who holds a duty on a given day, after the mergers of 2025.

A duty (leading a plan action, entering an indicator) is written against the agency the plan names. When that
agency is taken over (``agency_succession``), the duty moves to its successor from the day the succession takes
effect; what the old agency did stays recorded under its name. Where the sources leave a successor uncertain the
duty still moves, and the answer says so (``certain``), so a planner can check it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from geo.audit import record
from geo.models import Account, AdminUnit, Agency, AgencySuccession, Plan
from geo.queries.unit_codes import unknown_province
from geo.said import Said, SaidError
from geo.vi_format import vi_date

#: An agency's code: its province's prefix, a dot, then the agency's letters (TV.SCT, VL.UBND_XA, CM96.SCT).
AGENCY_CODE = re.compile(r"[A-Z0-9]+\.[A-Z0-9_]+")


#: What the data write after the name of a former agency that goes on, under that name, as the agency taking over from
#: it: "Sở Công Thương tỉnh Cà Mau (trước 07/2025)", the former Cà Mau's, whose duties CM.SCT holds from 1 July 2025.
BEFORE_MARK = re.compile(r" \(trước \d{2}/\d{4}\)$")


def goes_on_as(former: Agency, agency: Agency) -> bool:
    """Whether ``agency`` is ``former`` going on under its name (:data:`BEFORE_MARK`): one body, said once where an
    agency's former ones are listed (trial 61: a CM.SNNMT officer was told it also held the duties of "Sở Nông nghiệp
    và Môi trường tỉnh Cà Mau (trước hợp nhất)", its own department before the merger)."""
    return BEFORE_MARK.sub("", former.name_vi) == agency.name_vi


class AgencyError(SaidError):
    """A change to the agencies refused, in both languages; nothing changed."""


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
    return duty_holders(session, [agency_id], on)[agency_id]


def focal_plans(session: Session, on: date) -> dict[int, list[str]]:
    """The plans whose focal role each agency holds on ``on`` (their yearly reports it reviews: an editor of it is
    the plan's reviewer, geo.submissions.is_focal), their codes by the agency's id."""
    plans = sorted(session.execute(select(Plan.code, Plan.focal_agency_id).where(Plan.focal_agency_id.is_not(None))))
    holders = duty_holders(session, {focal for _, focal in plans}, on)
    found: dict[int, list[str]] = {}
    for code, focal in plans:
        found.setdefault(holders[focal].agency_id, []).append(code)
    return found


def duty_holders(session: Session, agency_ids: Collection[int], on: date) -> dict[int, DutyHolder]:
    """:func:`duty_holder` of each of ``agency_ids`` (by id), in one query: a yearly report asks it of every lead of
    the plan's actions, one query each took a tenth of its gathering."""
    rows = session.execute(
        text(
            "SELECT g.id, a.id, a.code, a.name_vi, a.name_en, h.certain "
            "FROM unnest(CAST(:agencies AS integer[])) g(id) CROSS JOIN LATERAL georeg_duty_holder(g.id, :on) h "
            "JOIN agency a ON a.id = h.agency_id"
        ),
        {"agencies": sorted(agency_ids), "on": on},
    )
    return {agency_id: DutyHolder(*holder) for agency_id, *holder in rows}


#: The agency status event ``e``'s reporter reported for, as it was named on the report's day (``id``, ``code``,
#: ``name_vi``, ``name_en``; no row for a load's event or an account of no agency): the agency the account belonged to
#: when the report was recorded, which the event keeps (``reporter_agency_id``, geo.status_history.accounts_agency), or
#: the agency holding that one's duties that day (:func:`duty_holder`) where it had ended by then, renamed or merged.
#: The account's agency today named a report of March 2025 by an officer of Trà Vinh's Department of Natural Resources
#: and Environment, moved since to Vĩnh Long's Department of Agriculture and Environment, as by the latter. A status
#: sheet's step back (geo.ingest.project_writes.steps_back) and /status-reports (geo.queries.field_reports) name it.
REPORTERS_AGENCY = """
SELECT named.id, named.code, named.name_vi, named.name_en
FROM georeg_duty_holder(e.reporter_agency_id, e.reported_at) holder
JOIN agency named ON named.id = holder.agency_id
WHERE e.reporter_agency_id IS NOT NULL
"""


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


def agencies_with_successors(session: Session, on: date | None = None) -> list[tuple[Agency, list[tuple[str, bool]]]]:
    """Every agency (those existing ``on`` a day, if given), by code, with the codes of the agencies recorded as
    taking over from it and whether each succession is certain (``georeg agency list``)."""
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    taken: dict[int, list[tuple[str, bool]]] = {}
    for step in session.scalars(select(AgencySuccession).order_by(AgencySuccession.effective_on)):
        taken.setdefault(step.predecessor_id, []).append((codes[step.successor_id], step.certain))
    return [(a, taken.get(a.id, [])) for a in all_agencies(session) if on is None or exists_on(a, on)]


def all_agencies(session: Session) -> list[Agency]:
    """Every agency, former ones included, by code."""
    return list(session.scalars(select(Agency).order_by(Agency.code)))


#: Each plan's provinces, each in the time it is the plan's (its unit's validity): the plan's own (a former province),
#: and the 2025 province it was merged into (the crosswalk); and the agencies of each that existed in that time.
_PLAN_AGENCIES = """
WITH plan_province AS (
    SELECT pl.code AS plan, u.code AS province, u.valid_from, u.valid_to
    FROM plan pl JOIN admin_unit u ON u.code = pl.province_code AND u.level = 'province' AND NOT u.is_context
    UNION
    SELECT pl.code, t.code, t.valid_from, t.valid_to
    FROM plan pl JOIN admin_unit f ON f.code = pl.province_code AND f.level = 'province' AND NOT f.is_context
    JOIN unit_crosswalk c ON c.from_unit_id = f.id
    JOIN admin_unit t ON t.id = c.to_unit_id AND t.level = 'province' AND t.scheme = '2025'
)
SELECT DISTINCT a.code, p.plan FROM plan_province p JOIN agency a ON a.province_code = p.province
WHERE (a.valid_to IS NULL OR p.valid_from IS NULL OR a.valid_to >= p.valid_from)
  AND (a.valid_from IS NULL OR p.valid_to IS NULL OR a.valid_from <= p.valid_to)
ORDER BY 1, 2
"""


def plans_of_agencies(session: Session) -> dict[str, list[str]]:
    """The plans each agency (by code) is an agency of: those of its province while the province was the plan's. Cà
    Mau's departments before 1 July 2025 (CMC.*) are of no plan: Bạc Liêu's plan is Cà Mau's only from that day, and
    /monitoring offered them for both plans (trial 64). An agency of no plan is not a key."""
    plans: dict[str, list[str]] = {}
    for code, plan in session.execute(text(_PLAN_AGENCIES)):
        plans.setdefault(code, []).append(plan)
    return plans


def unknown_agency(session: Session, codes: list[str]) -> Said | None:
    """The refusal of the first of ``codes`` no agency (former ones included) has; None when each is one's. A
    mistyped code listed no project, as if the agency led none (as geo.queries.unit_codes.unknown_unit for units)."""
    known = set(session.scalars(select(Agency.code).where(Agency.code.in_(codes))))
    code = next((code for code in codes if code not in known), None)
    if code is None:
        return None
    return Said(
        f"không có cơ quan mã {code!r}; xem các mã ở /api/agencies",
        f"no agency has the code {code!r}; list the codes at /api/agencies",
    )


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


def add_agency(
    session: Session,
    code: str,
    name_vi: str,
    name_en: str,
    province_code: str | None,
    days: tuple[date | None, date | None],
    by: str,
) -> Agency:
    """A new agency (one the data files do not hold: a body formed since, a province's own name for one, or a former
    one, the former Cà Mau's Sở TN&MT before March 2025), existing ``days`` (first, last; None: unknown, still)."""
    if not AGENCY_CODE.fullmatch(code):
        raise AgencyError(
            Said(
                f"mã {code!r} không hợp lệ: viết hoa, không dấu, không cách, tiền tố tỉnh rồi dấu chấm (VL.SNV)",
                f"code {code!r} is not one: upper case, no accents or spaces, a province prefix and a dot (VL.SNV)",
            )
        )
    if session.scalar(select(Agency.id).where(func.upper(Agency.code) == code)) is not None:
        raise AgencyError(Said(f"đã có cơ quan mã {code}", f"there is an agency coded {code} already"))
    if not name_vi.strip() or not name_en.strip():
        raise AgencyError(Said("cần tên tiếng Việt và tên tiếng Anh", "give its Vietnamese and English names"))
    if province_code is not None and (refused := unknown_province(session, [province_code])) is not None:
        raise AgencyError(refused)
    first, last = days
    if first and last and last < first:
        raise AgencyError(Said("ngày cuối trước ngày đầu", "its last day is before its first"))
    if province_code is not None:
        _check_within_province(session, province_code, last)
    agency = Agency(
        code=code,
        name_vi=_nfc(name_vi),
        name_en=_nfc(name_en),
        province_code=province_code,
        valid_from=first,
        valid_to=last,
    )
    session.add(agency)
    session.flush()
    changes = {k: v.isoformat() if isinstance(v, date) else v for k, v in agency_dict(agency).items()}
    record(session, actor=by, action="create", entity="agency", entity_id=code, changes=changes)
    return agency


def record_succession(
    session: Session, predecessor: str, successor: str, on: date, *, certain: bool, source: str, by: str
) -> list[str]:
    """``predecessor``'s duties pass to ``successor`` from ``on``: recorded, or corrected, as the predecessor's one
    succession, its last day the day before. The successions it had to other agencies (the 2025 data's guess for one
    left uncertain) are removed; their successors' codes are returned. Refused (AgencyError) for an unknown code, the
    agency itself, a successor not existing on ``on``, a predecessor begun on or after it, or a successor whose own
    duties pass back to the predecessor."""
    found = {a.code: a for a in session.scalars(select(Agency).where(Agency.code.in_([predecessor, successor])))}
    for code in (predecessor, successor):
        if code not in found:
            raise AgencyError(
                Said(
                    f"không có cơ quan mã {code}; georeg agency list liệt kê các cơ quan",
                    f"no agency coded {code}; georeg agency list lists them",
                )
            )
    old, new = found[predecessor], found[successor]
    _check_succession(session, old, new, on)
    replaced = list(
        session.scalars(
            select(Agency.code)
            .join(AgencySuccession, AgencySuccession.successor_id == Agency.id)
            .where(AgencySuccession.predecessor_id == old.id, AgencySuccession.successor_id != new.id)
        )
    )
    session.execute(
        delete(AgencySuccession).where(
            AgencySuccession.predecessor_id == old.id, AgencySuccession.successor_id != new.id
        )
    )
    values = {"effective_on": on, "certain": certain, "source": _nfc(source), "recorded_by": by}
    statement = insert(AgencySuccession).values(predecessor_id=old.id, successor_id=new.id, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["predecessor_id", "successor_id"], set_=values))
    old.valid_to = on - timedelta(days=1)
    changes = {"successor": successor, "effective_on": on.isoformat(), "certain": certain, "replaced": replaced}
    record(session, actor=by, action="record_succession", entity="agency", entity_id=predecessor, changes=changes)
    return replaced


def _check_within_province(session: Session, province_code: str, last: date | None) -> None:
    """Refuse an agency outlasting its province: one of a former province (84 Trà Vinh, ended 30/06/2025) added
    without its last day was taken as existing today (trial s70)."""
    # a code may be a former province's and a 2025 one's (86 Vĩnh Long): the one lasting longest decides
    query = select(AdminUnit.name_vi, AdminUnit.name_en, AdminUnit.valid_to).where(
        AdminUnit.level == "province", AdminUnit.code == province_code
    )
    ended = session.execute(query.order_by(AdminUnit.valid_to.desc().nulls_first()).limit(1)).first()
    if ended is None or ended.valid_to is None or (last is not None and last <= ended.valid_to):
        return
    day = vi_date(ended.valid_to)
    raise AgencyError(
        Said(
            f"tỉnh {ended.name_vi} ({province_code}) kết thúc ngày {day}: cơ quan của tỉnh đó kết thúc muộn nhất ngày "
            f"ấy; hãy ghi --until {day}, hoặc dùng mã tỉnh từ 01/07/2025 (/api/units?scheme=2025&level=province)",
            f"the province {ended.name_en} ({province_code}) ended on {day}: an agency of it ended by then; give "
            f"--until {day}, or a province code from 1 July 2025 (/api/units?scheme=2025&level=province)",
        )
    )


def active_accounts_of(session: Session, code: str) -> list[str]:
    """The usernames of the active accounts still given the agency ``code`` (an administrator recording its
    succession is told to move them: they go on reporting as an agency that has ended, trial s70)."""
    agency = select(Agency.id).where(Agency.code == code).scalar_subquery()
    query = select(Account.username).where(Account.agency_id == agency, Account.is_active.is_(True))
    return list(session.scalars(query.order_by(Account.username)))


def _check_succession(session: Session, old: Agency, new: Agency, on: date) -> None:
    if old.id == new.id:
        raise AgencyError(Said("một cơ quan không kế thừa chính nó", "an agency does not succeed itself"))
    if not exists_on(new, on):
        raise AgencyError(
            Said(
                f"cơ quan {new.code} không tồn tại ngày {vi_date(on)} (hiệu lực {_validity(new)})",
                f"agency {new.code} does not exist on {on:%d/%m/%Y} (valid {_validity(new)})",
            )
        )
    if old.valid_from is not None and old.valid_from >= on:
        raise AgencyError(
            Said(
                f"cơ quan {old.code} bắt đầu ngày {vi_date(old.valid_from)}: không thể được kế thừa từ {vi_date(on)}",
                f"agency {old.code} began on {old.valid_from:%d/%m/%Y}: it cannot be taken over from {on:%d/%m/%Y}",
            )
        )
    later, todo = set(), [new.id]
    while todo:  # the agencies the successor's duties pass to, in turn
        for step in session.scalars(
            select(AgencySuccession.successor_id).where(AgencySuccession.predecessor_id == todo.pop())
        ):
            if step == old.id:
                raise AgencyError(
                    Said(
                        f"nhiệm vụ của {new.code} đã chuyển (qua các lần kế thừa) sang {old.code}: không thể ngược lại",
                        f"{new.code}'s duties already pass (through successions) to {old.code}: not the other way too",
                    )
                )
            if step not in later:
                later.add(step)
                todo.append(step)


def _validity(agency: Agency) -> str:
    start = vi_date(agency.valid_from) if agency.valid_from else "…"
    return f"{start}–{vi_date(agency.valid_to) if agency.valid_to else '…'}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())
