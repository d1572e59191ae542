"""Which projects an account may change.

An account may change a project when its agency leads or partners the project (or a former agency whose duties it
holds today, since the mergers of 2025: geo.agencies.duties_held), or when
the project lies in one of the account's units (of either boundary scheme, by geometry; a
province's, by the project's province too) and is of one of its kinds. Administrators may
change every project; viewers none.
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, and_, exists, false, func, or_, select, text, true, union, union_all
from sqlalchemy.orm import Session, aliased

from geo.agencies import duties_held, duty_holder
from geo.models import Account, AccountUnit, AdminUnit, Project, ProjectAgency, UnitCrosswalk
from geo.said import LANGS, Said
from geo.schedule import OPEN_STATUSES
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, labels

#: What the account's set holds of each project: its id, and its state (the supervisor's list counts the unfinished).
_ROWS = (Project.id, Project.status)


def _of_its_kinds_in_its_units(session: Session, account: Account, *where) -> Select | CompoundSelect:
    """The projects (:data:`_ROWS`) meeting ``where`` of the account's kinds that lie in one of its units (none
    without kinds): by outline, the projects each unit's outline meets (through the index of sites, a unit at a time);
    and a province's account has every project of its province (``province_code``), wherever its site is (a
    province-wide one has none, an offshore wind farm's lies at sea, in no unit), or of a former province merged into
    it (the crosswalk).

    A set, read once: tested project by project against each unit's outline, an account of five districts took 15 s
    to count its 36,000 projects at a province's volume (trial 71; docs/benchmarks.md)."""
    if not account.kinds:
        return select(*_ROWS).where(false())
    units = _its_units(account)
    codes = list(session.scalars(_province_codes(units)))  # read first: the planner then knows how many match
    of_kinds = Project.kind.in_(account.kinds), *where
    by_province = select(*_ROWS).where(Project.province_code.in_(codes), *of_kinds)
    elsewhere = or_(Project.province_code.is_(None), Project.province_code.not_in(codes))  # not tested twice
    by_outline = select(*_ROWS).join(AdminUnit, AdminUnit.geom.ST_Intersects(Project.geom))
    return union_all(by_province, by_outline.where(AdminUnit.id.in_(units), elsewhere, *of_kinds))


def _is_of_its_kinds_in_its_units(account: Account):
    """:func:`_of_its_kinds_in_its_units` as a test of each project (a row of ``Project``): for the few projects a
    check reads (a report's, a map page's) or a page reads until it is full, where reading the whole set cost more
    (one project's check 2-3x, a province's first page 0.6 -> 1.8 s; docs/benchmarks.md). The account's units are
    read once and kept beside the projects (a semi-join: each outline detoasted once, a lone unit's prepared once), a
    province's codes tested before its outline, in one statement (the codes read first, as the set does, made the
    planner read a map page's 1,000 projects in parallel, 2x slower)."""
    if not account.kinds:
        return false()
    former = aliased(AdminUnit)
    merged_into = (
        exists()
        .where(
            UnitCrosswalk.to_unit_id == AdminUnit.id,
            UnitCrosswalk.from_unit_id == former.id,
            former.scheme == "pre2025",
            former.level == "province",
            former.code == Project.province_code,
        )
        .correlate_except(UnitCrosswalk, former)  # the project and the account's unit are the enclosing query's
    )
    its_province = or_(and_(AdminUnit.scheme == "pre2025", AdminUnit.code == Project.province_code), merged_into)
    touches = or_(and_(AdminUnit.level == "province", its_province), AdminUnit.geom.ST_Intersects(Project.geom))
    its_unit = exists().where(AccountUnit.account_id == account.id, AdminUnit.id == AccountUnit.unit_id, touches)
    return and_(Project.kind.in_(account.kinds), its_unit)


def _its_units(account: Account) -> Select:
    return select(AccountUnit.unit_id).where(AccountUnit.account_id == account.id)


def _province_codes(units: Select) -> CompoundSelect:
    """The (former) provinces' codes whose projects ``units``' provinces have: a former province's own, and a 2025
    province's, those of the former provinces merged into it (the crosswalk)."""
    provinces = select(AdminUnit.id).where(AdminUnit.id.in_(units), AdminUnit.level == "province")
    former = aliased(AdminUnit)
    merged = select(former.code).join(UnitCrosswalk, UnitCrosswalk.from_unit_id == former.id)
    merged = merged.where(UnitCrosswalk.to_unit_id.in_(provinces), former.scheme == "pre2025")
    own = select(AdminUnit.code).where(AdminUnit.id.in_(provinces), AdminUnit.scheme == "pre2025")
    return union_all(own, merged.where(former.level == "province"))


def its_agencies(session: Session, account: Account) -> set[int]:
    """The account's agency and each former agency whose duties it holds today (none without an agency): read from
    the successions, once for a request that asks :func:`its_projects` and :func:`in_charge` both (the list of an
    account's projects: geo.queries.in_charge). Empty for a role whose reach is not its agency's (:func:`reach`)."""
    if account.agency_id is None or reach(account.role) != "own":
        return set()
    return duties_held(session, account.agency_id, vietnam_today())


def _by_agency(agencies: set[int], *where) -> Select | CompoundSelect:
    """The projects (:data:`_ROWS`) meeting ``where`` that ``agencies`` (:func:`its_agencies`) lead or partner."""
    if not agencies:
        return select(*_ROWS).where(false())
    led = select(*_ROWS).where(Project.lead_agency_id.in_(agencies), *where)
    partnered = select(*_ROWS).join(ProjectAgency, ProjectAgency.project_id == Project.id)
    return union_all(led, partnered.where(ProjectAgency.agency_id.in_(agencies), *where))


def _is_by_agency(agencies: set[int]):
    """:func:`_by_agency` as a test of each project (a row of ``Project``)."""
    if not agencies:
        return false()
    partnered = exists().where(ProjectAgency.project_id == Project.id, ProjectAgency.agency_id.in_(agencies))
    return or_(Project.lead_agency_id.in_(agencies), partnered)


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
    elif not session.scalar(select(exists().where(Project.id == project.id, _is_of_its_kinds_in_its_units(account)))):
        reasons.append(Said("dự án không nằm trong đơn vị nào giao cho tài khoản", "it lies in none of your units"))
    lead = duty_holder(session, project.lead_agency_id, vietnam_today()) if project.lead_agency_id else None
    owner = (
        Said(f"Cơ quan chủ trì dự án: {lead.name_vi}.", f"Its lead agency: {lead.name_en or lead.name_vi}.")
        if lead
        else Said("Dự án chưa có cơ quan chủ trì trong sổ đăng ký.", "The registry names no lead agency for it.")
    )
    advice = VIEWER_ADVICE if account.role == "viewer" else IN_CHARGE_ADVICE
    return Said(
        f"Dự án {project.code} không thuộc phạm vi phụ trách của tài khoản: {'; '.join(r.vi for r in reasons)}. "
        f"{owner.vi} {advice.vi}",
        f"Project {project.code} is not in your jurisdiction: {'; '.join(r.en for r in reasons)}. {owner.en} "
        f"{advice.en}",
    )


IN_CHARGE_ADVICE = Said(
    "Nếu bạn phụ trách dự án này, hãy nhờ quản trị viên sổ đăng ký thêm đơn vị và loại dự án của nó vào tài khoản; nếu "
    "không, hãy báo cho cơ quan chủ trì dự án.",
    "If you are in charge of it, ask the registry's administrator to add its unit and kind to your account; if not, "
    "tell the project's lead agency.",
)
#: A viewer was told "if you are in charge of this project, ask for its unit and kind" on the report form, as if they
#: would let her send reports (trial s73): they only let her check the flagged ones.
VIEWER_ADVICE = Said(
    "Tài khoản chỉ xem (viewer) không bao giờ gửi báo cáo: đơn vị và loại dự án giao cho nó chỉ để kiểm tra các báo "
    "cáo bị đánh dấu; báo cáo về dự án do cơ quan chủ trì hoặc phối hợp gửi.",
    "A viewer never sends reports: your units and kinds only let you check flagged reports; the project's reports are "
    "sent by its lead or partner agencies.",
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
    mine = in_charge(session, account, each=True)  # a few projects: each tested, not the account's set read whole
    return set(session.scalars(select(Project.id).where(Project.id.in_(project_ids), mine)))


def reviewable_of(session: Session, account: Account, project_ids: list[int]) -> set[int]:
    """Which of ``project_ids`` the account may give a verdict on (a report flagged to check): those it may change,
    and for a viewer those of its kinds within its units. A supervisor of two agencies' officers is a viewer given
    their units and kinds: it checks their reports and can send none (trial 61: only an editor could check them, so
    the supervisor could report on the projects too)."""
    if account.role != "viewer" or not project_ids:
        return changeable(session, account, project_ids)
    reviewed = select(Project.id).where(Project.id.in_(project_ids), _is_of_its_kinds_in_its_units(account))
    return set(session.scalars(reviewed))


def in_charge(session: Session, account: Account, each: bool = False, agencies: set[int] | None = None):
    """The condition on ``Project`` of the projects the account may change (report on), whatever its role: one set of
    ids, read once (a hashed semi-join), not a test of each project; ``each``: a test of each project it is asked of,
    for a page read in order up to its last row (the set would be read whole for 30 rows). ``agencies``: its
    :func:`its_agencies`, when the request has read them already."""
    if reach(account.role) == "all":
        return true()
    if reach(account.role) == "none":
        return false()
    agencies = its_agencies(session, account) if agencies is None else agencies
    if each:
        return or_(_is_by_agency(agencies), _is_of_its_kinds_in_its_units(account))
    its_own = union_all(_by_agency(agencies), _of_its_kinds_in_its_units(session, account)).subquery()
    return Project.id.in_(select(its_own.c.id))  # not deduplicated twice (UNION, then the semi-join)


def its_projects(
    session: Session, account: Account, *where, agencies: set[int] | None = None
) -> Select | CompoundSelect:
    """The projects the account may change (report on) that meet ``where`` (conditions on ``Project``), each once
    with its state (:data:`_ROWS`): its set, ``where`` tested in each of its parts, to be counted as they are (looked
    up again by id, the 20,000 of a province's account took 0.1 s more; docs/benchmarks.md). ``agencies``: as
    :func:`in_charge`'s."""
    if reach(account.role) != "own":
        return select(*_ROWS).where(true() if reach(account.role) == "all" else false(), *where)
    if _of_provinces_alone(session, account):
        return select(*_ROWS).where(*where, _is_of_its_kinds_in_its_units(account))
    agencies = its_agencies(session, account) if agencies is None else agencies
    return union(_by_agency(agencies, *where), _of_its_kinds_in_its_units(session, account, *where))


def _of_provinces_alone(session: Session, account: Account) -> bool:
    """Whether the account has no agency and provinces for units: its projects are then read one by one in a pass
    over those of its kinds, each found by its province's code, the outline tested for the others only (prepared once);
    as a set, the 44,000 candidates of a province's outline came from the index of sites only to be dropped as of its
    codes (Cà Mau's 2025 province's count of 20,000: 0.1 s one by one, 0.3 s as a set; docs/benchmarks.md)."""
    if account.agency_id is not None or not account.kinds:
        return False
    levels = set(session.scalars(select(AdminUnit.level).where(AdminUnit.id.in_(_its_units(account)))))
    return levels == {"province"}


def reachable_counts(session: Session) -> dict[str, int]:
    """:func:`reachable_count` of every account, by username (the accounts page says "no projects" plainly)."""
    return {account.username: reachable_count(session, account) for account in session.scalars(select(Account))}


def checked_count(session: Session, account: Account) -> int:
    """How many of the registry's current projects (not retired) a viewer checks the flagged reports on (those of its
    kinds within its units: :func:`reviewable_of`): said to the administrator who makes it, as :func:`reachable_count`
    is of an editor (``georeg account create`` of a viewer said nothing of what it could do, trial s71)."""
    session.execute(text("SET LOCAL jit = off"))
    found = _of_its_kinds_in_its_units(session, account, Project.retired_at.is_(None)).subquery()
    return session.scalar(select(func.count(func.distinct(found.c.id))))


def projects_said(session: Session, account: Account) -> int:
    """The projects an administrator who makes or changes the account is told it has: those it may report on, or, a
    viewer's, those whose flagged reports it checks."""
    return (checked_count if reach(account.role) == "none" else reachable_count)(session, account)


def reachable_count(session: Session, account: Account, unfinished: bool = False) -> int:
    """How many of the registry's current projects (not retired) the account may report on: said to the
    administrator who makes or changes it (a trial's officer made with an agency alone could report on none of the
    sample's Bạc Liêu projects, which have no lead agency, and found out in the field). ``unfinished``: only those
    not finished nor given up (geo.schedule.OPEN_STATUSES), those a supervisor chases reports on."""
    if reach(account.role) == "none":
        return 0
    session.execute(text("SET LOCAL jit = off"))  # compiling took 3 s of a province's count that runs in 0.1 s
    unfinished_only = (Project.status.in_(OPEN_STATUSES),) if unfinished else ()
    current = its_projects(session, account, Project.retired_at.is_(None), *unfinished_only)
    return session.scalar(select(func.count()).select_from(current.subquery()))
