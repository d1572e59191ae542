"""What a unit's page shows: the unit, its progress now and at each year's end, its projects, indicators, forest
cover and salinity figures (those that are registered)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.crosswalk import unit_lineage
from geo.forest import latest_dataset, unit_forest
from geo.forest_stats_queue import stats_failed, years_computing
from geo.indicators import indicator_progress
from geo.progress import OTHER_SCHEME, ProgressQuery, unit_progress
from geo.queries.projects_by_place import unit_shares
from geo.said import Said, SaidError
from geo.salinity import leading_period, period_read, unit_class_shares, unit_coverage, zone_periods
from geo.schedule import NOT_STARTED_STATUSES, TODAY_IN_VIETNAM, due_year_sql, schedule_sql
from geo.stalled import last_report_sql
from geo.status_history import LATEST_IS_DEMO, LATEST_IS_FLAGGED
from geo.vietnam_day import vietnam_today
from geo.vocab import SCHEME_DAYS

_UNIT = """
SELECT u.id, u.code, u.scheme, u.level, u.name_vi, u.name_en, u.unit_type_vi, u.valid_from, u.valid_to,
       u.area_m2, u.source, p.name_vi AS parent_name_vi, p.name_en AS parent_name_en,
       ST_AsGeoJSON(u.geom, 6) AS geometry
FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id
WHERE u.code = :code AND NOT u.is_context AND (CAST(:scheme AS text) IS NULL OR u.scheme = :scheme)
ORDER BY u.scheme DESC
"""
_PROJECTS = f"""
SELECT p.id, p.code, p.name_vi, p.name_en, p.kind, p.status, p.percent, p.status_date, pl.code AS plan,
       {last_report_sql("p.id")} AS last_report,
       s.share, ST_AsGeoJSON(p.geom, 6) AS geometry, {LATEST_IS_DEMO} AS status_is_demo,
       {LATEST_IS_FLAGGED} AS status_is_flagged,
       p.budget_vnd_billion AS budget,
       {schedule_sql("p.status", due_year_sql("p.end_year", "pl.period_end"), TODAY_IN_VIETNAM)} AS schedule
FROM {{shares}} s JOIN project p ON p.id = s.project_id AND p.retired_at IS NULL
LEFT JOIN plan pl ON pl.id = p.plan_id
WHERE s.unit_id = :unit_id ORDER BY s.share DESC, p.budget_vnd_billion DESC NULLS LAST, p.code LIMIT :limit
"""
_FIRST_YEAR = "SELECT extract(year FROM min(reported_at))::int FROM status_event"
# The (former) province of each plan: its indicators' values are that province's.
_PLAN_PROVINCES = """
SELECT pl.code AS plan, u.code, u.name_vi, u.name_en, u.unit_type_vi
FROM plan pl JOIN admin_unit u ON u.code = pl.province_code AND u.scheme = 'pre2025' AND u.level = 'province'
WHERE pl.code = ANY(:plans)
"""


class UnitNotFound(SaidError, LookupError):
    """No such unit; the message says how to find one."""


def find_unit(session: Session, code: str, scheme: str | None = None) -> dict[str, Any]:
    """The unit of ``code`` (in ``scheme``); UnitNotFound when there is none or the code is in both schemes."""
    rows = [dict(r) for r in session.execute(text(_UNIT), {"code": code, "scheme": scheme}).mappings()]
    if not rows:
        boundaries = SCHEME_DAYS.get(scheme or "")
        where, where_vi = (f" {boundaries.en}", f" {boundaries.vi}") if boundaries else ("", "")
        raise UnitNotFound(
            Said(
                f"Không có đơn vị hành chính mã {code!r}{where_vi}; hãy tìm đơn vị theo tên bằng ô tìm kiếm của bản "
                "đồ (/), hoặc xem danh sách mã ở /api/units",
                f"No administrative unit with code {code!r}{where}; find a unit by its name with the map's search "
                "box (/), or list the codes at /api/units",
            )
        )
    if len(rows) > 1:
        raise UnitNotFound(
            Said(
                f"mã {code!r} là đơn vị của cả hai ranh giới; chọn một bằng --scheme pre2025|2025",
                f"code {code!r} is a unit of both schemes; say which with --scheme pre2025|2025",
            )
        )
    return rows[0]


def unit_summary(
    session: Session, unit: dict[str, Any], today: date | None = None, period: str | None = None
) -> dict[str, Any]:
    """Progress (now and at each year's end since the first status report, with the projects it counts), projects,
    indicators, forest, salinity (of ``period``, else the newest), and what the 2025 reform made of the unit
    (geo.crosswalk.unit_lineage)."""
    query = ProgressQuery(scheme=unit["scheme"], level=unit["level"], unit_ids=[unit["id"]])
    lineage = unit_lineage(session, unit)
    if (unit["scheme"], unit["level"]) not in OTHER_SCHEME:
        return {
            "progress": None,
            "timeline": [],
            "projects": [],
            "budget": None,
            "indicators": [],
            "plan_provinces": {},
            "forest": None,
            "salinity": None,
            "lineage": lineage,
        }
    today = today or vietnam_today()
    first_year = session.execute(text(_FIRST_YEAR)).scalar_one() or today.year
    timeline = []  # (day, progress, projects counted: by their shares in the unit)
    for year in range(first_year, today.year):
        query.as_of = date(year, 12, 31)
        then = unit_progress(session, query)[0]
        timeline.append((query.as_of, then["progress_percent"], then["projects"]))
    query.as_of = None
    now = unit_progress(session, query)[0]
    timeline.append((today, now["progress_percent"], now["projects"]))
    projects = unit_projects(session, unit)
    plans = sorted({p["plan"] for p in projects if p["plan"]})
    return {
        "progress": now,
        "timeline": timeline,
        "projects": projects,
        "budget": unit_budget(projects),
        "indicators": {plan: indicator_progress(session, plan) for plan in plans},
        "plan_provinces": plan_provinces(session, plans),
        "forest": _forest(session, unit),
        "salinity": _salinity(session, unit, period),
        "lineage": lineage,
    }


def plan_provinces(session: Session, plans: list[str]) -> dict[str, dict[str, Any]]:
    """Each plan's province (of the former scheme, as the plans were issued): whose figures its indicators are."""
    rows = session.execute(text(_PLAN_PROVINCES), {"plans": plans}).mappings()
    return {row["plan"]: dict(row) for row in rows}


def unit_projects(session: Session, unit: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """The current projects of ``unit`` (its ``id`` and ``level``), each with its share of the unit: the largest shares
    first, then the largest budgets (at most ``limit``); a province's, those its filter finds, as its progress."""
    sql = _PROJECTS.format(shares=unit_shares(unit["level"]))
    return [dict(r) for r in session.execute(text(sql), {"unit_id": unit["id"], "limit": limit}).mappings()]


def unit_budget(projects: list[dict[str, Any]]) -> dict[str, Any]:
    """The money of a unit's projects (billion VND): each project's budget by its share in the unit (a dyke across
    three districts counts in each by the part of it there), cancelled projects left out (as the progress weighted by
    budget leaves them); how many projects have a budget figure, of how many; and the part of the total in projects
    not started (proposed, being prepared) or past due (geo.schedule)."""
    counted = [p for p in projects if p["status"] != "cancelled"]
    funded = [p for p in counted if p["budget"] is not None]
    behind = [p for p in counted if p["status"] in NOT_STARTED_STATUSES or p["schedule"] == "past_due"]
    behind_funded = [p for p in behind if p["budget"] is not None]
    return {
        "total": sum(p["budget"] * p["share"] for p in funded),
        "with_budget": len(funded),
        "projects": len(counted),
        "not_started_or_late": sum(p["budget"] * p["share"] for p in behind_funded),
        # how many are behind, and how many of those have a figure: "0 tỷ đồng" of six with none read as none (trial 47)
        "behind": len(behind),
        "behind_with_budget": len(behind_funded),
    }


def _forest(session: Session, unit: dict[str, Any]) -> dict[str, Any] | None:
    """The unit's figures from the latest raster with statistics, and the years of rasters just loaded whose
    statistics are being computed (``computing``: the page says so rather than showing the older year alone), or
    could not be (``failed``: geo.forest_stats_queue.stats_failed, of a later year than the figures')."""
    computing, failed = years_computing(session), stats_failed(session)
    dataset = latest_dataset(session)
    if dataset is None:
        return {"computing": computing, "failed": failed} if computing or failed else None
    figures = unit_forest(session, dataset, unit["scheme"], unit["level"])
    row = next((r for r in figures["units"] if r["code"] == unit["code"]), None)
    failed = [f for f in failed if f["year"] > dataset.year]
    return {"dataset": figures["dataset"], **(row or {}), "computing": computing, "failed": failed}


def _salinity(session: Session, unit: dict[str, Any], asked: str | None = None) -> dict[str, Any] | None:
    """The unit's salinity classes in the period ``asked`` (one with zones), else the one the page leads with
    (:func:`leading_period`); every period with zones and the share of the unit each covers (``coverage``), for the
    page to offer (trial 63); and ``unknown``: the period asked that has no zones, for the page to say so."""
    periods = zone_periods(session)
    if not periods:
        return None
    coverage = unit_coverage(session, unit["id"])
    period = asked if asked in periods else leading_period(periods, coverage)
    read = period_read(session, period)
    rows = unit_class_shares(session, unit["scheme"], unit["level"], period, read.source)
    row = next((r for r in rows if r["code"] == unit["code"]), None)
    about = {"period": period, "sources": [read.source], "loaded_at": read.loaded_at, "others": read.other_sources}
    about |= {"periods": periods, "coverage": coverage, "unknown": asked if asked and asked not in periods else None}
    return None if row is None else about | row
