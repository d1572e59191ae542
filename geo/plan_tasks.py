"""A plan's tasks as a planner reads what the plan committed to: each task in the plan's order with its title and
expected output, its lead and partner agencies in a reporting year named as they stand on a day (the 2025 successor,
with the agency the plan named beneath it), the registry's projects of the task by status, and the year's reports
owed on it (geo.submission_board).

The only complete list of plan 1099's 32 tasks was the folded assignment table of /monitoring: agency codes in greyed
boxes, cut off, the former Trà Vinh codes first (trial 67). /monitoring lists these, and the yearly report gives a
row to each task without a project.

A sub-task without lead agencies of its own takes those of its task group (plan 148's 1.1 and 1.2 those of 1: as
geo.submissions routes their reports), ``from_group`` saying so: the pages and the report say "as its task group"
rather than the group's agencies, or its lack of any, again on each of its sub-tasks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.agencies import duty_holders
from geo.models import Agency, assignment_holds_in_year
from geo.schedule import due_year_sql, schedule_sql
from geo.submission_board import board
from geo.submissions import find_plan
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_SCHEDULES, PROJECT_STATUSES

#: The plan's tasks with their agencies, and their projects (not retired) by status and by schedule on the day bound to
#: ``:schedule_on`` (geo.schedule: their status now against the year due, as the map's schedule filter judges them),
#: counted in one pass over the plan's projects: counted a task at a time, each a scan of every project, the list took
#: 2 s at 30,000 projects.
_TASKS = f"""
WITH counted AS (
    SELECT p.plan_action_id AS id, p.status,
           {schedule_sql("p.status", due_year_sql("p.end_year", "own.period_end"), "CAST(:schedule_on AS date)")}
               AS schedule
    FROM project p JOIN plan_action a ON a.id = p.plan_action_id
    JOIN plan pl ON pl.id = a.plan_id AND pl.code = :plan
    LEFT JOIN plan own ON own.id = p.plan_id
    WHERE p.retired_at IS NULL
), statuses AS (
    SELECT id, json_object_agg(status, n) AS statuses
    FROM (SELECT id, status, count(*) AS n FROM counted GROUP BY 1, 2) s GROUP BY id
), schedules AS (
    SELECT id, json_object_agg(schedule, n) AS schedules
    FROM (SELECT id, schedule, count(*) AS n FROM counted GROUP BY 1, 2) s GROUP BY id
)
SELECT pa.id, pa.code, parent.code AS task_group, pa.parent_id, pa.title_vi, pa.title_en,
       pa.expected_output_vi, pa.expected_output_en,
       COALESCE((SELECT json_agg(json_build_object('id', paa.agency_id, 'role', paa.role) ORDER BY paa.role, a.code)
                 FROM plan_action_agency paa JOIN agency a ON a.id = paa.agency_id
                 WHERE paa.plan_action_id = pa.id AND {assignment_holds_in_year("paa")}), '[]') AS agencies,
       COALESCE(st.statuses, '{{}}') AS statuses, COALESCE(sc.schedules, '{{}}') AS schedules
FROM plan_action pa JOIN plan pl ON pl.id = pa.plan_id AND pl.code = :plan
LEFT JOIN plan_action parent ON parent.id = pa.parent_id
LEFT JOIN statuses st ON st.id = pa.id LEFT JOIN schedules sc ON sc.id = pa.id
ORDER BY pa.id
"""


def plan_tasks(
    session: Session,
    plan_code: str,
    year: int,
    named_on: date,
    owed: dict[str, Any] | None = None,
    schedule_on: date | None = None,
) -> list[dict[str, Any]]:
    """Every task of the plan, in the plan's order: ``code``, ``task_group``, titles and expected outputs, ``leads``
    and ``partners`` in ``year`` (:func:`_named`, by the agencies holding their duties on ``named_on``),
    ``from_group`` (the group whose agencies a sub-task without a lead of its own takes), ``projects`` and their
    ``statuses`` (each with its words and count, as the registry holds them), how many of them are ``past_due``,
    ``in_time``, ``closed`` or ``undated`` on ``schedule_on`` (today in Vietnam by default; geo.schedule), and
    ``reports``: the year's reports owed on it and their state (from ``owed``, the year's board
    (geo.submission_board), when the caller has it)."""
    plan = find_plan(session, plan_code)
    bound = {"plan": plan.code, "year": year, "schedule_on": schedule_on or vietnam_today()}
    rows = [dict(r) for r in session.execute(text(_TASKS), bound).mappings()]
    agencies = _named(session, {a["id"] for row in rows for a in row["agencies"]}, named_on)
    reports = _reports_by_task(owed or board(session, plan, year))
    by_id = {row["id"]: row for row in rows}
    tasks = []
    for row in rows:
        own = {role: [a["id"] for a in row["agencies"] if a["role"] == role] for role in ("lead", "partner")}
        group = by_id.get(row["parent_id"])
        inherited = not own["lead"] and group is not None
        if inherited:
            own = {role: own[role] or [a["id"] for a in group["agencies"] if a["role"] == role] for role in own}
        tasks.append(
            {key: row[key] for key in ("code", "task_group", "title_vi", "title_en")}
            | {"expected_output_vi": row["expected_output_vi"], "expected_output_en": row["expected_output_en"]}
            | {"leads": _as_held(own["lead"], agencies), "partners": _as_held(own["partner"], agencies)}
            | {"from_group": row["task_group"] if inherited else None}
            | {"projects": sum(row["statuses"].values()), "statuses": _statuses(row["statuses"])}
            | {term.code: row["schedules"].get(term.code, 0) for term in PROJECT_SCHEDULES}
            | {"reports": reports.get(row["code"], [])}
        )
    return tasks


def _statuses(counted: dict[str, int]) -> list[dict[str, Any]]:
    """The projects' statuses in the life cycle's order, each with its words and how many projects hold it."""
    return [
        {"status": t.code, "name_vi": t.vi, "name_en": t.en, "projects": counted[t.code]}
        for t in PROJECT_STATUSES
        if t.code in counted
    ]


def _named(session: Session, agency_ids: set[int], on: date) -> dict[int, dict[str, Any]]:
    """Each agency with the one holding its duties ``on`` a day (``holder``) and, when another, itself as
    ``formerly`` with its last day (``until``): "Sở Tài chính tỉnh Vĩnh Long", formerly "Sở Kế hoạch và Đầu tư tỉnh
    Trà Vinh" until 30/06/2025."""
    named, holders = {}, duty_holders(session, agency_ids, on)
    for agency in session.scalars(select(Agency).where(Agency.id.in_(agency_ids))):
        holder = holders[agency.id]
        formerly = None
        if holder.agency_id != agency.id:
            formerly = {"code": agency.code, "name_vi": agency.name_vi, "name_en": agency.name_en}
            formerly["until"] = agency.valid_to
        now = {"code": holder.code, "name_vi": holder.name_vi, "name_en": holder.name_en, "certain": holder.certain}
        named[agency.id] = {"now": now, "formerly": formerly}
    return named


def _as_held(agency_ids: list[int], named: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The agencies by their holders, each once (Trà Vinh's departments of natural resources and of agriculture are
    both Vĩnh Long's of agriculture and environment today), with the former agencies each stands for."""
    held: dict[str, dict[str, Any]] = {}
    for agency_id in agency_ids:
        now, formerly = named[agency_id]["now"], named[agency_id]["formerly"]
        entry = held.setdefault(now["code"], now | {"formerly": []})
        if formerly and formerly not in entry["formerly"]:
            entry["formerly"].append(formerly)
    return list(held.values())


def _reports_by_task(owed: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The year's reports owed on each task (by code): the agency owing it and where it stands (the board's)."""
    by_task: dict[str, list[dict[str, Any]]] = {}
    for agency in owed["agencies"]:
        for duty in agency["duties"]:
            by_task.setdefault(duty["action"], []).append(
                {"agency": agency["agency"], "name_vi": agency["name_vi"], "name_en": agency["name_en"]}
                | {"state": duty["state"]}
            )
    return by_task
