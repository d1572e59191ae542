"""Admin units as GeoJSON, per boundary scheme and level."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.params import BoundaryScheme, UnitLevel
from api.schemas.unit_figures import Units
from geo.queries.units import find_units

router = APIRouter(prefix="/api/units", tags=["admin units"])


@router.get("", response_model=Units, summary="Admin units as a GeoJSON FeatureCollection")
def list_units(
    session: SessionDep,
    scheme: Annotated[BoundaryScheme | None, Query(description="pre2025 (districts) or 2025 (communes)")] = None,
    level: Annotated[UnitLevel | None, Query()] = None,
    include_context: Annotated[bool, Query(description="Also neighbouring provinces shown as context")] = False,
) -> dict[str, Any]:
    return find_units(session, scheme.value if scheme else None, level.value if level else None, include_context)
