"""Reading a catalog layer's source: finding the layer, checking and turning filters into parameterised SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.duty_holders import duty_codes
from geo.queries.projects_by_place import former_provinces, with_a_part_in
from geo.queries.unit_codes import province_refused, provinces_by_code, unknown_unit
from geo.queries.units_in_provinces import province_read, units_in_provinces
from geo.said import LANGS, Said, SaidError
from geo.salinity import zone_periods
from geo.stalled import months_before, no_report_sql
from geo.vietnam_day import vietnam_today
from geo.vocab import KIND_CODES, SCHEDULE_CODES, STATUS_CODES
from layers.catalog import LAYERS, Layer

CHECKED_VALUES = {"kind": KIND_CODES, "status": STATUS_CODES, "schedule": SCHEDULE_CODES}
#: What each checked filter chooses, as a Vietnamese refusal names it.
CHECKED_NAMES_VI = {"kind": "loại dự án", "status": "tình trạng", "schedule": "thời hạn"}
#: Projects with a part in one of the districts (former) or communes (2025) coded ``:filter_unit`` (their shares,
#: geo.apportion): "the projects of huyện Cầu Ngang" on the map and in the exports (a planner had to open each unit's
#: page, or filter the spreadsheet's column).
UNIT_FILTER = f"src.id IN ({with_a_part_in(':filter_unit')})"
#: Projects not finished with no report since the day bound to ``:filter_no_report_months`` (geo.stalled), their
#: reports read up to the day bound to ``:filter_no_report_until`` (the day the layer is read as of).
NO_REPORT_FILTER = no_report_sql(
    "src.status", "src.id", ":filter_no_report_months", "CAST(:filter_no_report_until AS date)"
)


class LayerNotFound(SaidError, LookupError):
    """No such layer in the catalog; said in both languages (api.errors answers in the asker's)."""


class LayerQueryError(SaidError):
    """A request about a layer that cannot be answered; the message, in both languages, says what to change."""


class CrsRefused(LayerQueryError):
    """A CRS parameter (crs, bbox-crs, filter-crs) naming one the layers are not offered in."""


class UnknownUnit(LayerQueryError):
    """A unit filter's code that is no district's (former) nor commune's (2025); answered naming the parameter."""

    parameter = "unit"


class UnknownProvince(LayerQueryError):
    """A province filter's code that is no province's (former or 2025); answered naming the parameter."""

    parameter = "province"


class UnknownValue(LayerQueryError):
    """A kind, status or schedule filter's value not in its vocabulary (``georeg map export --kind`` was refused in
    English only under ``--lang vi``)."""


def find_layer(layer_id: str) -> Layer:
    layer = LAYERS.get(layer_id)
    if layer is None:
        known = ", ".join(sorted(LAYERS))
        raise LayerNotFound(
            Said(f"Không có lớp {layer_id!r}; các lớp: {known}", f"No layer {layer_id!r}; the layers are: {known}")
        )
    return layer


def filter_sql(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]], as_of: date | None = None
) -> tuple[str, dict[str, Any]]:
    """``src."field" = ANY(:param)`` per non-empty filter, AND-ed; raises LayerQueryError for an unknown one.
    ``as_of``: the day the layer is read as of, from which "no report for N months" is counted back (else today)."""
    clauses, params = [], {}
    for name, values in sorted(filters.items()):
        if not values:
            continue
        if name not in layer.filters:
            accepted = ", ".join(layer.filters)
            raise LayerQueryError(
                Said(
                    f"lớp {layer.id!r} không lọc được theo {name!r}; các bộ lọc của nó: {accepted or 'không có'}",
                    f"layer {layer.id!r} cannot be filtered by {name!r}; its filters are: {accepted or 'none'}",
                )
            )
        if (unknown := unknown_value(name, values)) is not None:
            raise UnknownValue(unknown)
        if name == "unit":
            _check_units(session, values)
        if name == "period":
            _check_periods(session, values)
        if name == "province":
            values = _provinces_read(session, layer, values)
        if name == "agency":  # today's agency finds the projects of the former ones whose duties it holds
            values = duty_codes(session, list(values), vietnam_today())
        if name == "no_report_months":
            clauses.append(NO_REPORT_FILTER)
            day = as_of or vietnam_today()
            params["filter_no_report_months"] = months_before(day, _months(values))
            params["filter_no_report_until"] = day
            continue
        clauses.append(UNIT_FILTER if name == "unit" else f'src."{layer.filters[name]}" = ANY(:filter_{name})')
        params[f"filter_{name}"] = list(values)
    clauses += [clause for name, clause in layer.unfiltered.items() if not filters.get(name)]
    return " AND ".join(clauses) or "TRUE", params


def unknown_value(name: str, values: Sequence[str]) -> Said | None:
    """The refusal of the first of ``values`` that is no code of the filter ``name`` (a kind, status or schedule:
    CHECKED_VALUES), with the codes there are; None when each is one, or the filter's codes are not fixed."""
    codes = CHECKED_VALUES.get(name, ())
    if (value := next((v for v in values if codes and v not in codes), None)) is None:
        return None
    codes = ", ".join(codes)
    return Said(
        f"không có {CHECKED_NAMES_VI[name]} {value!r}; chọn một trong: {codes}",
        f"unknown {name} {value!r}; expected one of: {codes}",
    )


def _check_periods(session: Session, periods: Sequence[str]) -> None:
    """LayerQueryError for a period no salinity zone has, naming those that do (an empty tile says nothing)."""
    known = zone_periods(session)
    if unknown := [p for p in periods if p not in known]:
        periods = ", ".join(known)
        raise LayerQueryError(
            Said(
                f"không có vùng nhiễm mặn nào của kỳ {unknown[0]!r}; các kỳ: {periods}",
                f"no salinity zones of period {unknown[0]!r}; the periods are: {periods}",
            )
        )


def _months(values: Sequence[str]) -> int:
    """The one number of months of a "no report for N months" filter; LayerQueryError for anything else."""
    if len(values) != 1 or not str(values[0]).isdigit() or not 1 <= int(values[0]) <= 600:
        given = ", ".join(values)
        raise LayerQueryError(
            Said(
                f"no_report_months phải là một số tháng, từ 1 đến 600, không phải {given}",
                f"no_report_months should be one number of months, 1 to 600, not {given}",
            )
        )
    return int(values[0])


def _provinces_read(session: Session, layer: Layer, provinces: Sequence[str]) -> list[str]:
    """What a province filter of ``layer`` matches: the codes of the units lying in ``provinces`` on a units layer
    (geo.queries.units_in_provinces: former Trà Vinh's 2025 communes, 84, whose own province is 86), else the former
    provinces' codes they stand for (a 2025 province's projects are stored with its former ones' codes). UnknownProvince
    for a code of no province or of a neighbour (83, Bến Tre: geo.queries.unit_codes.province_refused), and on a
    units layer for one holding none of its units (84 on the 2025 provinces)."""
    if layer.units_of is None:
        if (refused := province_refused(session, list(provinces))) is not None:
            raise UnknownProvince(refused)
        return sorted({code for province in provinces for code in former_provinces(session, province)})
    scheme, level = layer.units_of
    chosen = set()
    for province in provinces:
        if not (inside := units_in_provinces(session, [province], scheme, level)):
            raise UnknownProvince(_no_units_in(session, layer, province, scheme, level))
        chosen.update(inside)
    return sorted(chosen)


def _no_units_in(session: Session, layer: Layer, province: str, scheme: str, level: str) -> Said:
    """The refusal of a units layer's (of ``scheme`` and ``level``) province filter by ``province``, which holds none
    of its units, naming the provinces that hold some: a code of no province, of a neighbour drawn for context (83,
    Bến Tre) or 84 on the 2025 provinces (the 2025 Vĩnh Long lies mostly outside former Trà Vinh) chose nothing, an
    empty file."""
    provinces = provinces_by_code(session)
    holding = [p for p in provinces if not p["is_context"] and units_in_provinces(session, [p["code"]], scheme, level)]
    known = ", ".join(f"{p['code']} {p['name_vi']}" for p in holding)
    name = next((p["name_vi"] for p in provinces if p["code"] == province), None)
    if name:
        vi, en = f"tỉnh {name} (mã {province!r})", f"{name} (code {province!r})"
    else:
        vi, en = f"tỉnh mã {province!r}", f"province {province!r}"
    units = [_lowered(layer.title(lang)) for lang in LANGS]
    return Said(
        f"sổ đăng ký không có {units[0]} nào nằm trong {vi}; chọn một tỉnh có: {known}",
        f"the registry holds no {units[1]} lying in {en}; choose a province that has some: {known}",
    )


def provinces_said(session: Session, layer: Layer, provinces: Sequence[str]) -> Said | None:
    """What a units layer's province filter chose (:func:`filter_sql` having accepted ``provinces``), as a page or a
    file of it says it: "Xã, phường (từ 01/07/2025) có phần lớn diện tích trong tỉnh Trà Vinh cũ (mã 84, trước
    01/07/2025)"; None on another layer, or with no province."""
    if layer.units_of is None or not provinces:
        return None
    read = [province_read(session, province, layer.units_of[0]) for province in provinces]
    return Said(*(f"{layer.title(lang)} {'; '.join(r.text(lang) for r in read)}" for lang in LANGS))


def _lowered(title: str) -> str:
    """A layer's title inside a sentence: "xã, phường (từ 01/07/2025)"."""
    return title[:1].lower() + title[1:]


def _check_units(session: Session, codes: Sequence[str]) -> None:
    """UnknownUnit for the first of ``codes`` no district or commune has (geo.queries.unit_codes.unknown_unit)."""
    if (refused := unknown_unit(session, list(codes))) is not None:
        raise UnknownUnit(refused)


def chosen_features(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]], as_of: date | None = None
) -> tuple[str, dict[str, Any]]:
    """``SELECT src.id`` of the layer's features that pass ``filters`` (located or not, as OGC API – Features serves
    them; as of a date, its status filter then the status of that day), with its parameters: what an export of the
    filtered layer holds. LayerQueryError for an unknown filter, or a date the layer cannot be read as of."""
    where, params = filter_sql(session, layer, filters, as_of)
    source = layer.features_source or layer.source
    if as_of is not None:
        if layer.features_as_of_source is None:
            raise LayerQueryError(
                Said(
                    f"lớp {layer.id!r} không đọc được theo một ngày đã qua; bỏ tham số as_of",
                    f"layer {layer.id!r} cannot be read as of a date; drop as_of",
                )
            )
        source, params = layer.features_as_of_source, {**params, "as_of": as_of}
    return f"SELECT src.id FROM ({source}) AS src WHERE {where}", params


def source_sql(layer: Layer, as_of: date | None = None) -> str:
    """The layer's SELECT as ``src``; as of a date (bound as ``:as_of``) for a layer that declares how."""
    if as_of is None:
        return f"({layer.source}) AS src"
    if layer.as_of_source is None:
        raise LayerQueryError(
            Said(
                f"lớp {layer.id!r} không vẽ được theo một ngày đã qua; bỏ tham số as_of",
                f"layer {layer.id!r} cannot be drawn as of a date; drop as_of",
            )
        )
    return f"({layer.as_of_source}) AS src"


def layer_bounds(
    session: Session, layer: Layer, filters: Mapping[str, Sequence[str]] | None = None
) -> tuple[float, float, float, float] | None:
    """The extent in WGS 84 (west, south, east, north) of the layer's features its tiles draw with ``filters``, None
    when there are none."""
    where, params = filter_sql(session, layer, filters or {})
    extent = f"SELECT ST_Extent(geom) AS e FROM {source_sql(layer)} WHERE {where}"
    query = f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ({extent}) b"
    row = session.execute(text(query), params).one()
    return None if row[0] is None else (row[0], row[1], row[2], row[3])
