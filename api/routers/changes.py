"""What changed since a day, as JSON (``/changes`` is the page: api.routers.web_map)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import SessionDep
from api.params import ChangedSince, ProvinceCode
from api.schemas.projects import Changes
from geo.queries.changes import changes_since
from geo.vietnam_day import vietnam_today

router = APIRouter(tags=["changes"])


@router.get("/api/changes", response_model=Changes, summary="What changed in the registry since a day")
def changes_read(session: SessionDep, since: ChangedSince = None, province: ProvinceCode = None) -> dict[str, Any]:
    """Statuses recorded (by field reports, loads, imports: each with the status before it), projects added and
    retired, and values changed by loads, on or after ``since`` (today if none), newest first."""
    day = since or vietnam_today()
    return {"since": day, "province": province or None, **changes_since(session, day, province or None)}
