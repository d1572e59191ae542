"""The web map's project filters, declared once: /api/projects, /api/changes/projects (the map's notice of others'
changes), the printed map, and the layers' tiles and exports take the same nine parameters, so a map filtered by
any of them asks each route the same question.

The routes that answer with a list or a sheet refuse a code that names nothing (:data:`CheckedProjectFilters`): a
mistyped agency gave an empty list or a blank printed map, as if the agency led no project. Tiles take
:data:`LayerFilters` unchecked here: :func:`layers.sources.filter_sql` checks what each layer filters by.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.errors import ParametersRefused
from api.params import (
    AgencyCodes,
    KindFilter,
    NoReportMonths,
    PlanActionCodes,
    PlanCodes,
    ProjectUnitCodes,
    ProvinceFilter,
    SalinityPeriod,
    ScheduleFilter,
    StatusFilter,
)
from geo.agencies import unknown_agency
from geo.queries.projects import ProjectFilter, plan_codes, unknown_plan, unknown_plan_action
from geo.queries.unit_codes import province_refused, unknown_unit
from geo.said import Said
from layers.sources import unknown_value


def project_filters(
    province: ProvinceFilter = [],  # noqa: B006
    kind: KindFilter = [],  # noqa: B006
    status: StatusFilter = [],  # noqa: B006
    plan: PlanCodes = [],  # noqa: B006
    schedule: ScheduleFilter = [],  # noqa: B006
    no_report_months: NoReportMonths = None,
    plan_action: PlanActionCodes = [],  # noqa: B006
    agency: AgencyCodes = [],  # noqa: B006
    unit: ProjectUnitCodes = [],  # noqa: B006
) -> ProjectFilter:
    """The projects a map's filters choose; every list OR-ed within itself and AND-ed with the others."""
    return ProjectFilter(
        provinces=province,
        kinds=kind,
        statuses=status,
        plans=plan,
        schedules=schedule,
        no_report_months=no_report_months,
        plan_actions=plan_action,
        agencies=agency,
        units=unit,
    )


ProjectFilters = Annotated[ProjectFilter, Depends(project_filters)]


#: How the codes of each filter read in the registry are checked: the refusal of the first that names nothing, saying
#: where the codes are, or None.
_CODE_CHECKS: dict[str, Callable[[Session, list[str]], Said | None]] = {
    "province": province_refused,  # a neighbouring province's code, drawn as background only, too
    "plan_action": unknown_plan_action,
    "agency": unknown_agency,
    "unit": unknown_unit,
}


def codes_refused(session: Session, given: dict[str, list[str]]) -> list[tuple[str, Said]]:
    """Each parameter of ``given`` (its name in :data:`_CODE_CHECKS`: its codes) with a code of nothing, and its
    refusal, in ``given``'s order: /api/progress's checks of its plan actions, agencies and units too."""
    checked = ((name, _CODE_CHECKS[name](session, codes)) for name, codes in given.items() if codes)
    return [(name, said) for name, said in checked if said is not None]


def checked_project_filters(session: SessionDep, filters: ProjectFilters) -> ProjectFilter:
    """The filters, once each code names something: a 422 names every parameter with a code of nothing (its first
    such code), and where the codes are listed."""
    plans = plan_codes(session) if filters.plans else set()
    refused = (
        ("kind", unknown_value("kind", filters.kinds)),
        ("schedule", unknown_value("schedule", filters.schedules)),
        ("plan", next((unknown_plan(p, plans) for p in filters.plans if p not in plans), None)),
    )
    problems = [(name, said) for name, said in refused if said is not None]
    problems += codes_refused(
        session,
        {
            "province": filters.provinces,
            "plan_action": filters.plan_actions,
            "agency": filters.agencies,
            "unit": filters.units,
        },
    )
    if problems:
        raise ParametersRefused(problems)
    return filters


CheckedProjectFilters = Annotated[ProjectFilter, Depends(checked_project_filters)]


def filters_by_parameter(filters: ProjectFilter) -> dict[str, list[str]]:
    """The chosen filters by their query parameter's name, as a layer's tiles and a printed sheet take them (an
    unchosen one left out)."""
    chosen = {  # in this order, as an export's file is named (projects_kind-sea_dyke_province-84.gpkg)
        "kind": filters.kinds,
        "status": filters.statuses,
        "plan": filters.plans,
        "province": filters.provinces,
        "plan_action": filters.plan_actions,
        "agency": filters.agencies,
        "schedule": filters.schedules,
        "unit": filters.units,
        "no_report_months": [str(filters.no_report_months)] if filters.no_report_months else [],
    }
    return {name: values for name, values in chosen.items() if values}


def layer_filters(projects: ProjectFilters, period: SalinityPeriod = None) -> dict[str, list[str]]:
    """A layer's filters, as its tiles and exports take them: the projects' and the salinity zones' period."""
    return filters_by_parameter(projects) | ({"period": [period]} if period else {})


LayerFilters = Annotated[dict[str, list[str]], Depends(layer_filters)]
