"""Plans, their actions and agencies, and indicators, from ``data/plans/*.yaml``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from geo.models import Agency, AgencySuccession, Indicator, Plan, PlanAction, PlanActionAgency
from geo.sample.errors import SampleDataError, problem, record
from geo.sample.geojson_files import nfc
from geo.sample.upsert import upsert

PLAN_FIELDS = (
    "code",
    "province_code",
    "title_vi",
    "title_en",
    "issued_on",
    "period_start",
    "period_end",
    "reporting_note_vi",
    "reporting_note_en",
    "source",
)
ACTION_FIELDS = ("section_vi", "title_vi", "title_en", "expected_output_vi", "expected_output_en", "period")
INDICATOR_FIELDS = (
    "name_vi",
    "name_en",
    "unit",
    "direction",
    "target_min",
    "target_max",
    "target_year",
    "baseline_value",
    "baseline_year",
    "scope_note_vi",
    "scope_note_en",
    "plan_section",
    "rollup",
)


def load_plans(session: Session, plans_dir: Path, agencies_dir: Path | None = None) -> int:
    """Load every plan file in ``plans_dir``, then the agency changes in ``agencies_dir``; returns the number of
    plans."""
    files = sorted(plans_dir.glob("*.yaml"))
    for path in files:
        with open(path, encoding="utf-8") as handle:
            _load_plan_file(session, path.name, nfc(yaml.safe_load(handle)))
    for path in sorted(agencies_dir.glob("*.yaml")) if agencies_dir else []:
        with open(path, encoding="utf-8") as handle:
            _load_agency_changes(session, path.name, nfc(yaml.safe_load(handle)))
    return len(files)


def _load_plan_file(session: Session, file: str, doc: dict[str, Any]) -> None:
    plan_values = {k: doc["plan"].get(k) for k in PLAN_FIELDS} | _due(file, doc["plan"].get("report_due"))
    province = plan_values["province_code"]
    agency_ids = {a["code"]: _agency(session, a, province) for a in doc.get("agencies", [])}
    focal = doc["plan"].get("focal_agency")
    if focal is not None and focal not in agency_ids:
        raise SampleDataError(file, record("plan"), "focal_agency", problem("unknown_agency", code=repr(focal)))
    plan_id = upsert(session, Plan, ("code",), plan_values | {"focal_agency_id": agency_ids.get(focal)})
    action_ids: dict[str, int] = {}
    for action in doc.get("actions", []):
        parent = action.get("parent")
        if parent is not None and parent not in action_ids:
            action_named = record("action", code=action["code"])
            raise SampleDataError(file, action_named, "parent", problem("parent_after", parent=repr(parent)))
        values = {k: action.get(k) for k in ACTION_FIELDS}
        values.update(
            plan_id=plan_id, code=str(action["code"]), parent_id=action_ids[parent] if parent is not None else None
        )
        action_id = upsert(session, PlanAction, ("plan_id", "code"), values)
        action_ids[values["code"]] = action_id
        _link_agencies(session, file, action, action_id, agency_ids)
    for indicator in doc.get("indicators", []):
        values = {k: indicator.get(k) for k in INDICATOR_FIELDS} | {"rollup": indicator.get("rollup", "province_only")}
        responsible = indicator.get("responsible")
        if responsible is not None and responsible not in agency_ids:
            named = record("indicator", code=indicator["code"])
            raise SampleDataError(file, named, "responsible", problem("unknown_agency", code=repr(responsible)))
        values.update(plan_id=plan_id, code=indicator["code"], responsible_agency_id=agency_ids.get(responsible))
        upsert(session, Indicator, ("plan_id", "code"), values)


def _due(file: str, due: str | None) -> dict[str, int | None]:
    """``report_due: "14/11"`` (day/month) as the plan's due day and month; None when the plan names no day."""
    if due is None:
        return {"report_due_day": None, "report_due_month": None}
    try:
        day, month = (int(part) for part in str(due).split("/"))
    except ValueError as error:
        raise SampleDataError(file, record("plan"), "report_due", problem("not_a_day", due=repr(due))) from error
    return {"report_due_day": day, "report_due_month": month}


def _agency(session: Session, agency: dict[str, Any], province: str | None) -> int:
    values = {k: agency.get(k) for k in ("code", "name_vi", "name_en", "valid_from")}
    return upsert(session, Agency, ("code",), values | {"province_code": agency.get("province_code", province)})


def _load_agency_changes(session: Session, file: str, doc: dict[str, Any]) -> None:
    """New agencies and successions (the 2025 mergers); a predecessor's last day is the day before it is taken over."""
    for agency in doc.get("agencies", []):
        _agency(session, agency, None)
    codes = {code: id_ for code, id_ in session.execute(select(Agency.code, Agency.id))}
    for item in doc.get("successions", []):
        for key in ("from", "to"):
            if item[key] not in codes:
                named = record("succession", old=item["from"], new=item["to"])
                raise SampleDataError(file, named, key, problem("unknown_agency", code=repr(item[key])))
        if session.scalar(
            select(
                exists().where(
                    AgencySuccession.predecessor_id == codes[item["from"]], AgencySuccession.recorded_by.is_not(None)
                )
            )
        ):
            continue  # a person recorded who took it over (georeg agency succession): the file's guess stays out
        values = {
            "predecessor_id": codes[item["from"]],
            "successor_id": codes[item["to"]],
            "effective_on": item["effective_on"],
            "certain": bool(item["certain"]),
            "source": item["source"],
        }
        statement = insert(AgencySuccession).values(**values)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["predecessor_id", "successor_id"],
                set_={k: statement.excluded[k] for k in ("effective_on", "certain", "source")},
            )
        )
        last_day = item["effective_on"] - timedelta(days=1)
        session.execute(update(Agency).where(Agency.id == values["predecessor_id"]).values(valid_to=last_day))


def _link_agencies(
    session: Session, file: str, action: dict[str, Any], action_id: int, agency_ids: dict[str, int]
) -> None:
    """The agencies the plan's data name, for an action no one has assigned agencies to: one a person assigned keeps
    its assignments and the years each holds (the plan's own, closed the year before, among them)."""
    roles = (("lead", "lead"), ("partner", "partners"))
    named = [(role, key, code) for role, key in roles for code in action.get(key) or []]
    for _, key, code in named:
        if code not in agency_ids:
            raise SampleDataError(
                file, record("action", code=action["code"]), key, problem("unknown_agency", code=repr(code))
            )
    of_action = PlanActionAgency.plan_action_id == action_id
    if session.scalar(select(exists().where(of_action, PlanActionAgency.assigned_by.is_not(None)))):
        return
    session.execute(delete(PlanActionAgency).where(of_action))
    for role, _, code in named:
        session.execute(
            insert(PlanActionAgency)
            .values(plan_action_id=action_id, agency_id=agency_ids[code], role=role)
            .on_conflict_do_nothing()
        )
