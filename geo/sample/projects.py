"""Projects from ``data/projects.geojson`` and their history from ``data/status_events.csv``.

Every project is checked against the vocabularies and the loaded plans and agencies
before anything is written; a bad record stops the whole load with a message naming the
file, the record and the field.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from geo.models import Agency, Plan, PlanAction, Project, StatusEvent
from geo.said import Said
from geo.sample.errors import SampleDataError, problem, record
from geo.sample.geojson_files import nfc, read_features
from geo.sample.upsert import upsert
from geo.status_history import append_status_event
from geo.vocab import KIND_CODES, PRECISION_CODES, SAMPLE_REPORTER, STATUS_CODES

PROJECT_FIELDS = (
    "code",
    "name_vi",
    "name_en",
    "kind",
    "province_code",
    "capacity_value",
    "capacity_unit",
    "budget_vnd_billion",
    "funding_source",
    "start_year",
    "end_year",
    "description_vi",
    "description_en",
    "location_precision",
    "location_note_vi",
    "location_note_en",
    "sources",
)


def load_projects(session: Session, projects_file: Path, events_file: Path) -> tuple[int, int]:
    """Upsert the projects by code and append the events not yet recorded.

    Returns (projects in the file, events appended by this call).
    """
    plans = dict(session.execute(select(Plan.code, Plan.id)).all())
    actions = {
        (plan_id, code): action_id
        for action_id, plan_id, code in session.execute(select(PlanAction.id, PlanAction.plan_id, PlanAction.code))
    }
    agencies = dict(session.execute(select(Agency.code, Agency.id)).all())
    projects: dict[str, Project] = {}
    for index, (props, geometry) in enumerate(read_features(projects_file)):
        feature = record("feature", index=index, code=props.get("code"))
        values = _project_values(projects_file.name, feature, props, geometry, plans, actions, agencies)
        project_id = upsert(session, Project, ("code",), values)
        projects[values["code"]] = session.get(Project, project_id)
    return len(projects), _append_new_events(session, events_file, projects)


def _project_values(
    file: str,
    feature: Said,
    props: dict[str, Any],
    geometry: str | None,
    plans: dict[str, int],
    actions: dict[tuple[int, str], int],
    agencies: dict[str, int],
) -> dict[str, Any]:
    def check(field: str, ok: bool, wrong: Said) -> None:
        if not ok:
            raise SampleDataError(file, feature, field, wrong)

    kind, precision = props.get("kind"), props.get("location_precision")
    check("kind", kind in KIND_CODES, problem("not_one_of", value=repr(kind), allowed=KIND_CODES))
    check(
        "location_precision",
        precision in PRECISION_CODES,
        problem("not_one_of", value=repr(precision), allowed=PRECISION_CODES),
    )
    check("geometry", (geometry is None) == (precision == "province"), problem("geometry"))
    values = {k: props.get(k) for k in PROJECT_FIELDS}
    values["sources"] = values["sources"] or []
    values["plan_id"] = plans.get(props.get("plan")) if props.get("plan") else None
    check(
        "plan",
        not props.get("plan") or values["plan_id"] is not None,
        problem("unknown_plan", plan=repr(props.get("plan"))),
    )
    action = props.get("plan_action")
    values["plan_action_id"] = actions.get((values["plan_id"], str(action))) if action else None
    check(
        "plan_action",
        not action or values["plan_action_id"] is not None,
        problem("no_action", plan=repr(props.get("plan")), action=repr(action)),
    )
    lead = props.get("lead_agency")
    values["lead_agency_id"] = agencies.get(lead) if lead else None
    check("lead_agency", not lead or values["lead_agency_id"] is not None, problem("unknown_agency", code=repr(lead)))
    values["geom"] = func.ST_SetSRID(func.ST_GeomFromGeoJSON(geometry), 4326) if geometry else None
    return values


def _append_new_events(session: Session, events_file: Path, projects: dict[str, Project]) -> int:
    with open(events_file, encoding="utf-8", newline="") as handle:
        rows = [nfc(row) for row in csv.DictReader(handle)]
    rows.sort(key=lambda r: (r["project_code"], r["reported_at"]))
    appended = 0
    for row in rows:
        named = record("row", code=row["project_code"], day=row["reported_at"])
        project = projects.get(row["project_code"])
        if project is None:
            raise SampleDataError(events_file.name, named, "project_code", problem("no_project"))
        if row["status"] not in STATUS_CODES:
            raise SampleDataError(
                events_file.name, named, "status", problem("not_a_status", status=repr(row["status"]))
            )
        reported_at = date.fromisoformat(row["reported_at"])
        if _already_recorded(session, project, row["status"], reported_at, row["source"]):
            continue
        append_status_event(
            session,
            project,
            status=row["status"],
            percent=float(row["percent"]),
            reported_at=reported_at,
            note_vi=row["note_vi"] or None,
            note_en=row["note_en"] or None,
            source=row["source"],
            is_demo=row["is_demo"].strip().lower() == "true",
            reporter_name=SAMPLE_REPORTER,
            expire_tiles=False,  # the loader bumps the whole layer when it ends
        )
        appended += 1
    return appended


def _already_recorded(session: Session, project: Project, status: str, reported_at: date, source: str) -> bool:
    return (
        session.scalar(
            select(func.count())
            .select_from(StatusEvent)
            .filter_by(project_id=project.id, status=status, reported_at=reported_at, source=source)
        )
        > 0
    )
