"""Admin units as GeoJSON, per boundary scheme and level; a unit's projects."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.params import BoundaryScheme, ProvinceCode, UnitLevel
from api.schemas.unit_figures import UnitProject, Units
from geo.queries.unit_codes import province_refused
from geo.queries.unit_summary import find_unit, unit_projects
from geo.queries.units import find_units
from layers.sources import UnknownProvince

router = APIRouter(prefix="/api/units", tags=["admin units"])


@router.get("", response_model=Units, summary="Admin units as a GeoJSON FeatureCollection")
def list_units(
    session: SessionDep,
    scheme: Annotated[BoundaryScheme | None, Query(description="pre2025 (districts) or 2025 (communes)")] = None,
    level: Annotated[UnitLevel | None, Query()] = None,
    include_context: Annotated[bool, Query(description="Also neighbouring provinces shown as context")] = False,
    province: ProvinceCode = None,
) -> dict[str, Any]:
    """The units lying in ``province``, as the exports' ``province=`` reads it: a former province's 2025 communes are
    those lying mostly in it, a 2025 province stands for the former ones merged into it too; a neighbour's code (83)
    refused as the projects' filter refuses it."""
    if province and (refused := province_refused(session, [province])) is not None:
        raise UnknownProvince(refused)
    chosen = [province] if province else None
    return find_units(
        session, scheme.value if scheme else None, level.value if level else None, include_context, chosen
    )


@router.get(
    "/{scheme}/{code}/projects",
    response_model=list[UnitProject],
    summary="A unit's projects, each with its share of the unit, the largest first",
)
def read_unit_projects(
    session: SessionDep,
    scheme: BoundaryScheme,
    code: str,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    """What the unit's page lists (the web map's progress popup names the first few): a project over several units,
    or known only to its district, counts here by its share."""
    projects = unit_projects(session, find_unit(session, code, scheme.value), limit)
    return [{k: v for k, v in p.items() if k != "geometry"} for p in projects]  # sites: /api/projects/{id}
