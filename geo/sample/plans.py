"""Plans, their actions and agencies, and indicators, from ``data/plans/*.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from geo.models import Agency, Indicator, Plan, PlanAction, PlanActionAgency
from geo.sample.errors import SampleDataError
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
)


def load_plans(session: Session, plans_dir: Path) -> int:
    """Load every plan file in ``plans_dir``; returns the number of plans."""
    files = sorted(plans_dir.glob("*.yaml"))
    for path in files:
        with open(path, encoding="utf-8") as handle:
            _load_plan_file(session, path.name, nfc(yaml.safe_load(handle)))
    return len(files)


def _load_plan_file(session: Session, file: str, doc: dict[str, Any]) -> None:
    plan_values = {k: doc["plan"].get(k) for k in PLAN_FIELDS}
    plan_id = upsert(session, Plan, ("code",), plan_values)
    province = plan_values["province_code"]
    agency_ids = {
        a["code"]: upsert(
            session,
            Agency,
            ("code",),
            {"code": a["code"], "name_vi": a["name_vi"], "name_en": a["name_en"], "province_code": province},
        )
        for a in doc.get("agencies", [])
    }
    action_ids: dict[str, int] = {}
    for action in doc.get("actions", []):
        parent = action.get("parent")
        if parent is not None and parent not in action_ids:
            raise SampleDataError(
                file, f"action {action['code']}", "parent", f"{parent!r} is not an action listed before it"
            )
        values = {k: action.get(k) for k in ACTION_FIELDS}
        values.update(
            plan_id=plan_id, code=str(action["code"]), parent_id=action_ids[parent] if parent is not None else None
        )
        action_id = upsert(session, PlanAction, ("plan_id", "code"), values)
        action_ids[values["code"]] = action_id
        _link_agencies(session, file, action, action_id, agency_ids)
    for indicator in doc.get("indicators", []):
        values = {k: indicator.get(k) for k in INDICATOR_FIELDS}
        values.update(plan_id=plan_id, code=indicator["code"])
        upsert(session, Indicator, ("plan_id", "code"), values)


def _link_agencies(
    session: Session, file: str, action: dict[str, Any], action_id: int, agency_ids: dict[str, int]
) -> None:
    session.execute(delete(PlanActionAgency).where(PlanActionAgency.plan_action_id == action_id))
    for role, key in (("lead", "lead"), ("partner", "partners")):
        for code in action.get(key) or []:
            if code not in agency_ids:
                raise SampleDataError(file, f"action {action['code']}", key, f"unknown agency code {code!r}")
            session.execute(
                insert(PlanActionAgency)
                .values(plan_action_id=action_id, agency_id=agency_ids[code], role=role)
                .on_conflict_do_nothing()
            )
