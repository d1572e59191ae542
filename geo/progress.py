"""Progress per admin unit, from the stored project shares and the status history.

Unit progress = Σ weight × share × percent / Σ weight × share over the projects in the
unit, where ``share`` comes from geo.apportion (a province's projects are those its province
filter finds, each whole: geo.queries.projects_by_place.unit_shares) and ``weight`` is one of:

- ``count``: every project weighs 1;
- ``budget``: the budget in billion VND (projects without a budget are left out);
- ``size``: the physical size — MW for projects whose capacity is in MW, otherwise km
  for lines and ha for polygons (points without an MW capacity are left out). Sizes of
  different kinds are not comparable, so filter by kind when weighting by size.

Cancelled projects are counted by status but left out of the percentage (they will
never progress). ``as_of`` takes each project's latest event reported on or before that
date; projects with no event by then are not yet in the registry. ``via`` computes the
figures in the other boundary scheme and carries them over the crosswalk by area (a
former district's sums are spread to the communes it became, and back).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.duty_holders import duty_codes
from geo.queries.features import feature_collection
from geo.queries.projects_by_place import unit_shares
from geo.queries.units_in_provinces import units_in_provinces
from geo.said import Said, SaidError
from geo.status_history import COUNTED, LATEST_IS_DEMO
from geo.vietnam_day import vietnam_today
from geo.vocab import UNIT_LEVELS, labels

WEIGHTS = {
    "count": "1.0",
    "budget": "p.budget_vnd_billion",
    "size": "CASE WHEN p.capacity_unit = 'MW' THEN p.capacity_value "
    "WHEN p.length_m > 0 THEN p.length_m / 1000 WHEN p.area_m2 > 0 THEN p.area_m2 / 10000 END",
}
WEIGHT_UNITS = {"count": "projects", "budget": "billion VND", "size": "MW | km | ha"}
# The level of the other scheme a level's figures are carried from through the crosswalk.
OTHER_SCHEME = {("2025", "commune"): ("pre2025", "district"), ("pre2025", "district"): ("2025", "commune")}
OTHER_SCHEME |= {("2025", "province"): ("pre2025", "province"), ("pre2025", "province"): ("2025", "province")}
GEOJSON_DECIMALS = 6

# A project's state: its current one, or as of a date its latest event reported by then (read backwards along
# the index on status_event (project_id, reported_at DESC, version DESC), no sort); retired projects drop out.
_CURRENT = "CROSS JOIN LATERAL (SELECT p.status, p.percent) st"
_CURRENT_WHERE = "p.retired_at IS NULL"
_AS_OF = f"""JOIN (
    SELECT DISTINCT ON (e.project_id) e.project_id, e.status, e.percent, e.is_demo FROM status_event e
    WHERE e.reported_at <= :as_of AND {COUNTED} ORDER BY e.project_id, e.reported_at DESC, e.version DESC
) st ON st.project_id = p.id"""
_AS_OF_WHERE = "(p.retired_at IS NULL OR p.retired_at::date > :as_of)"
_COUNTED_IN_UNITS = """
FROM {shares} s
JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = :scheme AND u.level = :level
JOIN project p ON p.id = s.project_id
{state}
LEFT JOIN plan pl ON pl.id = p.plan_id
LEFT JOIN plan_action pa ON pa.id = p.plan_action_id
LEFT JOIN agency ag ON ag.id = p.lead_agency_id
WHERE {where}
"""
_SUMS = f"""
SELECT s.unit_id, st.status, count(*) AS projects, SUM(s.share) AS share_sum,
       count({{weight}}) FILTER (WHERE st.status <> 'cancelled') AS weighted_projects,
       SUM({{weight}} * s.share) FILTER (WHERE st.status <> 'cancelled') AS weight_sum,
       SUM({{weight}} * s.share * st.percent) FILTER (WHERE st.status <> 'cancelled') AS weighted_percent_sum
{_COUNTED_IN_UNITS}
GROUP BY s.unit_id, st.status
"""
# The units' projects counted whose status stands on demonstration data (geo.computed_indicators.rests_on_demo).
_DEMO = f"SELECT u.code, count(*) AS demo {_COUNTED_IN_UNITS} AND {{demo}} GROUP BY u.code"
# Only a project with some demonstration report can stand on one: asked first, so that the latest report is looked up
# for those few, not for every project counted (4.4 s → 0.07 s for the districts at 100,000 projects).
_HAS_DEMO_REPORT = "p.id IN (SELECT d.project_id FROM status_event d WHERE d.is_demo)"
_FILTERS = {
    "kinds": "p.kind = ANY(:kinds)",
    "plans": "pl.code = ANY(:plans)",
    "plan_actions": "pa.code = ANY(:plan_actions)",
    "agencies": "ag.code = ANY(:agencies)",
    "unit_ids": "s.unit_id = ANY(:unit_ids)",
}
_UNITS = """
SELECT id, code, scheme, level, name_vi, name_en, unit_type_vi, valid_from, valid_to, area_m2{geometry},
       (SELECT pr.code FROM admin_unit pr WHERE pr.id = admin_unit.parent_id) AS province_code
FROM admin_unit WHERE scheme = :scheme AND level = :level AND NOT is_context {only}{in_provinces}{in_units}
ORDER BY code
"""
_PROVINCES = """
SELECT code, name_vi, name_en, unit_type_vi FROM admin_unit
WHERE scheme = :scheme AND level = 'province' AND code = ANY(:codes) ORDER BY code
"""
# The units of a scheme and level that make up, lie in or hold the units chosen: a former district's 2025 communes
# (by the crosswalk, slivers left out), a district's province, a province's districts, or the unit itself.
_UNITS_OF_CHOSEN = """
SELECT DISTINCT u.code FROM admin_unit c
JOIN admin_unit u ON u.scheme = :scheme AND u.level = :level AND NOT u.is_context
WHERE c.code = ANY(:units) AND NOT c.is_context AND (
    u.id = c.id OR u.id = c.parent_id OR u.parent_id = c.id
    OR EXISTS (SELECT 1 FROM unit_crosswalk x WHERE (x.from_unit_id, x.to_unit_id) IN ((c.id, u.id), (u.id, c.id))))
"""


@dataclass
class ProgressQuery:
    """What a user asked for; lists are OR-ed within themselves and AND-ed together."""

    scheme: str = "pre2025"
    level: str = "district"
    weight: str = "count"
    as_of: date | None = None
    kinds: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    plan_actions: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    via: str | None = None
    unit_ids: list[int] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)  # the units lying in these provinces only (either scheme's code)
    units: list[str] = field(default_factory=list)  # the units of, in or around these units (either scheme's code)


def progress_filters(query: ProgressQuery) -> dict[str, list[str]]:
    """A progress query's filters under the names the map's filters have (maps.map_export.FILTERS), as its
    downloads' names say them (geo.layer_export.filters_named)."""
    return {
        "province": query.provinces,
        "unit": query.units,
        "kind": query.kinds,
        "plan": query.plans,
        "plan_action": query.plan_actions,
        "agency": query.agencies,
    }


@dataclass
class _Sums:
    projects: float = 0.0
    share_sum: float = 0.0
    weighted_projects: float = 0.0
    weight_sum: float = 0.0
    weighted_percent_sum: float = 0.0
    by_status: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, row: Any, factor: float = 1.0) -> None:
        for name in ("projects", "share_sum", "weighted_projects", "weight_sum", "weighted_percent_sum"):
            setattr(self, name, getattr(self, name) + factor * (row[name] or 0))
        self.by_status[row["status"]] += factor * row["projects"]

    def add_scaled(self, other: _Sums, factor: float) -> None:
        """Add ``factor`` times another unit's sums (carrying figures over the crosswalk)."""
        for name in ("projects", "share_sum", "weighted_projects", "weight_sum", "weighted_percent_sum"):
            setattr(self, name, getattr(self, name) + factor * getattr(other, name))
        for status, count in other.by_status.items():
            self.by_status[status] += factor * count


class ProgressQueryError(SaidError):
    """A progress query whose scheme, level, weight or via do not fit together; ``parameter`` names the one to
    change."""

    def __init__(self, parameter: str, said: Said) -> None:
        super().__init__(said)
        self.parameter = parameter


def _no_such_level(query: ProgressQuery) -> Said:
    """A level the scheme has not, with the levels it has and the scheme that has the level asked for: "the former
    boundaries have no communes; choose district, or the 2025 boundaries (scheme=2025)", in the users' words."""
    names = {lang: labels(UNIT_LEVELS, lang) for lang in ("vi", "en")}
    has = sorted(level for scheme, level in OTHER_SCHEME if scheme == query.scheme)
    other = next((scheme for scheme, level in OTHER_SCHEME if level == query.level), None)
    before = query.scheme == "pre2025"

    def level(code: str, lang: str) -> str:
        name = names[lang].get(code, code).lower()
        return name if name == code else f"{name} ({code})"

    vi = f"ranh giới {'trước' if before else 'từ'} 01/07/2025 không có cấp {level(query.level, 'vi')}; hãy chọn cấp "
    vi += " hoặc ".join(level(code, "vi") for code in has)
    en = f"the boundaries {'before' if before else 'from'} 1 July 2025 have no {level(query.level, 'en')} level; "
    en += "choose " + " or ".join(level(code, "en") for code in has)
    if other:
        vi += f", hoặc ranh giới {'trước' if other == 'pre2025' else 'từ'} 01/07/2025 (scheme={other})"
        en += f", or the boundaries {'before' if other == 'pre2025' else 'from'} 1 July 2025 (scheme={other})"
    return Said(vi, en)


def check_query(query: ProgressQuery) -> None:
    """Raise ProgressQueryError naming the parameter when the scheme, level, weight or via do not fit together."""
    if (query.scheme, query.level) not in OTHER_SCHEME:
        raise ProgressQueryError("level", _no_such_level(query))
    if query.weight not in WEIGHTS:
        raise ProgressQueryError(
            "weight",
            Said(
                f"{query.weight!r} không phải một trong {', '.join(sorted(WEIGHTS))}",
                f"{query.weight!r} is not one of {', '.join(sorted(WEIGHTS))}",
            ),
        )
    if query.via and query.via != OTHER_SCHEME[(query.scheme, query.level)][0]:
        raise ProgressQueryError(
            "via",
            Said(
                f"phải là ranh giới còn lại, khác {query.scheme!r}; đã nhận {query.via!r}",
                f"must be the other boundary scheme than {query.scheme!r}, got {query.via!r}",
            ),
        )


def unit_progress(session: Session, query: ProgressQuery) -> list[dict[str, Any]]:
    """One row per unit of the scheme and level (units without projects too), in code order; ``progress_is_demo``
    where its progress counts a demonstration status, marked "(minh họa)" in /progress's table and files as on the
    unit's page and its sheet (trial 65, F15)."""
    check_query(query)
    return _demo_marked(session, query, _rows(session, query, geometry=False))


def _demo_marked(session: Session, query: ProgressQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with ``progress_is_demo``: the mark is on a figure, so a unit with none (no projects, or none with
    the weight, a budget) is not marked, though its projects stand on demonstration statuses (it read "— (minh
    họa)"). Every table, file, sheet and popup reads this one flag."""
    demo = demo_units(session, query)
    marked = [row["progress_percent"] is not None and demo.get(row["code"], 0) > 0 for row in rows]
    return [row | {"progress_is_demo": mark} for row, mark in zip(rows, marked, strict=True)]


def province_totals(session: Session, query: ProgressQuery, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per province, in code order, the sums of its ``units`` (:func:`unit_progress`'s rows), named with its type: how
    many units, the projects' parts in them (a project across two units counts in each, its parts sum to one: the
    province's count where its projects lie in its units, trial 62), the mean progress of the units taken together
    (each weighing as in its own) and the sum weighed by. At the province level, one total of all ``units``."""
    if query.level == "province":
        return [_total(_NO_PROVINCE, units)] if units else []
    mine: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for unit in units:
        mine[unit["province_code"]].append(unit)
    params = {"scheme": query.scheme, "codes": [code for code in mine if code]}
    named = {row["code"]: dict(row) for row in session.execute(text(_PROVINCES), params).mappings()}
    return [_total(named.get(code, _NO_PROVINCE), mine[code]) for code in sorted(mine, key=lambda c: c or "")]


_NO_PROVINCE = {"code": None, "name_vi": None, "name_en": None, "unit_type_vi": None}


def _total(province: dict[str, Any], units: list[dict[str, Any]]) -> dict[str, Any]:
    weighed = [u for u in units if u["progress_percent"] is not None]
    weight = sum(u["weight_total"] for u in weighed)
    percent = sum(u["progress_percent"] * u["weight_total"] for u in weighed) / weight if weight > 0 else None
    return province | {
        "units": len(units),
        # the units' parts each rounded to 4 decimals: summed to 4, 9 parts read "9,0001" (trial 64)
        "project_share_sum": round(sum(u["project_share_sum"] for u in units), 2),
        "progress_percent": round(percent, 2) if percent is not None else None,
        "weight_total": round(sum(u["weight_total"] for u in units), 4),
        "progress_is_demo": any(u.get("progress_is_demo") for u in units),
    }


def unit_progress_geojson(session: Session, query: ProgressQuery) -> dict[str, Any]:
    """The same figures as a FeatureCollection of the unit polygons (for the choropleth)."""
    check_query(query)
    rows = _demo_marked(session, query, _rows(session, query, geometry=True))
    return feature_collection(rows, weight=query.weight, weight_unit=WEIGHT_UNITS[query.weight], **_meta(query))


def _meta(query: ProgressQuery) -> dict[str, Any]:
    return {"scheme": query.scheme, "level": query.level, "as_of": query.as_of.isoformat() if query.as_of else None}


def _rows(session: Session, query: ProgressQuery, geometry: bool) -> list[dict[str, Any]]:
    within = units_in_provinces(session, query.provinces, query.scheme, query.level) if query.provinces else []
    params = {"scheme": query.scheme, "level": query.level, "unit_ids": query.unit_ids, "within": within}
    of_chosen = list(session.scalars(text(_UNITS_OF_CHOSEN), params | {"units": query.units})) if query.units else []
    units = session.execute(
        text(
            _UNITS.format(
                geometry=f", ST_AsGeoJSON(geom, {GEOJSON_DECIMALS}) AS geometry" if geometry else "",
                only="AND id = ANY(:unit_ids)" if query.unit_ids else "",
                in_provinces=" AND code = ANY(:within)" if query.provinces else "",
                in_units=" AND code = ANY(:of_chosen)" if query.units else "",
            )
        ),
        params | {"of_chosen": of_chosen},
    ).mappings()
    units = [dict(unit) for unit in units]
    if query.unit_ids:  # the ids asked for may name units of other levels too: read only this level's shares
        if not units:
            return []
        query = replace(query, unit_ids=[unit["id"] for unit in units])
    sums = _carried_sums(session, query) if query.via else _unit_sums(session, query, query.scheme, query.level)
    return [_unit_row(unit, sums.get(unit["id"], _Sums()), query.via) for unit in units]


def _unit_row(unit: dict[str, Any], sums: _Sums, via: str | None) -> dict[str, Any]:
    progress = sums.weighted_percent_sum / sums.weight_sum if sums.weight_sum > 0 else None
    return unit | {
        "progress_percent": round(progress, 2) if progress is not None else None,
        "projects": round(sums.projects, 3),
        "project_share_sum": round(sums.share_sum, 4),
        "weighted_projects": round(sums.weighted_projects, 3),
        "weight_total": round(sums.weight_sum, 4),
        "projects_by_status": {k: round(v, 3) for k, v in sorted(sums.by_status.items())},
        "carried_from_scheme": via,
    }


def _unit_sums(session: Session, query: ProgressQuery, scheme: str, level: str) -> dict[int, _Sums]:
    sql, params = _counted_in_units(session, query, _SUMS, scheme, level)
    sums: dict[int, _Sums] = defaultdict(_Sums)
    for row in session.execute(text(sql.replace("{weight}", WEIGHTS[query.weight])), params).mappings():
        sums[row["unit_id"]].add(row)
    return sums


def demo_units(session: Session, query: ProgressQuery) -> dict[str, int]:
    """Unit code → how many of the projects its progress counts stand on a demonstration status (the sample's), in
    the query's own scheme and level: a printed sheet marks those units' figures "(minh họa)" (trial 57)."""
    sql, params = _counted_in_units(session, query, _DEMO, query.scheme, query.level)
    demo = "st.is_demo" if query.as_of else f"{_HAS_DEMO_REPORT} AND {LATEST_IS_DEMO}"
    return {row["code"]: row["demo"] for row in session.execute(text(sql.replace("{demo}", demo)), params).mappings()}


def _counted_in_units(
    session: Session, query: ProgressQuery, select: str, scheme: str, level: str
) -> tuple[str, dict[str, Any]]:
    """``select`` over the projects the query counts in the units of ``scheme`` and ``level``, and its parameters."""
    wheres = [_AS_OF_WHERE if query.as_of else _CURRENT_WHERE]
    wheres += [sql for name, sql in _FILTERS.items() if getattr(query, name) and name != "unit_ids"]
    if query.unit_ids and not query.via:
        wheres.append(_FILTERS["unit_ids"])
    sql = select.replace("{shares}", unit_shares(level)).replace("{state}", _AS_OF if query.as_of else _CURRENT)
    params = {name: getattr(query, name) for name in _FILTERS} | {
        "agencies": duty_codes(session, query.agencies, vietnam_today()),  # and the former ones' it holds
        "scheme": scheme,
        "level": level,
        "as_of": query.as_of,
    }
    return sql.replace("{where}", " AND ".join(wheres)), params


def _carried_sums(session: Session, query: ProgressQuery) -> dict[int, _Sums]:
    """Sums computed on the other scheme's units and spread over the crosswalk by area share."""
    source_scheme, source_level = OTHER_SCHEME[(query.scheme, query.level)]
    source = _unit_sums(session, query, source_scheme, source_level)
    forward = source_scheme == "pre2025"
    links = session.execute(
        text(
            "SELECT from_unit_id, to_unit_id, share_of_from, share_of_to FROM unit_crosswalk c "
            "JOIN admin_unit f ON f.id = c.from_unit_id WHERE f.level = :level"
        ),
        {"level": source_level if forward else query.level},
    ).mappings()
    carried: dict[int, _Sums] = defaultdict(_Sums)
    for link in links:
        src, dst, factor = (
            (link["from_unit_id"], link["to_unit_id"], link["share_of_from"])
            if forward
            else (link["to_unit_id"], link["from_unit_id"], link["share_of_to"])
        )
        if src in source:
            carried[dst].add_scaled(source[src], factor)
    return carried
