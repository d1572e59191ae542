"""Soil-salinity classes: what share of each unit, and which projects, lie in each class."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.errors import NotFound, ParametersRefused
from api.params import DEFAULT_SCHEME, PlanCodes, ProjectKind, SalinityPeriod, SchemeParam, UnitLevel, unit_level
from api.schemas.unit_figures import SalinityOfProjects, SalinityOfUnits
from geo.said import Said
from geo.salinity import (
    CLASS_CODES,
    SALINITY_CLASSES,
    latest_period,
    period_read,
    project_classes,
    unit_class_shares,
    zone_sources,
)

router = APIRouter(prefix="/api/salinity", tags=["salinity"])
CLASSES = [
    {"code": c.code, "min_dS_m": c.low, "max_dS_m": c.high if c.high != float("inf") else None, "vi": c.vi, "en": c.en}
    for c in SALINITY_CLASSES
]


SourceParam = Annotated[str | None, Query(description="Zone source, needed when a period has zones of several")]


def _zones(session: SessionDep, period: str | None, source: str | None) -> tuple[str, list[str], list[str]]:
    """The period (the latest by default), the one source its figures come from (zones of two overlap: the one
    registered last unless ``source`` names another) and its other sources, not counted."""
    found = period or latest_period(session)
    if found is None:
        raise NotFound(
            Said(
                "chưa nạp vùng nhiễm mặn nào; hãy chạy georeg load-sample hoặc georeg salinity zones",
                "no salinity zones are loaded; run georeg load-sample or georeg salinity zones",
            )
        )
    sources = zone_sources(session, found)
    if not sources:
        raise NotFound(Said(f"không có vùng nhiễm mặn nào của kỳ {found!r}", f"no salinity zones of period {found!r}"))
    if source is not None and source not in sources:
        said = Said(
            f"kỳ {found!r} không có vùng nào từ nguồn {source!r}; hãy cho source= là một trong {sources}",
            f"period {found!r} has no zones from {source!r}; give source= one of {sources}",
        )
        raise ParametersRefused([("source", said)])
    # a period of two sources answered 422 to a read without source= (trial 59, F-g): the one loaded last is read
    read = period_read(session, found, source)
    return found, [read.source], read.other_sources


@router.get(
    "/units", response_model=SalinityOfUnits, summary="Share of each admin unit in each salinity class (ECe, dS/m)"
)
def salinity_units(
    session: SessionDep,
    scheme: SchemeParam = DEFAULT_SCHEME,
    level: Annotated[UnitLevel | None, Query(description="default: district (pre2025) or commune (2025)")] = None,
    period: SalinityPeriod = None,
    source: SourceParam = None,
) -> dict[str, Any]:
    chosen = unit_level(scheme, level)
    found, sources, others = _zones(session, period, source)
    return {
        "scheme": scheme.value,
        "level": chosen,
        "period": found,
        "sources": sources,
        "other_sources": others,
        "classes": CLASSES,
        "units": unit_class_shares(session, scheme.value, chosen, found, sources[0]),
    }


@router.get(
    "/projects",
    response_model=SalinityOfProjects,
    summary="Projects lying in each salinity class, with the share of each in each class",
)
def salinity_projects(
    session: SessionDep,
    period: SalinityPeriod = None,
    salinity_class: Annotated[
        list[str], Query(description=f"only projects touching these classes: {', '.join(CLASS_CODES)}")
    ] = [],  # noqa: B006
    kind: Annotated[list[ProjectKind], Query()] = [],  # noqa: B006
    plan: PlanCodes = [],  # noqa: B006
    source: SourceParam = None,
) -> dict[str, Any]:
    unknown = [c for c in salinity_class if c not in CLASS_CODES]
    if unknown:
        said = Said(
            f"không có cấp nhiễm mặn {unknown}; hãy dùng một trong {list(CLASS_CODES)}",
            f"unknown salinity class {unknown}; use one of {list(CLASS_CODES)}",
        )
        raise ParametersRefused([("salinity_class", said)])
    found, sources, others = _zones(session, period, source)
    projects = project_classes(session, found, [k.value for k in kind] or None, plan or None, sources[0])
    if salinity_class:
        projects = [p for p in projects if set(p["classes"]) & set(salinity_class)]
    return {"period": found, "sources": sources, "other_sources": others, "classes": CLASSES, "projects": projects}
