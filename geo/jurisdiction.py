"""Which projects an account may change.

An account may change a project when its agency leads or partners the project (or a former agency whose duties it
holds today, since the mergers of 2025: geo.agencies.duties_held), or when
the project lies in one of the account's units (of either boundary scheme, by geometry; a
province's, by the project's province too) and is of one of its kinds. Administrators may
change every project; viewers none.
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, false, func, or_, select, true, union_all
from sqlalchemy.orm import Session, aliased

from geo.agencies import duties_held, duty_holder
from geo.models import Account, AccountUnit, AdminUnit, Project, ProjectAgency, UnitCrosswalk
from geo.said import LANGS, Said
from geo.schedule import OPEN_STATUSES
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, labels


def _of_its_kinds_in_its_units(
    session: Session, account: Account, among: list[int] | None = None
) -> Select | CompoundSelect:
    """The ids of the projects of the account's kinds that lie in one of its units (none without kinds): by outline,
    the projects each unit's outline meets (through the index of sites, a unit at a time); and a province's account
    has every project of its province (``province_code``), wherever its site is (a province-wide one has none, an
    offshore wind farm's lies at sea, in no unit), or of a former province merged into it (the crosswalk). ``among``:
    of those ids only (a project checked before a report).

    A set, read once: tested project by project against each unit's outline, an account of five districts took 15 s
    to count its 36,000 projects at a province's volume (trial 71; docs/benchmarks.md)."""
    if not account.kinds:
        return select(Project.id).where(false())
    units = select(AccountUnit.unit_id).where(AccountUnit.account_id == account.id)
    codes = list(session.scalars(_province_codes(units)))  # read first: the planner then knows how many match
    of_kinds = Project.kind.in_(account.kinds), *_among(Project.id, among)
    by_province = select(Project.id).where(Project.province_code.in_(codes), *of_kinds)
    elsewhere = or_(Project.province_code.is_(None), Project.province_code.not_in(codes))  # not tested twice
    by_outline = select(Project.id).join(AdminUnit, AdminUnit.geom.ST_Intersects(Project.geom))
    return union_all(by_province, by_outline.where(AdminUnit.id.in_(units), elsewhere, *of_kinds))


def _province_codes(units: Select) -> CompoundSelect:
    """The (former) provinces' codes whose projects ``units``' provinces have: a former province's own, and a 2025
    province's, those of the former provinces merged into it (the crosswalk)."""
    provinces = select(AdminUnit.id).where(AdminUnit.id.in_(units), AdminUnit.level == "province")
    former = aliased(AdminUnit)
    merged = select(former.code).join(UnitCrosswalk, UnitCrosswalk.from_unit_id == former.id)
    merged = merged.where(UnitCrosswalk.to_unit_id.in_(provinces), former.scheme == "pre2025")
    own = select(AdminUnit.code).where(AdminUnit.id.in_(provinces), AdminUnit.scheme == "pre2025")
    return union_all(own, merged.where(former.level == "province"))


def _among(column, among: list[int] | None) -> tuple:
    return () if among is None else (column.in_(among),)


def _by_agency(session: Session, account: Account, among: list[int] | None = None) -> Select | CompoundSelect:
    """The ids of the projects the account's agency leads or partners (or a former agency whose duties it holds)."""
    if account.agency_id is None:
        return select(Project.id).where(false())
    agencies = duties_held(session, account.agency_id, vietnam_today())
    led = select(Project.id).where(Project.lead_agency_id.in_(agencies), *_among(Project.id, among))
    partnered = select(ProjectAgency.project_id).where(ProjectAgency.agency_id.in_(agencies))
    return union_all(led, partnered.where(*_among(ProjectAgency.project_id, among)))


#: The roles whose reach is not their agency's and units' projects: "all" for the administrator, "none" for a viewer.
ROLE_REACH = {"admin": "all", "viewer": "none"}


def reach(role: str) -> str:
    """Which projects an account of ``role`` may change: "all", "none", or "own" (its agency's, and those of its kinds
    within its units)."""
    return ROLE_REACH.get(role, "own")


def not_in_charge(session: Session, account: Account, project: Project) -> Said:
    """Why ``account`` may not report on or review ``project``, what to do, and whom to tell: the same words wherever
    it is refused. The reason is the account's own (its agency, its kinds, its units) and the project's lead agency
    today is named: trial 51's officer read "not in your jurisdiction" and could tell neither why nor whose it was."""
    kind = {lang: labels(PROJECT_KINDS, lang).get(project.kind, project.kind) for lang in LANGS}
    reasons = [
        Said("cơ quan của bạn không chủ trì hay phối hợp dự án này", "your agency neither leads nor partners it")
        if account.agency_id is not None
        else Said("tài khoản không thuộc cơ quan nào", "your account belongs to no agency")
    ]
    if account.role == "viewer":  # its agency gives it nothing: it checks the reports within its units and kinds
        reasons = [VIEWER_REVIEWS]
    if project.kind not in (account.kinds or []):
        reasons.append(
            Said(
                f"loại “{kind['vi']}” không có trong các loại dự án giao cho tài khoản",
                f"its kind, “{kind['en']}”, is not among your account's kinds",
            )
        )
    elif not session.scalars(_of_its_kinds_in_its_units(session, account, among=[project.id])).first():
        reasons.append(Said("dự án không nằm trong đơn vị nào giao cho tài khoản", "it lies in none of your units"))
    lead = duty_holder(session, project.lead_agency_id, vietnam_today()) if project.lead_agency_id else None
    owner = (
        Said(f"Cơ quan chủ trì dự án: {lead.name_vi}.", f"Its lead agency: {lead.name_en or lead.name_vi}.")
        if lead
        else Said("Dự án chưa có cơ quan chủ trì trong sổ đăng ký.", "The registry names no lead agency for it.")
    )
    return Said(
        f"Dự án {project.code} không thuộc phạm vi phụ trách của tài khoản: {'; '.join(r.vi for r in reasons)}. "
        f"{owner.vi} Nếu bạn phụ trách dự án này, hãy nhờ quản trị viên sổ đăng ký thêm đơn vị và loại dự án của nó "
        "vào tài khoản; nếu không, hãy báo cho cơ quan chủ trì dự án.",
        f"Project {project.code} is not in your jurisdiction: {'; '.join(r.en for r in reasons)}. {owner.en} If you "
        "are in charge of it, ask the registry's administrator to add its unit and kind to your account; if not, tell "
        "the project's lead agency.",
    )


#: Why a viewer may not check a report: its agency counts for nothing, only the units and kinds it was given.
VIEWER_REVIEWS = Said(
    "tài khoản chỉ xem (viewer) chỉ kiểm tra báo cáo về các dự án thuộc loại dự án trong đơn vị được giao cho nó",
    "a viewer checks only the reports on the projects of its kinds within its units",
)


def may_change(session: Session, account: Account, project_id: int) -> bool:
    return project_id in changeable(session, account, [project_id])


def changeable(session: Session, account: Account, project_ids: list[int]) -> set[int]:
    """Which of ``project_ids`` the account may change (report on), in one query."""
    if reach(account.role) == "all":
        return set(project_ids)
    if reach(account.role) == "none" or not project_ids:
        return set()
    return set(session.scalars(_its_own(session, account, among=project_ids)))


def _its_own(session: Session, account: Account, among: list[int] | None = None) -> CompoundSelect:
    """The ids of the projects an account of reach "own" may change: its agency's, and those of its kinds within its
    units (``among``: of those ids only)."""
    return union_all(_by_agency(session, account, among), _of_its_kinds_in_its_units(session, account, among))


def reviewable_of(session: Session, account: Account, project_ids: list[int]) -> set[int]:
    """Which of ``project_ids`` the account may give a verdict on (a report flagged to check): those it may change,
    and for a viewer those of its kinds within its units. A supervisor of two agencies' officers is a viewer given
    their units and kinds: it checks their reports and can send none (trial 61: only an editor could check them, so
    the supervisor could report on the projects too)."""
    if account.role != "viewer" or not project_ids:
        return changeable(session, account, project_ids)
    return set(session.scalars(_of_its_kinds_in_its_units(session, account, among=project_ids)))


def in_charge(session: Session, account: Account):
    """The condition on ``Project`` of the projects the account may change (report on), whatever its role: one set of
    ids, read once (a hashed semi-join), not a test of each project."""
    if reach(account.role) == "all":
        return true()
    return false() if reach(account.role) == "none" else Project.id.in_(_its_own(session, account))


def reachable_counts(session: Session) -> dict[str, int]:
    """:func:`reachable_count` of every account, by username (the accounts page says "no projects" plainly)."""
    return {account.username: reachable_count(session, account) for account in session.scalars(select(Account))}


def reachable_count(session: Session, account: Account, unfinished: bool = False) -> int:
    """How many of the registry's current projects (not retired) the account may report on: said to the
    administrator who makes or changes it (a trial's officer made with an agency alone could report on none of the
    sample's Bạc Liêu projects, which have no lead agency, and found out in the field). ``unfinished``: only those
    not finished nor given up (geo.schedule.OPEN_STATUSES), those a supervisor chases reports on."""
    if reach(account.role) == "none":
        return 0
    current = select(Project.id).where(Project.retired_at.is_(None), in_charge(session, account))
    if unfinished:
        current = current.where(Project.status.in_(OPEN_STATUSES))
    return session.scalar(select(func.count()).select_from(current.subquery()))
