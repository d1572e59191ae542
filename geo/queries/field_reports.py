"""Officers' status reports from the field, newest recorded first, for those who supervise them: every report, or
those accepted though flagged (sent from farther than the project's kind allows, or from a position the phone knew
only more roughly: perhaps filed from the office rather than on site); of a province's projects, by an agency's
officers."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.agencies import REPORTERS_AGENCY, duty_holders
from geo.queries.projects_by_place import former_provinces, with_a_part_in
from geo.status_history import FLAG_UNREVIEWED, STATUS_BEFORE_ITS_DAY
from geo.status_reports import STAND_IN_SITES
from geo.text_encoding.names import fold
from geo.unit_names import unit_choice_sql, unit_in_province_sql
from geo.vietnam_day import vietnam_today

_REPORTS = """
SELECT p.id AS project_id, p.code, p.name_vi, p.name_en, p.province_code, p.location_precision, e.version,
       e.status, e.percent,
       prev.status AS status_before, prev.percent AS percent_before,
       e.reported_at, e.recorded_at, e.note_vi, e.reporter_name, a.username AS reporter_username,
       ag.code AS reporter_agency, that_day.id AS agency_that_day_id, that_day.code AS agency_that_day,
       that_day.name_vi AS agency_that_day_vi, that_day.name_en AS agency_that_day_en, e.source,
       CASE WHEN p.location_precision IN ({stand_in}) THEN NULL
            ELSE round(e.distance_m::numeric, 1)::float8 END AS distance_m, e.reporter_accuracy_m,
       f.reason, f.threshold_m, r.verdict AS review_verdict, r.note AS review_note, r.reviewer_name,
       r.reviewed_at, r.previous_verdict, r.previous_reviewer_name, r.previous_reviewed_at,
       ARRAY(SELECT '/api/photos/' || ph.sha256 FROM status_photo ph WHERE ph.event_id = e.id ORDER BY ph.sha256)
           AS photo_urls,
       ST_AsGeoJSON(p.geom, 6)::json AS geometry, sent.name_vi AS sent_from_vi, sent.name_en AS sent_from_en,
       shore.name_vi AS shore_vi, shore.name_en AS shore_en,
       round(shore.distance_m::numeric, -2)::float8 AS shore_m, shore.distance_m < {coast_m} AS on_coast,
       shore.scheme AS shore_scheme{drawn}
FROM status_event e JOIN project p ON p.id = e.project_id
     JOIN account a ON a.id = e.reporter_account_id LEFT JOIN agency ag ON ag.id = e.reporter_agency_id
     LEFT JOIN LATERAL ({that_day}) that_day ON TRUE
     {flags} JOIN status_event_flag f ON f.event_id = e.id LEFT JOIN status_event_review r ON r.event_id = e.id
     LEFT JOIN {status_before}
     LEFT JOIN LATERAL ({sent_from}) sent ON TRUE
     LEFT JOIN LATERAL ({shore}) shore ON TRUE
WHERE {where}
ORDER BY e.recorded_at DESC, e.id DESC LIMIT :limit
"""


#: The commune (2025) the sender stood in, else the former district, else the province (a neighbour's too, whose
#: communes the registry does not hold): where a report was sent from, for a project with no site to measure it
#: against (a province-wide one's report from the office read as any other, trial 51). A commune's outline too, to
#: draw it named on the map (trial 56's supervisor saw a site on blank white, and not where the report came from).
#: Where each report was sent from, for the page's map: the point, the shortest line from the site to it, and the
#: commune's code (its outline and where to write its name: :data:`_OUTLINES`).
_DRAWN = """,
       ST_AsGeoJSON(e.reporter_location, 6)::json AS sent_from_point,
       ST_AsGeoJSON(ST_ShortestLine(p.geom, e.reporter_location), 6)::json AS sent_from_line,
       CASE WHEN sent.level = 'commune' THEN sent.code END AS sent_from_code"""
#: The communes reports were sent from, outlined once each: simplified for every report, 200 reports from one commune
#: took half the query's time (bench/status_reports_page.py).
_OUTLINES = """
SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0001), 5)::json AS outline,
       ST_AsGeoJSON(ST_PointOnSurface(geom), 5)::json AS label_at
FROM admin_unit WHERE level = 'commune' AND code = ANY(:codes)
"""
#: A unit in force on the report's day.
_IN_FORCE = (
    "(u.valid_from IS NULL OR u.valid_from <= e.reported_at) AND (u.valid_to IS NULL OR u.valid_to >= e.reported_at)"
)
#: Where the sender stood, of the units in force on the report's day: a report of May 2025 read "sent from Phường
#: Hiệp Thành", a ward of July 2025 (trial 65, F16); now the former district, or just outside it its coast (_SHORE).
_SENT_FROM = f"""
SELECT {unit_in_province_sql("u", "vi")} AS name_vi, {unit_in_province_sql("u", "en")} AS name_en, u.code, u.level
FROM admin_unit u
WHERE (u.level IN ('commune', 'district') AND NOT u.is_context OR u.level = 'province')
  AND ST_Intersects(u.geom, e.reporter_location) AND {_IN_FORCE}
ORDER BY array_position(ARRAY['commune', 'district', 'province'], u.level::text), u.scheme = '2025' DESC, u.id LIMIT 1
"""

#: Closer than this (m) to the nearest unit, a report sent from no unit was sent on the coast, not at sea. The units
#: end at a generalised coastline: the two boundary sets lie up to about 200 m apart along it (a report standing on
#: the sea dyke TV-P6 was 9 m off the former district of Duyên Hải and 195 m off Long Hữu Commune), and a phone's
#: position is often ±10–50 m; within 500 m, also the distance a report on most kinds may be sent from, the data
#: cannot tell the shore from the sea (trial 62 read "sent at sea, 0 m off …").
COAST_M = 500

#: Sent from no unit (from a boat at an offshore wind farm: the registry's units end at the coast), the nearest commune
#: or former district and how far it is: trial 61's supervisor read no "sent from" line on those reports at all. The
#: unit is one in force on the report's day (a 2025 commune from 1 July 2025, a former district before), as a
#: supervisor of 2026 thinks in communes (trial 62 read "off Duyên Hải District", abolished in 2025); on the coast
#: within :data:`COAST_M`.
_SHORE = """
SELECT {vi} AS name_vi, {en} AS name_en, ST_Distance(u.geom::geography, e.reporter_location::geography) AS distance_m,
       u.scheme
FROM admin_unit u
WHERE sent.code IS NULL AND e.reporter_location IS NOT NULL AND u.level IN ('commune', 'district') AND NOT u.is_context
  AND {in_force}
ORDER BY u.geom <-> e.reporter_location LIMIT 1
""".format(vi=unit_in_province_sql("u", "vi"), en=unit_in_province_sql("u", "en"), in_force=_IN_FORCE)


def field_reports(
    session: Session,
    province: str | None = None,
    agency: str | None = None,
    reporter: str | None = None,
    since: date | None = None,
    flagged: bool = False,
    limit: int = 200,
    unreviewed: bool = False,
    unit: str | None = None,
    drawn: bool = False,
) -> list[dict[str, Any]]:
    """The officers' reports (of ``province``'s projects: a former code, or a 2025 one for those merged into it; of
    the projects with a part in the former district or 2025 commune coded ``unit``; by the officers of the agency
    coded ``agency`` on the report's day (an officer moved since to another agency: his earlier reports are his former
    agency's); by the officer whose username is ``reporter``; recorded on or after ``since``, a day in Vietnam;
    only the flagged ones with ``flagged``, only those no reviewer has checked yet with ``unreviewed``), newest
    recorded first; each with the status before it on its day (geo.status_history.STATUS_BEFORE_ITS_DAY), its
    sender's agency as it was on the report's day and the one holding that agency's duties today, and, sent from no
    unit (offshore), the nearest one in force that day, how far and whether on the coast; with ``drawn``, where it was
    sent from as the page's map draws it (:data:`_DRAWN`)."""
    wheres, params = _filters(session, province, agency, reporter, since, unreviewed, unit)
    # the planner reckons every status event a report (a GIS load's are 100,000 of a province's): compiling the query
    # for that (JIT) took 5 s of a page of 4 reports that runs in 0.2 s (docs/benchmarks.md)
    session.execute(text("SET LOCAL jit = off"))
    sql = _REPORTS.format(
        flags="" if flagged or unreviewed else "LEFT",
        where=" AND ".join(wheres),
        status_before=STATUS_BEFORE_ITS_DAY,
        sent_from=_SENT_FROM,
        shore=_SHORE,
        coast_m=COAST_M,
        that_day=REPORTERS_AGENCY,
        drawn=_DRAWN if drawn else "",
        # a distance to a stand-in for the site means nothing: none given, in the list, its files and the API (trial
        # 62: 4,887.9 m in the CSV of a report the page said it could not measure)
        stand_in=", ".join(f"'{precision}'" for precision in STAND_IN_SITES),
    )
    rows = session.execute(text(sql), params | {"limit": limit}).mappings()
    reports = _with_agency_now(session, [dict(row) for row in rows])
    return _outlined(session, reports) if drawn else reports


def _with_agency_now(session: Session, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``reports`` with the agency holding today the duties of the one each sender reported for on its day
    (``agency_now``, ``_vi``, ``_en``; geo.agencies.REPORTERS_AGENCY): asked once for the few agencies of a list;
    asked in the query, once per report, 200 reports took 0.50 s against 0.28 s (medians, bench of session 70)."""
    held = {r["agency_that_day_id"] for r in reports if r["agency_that_day_id"] is not None}
    holders = duty_holders(session, held, vietnam_today()) if held else {}
    for report in reports:
        holder = holders.get(report.pop("agency_that_day_id"))  # a key of the look-up, not of the list's rows
        named = (holder.code, holder.name_vi, holder.name_en) if holder else (None, None, None)
        report["agency_now"], report["agency_now_vi"], report["agency_now_en"] = named
    return reports


def _outlined(session: Session, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``reports`` with the outline of the commune each was sent from and where to write its name (None, sent from
    no commune)."""
    codes = sorted({r["sent_from_code"] for r in reports if r["sent_from_code"]})
    found = {row.code: row for row in session.execute(text(_OUTLINES), {"codes": codes})} if codes else {}
    for report in reports:
        commune = found.get(report["sent_from_code"])
        report["sent_from_outline"] = commune.outline if commune else None
        report["sent_from_label_at"] = commune.label_at if commune else None
    return reports


def _filters(
    session: Session,
    province: str | None,
    agency: str | None,
    reporter: str | None,
    since: date | None,
    unreviewed: bool,
    unit: str | None,
) -> tuple[list[str], dict[str, Any]]:
    """The SQL conditions and their parameters of :func:`field_reports`' filters."""
    # an officer's reports only, as the join to the sender's account says: the planner, told, leaves a province's
    # 100,000 GIS loads' events out first (it joined them to every project: 0.3 s of each count, docs/benchmarks.md)
    wheres: list[str] = ["e.reporter_account_id IS NOT NULL"]
    params: dict[str, Any] = {}
    if province:
        wheres.append("p.province_code = ANY(:provinces)")
        params["provinces"] = former_provinces(session, province)
    if unit:
        wheres.append(f"p.id IN ({with_a_part_in(':units')})")
        params["units"] = [unit]
    if agency:  # the agency each row names (REPORTERS_AGENCY), not the account's today (trial s71)
        wheres.append("that_day.code = :agency")
        params["agency"] = agency
    if reporter:
        wheres.append("a.username = :reporter")
        params["reporter"] = reporter
    if since:
        wheres.append("e.recorded_at >= (CAST(:since AS date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')")
        params["since"] = since
    if unreviewed:
        wheres.append("r.verdict IS NULL")
    return wheres, params


def reports_to_review(session: Session) -> int:
    """How many reports flagged to check no reviewer has checked yet (geo.report_reviews)."""
    return session.scalar(text(f"SELECT count(*) FROM status_event_flag f WHERE {FLAG_UNREVIEWED}"))


#: The reports a filter's choices count, grouped by ``{key}`` (a table's primary key, its ``{group}`` columns
#: following from it; or, of a subquery, those columns too), with the joins and conditions of :data:`_REPORTS`; the
#: sender's agency of the report's day (``that_day``) only where it is grouped by or chosen: once per report, it is
#: the count's dearest part.
_COUNTED = """
SELECT {group}, count(DISTINCT e.id) AS reports
FROM status_event e JOIN project p ON p.id = e.project_id
     JOIN account a ON a.id = e.reporter_account_id {that_day}
     {flags} JOIN status_event_flag f ON f.event_id = e.id LEFT JOIN status_event_review r ON r.event_id = e.id
     {joined}
WHERE {where}
GROUP BY {key}
"""
#: The senders' agencies on the reports' days (former ones too), and the former districts and 2025 communes the
#: reported projects have a part in; all.
_AGENCIES = (
    "that_day.id, that_day.code, that_day.name_vi, that_day.name_en",
    "that_day.code, that_day.name_vi, that_day.name_en",
    "",
)
_ALL = ("()", "NULL AS code", "")
_UNITS = (
    "u.id",
    f"u.scheme, u.code, {unit_choice_sql('u', 'vi')} AS name_vi, {unit_choice_sql('u', 'en')} AS name_en",
    "JOIN project_unit_share s ON s.project_id = p.id "
    "JOIN admin_unit u ON u.id = s.unit_id AND u.level IN ('district', 'commune')",
)


def report_choices(session: Session, **chosen: Any) -> dict[str, list[dict[str, Any]]]:
    """What the field reports may be filtered by: the registry's provinces (both boundary schemes); the senders'
    agencies and the former districts and 2025 communes (``scheme``) of the reports the other filters ``chosen``
    (:func:`field_reports`' own) leave, each with how many (``reports``): trial 59's supervisor chose an agency that
    had sent none; and the officers who have reported (their username as ``code``); each ``code``, ``name_vi``,
    ``name_en``."""
    provinces = session.execute(
        text(
            "SELECT code, name_vi, name_en FROM admin_unit WHERE level = 'province' AND NOT is_context "
            "ORDER BY valid_from NULLS FIRST, code"
        )
    )
    reporters = session.execute(
        text(
            "SELECT DISTINCT a.username AS code, coalesce(a.display_name, a.username) AS name_vi, "
            "coalesce(a.display_name, a.username) AS name_en FROM status_event e "
            "JOIN account a ON a.id = e.reporter_account_id ORDER BY name_vi, code"
        )
    )
    agencies = _counted(session, _AGENCIES, chosen | {"agency": None})
    units = _counted(session, _UNITS, chosen | {"unit": None})
    return {
        "province": [dict(r) for r in provinces.mappings()],
        "agency": sorted((a for a in agencies if a["code"]), key=lambda a: a["code"]),
        "unit": sorted(units, key=lambda u: (u["scheme"] != "pre2025", fold(u["name_vi"]))),
        "reporter": [dict(r) for r in reporters.mappings()],
    }


def reports_matching(session: Session, **chosen: Any) -> int:
    """How many reports the filters ``chosen`` (:func:`field_reports`' own) leave, beyond its ``limit``: trial 65's
    supervisor read "200 reports" of 228."""
    return _counted(session, _ALL, chosen)[0]["reports"]


def _counted(session: Session, grouped: tuple[str, str, str], chosen: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports ``chosen`` filters, counted by the columns and joins of ``grouped``."""
    filters = {name: chosen.get(name) for name in ("province", "agency", "reporter", "since", "unit")}
    wheres, params = _filters(session, **filters, unreviewed=bool(chosen.get("unreviewed")))
    flagged = chosen.get("flagged") or chosen.get("unreviewed")
    key, group, joined = grouped
    where = " AND ".join(wheres)
    by_agency = grouped is _AGENCIES or filters["agency"]
    that_day = f"LEFT JOIN LATERAL ({REPORTERS_AGENCY}) that_day ON TRUE" if by_agency else ""
    # as field_reports': with the sender's agency of each report's day, the planner's estimate passed JIT's threshold
    # (2,000 reports: compiling took 0.5 s of a count that runs in 0.06 s)
    session.execute(text("SET LOCAL jit = off"))
    sql = _COUNTED.format(
        key=key, group=group, joined=joined, flags="" if flagged else "LEFT", where=where, that_day=that_day
    )
    return [dict(row) for row in session.execute(text(sql), params).mappings()]
