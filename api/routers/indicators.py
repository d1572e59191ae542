"""Plan indicators: targets, observed values and progress to target."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError

from api.deps import SessionDep
from geo.indicators import indicator_progress
from geo.queries.projects import plan_codes

router = APIRouter(prefix="/api/indicators", tags=["indicators"])


@router.get("", summary="Indicators of a plan: target range, baseline, latest observed value, progress, on track")
def list_indicators(
    session: SessionDep,
    plan: Annotated[str, Query(description='Plan code, e.g. "148/QĐ-UBND"')],
    unit: Annotated[str | None, Query(description="Admin unit code; default: the plan's province")] = None,
) -> dict[str, Any]:
    known = plan_codes(session)
    if plan not in known:
        message = f"unknown plan {plan!r}; expected one of {sorted(known)}"
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "plan"), "msg": message}])
    return {"plan": plan, "unit": unit, "indicators": indicator_progress(session, plan, unit)}
