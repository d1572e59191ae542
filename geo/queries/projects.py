"""Finding projects by province, kind, status and plan, as GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Integer, Select, String, and_, case, func, literal_column, select, text
from sqlalchemy.orm import Session, aliased

from geo.duty_holders import duty_codes, duty_holders_sql
from geo.models import (
    AdminUnit,
    Agency,
    Plan,
    PlanAction,
    Project,
    ProjectUnitShare,
    StatusEvent,
    StatusEventReview,
    UnitCrosswalk,
)
from geo.queries.features import feature, feature_collection, geojson_geometry
from geo.queries.history import EVENT_IS_REPORT
from geo.queries.projects_by_place import former_provinces
from geo.said import Said
from geo.schedule import TODAY_IN_VIETNAM, due_year_sql, schedule_sql
from geo.stalled import months_before, no_report_sql
from geo.status_history import STATE_AS_OF, latest_is_demo
from geo.vietnam_day import vietnam_today


@dataclass
class ProjectFilter:
    """What a user asked for; every list is OR-ed within itself and AND-ed with the others."""

    provinces: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    schedules: list[str] = field(default_factory=list)
    #: not finished and no report for this many months, counted back from today in Vietnam (geo.stalled)
    no_report_months: int | None = None
    include_retired: bool = False
    plan_actions: list[str] = field(default_factory=list)
    #: lead agencies; today's one also finds the projects of the former ones whose duties it holds (geo.agencies)
    agencies: list[str] = field(default_factory=list)
    #: former districts' or 2025 communes' codes: the projects with a part in one of them (their shares)
    units: list[str] = field(default_factory=list)


#: The year a project is due (geo.schedule), in the FROM of :func:`_select`.
_DUE_YEAR = due_year_sql(f"{Project.__tablename__}.end_year", f"{Plan.__tablename__}.period_end")


#: Where a project stands today against the year it is due (geo.schedule), in the FROM of :func:`_select`.
_SCHEDULE_TODAY = schedule_sql(f"{Project.__tablename__}.status", _DUE_YEAR, TODAY_IN_VIETNAM)

#: Not finished and no report since the day bound to ``:no_report_since`` (geo.stalled), on the rows of :func:`_select`.
_NO_REPORT_SINCE = no_report_sql(f"{Project.__tablename__}.status", f"{Project.__tablename__}.id", ":no_report_since")

#: A project's schedule as of the day bound to ``:as_of``, by its status then (no row before its first report).
_SCHEDULE_AS_OF = f"""
SELECT {schedule_sql("st.status", due_year_sql("p.end_year", "pl.period_end"), "CAST(:as_of AS date)")}
FROM project p{STATE_AS_OF} LEFT JOIN plan pl ON pl.id = p.plan_id WHERE p.id = :id"""


#: Whether the plan names a lead for the project's action (or the section it is in); NULL for a project outside the
#: plan's actions. Plan 1099 names leads per section of its tasks, none per priority project (P1–P10): trial 57.
_PLAN_NAMES_LEAD = f"""CASE WHEN {Project.__tablename__}.plan_action_id IS NOT NULL THEN EXISTS (
    SELECT 1 FROM plan_action_agency paa WHERE paa.role = 'lead'
    AND paa.plan_action_id IN ({Project.__tablename__}.plan_action_id, {PlanAction.__tablename__}.parent_id)) END"""


#: Each agency with the one holding its duties today (geo.agencies): a project's lead after the 2025 mergers.
HOLDERS_TODAY = (
    text(duty_holders_sql(TODAY_IN_VIETNAM))
    .columns(id=Integer, code=String, name_vi=String, name_en=String, certain=Boolean, ended=Date)
    .subquery("lead_now")
)


def _columns() -> list[Any]:
    return [
        Project.id,
        Project.code,
        Project.name_vi,
        Project.name_en,
        Project.kind,
        Project.province_code,
        Plan.code.label("plan"),
        PlanAction.code.label("plan_action"),
        PlanAction.title_vi.label("plan_action_title_vi"),
        PlanAction.title_en.label("plan_action_title_en"),
        Agency.code.label("lead_agency"),
        Agency.name_vi.label("lead_agency_name_vi"),
        Agency.name_en.label("lead_agency_name_en"),
        HOLDERS_TODAY.c.ended.label("lead_agency_ended"),
        HOLDERS_TODAY.c.code.label("lead_now"),
        HOLDERS_TODAY.c.name_vi.label("lead_now_name_vi"),
        HOLDERS_TODAY.c.name_en.label("lead_now_name_en"),
        HOLDERS_TODAY.c.certain.label("lead_now_certain"),
        literal_column(_PLAN_NAMES_LEAD, Boolean).label("plan_names_lead"),
        Project.capacity_value,
        Project.capacity_unit,
        Project.budget_vnd_billion,
        Project.start_year,
        Project.end_year,
        literal_column(_DUE_YEAR).label("due_year"),
        literal_column(_SCHEDULE_TODAY).label("schedule"),
        Project.status,
        Project.percent,
        Project.status_date,
        literal_column(latest_is_demo(Project.__tablename__)).label("status_is_demo"),
        Project.version,
        Project.retired_at,
        Project.retired_reason,
        Project.location_precision,
        Project.location_note_vi,
        Project.location_note_en,
        Project.length_m,
        Project.area_m2,
        Project.sources,
        Project.description_vi,
        Project.description_en,
        geojson_geometry(Project.geom),
    ]


def _select() -> Select:
    return (
        select(*_columns())
        .outerjoin(Plan, Plan.id == Project.plan_id)
        .outerjoin(PlanAction, PlanAction.id == Project.plan_action_id)
        .outerjoin(Agency, Agency.id == Project.lead_agency_id)
        .outerjoin(HOLDERS_TODAY, HOLDERS_TODAY.c.id == Project.lead_agency_id)
    )


def provinces_today(session: Session, code: str) -> list[str]:
    """A province code and those of the 2025 provinces a former province was merged into ("95" -> ["95", "96"]):
    the reverse of :func:`former_provinces`."""
    former, new = aliased(AdminUnit), aliased(AdminUnit)
    merged = session.scalars(
        select(new.code)
        .distinct()
        .join(UnitCrosswalk, UnitCrosswalk.to_unit_id == new.id)
        .join(former, and_(former.id == UnitCrosswalk.from_unit_id, former.level == "province", former.code == code))
        .where(new.scheme == "2025", new.level == "province")
    )
    return [code, *sorted(set(merged) - {code})]


def known_province_codes(session: Session) -> set[str]:
    return set(session.scalars(select(AdminUnit.code).where(AdminUnit.level == "province")))


def _matching(session: Session, filters: ProjectFilter) -> Select:
    query = _select()
    if filters.provinces:
        codes = {c for p in filters.provinces for c in former_provinces(session, p)}
        query = query.where(Project.province_code.in_(codes))
    if filters.kinds:
        query = query.where(Project.kind.in_(filters.kinds))
    if filters.statuses:
        query = query.where(Project.status.in_(filters.statuses))
    if filters.plans:
        query = query.where(Plan.code.in_(filters.plans))
    if filters.plan_actions:
        query = query.where(PlanAction.code.in_(filters.plan_actions))
    if filters.agencies:
        query = query.where(Agency.code.in_(duty_codes(session, filters.agencies, vietnam_today())))
    if filters.units:
        query = query.where(Project.id.in_(_in_units(filters.units)))
    if filters.schedules:
        query = query.where(literal_column(_SCHEDULE_TODAY).in_(filters.schedules))
    if filters.no_report_months:
        since = months_before(vietnam_today(), filters.no_report_months)
        query = query.where(text(_NO_REPORT_SINCE).bindparams(no_report_since=since))
    if not filters.include_retired:
        query = query.where(Project.retired_at.is_(None))
    return query


def matching_ids(session: Session, filters: ProjectFilter, ids: list[int]) -> set[int]:
    """Of the projects ``ids``, those ``filters`` match: what a filtered map shows of them."""
    query = _matching(session, filters).with_only_columns(Project.id).where(Project.id.in_(ids))
    return set(session.scalars(query))


def _in_units(codes: list[str]) -> Select:
    """The ids of the projects with a part in one of the former districts or 2025 communes coded ``codes``, as the
    map's unit filter chooses them (layers.sources.UNIT_FILTER)."""
    return (
        select(ProjectUnitShare.project_id)
        .join(AdminUnit, AdminUnit.id == ProjectUnitShare.unit_id)
        .where(AdminUnit.level.in_(("district", "commune")), AdminUnit.code.in_(codes))
    )


def find_projects(
    session: Session, filters: ProjectFilter, limit: int, offset: int, after: int | None = None
) -> dict[str, Any]:
    """A FeatureCollection page of the matching projects, with the total match count; ``after``: the page of
    those with ids above it (keyset paging), instead of skipping ``offset``."""
    query = _matching(session, filters)
    matched = session.scalar(select(func.count()).select_from(query.subquery()))
    if after is not None:
        query, offset = query.where(Project.id > after), 0
    rows = session.execute(query.order_by(Project.id).limit(limit).offset(offset)).mappings().all()
    return feature_collection(rows, numberMatched=matched, numberReturned=len(rows))


def project_position(session: Session, filters: ProjectFilter, after: int) -> int:
    """How many matching projects have ids up to ``after``: the position of the page that follows it."""
    query = _matching(session, filters).where(Project.id <= after)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def get_project(session: Session, project_id: int, as_of: date | None = None) -> dict[str, Any] | None:
    """One project as a Feature with its status history, or None; ``as_of``: its schedule that day (None before its
    first report), as the map of that day draws it, instead of today's."""
    row = session.execute(_select().where(Project.id == project_id)).mappings().one_or_none()
    if row is None:
        return None
    result = feature(row)
    if as_of is not None:
        result["properties"]["schedule"] = session.scalar(text(_SCHEDULE_AS_OF), {"id": project_id, "as_of": as_of})
    events = (
        session.execute(
            select(
                StatusEvent.version,
                StatusEvent.status,
                StatusEvent.percent,
                StatusEvent.reported_at,
                StatusEvent.note_vi,
                StatusEvent.note_en,
                StatusEvent.source,
                StatusEvent.is_demo,
                StatusEventReview.verdict.label("review_verdict"),
                EVENT_IS_REPORT,
            )
            .outerjoin(StatusEventReview, StatusEventReview.event_id == StatusEvent.id)
            .where(StatusEvent.project_id == project_id)
            .order_by(StatusEvent.version)
        )
        .mappings()
        .all()
    )
    result["properties"]["history"] = [dict(e) for e in events]
    return result


def demo_statuses(session: Session, ids: list[int], as_of: date | None = None) -> set[int]:
    """Which of the projects ``ids`` stand on a status from demonstration data (the sample's) now, or as of
    ``as_of``: a printed sheet listing their status marks them as the project page does (trial 57: 0 marks)."""
    if not ids:
        return set()
    if as_of is None:
        sql = f"SELECT p.id FROM project p WHERE p.id = ANY(:ids) AND {latest_is_demo()}"
    else:
        sql = f"SELECT p.id FROM project p{STATE_AS_OF} WHERE p.id = ANY(:ids) AND st.status_is_demo"
    return set(session.scalars(text(sql), {"ids": ids, "as_of": as_of}))


def project_units(session: Session, project_id: int) -> list[dict[str, Any]]:
    """The units a project lies in, as its shares say (geo.apportion): of both schemes, each with the project's share
    of it, how it was found (``method``) and, for a site outside every unit given to the nearest (a work at sea), how
    far off it is; a district's outline (GeoJSON text), which the project's page draws round it. By scheme, the 2025
    units first, then by level (provinces first) and the larger share first."""
    level = case({"province": 0, "district": 1}, value=AdminUnit.level, else_=2)
    query = (
        select(
            AdminUnit.scheme,
            AdminUnit.level,
            AdminUnit.code,
            AdminUnit.name_vi,
            AdminUnit.name_en,
            AdminUnit.unit_type_vi,
            ProjectUnitShare.share,
            ProjectUnitShare.method,
            # how far the work itself lies from the unit (the share's distance is from a point on it: a wind farm's
            # strip touching its district was "1.9 km off")
            case(
                (
                    ProjectUnitShare.distance_m.is_not(None),
                    func.ST_Distance(func.geography(AdminUnit.geom), func.geography(Project.geom)),
                )
            ).label("distance_m"),
            geojson_geometry(case((AdminUnit.level == "district", AdminUnit.geom))),
        )
        .join(ProjectUnitShare, ProjectUnitShare.unit_id == AdminUnit.id)
        .join(Project, Project.id == ProjectUnitShare.project_id)
        .where(ProjectUnitShare.project_id == project_id)
        .order_by(AdminUnit.scheme, level, ProjectUnitShare.share.desc(), AdminUnit.code)
    )
    return [dict(row) for row in session.execute(query).mappings()]


def plan_codes(session: Session) -> set[str]:
    return set(session.scalars(select(Plan.code)))


def unknown_plan(plan: str, known: set[str]) -> Said:
    """What a query parameter naming no plan (``plan``) is refused with: the plans' codes there are."""
    codes = sorted(known)
    return Said(f"không có kế hoạch {plan!r}; các kế hoạch: {codes}", f"unknown plan {plan!r}; expected one of {codes}")


def unknown_plan_action(session: Session, codes: list[str]) -> Said | None:
    """The refusal of the first of ``codes`` no plan's action has; None when each is one's. A mistyped code chose no
    project: an empty list, a blank printed map (as :func:`geo.agencies.unknown_agency` for agencies)."""
    known = set(session.scalars(select(PlanAction.code).where(PlanAction.code.in_(codes))))
    code = next((code for code in codes if code not in known), None)
    if code is None:
        return None
    return Said(
        f"không có nhiệm vụ nào của kế hoạch mang mã {code!r}; xem các mã ở /api/plan-actions",
        f"no plan action has the code {code!r}; list the codes at /api/plan-actions",
    )


def plan_by_code(session: Session, code: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.code == code))
