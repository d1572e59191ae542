"""Admin units of a boundary scheme and level, as GeoJSON; and the registry's units as a list to choose from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from geo.models import AccountUnit, AdminUnit
from geo.queries.features import feature_collection, geojson_geometry
from geo.queries.projects_by_place import former_provinces
from geo.queries.units_in_provinces import units_in_provinces
from geo.unit_names import label_vi_sql
from geo.vocab import LEVEL_CODES, SCHEME_CODES


def _units_with_parents(*columns: Any) -> Select:
    """Units with their names, kind, validity and parent's code and name, and ``columns``."""
    parent = aliased(AdminUnit)
    return select(
        AdminUnit.code,
        AdminUnit.scheme,
        AdminUnit.level,
        AdminUnit.name_vi,
        AdminUnit.name_en,
        AdminUnit.unit_type_vi,
        parent.code.label("parent_code"),
        parent.name_vi.label("parent_name_vi"),
        AdminUnit.valid_from,
        AdminUnit.valid_to,
        *columns,
    ).outerjoin(parent, parent.id == AdminUnit.parent_id)


def find_units(
    session: Session,
    scheme: str | None,
    level: str | None,
    include_context: bool = False,
    province_codes: list[str] | None = None,
) -> dict[str, Any]:
    """The units, each with its ``label_vi``; those lying in the provinces coded ``province_codes`` if given, as the
    units layers' province filter reads them (geo.queries.units_in_provinces: former Trà Vinh's 2025 communes for
    84)."""
    query = _units_with_parents(
        AdminUnit.id,
        AdminUnit.is_context,
        AdminUnit.area_m2,
        AdminUnit.source,
        literal_column(label_vi_sql("admin_unit")).label("label_vi"),
        geojson_geometry(AdminUnit.geom),
    ).order_by(AdminUnit.scheme, AdminUnit.level, AdminUnit.code)
    if province_codes:
        query = query.where(or_(*_in_provinces(session, province_codes)))
    if scheme:
        query = query.where(AdminUnit.scheme == scheme)
    if level:
        query = query.where(AdminUnit.level == level)
    if not include_context:
        query = query.where(AdminUnit.is_context.is_(False))
    rows = session.execute(query).mappings().all()
    return feature_collection(rows, numberMatched=len(rows), numberReturned=len(rows))


def _in_provinces(session: Session, provinces: list[str]) -> list[ColumnElement[bool]]:
    """Per scheme and level, the units of it lying in ``provinces``; and the provinces they stand for, neighbours
    drawn for context too (``include_context``: the former Vĩnh Long, 86, beside the 2025 one)."""
    former = {code for province in provinces for code in former_provinces(session, province)}
    return [
        (AdminUnit.level == "province") & AdminUnit.code.in_(former),
        *(
            (AdminUnit.scheme == scheme)
            & (AdminUnit.level == level)
            & AdminUnit.code.in_(units_in_provinces(session, provinces, scheme, level))
            for scheme in SCHEME_CODES
            for level in LEVEL_CODES
        ),
    ]


def provinces(session: Session) -> list[AdminUnit]:
    """The provinces of both schemes (and the neighbouring ones drawn for context)."""
    return list(session.scalars(select(AdminUnit).where(AdminUnit.level == "province")))


def unit_choices(session: Session) -> list[dict[str, Any]]:
    """The registry's own units (not the neighbours drawn for context) of both schemes, without geometry: code,
    names, kind, province and validity, for an administrator choosing an account's units by name."""
    query = (
        _units_with_parents()
        .where(AdminUnit.is_context.is_(False))
        .order_by(AdminUnit.scheme, AdminUnit.level.desc(), AdminUnit.name_vi, AdminUnit.code)  # 2025 first
    )
    return [dict(row) for row in session.execute(query).mappings()]


def account_units(session: Session, account_id: int) -> list[dict[str, Any]]:
    """The units of an account's jurisdiction, as unit_choices gives them, 2025 ones first."""
    query = (
        _units_with_parents()
        .join(AccountUnit, AccountUnit.unit_id == AdminUnit.id)
        .where(AccountUnit.account_id == account_id)
        .order_by(AdminUnit.scheme, AdminUnit.code)
    )
    return [dict(row) for row in session.execute(query).mappings()]
