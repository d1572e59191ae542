"""Writing checked projects set by set: a chunk is COPied into a staging table, then a few statements do the rest.

Per chunk: the codes already in the registry (append mode), then one
statement writes the projects (``INSERT … ON CONFLICT (code)``), queues their shares (recomputed after the commit,
geo.share_queue) and adds the new projects' first status events; in upsert mode, one more adds an event for each
existing project whose status changed. A dry run writes into a scratch copy of the project table instead, so the same
constraints are checked while no project row is locked: status reports on those projects go on during a preview.
The map layers are bumped once, by the pipeline, just before the commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.agencies import REPORTERS_AGENCY
from geo.apportion import NEAREST_UNIT_MAX_M, unit_of_point
from geo.ingest.copy import copy_binary
from geo.ingest.jobs import PROVENANCE_LIKE
from geo.ingest.messages import said
from geo.queries.projects_by_place import with_a_part_in
from geo.said import Said, beyond_shown, joined
from geo.status_history import counted
from geo.unit_names import unit_label_sql
from geo.vocab import LOAD_REPORTER, PROJECT_STAGES, RECORD_CHANGED

STAGE = "project_stage"
SCRATCH = "project_check"
#: Staged column -> its type in the COPY; the project's own columns come first, then what the load needs besides.
PROJECT_COLUMNS = {
    **dict.fromkeys(("code", "name_vi", "name_en", "kind", "province_code"), "text"),
    **dict.fromkeys(("plan_id", "plan_action_id", "lead_agency_id"), "int4"),
    "capacity_value": "float8",
    "capacity_unit": "text",
    "budget_vnd_billion": "float8",
    "funding_source": "text",
    **dict.fromkeys(("start_year", "end_year"), "int4"),
    **dict.fromkeys(("description_vi", "description_en", "location_precision"), "text"),
    **dict.fromkeys(("location_note_vi", "location_note_en"), "text"),
}
STAGE_COLUMNS = PROJECT_COLUMNS | {
    "sources": "text[]",
    "status": "text",
    "percent": "float8",
    "drops_site": "bool",  # no site, and the file says the project is province-wide (keep_what_the_file_leaves_out)
    "changed_at": "timestamptz",  # an export's: when the project had last changed (changed_since_export)
    "feature": "int4",
    "geom": "geometry",
}
SHOWN = 5  # features named in a message about many
#: What a project's shares in the units are computed from (geo.apportion): a reload that changes none of them (a name,
#: a budget, a status) leaves its shares as they are, and the progress map is not "recomputing" for nothing.
PLACED_BY = ("geom", "location_precision", "province_code")
#: An existing project given a status or percent other than its own.
_OTHER_STATE = (
    "s.status IS NOT NULL AND (s.status, coalesce(s.percent, 0)) IS DISTINCT FROM (s.old_status, s.old_percent)"
)
#: ... whose current status is of the file's day or earlier: the file's status becomes its current one (an event).
STATUS_CHANGED = f"{_OTHER_STATE} AND NOT s.earlier"
#: ... whose current status is of a later day than the file's: the file's status goes into its history (an event
#: dated the file's day) and changes nothing else, told apart from a change (session 66's trial: "1.836 cập nhật"),
#: unless its history holds it already (``recorded``: the same file reloaded adds nothing).
HISTORY_ADDED = f"{_OTHER_STATE} AND s.earlier AND NOT s.recorded"
#: What a load tells of its projects: new; updated (its values, its status or both); of those, given another status;
#: given a status of an earlier day, added to its history; unchanged (an existing project left as it is).
CHANGES = ("new", "updated", "status_changed", "history_added", "unchanged")
NAMED = 10  # codes of new and of updated projects a reload's report names
FIELD_CODES = 3  # codes a reload's count of a changed field names (geo.ingest.project_writes.what_changes)
#: How far (degrees: 0.11 m at most in the region, where a degree of latitude is 110.6 km and of longitude at most
#: 109.6 km) a reloaded geometry's vertices may be from the stored one's for it to be the same site. The exports
#: themselves write that coarsely: a GeoJSON export (RFC 7946) writes 6 decimals, each coordinate rounded by up to
#: 5e-7°, a vertex by up to 7.1e-7° (8 cm), and its reload said every site surveyed finer "moved 0 m" (trial 52); a
#: copy taken through the OGC API writes 7 decimals (8 mm), a round trip through VN-2000 moves a vertex a tenth of a
#: millimetre. A dyke or a sluice is not moved by 11 cm; a site moved a metre (9e-6°) is said moved.
SAME_PLACE = 1e-6


def stage(session: Session, columns: dict[str, np.ndarray]) -> None:
    """The chunk's rows (one array per column) in the (emptied) staging table."""
    session.execute(text("SET LOCAL jit = off"))  # compiling the chunk's statements costs more than they take
    session.execute(text("SET LOCAL work_mem = '64MB'"))  # the chunk's sort by feature stays off disk
    session.execute(
        text(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ("
            + ", ".join(f"{c} {'geometry(Geometry, 4326)' if t == 'geometry' else t}" for c, t in STAGE_COLUMNS.items())
            + ", old_status text, old_percent float8, old_version int, existed boolean NOT NULL DEFAULT false, "
            "changed boolean NOT NULL DEFAULT false, placed boolean NOT NULL DEFAULT true, "
            "earlier boolean NOT NULL DEFAULT false, recorded boolean NOT NULL DEFAULT false, old_day date) "
            "ON COMMIT DROP"
        )
    )
    session.execute(text(f"TRUNCATE {STAGE}"))
    rows = zip(*(columns[c] for c in STAGE_COLUMNS if c != "geom"), shapely.to_wkb(columns["geom"]), strict=True)
    copy_binary(session, STAGE, STAGE_COLUMNS, rows)


@dataclass(frozen=True)
class Assumed:
    """The staged projects whose status or percent the load sets without the file giving it: new ones without a
    status (recorded as proposed, 0 %), and those with a status past "proposed" but no percent (recorded at 0 %);
    each count with the first codes."""

    no_status: int
    no_status_codes: list[str]
    no_percent: int
    no_percent_codes: list[str]
    new_with_status: int  # new projects the file gives a status (dated the load's day unless said otherwise)


def assumed(session: Session) -> Assumed:
    """What the load assumes of the staged chunk (:class:`Assumed`), for its report; read after :func:`mark_existing`
    (an existing project without a status in the file keeps its own)."""
    no_status = "NOT existed AND status IS NULL"
    no_percent = "status NOT IN ('proposed', 'cancelled') AND percent IS NULL"
    row = session.execute(
        text(
            f"SELECT count(*) FILTER (WHERE {no_status}), "
            f"(array_agg(code ORDER BY feature) FILTER (WHERE {no_status}))[1:{SHOWN}], "
            f"count(*) FILTER (WHERE {no_percent}), "
            f"(array_agg(code ORDER BY feature) FILTER (WHERE {no_percent}))[1:{SHOWN}], "
            f"count(*) FILTER (WHERE NOT existed AND status IS NOT NULL) FROM {STAGE}"
        )
    ).one()
    return Assumed(row[0], row[1] or [], row[2], row[3] or [], row[4])


#: A registered project the file gives no site keeps its own, unless the file calls it province-wide (``drops_site``).
_SITE_KEPT = "s.geom IS NULL AND NOT s.drops_site AND p.geom IS NOT NULL"


def keep_what_the_file_leaves_out(session: Session, absent: tuple[str, ...]) -> list[int]:
    """Upsert mode: the staged registered projects keep what the file does not give, in one look-up each, so that
    an update changes only what the file gives (a correction file of codes and names blanked every plan, budget and
    citation, and took every site away: "Location: point → (empty)"). Returns the features of the new projects left
    with neither a site nor a province, which the load refuses.

    - the ``absent`` columns (those the file has none for): the registry's values; the sources its citations (the
      load adds its own);
    - no site: the registry's site and precision, unless the file calls the project province-wide;
    - the registry's site where the file's is the same within :data:`SAME_PLACE` (a GeoJSON export's, rounded to 6
      decimals): an edited name does not move the site by a few centimetres, nor recompute its shares;
    - no province: the registry's (a file of codes and names needs no --province); no kind, likewise (nor --kind);
      no name (a file of codes and statuses), likewise.

    A precision the file does not give that no longer fits the site (a site given or taken away) is the load's."""
    kept = {c: f"p.{c}" for c in absent}
    if "sources" in kept:
        kept["sources"] = f"ARRAY(SELECT jsonb_array_elements_text({_cited('p.sources')}))"
    precision = (
        "CASE WHEN (s.geom IS NULL) = (p.location_precision = 'province') THEN p.location_precision "
        "ELSE s.location_precision END"
        if "location_precision" in kept
        else "s.location_precision"
    )
    kept |= {
        "geom": f"CASE WHEN {_SITE_KEPT} OR ({_same_shape('p', 's')}) THEN p.geom ELSE s.geom END",
        "location_precision": f"CASE WHEN {_SITE_KEPT} THEN p.location_precision ELSE {precision} END",
        "province_code": "coalesce(s.province_code, p.province_code)",
        "kind": "coalesce(s.kind, p.kind)",
    }
    session.execute(
        text(
            f"UPDATE {STAGE} s SET ({', '.join(kept)}) = (SELECT {', '.join(kept.values())} FROM project p "
            "WHERE p.code = s.code) WHERE (SELECT true FROM project WHERE code = s.code)"
        )
    )
    # a site without a province (at sea, beyond the registry's provinces) is its feature's error already
    unplaced = f"SELECT feature FROM {STAGE} WHERE province_code IS NULL AND geom IS NULL ORDER BY feature"
    return list(session.scalars(text(unplaced)))


def keep_sites_under_points(session: Session, metres: float) -> tuple[int, int, list[str]]:
    """Upsert mode, a sheet located by x/y: the staged points lying within ``metres`` of their registered project's
    line or area (a point on it, as the registry's workbook writes each site) staged as that line or area, in one
    statement; returns how many, and how many lie further (the line or area would become a point) with the first
    codes of those (geo.ingest.sheet_points)."""
    found = (
        f"SELECT s.feature, s.code, p.geom AS site, {_point_on_its_site('p', 's')} AS on_it "
        f"FROM {STAGE} s JOIN project p ON p.code = s.code "
        "WHERE GeometryType(s.geom) = 'POINT' AND ST_Dimension(p.geom) > 0"
    )
    kept, off, codes = session.execute(
        text(
            f"WITH found AS MATERIALIZED ({found}), kept AS (UPDATE {STAGE} s SET geom = f.site FROM found f "
            "WHERE f.on_it AND s.feature = f.feature RETURNING 1) "
            "SELECT (SELECT count(*) FROM kept), count(*) FILTER (WHERE NOT on_it), "
            f"(array_agg(code ORDER BY feature) FILTER (WHERE NOT on_it))[1:{SHOWN}] FROM found"
        ),
        {"metres": metres},
    ).one()
    return kept, off, codes or []


def _point_on_its_site(old: str, new: str) -> str:
    """True where ``new``'s geometry is a point within ``:metres`` of ``old``'s line or area, which a sheet's load keeps
    (:func:`keep_sites_under_points`)."""
    return (
        f"(GeometryType({new}.geom) = 'POINT' AND ST_Dimension({old}.geom) > 0 "
        f"AND ST_DWithin({old}.geom::geography, {new}.geom::geography, :metres))"
    )


def new_without_name_or_kind(session: Session) -> tuple[list[int], list[int]]:
    """The features of new projects left with no name, and those left with no kind, once
    :func:`keep_what_the_file_leaves_out` has run (a file with no name or kind column gives none), which the load
    refuses."""
    rows = session.execute(
        text(
            f"SELECT array_agg(feature ORDER BY feature) FILTER (WHERE name_vi IS NULL), "
            f"array_agg(feature ORDER BY feature) FILTER (WHERE kind IS NULL) FROM {STAGE}"
        )
    ).one()
    return rows[0] or [], rows[1] or []


def staged_rows(session: Session, limit: int, changed: bool = False) -> dict[str, dict[str, Any]]:
    """The first ``limit`` staged rows, by code, as the load will store them once :func:`keep_what_the_file_leaves_out`
    has run (the preview's sample rows showed an update's defaults, "precision: unknown", for fields it keeps);
    ``changed``: of the new and updated projects only, once :func:`mark_existing` has run (a reload's sample rows
    were its first, unchanged ones, trial 53)."""
    which = f"WHERE NOT s.existed OR s.changed OR {STATUS_CHANGED} " if changed else ""
    rows = session.execute(
        text(
            f"SELECT {', '.join(c for c in STAGE_COLUMNS if c not in ('geom', 'changed_at'))}, "
            f"ST_AsBinary(geom) AS geom FROM {STAGE} s {which}"
            "ORDER BY feature LIMIT :limit"
        ),
        {"limit": limit},
    ).mappings()
    return {row["code"]: dict(row) | {"geom": shapely.from_wkb(row["geom"])} for row in rows}


# Each staged code is looked up in the code index: joined as tables, the planner would read the whole project table
# for every chunk, which grows with the registry (0.4-1 s per chunk at 200,000-300,000 projects).
def mark_existing(session: Session, day: date) -> None:
    """Upsert mode: which staged codes are projects already, with their current status, percent and its day, whether
    the file's values differ from theirs (``changed``: the status aside), whether it places them otherwise
    (``placed``: what their shares in the units depend on, :data:`PLACED_BY`), whether their current status is of a
    later day than the file's statuses' ``day`` (``earlier``: the file's goes into their history) and whether their
    history already holds the file's status and percent on that day (``recorded``: a reload of the same file adds
    no event again, trial of session 66). ``recorded`` ignores the event's source: a load's source names its job,
    so a reload's never matches its first load's, and the same status on the same day reported otherwise (a field
    report, another file) is the same fact; its history keeps the first telling of it. It matters only to a file of
    an earlier day: a file of the current status's day whose state an event of that day held before a later one of
    the same day (an export, then a field report) sets it back, as before (geo.ingest.changed_since)."""
    placed = " OR ".join(f"p.{c} IS DISTINCT FROM s.{c}" for c in PLACED_BY)
    recorded = (
        "s.status IS NOT NULL AND EXISTS (SELECT 1 FROM status_event e WHERE e.project_id = p.id "
        "AND e.reported_at = CAST(:day AS date) AND e.status = s.status AND e.percent = coalesce(s.percent, 0))"
    )
    session.execute(
        text(
            f"UPDATE {STAGE} s SET existed = true, (old_status, old_percent, old_version, old_day, changed, placed, "
            f"earlier, recorded) = (SELECT status, percent, version, status_date, "
            f"{_differs('p', 's', 'to_jsonb(s.sources)')}, {placed}, coalesce(status_date > CAST(:day AS date), "
            f"false), {recorded} FROM project p WHERE code = s.code) "
            "WHERE (SELECT true FROM project WHERE code = s.code)"
        ),
        {"day": day},
    )


#: A staged existing project whose values or status the load would change.
_WOULD_CHANGE = f"s.existed AND (s.changed OR {STATUS_CHANGED})"


def lock_what_changes(session: Session) -> None:
    """Upsert mode, a load: the registry's rows of the staged projects the load would change, locked until its
    commit, so that what is judged of them next (changed since the check, reported on since the load began) stays
    true until they are written; a field report on one of them waits for the load's commit."""
    session.execute(
        text(
            f"SELECT p.id FROM {STAGE} s JOIN LATERAL (SELECT id FROM project WHERE code = s.code FOR UPDATE) p "
            f"ON true WHERE {_WOULD_CHANGE}"
        )
    )


#: The last moment a staged project's ``changed_at`` (its export's) stands for. The registry writes milliseconds;
#: QGIS 3.22 saving a GeoPackage as a new one writes the second alone ("…:49.000"), and every row edited so was
#: refused as changed since its export, by the very change it was exported after (session 57): a marker without
#: milliseconds stands for its whole second.
EXPORTED = (
    "(s.changed_at + CASE WHEN s.changed_at = date_trunc('second', s.changed_at) "
    "THEN interval '999999 microseconds' ELSE interval '0' END)"
)


def keep_changed(session: Session, since: datetime | None, count: int) -> tuple[int, list[str]]:
    """Upsert mode, the registry's changes kept: the staged projects the load would change that changed in the
    registry after ``since`` (the preview's check, or the load's start) or after the file's export (its
    ``changed_at``) are taken out of the load, left as the registry has them (an officer's report, another load).
    Returns how many, and the first ``count`` codes (file order). A load refused whole for one report among 500
    updated projects is loaded so, but for that one (trial 54)."""
    rows = session.execute(
        text(
            f"WITH kept AS (DELETE FROM {STAGE} s USING project p WHERE p.code = s.code AND {_WOULD_CHANGE} "
            f"AND p.changed_at > LEAST({EXPORTED}, CAST(:since AS timestamptz)) RETURNING s.code, s.feature) "
            "SELECT code, count(*) OVER () FROM kept ORDER BY feature LIMIT :count"
        ),
        {"since": since, "count": max(count, 1)},
    ).all()
    return (rows[0][1] if rows else 0), [code for code, _ in rows[:count]]


def scope(session: Session) -> list[tuple[str, int | None]]:
    """Upsert mode: the provinces and plans of the staged projects, as stored (a project's registry values where the
    file gives none): the part of the registry the file is an inventory of."""
    return [tuple(row) for row in session.execute(text(f"SELECT DISTINCT province_code, plan_id FROM {STAGE}"))]


def districts_of_sites(session: Session) -> set[str]:
    """The former districts (before 2025) the staged sites count in, a line's or area's where its point on surface
    does (as a file's column gives its larger share first), by the shares' rule for a point (geo.apportion): the
    district it lies in, else the nearest within NEAREST_UNIT_MAX_M (an offshore wind farm), none for a site on a
    neighbouring province's land: the units a file without a district column covers."""
    return set(
        session.scalars(
            text(
                f"SELECT DISTINCT u.code FROM (SELECT DISTINCT {unit_of_point('s.at', 'pre2025', 'district')} "
                f"AS unit_id FROM (SELECT ST_PointOnSurface(geom) AS at FROM {STAGE} WHERE geom IS NOT NULL "
                "OFFSET 0) s) w JOIN admin_unit u ON u.id = w.unit_id"  # OFFSET 0: each point computed once
            ),
            {"max_m": NEAREST_UNIT_MAX_M},
        )
    )


def provinces_wide(session: Session) -> set[str]:
    """The provinces of the staged province-wide projects: a file holding one is the province's (a district's
    export has none), whichever districts its sites lie in."""
    return set(
        session.scalars(text(f"SELECT DISTINCT province_code FROM {STAGE} WHERE location_precision = 'province'"))
    )


def partly_covered(session: Session, districts: list[str], whole: list[str]) -> list[tuple[str, Said]]:
    """Of ``districts`` (a file's), those of provinces the file covers only in part (some of their districts not
    among them, and not one of the ``whole`` provinces: provinces_wide), by code with their names: the registry's
    projects of the rest of those provinces are not the file's business (trial 59: a 4-district export retired 6
    projects of the province's other districts)."""
    return _named_units(
        session,
        "FROM admin_unit u JOIN admin_unit pv ON pv.id = u.parent_id "
        "WHERE u.scheme = 'pre2025' AND u.level = 'district' AND u.code = ANY(:districts) "
        "AND pv.code <> ALL(:whole) AND EXISTS (SELECT 1 FROM admin_unit o WHERE o.parent_id = pv.id "
        "AND o.scheme = 'pre2025' AND o.level = 'district' AND o.code <> ALL(:districts))",
        {"districts": districts, "whole": whole},
    )


def exported_for(session: Session, codes: list[str]) -> list[tuple[str, Said]]:
    """Of ``codes`` (a file's EXPORT_UNITS: geo.layer_export), the former districts' and 2025 communes', by code with
    their names."""
    return _named_units(
        session,
        "FROM admin_unit u WHERE u.level IN ('district', 'commune') AND NOT u.is_context AND u.code = ANY(:codes)",
        {"codes": codes},
    )


def _named_units(session: Session, chosen: str, params: dict[str, Any]) -> list[tuple[str, Said]]:
    """The units ``u`` that ``chosen`` (SQL from FROM on) chooses, by code, with their names in both languages."""
    return [
        (code, Said(vi, en))
        for code, vi, en in session.execute(
            text(f"SELECT u.code, {unit_label_sql('u', 'vi')}, {unit_label_sql('u', 'en')} {chosen} ORDER BY u.code"),
            params,
        )
    ]


def not_in_the_file(
    session: Session,
    codes: list[str],
    provinces: list[str],
    plans: list[int] | None,
    districts: list[str],
    units: list[str] | None = None,
) -> list[tuple[int, str]]:
    """The registry's current (not retired) projects of ``provinces`` (and of ``plans``, where the file gives them)
    whose codes are not among the file's ``codes``, by code: a reload of a whole inventory that lacks 100 projects
    left them on the maps unsaid (trial 54). In the provinces of ``districts`` (those the file covers in part:
    :func:`partly_covered`), only the projects lying in one of them. A file exported for ``units`` (its
    EXPORT_UNITS): the projects with a part in one of them, as its export chose them, whatever its rows hold."""
    in_provinces = (
        "p.province_code = ANY(:provinces) AND (p.province_code NOT IN (SELECT pv.code FROM admin_unit d "
        "JOIN admin_unit pv ON pv.id = d.parent_id WHERE d.scheme = 'pre2025' AND d.level = 'district' "
        "AND d.code = ANY(:districts)) OR EXISTS (SELECT 1 FROM project_unit_share s JOIN admin_unit u "
        "ON u.id = s.unit_id WHERE s.project_id = p.id AND u.scheme = 'pre2025' AND u.level = 'district' "
        "AND u.code = ANY(:districts)))"
    )
    scope = f"p.id IN ({with_a_part_in('CAST(:units AS text[])')})" if units else in_provinces
    return [
        tuple(row)
        for row in session.execute(
            text(
                f"SELECT p.id, p.code FROM project p WHERE p.retired_at IS NULL AND {scope} "
                "AND (CAST(:plans AS int[]) IS NULL OR p.plan_id = ANY(:plans)) AND NOT EXISTS "
                "(SELECT 1 FROM unnest(CAST(:codes AS text[])) f(code) WHERE f.code = p.code) ORDER BY p.code"
            ),
            {"codes": codes, "provinces": provinces, "plans": plans, "districts": districts, "units": units},
        )
    ]


#: The texts a shapefile's field may cut (the shorter ones, codes and vocabularies, fit).
LONG_TEXTS = (
    *("name_vi", "name_en", "funding_source"),
    *("description_vi", "description_en", "location_note_vi", "location_note_en"),
)


def keep_whole_texts(session: Session, limit: int) -> tuple[dict[str, int], int]:
    """Upsert mode, a shapefile: a staged text of at least ``limit`` bytes (its field full) that begins the stored text
    of its project is that text cut by a shapefile export: the stored one is staged instead, so a reload of an export
    neither cuts nor "updates" it. Sources are compared as an export writes them (joined by "; ", the provenance of
    the load that wrote them last); the sources kept are those the project cites. Returns how many texts were kept,
    by field, and how many others of that length are the stored texts as they are (short enough not to be cut)."""
    sources = "ARRAY(SELECT jsonb_array_elements_text({}))"
    # field -> (the file's text, the stored texts an export writes for it, what is kept)
    texts = {c: (f"s.{c}", [f"p.{c}"], f"p.{c}") for c in LONG_TEXTS}
    texts["sources"] = (  # joined by "; ", or as a JSON array where a source holds a ";" (geo.sources_field)
        "array_to_string(s.sources, '; ')",
        [f"array_to_string({sources.format('p.sources')}, '; ')", "p.sources::text"],
        sources.format(_cited("p.sources")),
    )
    cut = {
        c: f"(octet_length({new}) >= :limit AND ("
        + " OR ".join(f"(starts_with({old}, {new}) AND {old} <> {new})" for old in olds)
        + "))"
        for c, (new, olds, _) in texts.items()
    }
    same = " + ".join(
        f"(octet_length({new}) >= :limit AND {new} IN ({', '.join(olds)}))::int" for new, olds, _ in texts.values()
    )
    found = ", ".join(f"{cut[c]} AS {c}_cut, {whole} AS {c}_whole" for c, (_, _, whole) in texts.items())
    *kept, as_stored = session.execute(
        text(
            f"WITH full_texts AS (SELECT s.ctid AS row, {found}, {same} AS same FROM {STAGE} s "
            "  JOIN project p ON p.code = s.code"
            f"  WHERE {' OR '.join(f'octet_length({new}) >= :limit' for new, _, _ in texts.values())}"  # few rows
            f"), kept AS (UPDATE {STAGE} s SET "
            + ", ".join(f"{c} = CASE WHEN {c}_cut THEN {c}_whole ELSE s.{c} END" for c in texts)
            + f" FROM full_texts f WHERE s.ctid = f.row AND ({' OR '.join(f'{c}_cut' for c in texts)})"
            f"  RETURNING {', '.join(f'{c}_cut' for c in texts)}"
            f") SELECT {', '.join(f'(SELECT count(*) FROM kept WHERE {c}_cut)' for c in texts)}, "
            "  (SELECT coalesce(sum(same), 0) FROM full_texts)"
        ),
        {"limit": limit},
    ).one()
    return {c: n for c, n in zip(texts, kept, strict=True) if n}, int(as_stored)


def matched_rows(session: Session) -> bytes:
    """Upsert mode: a digest of the existing projects the staged codes match, each as its row is now (its code and
    row version, ``xmin``, which any write of the row changes). The same digest at a preview and at its commit says
    none of them changed in between."""
    return session.scalar(
        text(
            "SELECT decode(md5(coalesce(string_agg(p.code || ':' || p.xmin::text, ',' ORDER BY p.code), '')), 'hex') "
            f"FROM {STAGE} s JOIN LATERAL (SELECT code, xmin FROM project WHERE code = s.code) p ON true"
        )
    )


def matched_versions(session: Session) -> list[list[int]]:
    """Upsert mode: the existing projects the staged codes match, each ``[id, row version]`` (``xmin``, as
    :func:`matched_rows` digests them), in file order: what a preview's commit looks at first
    (:func:`changed_since_check`)."""
    return [
        list(row)
        for row in session.execute(
            text(
                f"SELECT p.id, p.xmin::text::bigint FROM {STAGE} s JOIN project p ON p.code = s.code ORDER BY s.feature"
            )
        )
    ]


def changed_since_check(
    session: Session, checked: list[list[int]], since: datetime, count: int
) -> list[tuple[str, bool]]:
    """The first ``count`` of the projects a preview matched, ``checked`` (:func:`matched_versions`), whose row was
    written since (a status report, an edit, another load), in file order, each with whether an officer's status
    report was recorded on it after ``since`` (the check): one query, before the file is read again, so that a
    Load refused for them says so at once, not after the whole file (10–16 s for 20,000 features)."""
    ids, versions = zip(*checked, strict=True) if checked else ((), ())
    return [
        (code, reported)
        for code, reported in session.execute(
            text(
                "SELECT p.code, EXISTS (SELECT 1 FROM status_event e WHERE e.project_id = p.id "
                "AND e.recorded_at > :since AND e.reporter_name IS DISTINCT FROM :load) "
                "FROM unnest(CAST(:ids AS int[]), CAST(:versions AS bigint[])) WITH ORDINALITY AS c(id, version, n) "
                "JOIN project p ON p.id = c.id WHERE p.xmin::text::bigint <> c.version ORDER BY c.n LIMIT :count"
            ),
            {"ids": list(ids), "versions": list(versions), "since": since, "load": LOAD_REPORTER, "count": count},
        )
    ]


def reported_since(session: Session, since: datetime, count: int) -> list[str]:
    """Upsert mode: the first ``count`` staged codes (file order) of existing projects with a field officer's status
    report recorded after ``since`` (when a preview was checked): what its commit, refused, names as changed
    meanwhile by reports (another load's changes are :func:`loaded_since`'s)."""
    return list(
        session.scalars(
            text(
                f"SELECT s.code FROM {STAGE} s JOIN project p ON p.code = s.code WHERE s.existed AND EXISTS "
                "(SELECT 1 FROM status_event e WHERE e.project_id = p.id AND e.recorded_at > :since "
                "AND e.reporter_name IS DISTINCT FROM :load) "
                "ORDER BY s.feature LIMIT :count"
            ),
            {"since": since, "count": count, "load": LOAD_REPORTER},
        )
    )


_STAGE = "(CAST(:stages AS jsonb) ->> {})::int"


def _back_from(status: str, percent: str) -> str:
    """The file's staged status going back from ``status`` and ``percent``, as the field form asks its officer to
    confirm: an earlier stage of the life cycle (geo.vocab.PROJECT_STAGES), or a lower percent unless it cancels the
    project."""
    return (
        f"({_STAGE.format('s.status')} < {_STAGE.format(status)} "
        f"OR (s.status <> 'cancelled' AND coalesce(s.percent, 0) < {percent}))"
    )


#: A staged existing project the file puts back from its current state (:func:`_back_from`).
STEPS_BACK = f"s.existed AND {STATUS_CHANGED} AND {_back_from('s.old_status', 's.old_percent')}"
#: Whether project ``p`` has a field officer's report recorded after ``:since`` (the load began, or its preview was
#: checked), as ``r.reported``: newer than the file, it is kept (:func:`record_changed_statuses`).
_REPORTED_SINCE = (
    "LATERAL (SELECT CAST(:since AS timestamptz) IS NOT NULL AND EXISTS (SELECT 1 FROM status_event e "
    "WHERE e.project_id = p.id AND e.recorded_at > :since AND e.reporter_name IS DISTINCT FROM :load) AS reported) r "
    "ON TRUE"
)
#: The state project ``p`` held at ``:since`` (the latest report that counts among those recorded by then), as
#: ``held``: its status, percent and the event that set it.
_HELD = (
    "LATERAL (SELECT e.id, e.status, e.percent FROM status_event e WHERE e.project_id = p.id "
    f"AND e.recorded_at <= :since AND {counted()} ORDER BY e.reported_at DESC, e.version DESC LIMIT 1) held ON TRUE"
)


def steps_back(session: Session, since: datetime | None) -> list[tuple[Any, ...]]:
    """Upsert mode: every staged project the file puts back (file order), as ``(code, status, percent, file's status,
    file's percent, report, name)``, each one, for the list a refusal writes (trial s71: 5 named of 258, the rest
    nowhere): an office's file older than the field reports
    since would undo them, and its load says so before it is committed (trial 48). ``report`` is the field officer's
    report that set that state, as ``[day, officer, agency_vi, agency_en]`` (its agency as named that day:
    geo.agencies.REPORTERS_AGENCY; None when a load, the sample or no report did): the sheet may be older than the
    field's word (trial 72). Not those whose state is of a day after the file's statuses' day: a file of an earlier
    day goes into their history, and undoes nothing (:data:`HISTORY_ADDED`).

    The file goes back from what the registry held when the load began (``since``; None: from the state now, as a
    check and a preview's commit read it): a report recorded since, before the load reached the project, is newer
    than the file and kept, the file's status not set on it (:func:`record_changed_statuses`), and is no step back of
    the file. Trial s71's reload of 30,000 projects was refused whole for an officer's report landing 5 s after its
    start."""
    rows = session.execute(
        text(
            "WITH back AS (SELECT s.feature, s.code, "
            "  CASE WHEN r.reported THEN held.status ELSE s.old_status END AS old_status, "
            "  CASE WHEN r.reported THEN held.percent ELSE s.old_percent END AS old_percent, "
            "  s.status, coalesce(s.percent, 0) AS percent, s.name_vi, CASE WHEN r.reported THEN held.id ELSE "
            f"  (SELECT e.id FROM status_event e WHERE e.project_id = p.id AND {counted()} "
            "   ORDER BY e.reported_at DESC, e.version DESC LIMIT 1) END AS event "
            f"  FROM {STAGE} s JOIN LATERAL (SELECT id FROM project WHERE code = s.code) p ON true "
            f"  JOIN {_REPORTED_SINCE} LEFT JOIN {_HELD} "
            f"  WHERE {STEPS_BACK} AND (NOT r.reported OR {_back_from('held.status', 'held.percent')})"
            ") "
            "SELECT b.code, b.old_status, b.old_percent, b.status, b.percent, "
            "  CASE WHEN e.reporter_account_id IS NOT NULL THEN jsonb_build_array(e.reported_at, "
            "    e.reporter_name, ag.name_vi, ag.name_en) END, b.name_vi "
            f"FROM back b LEFT JOIN status_event e ON e.id = b.event LEFT JOIN LATERAL ({REPORTERS_AGENCY}) ag ON TRUE "
            "ORDER BY b.feature"
        ),
        {"stages": json.dumps(PROJECT_STAGES), "since": since, "load": LOAD_REPORTER},
    ).all()
    return [tuple(row) for row in rows]


def reports_kept(session: Session, codes: list[str], since: datetime) -> list[tuple[Any, ...]]:
    """Upsert mode, once :func:`record_changed_statuses` left ``codes`` (staged) as a field report recorded after
    ``since`` made them: each as ``(code, status, percent, file's status, file's percent, report)`` (file order),
    ``report`` the latest such report as ``[day, officer, agency_vi, agency_en]`` (None without one), so that the
    load's warning names the report it kept, not a code alone (trial s71)."""
    rows = session.execute(
        text(
            "SELECT s.code, p.status, p.percent, s.status, coalesce(s.percent, 0), "
            "  (SELECT jsonb_build_array(e.reported_at, e.reporter_name, ag.name_vi, ag.name_en) "
            f"   FROM status_event e LEFT JOIN LATERAL ({REPORTERS_AGENCY}) ag ON TRUE "
            "   WHERE e.project_id = p.id AND e.recorded_at > :since AND e.reporter_name IS DISTINCT FROM :load "
            f"   AND {counted()} ORDER BY e.recorded_at DESC LIMIT 1) "
            f"FROM {STAGE} s JOIN project p ON p.code = s.code WHERE s.code = ANY(:codes) ORDER BY s.feature"
        ),
        {"codes": codes, "since": since, "load": LOAD_REPORTER},
    ).all()
    return [tuple(row) for row in rows]


def history_added(session: Session, count: int) -> list[tuple[str, str, float, str, float, date]]:
    """Upsert mode: the first ``count`` staged projects (file order) whose status in the file goes into their history
    (:data:`HISTORY_ADDED`), as ``(code, file's status, file's percent, status, percent, its day)``: the current
    status, newer, that stays."""
    rows = session.execute(
        text(
            "SELECT s.code, s.status, coalesce(s.percent, 0), s.old_status, s.old_percent, s.old_day "
            f"FROM {STAGE} s WHERE s.existed AND {HISTORY_ADDED} ORDER BY s.feature LIMIT :count"
        ),
        {"count": count},
    ).all()
    return [tuple(row) for row in rows]


@dataclass(frozen=True)
class ChangedSinceExport:
    """An existing project a file exported earlier would change, changed in the registry after the export: the file's
    ``changed_at`` and the registry's, the field reports recorded since (day, who, whether a reviewer rejected it),
    the loads (job, file, who: none from the command line) and what loading the file would undo, field by field."""

    code: str
    exported: datetime
    changed: datetime
    reports: list[tuple[str, str | None, bool]]  # (day, who, rejected: it does not count)
    loads: list[tuple[int, str, str | None]]
    undone: dict[str, list]  # what the file would put back, as what_changes tells it; the status as [status, percent]


#: A staged project an export gave (its ``changed_at``) that changed in the registry after, and that the load would
#: change: loading it would undo what changed since (trial 52), unless its values are the registry's already.
_CHANGED_SINCE = (
    f"s.existed AND s.changed_at IS NOT NULL AND p.changed_at > {EXPORTED} AND (s.changed OR {STATUS_CHANGED})"
)


def statuses_when_exported(session: Session, exported: dict[str, datetime]) -> dict[str, str]:
    """The status each project (by code) had when an export wrote it (``exported``, its ``changed_at``), as the
    registry read it then: its latest report that counts among those recorded by that moment (a report's event is
    recorded at the project's ``changed_at`` it makes). An export's ``status_vi``/``status_en`` are its labels:
    left as they were when only ``status`` is edited (trial 59: warned of although a report had changed the status
    since)."""
    given = json.dumps([{"code": code, "at": at.isoformat()} for code, at in exported.items()])
    rows = session.execute(
        text(
            "SELECT g.code, (SELECT e.status FROM status_event e WHERE e.project_id = p.id AND e.recorded_at <= g.at "
            f"AND {counted()} ORDER BY e.reported_at DESC, e.version DESC LIMIT 1) "
            "FROM jsonb_to_recordset(CAST(:given AS jsonb)) AS g(code text, at timestamptz) "
            "JOIN project p ON p.code = g.code"
        ),
        {"given": given},
    )
    return {code: status for code, status in rows if status}


def changed_since_export(session: Session, count: int) -> tuple[int, list[ChangedSinceExport]]:
    """Upsert mode: how many staged projects of an export the load would change although they changed after the
    export (:data:`_CHANGED_SINCE`), and the first ``count`` (file order) with what changed since: the field reports
    recorded after it and the loads that wrote them after it (their audit entries and status events name them)."""
    load_sources = (
        "SELECT l.detail FROM audit_log l WHERE l.entity = 'project' AND l.entity_id = c.id::text "
        "AND l.action = :changed AND l.at > c.exported UNION SELECT e.source FROM status_event e "
        "WHERE e.project_id = c.id AND e.recorded_at > c.exported AND e.reporter_name = :load"
    )
    rows = session.execute(
        text(
            "WITH stale AS MATERIALIZED ("
            f"  SELECT s.feature, s.code, {EXPORTED} AS exported, p.id, p.changed_at"
            f"  FROM {STAGE} s JOIN LATERAL (SELECT id, changed_at FROM project WHERE code = s.code) p ON true"
            f"  WHERE {_CHANGED_SINCE}"
            "), shown AS (SELECT * FROM stale ORDER BY feature LIMIT :count) "
            "SELECT c.code, c.exported, c.changed_at, (SELECT count(*) FROM stale), "
            f"  ARRAY(SELECT jsonb_build_array(e.reported_at, e.reporter_name, NOT {counted()}) FROM status_event e "
            "    WHERE e.project_id = c.id AND e.recorded_at > c.exported AND e.reporter_name IS DISTINCT FROM :load "
            "    ORDER BY e.recorded_at LIMIT :count), "
            "  ARRAY(SELECT jsonb_build_array(j.id, j.file_name, a.display_name) FROM ingest_job j "
            "    LEFT JOIN account a ON a.id = j.account_id "
            f"    WHERE j.file_name || ' (ingest job ' || j.id || ')' IN ({load_sources}) ORDER BY j.id), "
            f"  {_field_changes(_STATE_GIVEN)} "
            f"FROM shown c JOIN {STAGE} s ON s.code = c.code JOIN project p ON p.id = c.id ORDER BY c.feature"
        ),
        {"count": max(count, 1), "load": LOAD_REPORTER, "changed": RECORD_CHANGED},
    ).all()
    found = [
        ChangedSinceExport(code, exported, changed, [tuple(r) for r in reports], [tuple(j) for j in loads], undone)
        for code, exported, changed, _, reports, loads, undone in rows[:count]
    ]
    return (rows[0][3] if rows else 0), found


def ahead_of_the_registry(session: Session, count: int) -> tuple[int, list[tuple[str, datetime, datetime]]]:
    """Upsert mode: how many staged projects of an export say they changed later than the registry says, and the
    first ``count`` (file order) as ``(code, the file's changed_at, the registry's)``: a file not exported from this
    registry, or its changed_at edited."""
    rows = session.execute(
        text(
            "SELECT s.code, s.changed_at, p.changed_at, count(*) OVER () FROM "
            f"{STAGE} s JOIN LATERAL (SELECT changed_at FROM project WHERE code = s.code) p ON true "
            "WHERE s.existed AND s.changed_at > p.changed_at ORDER BY s.feature LIMIT :count"
        ),
        {"count": max(count, 1)},
    ).all()
    return (rows[0][3] if rows else 0), [tuple(row[:3]) for row in rows[:count]]


def loaded_since(session: Session, since: datetime, count: int) -> list[tuple[str, int, str, str | None]]:
    """Upsert mode: the first ``count`` staged codes (file order) of existing projects another load committed after
    ``since`` wrote (their sources end with its provenance) or gave another status, each with that load's job, file
    and the name of the colleague who loaded it (none for a load from the command line): what a refused commit names
    as changed meanwhile by another file, and whom to ask about it."""
    return [
        tuple(row)
        for row in session.execute(
            text(
                "WITH loads AS (SELECT j.id, j.file_name, j.file_name || ' (ingest job ' || j.id || ')' AS provenance, "
                "  a.display_name FROM ingest_job j LEFT JOIN account a ON a.id = j.account_id "
                "  WHERE j.target = 'projects' AND j.state = 'committed' AND j.finished_at > :since) "
                f"SELECT s.code, l.id, l.file_name, l.display_name FROM {STAGE} s JOIN project p ON p.code = s.code "
                "JOIN LATERAL (SELECT * FROM loads l WHERE p.sources ->> -1 = l.provenance OR EXISTS ("
                "  SELECT 1 FROM status_event e WHERE e.project_id = p.id AND e.recorded_at > :since "
                "  AND e.source = l.provenance) ORDER BY l.id DESC LIMIT 1) l ON true "
                "WHERE s.existed ORDER BY s.feature LIMIT :count"
            ),
            {"since": since, "count": count},
        )
    ]


def existing_codes(session: Session) -> tuple[int, list[tuple[int, str]]]:
    """Append mode: how many staged codes are projects already, and the first :data:`SHOWN` of them with their
    features (a load that finds any goes on checking the rest of the file, and writes nothing)."""
    found = session.execute(
        text(
            f"SELECT feature, code, count(*) OVER () FROM {STAGE} s "
            f"WHERE (SELECT true FROM project WHERE code = s.code) ORDER BY feature LIMIT {SHOWN}"
        )
    ).all()
    return (found[0][2] if found else 0), [(feature, code) for feature, code, _ in found]


def registered(session: Session, features: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """Of ``(feature, code)`` pairs (features not staged: refused for another problem), those whose code is a
    project's already, in feature order."""
    found = set(
        session.scalars(text("SELECT code FROM project WHERE code = ANY(:codes)"), {"codes": [c for _, c in features]})
    )
    return sorted((feature, code) for feature, code in features if code in found)


def existing_refused(count: int, named: list[tuple[int, str]]) -> Said:
    """The refusal of a layer's ``count`` codes already in the registry, the first ``named`` with their features."""
    shown = joined([said("feature_code", index=str(f), code=c) for f, c in named], ", ", ", ")
    more = beyond_shown(count, len(named))
    return said("projects_exist", named=shown, more=more)


def check_rows(session: Session, provenance: str, mode: str) -> Told:
    """Dry run: the staged projects into a scratch copy of the project table (its types and checks), not the table;
    returns what the load would do with them (as :func:`write_rows` and :func:`record_changed_statuses` tell)."""
    session.execute(
        text(
            f"CREATE TEMP TABLE IF NOT EXISTS {SCRATCH} (LIKE project INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
            "ON COMMIT DROP"
        )
    )
    session.execute(text(f"ALTER TABLE {SCRATCH} ALTER id DROP DEFAULT, ALTER id DROP NOT NULL"))
    session.execute(text(f"TRUNCATE {SCRATCH}"))
    session.execute(text(f"INSERT INTO {SCRATCH} {_selected(', geom')}"), {"provenance": provenance})
    if mode == "append":
        first = f"(array_agg(code ORDER BY feature))[1:{NAMED}]"
        return _told(*session.execute(text(f"SELECT count(*), 0, 0, 0, 0, {first} FROM {STAGE}")).one())
    told = session.execute(text(f"SELECT {_counted('s.changed')} FROM {STAGE} s")).one()  # as mark_existing found
    return _told(*told)


#: A project's values as a reload's changes show them (``{t}`` the row): its columns, its references by their codes.
SHOWN_VALUES = {
    **{c: f"{{t}}.{c}" for c in PROJECT_COLUMNS if c not in ("code", "plan_id", "plan_action_id", "lead_agency_id")},
    "plan": "(SELECT code FROM plan WHERE id = {t}.plan_id)",
    "plan_action": "(SELECT code FROM plan_action WHERE id = {t}.plan_action_id)",
    "lead_agency": "(SELECT code FROM agency WHERE id = {t}.lead_agency_id)",
}


_GIVEN = "s.status IS NOT NULL AND NOT s.earlier"  # a status the load makes the current one
#: A status or percent the file gives, as its event would set it: each field [registry's, file's].
_STATUS_GIVEN = {
    "status": f"CASE WHEN {_GIVEN} AND s.status <> p.status THEN jsonb_build_array(p.status, s.status) END",
    "percent": f"CASE WHEN {_GIVEN} AND coalesce(s.percent, 0) <> p.percent THEN jsonb_build_array(p.percent, "
    "coalesce(s.percent, 0)) END",
}
#: The same as one field, the state the field form writes ("Đang thi công, 60 %"): [[status, percent], [the file's]].
_STATE_GIVEN = {
    "status": f"CASE WHEN {_GIVEN} AND (s.status, coalesce(s.percent, 0)) IS DISTINCT FROM (p.status, p.percent) "
    "THEN jsonb_build_array(jsonb_build_array(p.status, p.percent), jsonb_build_array(s.status, coalesce(s.percent, "
    "0))) END",
}


def what_changes(session: Session, count: int) -> tuple[dict[str, dict[str, list]], dict[str, list]]:
    """Upsert mode: what the load changes in the staged projects it updates, compared once for both answers: the
    first ``count`` (file order) field by field, ``{code: {field: [registry's value, file's value]}}`` (a status or
    percent given, as its event would set it; the geometry as ``[its type, the file's type, metres between a point
    on each, sizes]``); and each field over all of them, ``{field: [how many, the first FIELD_CODES codes]}`` — the
    first ten listed were percent changes while the same reload put back 26 names and 22 sites a later load had set
    (trial 60). Read before the rows are written, so that a load tells it as its preview did."""
    first, by_field = session.execute(
        text(
            "WITH changed AS MATERIALIZED ("
            f"SELECT s.code, s.feature, {_field_changes(_STATUS_GIVEN)} AS fields FROM {STAGE} s "
            "JOIN LATERAL (SELECT * FROM project WHERE code = s.code) p ON true "
            f"WHERE s.existed AND (s.changed OR {STATUS_CHANGED})) "
            "SELECT (SELECT coalesce(jsonb_object_agg(code, fields), '{}') FROM "
            "  (SELECT code, fields FROM changed ORDER BY feature LIMIT :count) listed), "
            "(SELECT coalesce(jsonb_object_agg(field, jsonb_build_array(n, codes)), '{}') FROM "
            f"  (SELECT field, count(*) AS n, (array_agg(code ORDER BY feature))[1:{FIELD_CODES}] AS codes "
            "   FROM changed, jsonb_object_keys(fields) field GROUP BY field) counted)"
        ),
        {"count": count},
    ).one()
    return first, by_field


def record_value_changes(session: Session, provenance: str, account_id: int | None) -> None:
    """Upsert mode, before the write: an entry in the audit log for each existing project whose values the load
    changes, with each field before and after as :func:`what_changes` tells them (a status changed has its status
    event). A reload's rename or move is kept in the project's record (geo.queries.history), not only in the load's
    report."""
    session.execute(
        text(
            "INSERT INTO audit_log (account_id, actor, action, entity, entity_id, changes, detail) "
            f"SELECT :account, :load, '{RECORD_CHANGED}', 'project', p.id::text, {_field_changes()}, :provenance "
            f"FROM {STAGE} s JOIN LATERAL (SELECT * FROM project WHERE code = s.code) p ON true "
            "WHERE s.existed AND s.changed"
        ),
        {"account": account_id, "load": LOAD_REPORTER, "provenance": provenance},
    )


def _field_changes(more: dict[str, str] | None = None) -> str:
    """The staged project's (``s``) values that differ from the registry's (``p``), as a JSON object: ``{field:
    [registry's value, file's value]}``, the geometry as ``[its type, the file's type, metres between a point on
    each, sizes]``; ``more``: other fields' expressions."""
    changed = {
        field: f"CASE WHEN {old} IS DISTINCT FROM {new} THEN jsonb_build_array({old}, {new}) END"
        for field, (old, new) in {
            **{f: (v.format(t="p"), v.format(t="s")) for f, v in SHOWN_VALUES.items()},
            "sources": (_cited("p.sources"), _cited("to_jsonb(s.sources)")),
        }.items()
    } | (more or {})
    moved = "round(ST_Distance(ST_PointOnSurface(p.geom)::geography, ST_PointOnSurface(s.geom)::geography))"
    changed["geom"] = (
        f"CASE WHEN NOT ({_same_shape('p', 's')}) THEN jsonb_build_array(GeometryType(p.geom), GeometryType(s.geom), "
        f"{moved}, {_SIZES}) END"
    )
    fields = ", ".join(f"'{field}', {sql}" for field, sql in changed.items())
    return f"jsonb_strip_nulls(jsonb_build_object({fields}))"


#: A reshaped area or line's size before and after (a polygon grown by half "moved" only a few metres):
#: ``["area_ha", before, after]`` or ``["length_m", before, after]``; null for points or a change of kind.
_SIZES = (
    "CASE WHEN ST_Dimension(p.geom) = 2 AND ST_Dimension(s.geom) = 2 THEN jsonb_build_array('area_ha', "
    "round((ST_Area(p.geom::geography) / 1e4)::numeric, 2), round((ST_Area(s.geom::geography) / 1e4)::numeric, 2)) "
    "WHEN ST_Dimension(p.geom) = 1 AND ST_Dimension(s.geom) = 1 THEN jsonb_build_array('length_m', "
    "round(ST_Length(p.geom::geography)), round(ST_Length(s.geom::geography))) END"
)


def write_rows(session: Session, provenance: str, mode: str, today: date) -> Told:
    """Insert or update the staged projects (by code), queue the shares (geo.share_queue) of those new or placed
    otherwise (:data:`PLACED_BY`) and add each new project's first status event, in one statement; returns what it
    did with them.

    A new project is written with the state of its first event (version 1); an existing one keeps its state, which
    only its events change (:func:`record_changed_statuses`). An existing project whose values in the file are those
    it has is left as it is: not rewritten, not queued, its sources still naming the load that wrote it."""
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*PROJECT_COLUMNS, "sources", "geom"] if c != "code")
    differs = _differs("project", "EXCLUDED", "EXCLUDED.sources - -1")
    conflict = f"ON CONFLICT (code) DO UPDATE SET {updates} WHERE {differs}" if mode == "upsert" else ""
    first_state = ", version, status, percent, status_date"
    first_values = ", 1, coalesce(status, 'proposed'), coalesce(percent, 0), CAST(:today AS date)"
    # An update by code offers the insert only the new projects and those mark_existing found the file changes (as
    # a preview counts them): an unchanged one sent to ON CONFLICT had its generated measures computed and its row
    # locked, a write of its page, for nothing; 100,000 times in a reload of an unchanged inventory (session 70).
    offered = "" if mode == "append" else "WHERE NOT existed OR changed"
    selected = _selected(", geom", first_state, first_values, offered)
    # Appended projects are new (their codes were refused otherwise): none is queued yet, none has events; a plain
    # insert into the queue spares the speculative insertion ON CONFLICT needs.
    new_only = "" if mode == "append" else f"JOIN {STAGE} s ON s.code = w.code WHERE NOT s.existed"
    placed = "" if mode == "append" else f"JOIN {STAGE} s ON s.code = w.code WHERE s.placed"  # new ones are placed
    queued_before = "" if mode == "append" else "ON CONFLICT (project_id) DO NOTHING"
    counted = (
        f"SELECT count(*), 0, 0, 0, 0, (array_agg(code ORDER BY id))[1:{NAMED}] FROM written"  # ids in file order
        if mode == "append"
        else f"SELECT {_counted('w.code IS NOT NULL')} FROM {STAGE} s LEFT JOIN written w ON w.code = s.code"
    )
    told = session.execute(
        text(
            f"WITH written AS (INSERT INTO project {selected} {conflict} "
            "  RETURNING id, code, version, status, percent, changed_at"
            "), queued AS ("
            f"  INSERT INTO project_share_queue (project_id) SELECT w.id FROM written w {placed} {queued_before}"
            "), first_events AS ("
            "  INSERT INTO status_event (project_id, version, status, percent, reported_at, source, reporter_name, "
            "  is_demo, recorded_at) SELECT w.id, w.version, w.status, w.percent, :today, :provenance, :load, false, "
            f"  w.changed_at FROM written w {new_only}"
            f") {counted}"
        ),
        {"provenance": provenance, "today": today, "load": LOAD_REPORTER},
    ).one()
    return _told(*told)


def _differs(old: str, new: str, new_sources: str) -> str:
    """True where the file's values for a project (``new``) differ from the registry's (``old``): a column, the
    geometry or the sources; ``new_sources`` are the file's.

    A load adds its provenance ("file.gpkg (ingest job 12)") to the sources of the projects it writes, and an export
    writes them as stored: a trailing provenance is dropped on both sides before comparing. The geometry differs when
    it is not the same shape within :data:`SAME_PLACE`: a site written as a one-point MultiPoint (as an export writes a
    layer that holds multi-site projects too) is the Point stored, an export in VN-2000 comes back a tenth of a
    millimetre from where it was, a copy through the OGC API within a centimetre and a GeoJSON export within 8 cm.
    So a reloaded export changes nothing."""
    columns = [c for c in PROJECT_COLUMNS if c != "code"]
    return (
        f"(({', '.join(f'{old}.{c}' for c in columns)}, {_cited(f'{old}.sources')}) IS DISTINCT FROM "
        f"({', '.join(f'{new}.{c}' for c in columns)}, {_cited(new_sources)}) OR NOT ({_same_shape(old, new)}))"
    )


def _same_shape(old: str, new: str) -> str:
    """True where the geometries of ``old`` and ``new`` are the same shape within :data:`SAME_PLACE`."""
    return (
        f"{old}.geom IS NOT DISTINCT FROM {new}.geom "
        f"OR coalesce(ST_HausdorffDistance({old}.geom, {new}.geom) <= {SAME_PLACE}, false)"
    )


def sites_unchanged(session: Session, sites: dict[str, Any], on_the_site: float | None = None) -> dict[str, Any]:
    """Of ``sites`` (a project's code -> the file's geometry of it), the projects whose stored site the load leaves as
    it is, by code with that site: the file's (within :data:`SAME_PLACE`), or, a sheet's point within ``on_the_site``
    metres of a registered line or area, the line or area it keeps (:func:`keep_sites_under_points`). What a reload
    says of a site was said when it was loaded."""
    if not sites:
        return {}
    given = (
        "SELECT code, ST_GeomFromWKB(wkb, 4326) AS geom "
        "FROM unnest(CAST(:codes AS text[]), CAST(:wkbs AS bytea[])) AS f(code, wkb)"
    )
    kept = f" OR {_point_on_its_site('p', 'f')}" if on_the_site is not None else ""
    rows = session.execute(
        text(
            f"SELECT f.code, ST_AsBinary(p.geom) FROM ({given}) f JOIN project p ON p.code = f.code "
            f"WHERE {_same_shape('p', 'f')}{kept}"
        ),
        {"codes": list(sites), "wkbs": [shapely.to_wkb(geom) for geom in sites.values()], "metres": on_the_site},
    ).all()
    return {code: shapely.from_wkb(bytes(site)) for code, site in rows}


def _cited(sources: str) -> str:
    """``sources`` (a JSON array) without a load's provenance at its end: what the project cites."""
    return f"(CASE WHEN ({sources}) ->> -1 LIKE '{PROVENANCE_LIKE}' THEN ({sources}) - -1 ELSE ({sources}) END)"


def _counted(changed: str) -> str:
    """The staged projects (``s``) counted as :data:`CHANGES`, then the first codes of the new and of the updated
    ones, in file order; ``changed`` is true for an existing project whose values the load changes."""
    updated = f"({changed} OR {STATUS_CHANGED})"
    left = f"NOT {updated} AND NOT ({HISTORY_ADDED})"
    return (
        f"count(*) FILTER (WHERE NOT s.existed), count(*) FILTER (WHERE s.existed AND {updated}), "
        f"count(*) FILTER (WHERE s.existed AND {STATUS_CHANGED}), "
        f"count(*) FILTER (WHERE s.existed AND {HISTORY_ADDED}), count(*) FILTER (WHERE s.existed AND {left}), "
        f"(array_agg(s.code ORDER BY s.feature) FILTER (WHERE NOT s.existed))[1:{NAMED}], "
        f"(array_agg(s.code ORDER BY s.feature) FILTER (WHERE s.existed AND {updated}))[1:{NAMED}]"
    )


@dataclass
class Told:
    """What a chunk's load did (or would do) with its projects: how many of each of :data:`CHANGES`, and the first
    codes of the new and of the updated ones (upsert mode), for the report to name."""

    changes: dict[str, int]
    named: dict[str, list[str]]


def _told(
    new: int,
    updated: int = 0,
    status_changed: int = 0,
    history_added: int = 0,
    unchanged: int = 0,
    new_codes: list[str] | None = None,
    updated_codes: list[str] | None = None,
) -> Told:
    counts = dict(zip(CHANGES, (new, updated, status_changed, history_added, unchanged), strict=True))
    return Told(counts, {"new": new_codes or [], "updated": updated_codes or []})


def _selected(extra: str, state: str = "", state_values: str = "", where: str = "") -> str:
    columns = ", ".join(PROJECT_COLUMNS)
    return (
        f"({columns}, sources{extra}{state}) SELECT {columns}, "
        f"to_jsonb(sources || CAST(:provenance AS text)){extra}{state_values} FROM {STAGE} {where} ORDER BY feature"
    )


#: The staged project's status and percent that the file changes, as :data:`_STATUS_GIVEN` tells them (against the
#: state the load read): those a report overtook are taken out of the load's list of changes.
_NOT_SET = (
    "array_remove(ARRAY[CASE WHEN NOT s.earlier AND s.status <> s.old_status THEN 'status' END, "
    "CASE WHEN NOT s.earlier AND coalesce(s.percent, 0) <> s.old_percent THEN 'percent' END], NULL)"
)


@dataclass
class Overtaken:
    """Projects whose status in the file was not applied: a status report was recorded on them after the load read
    them (a field officer's report is newer than the file); ``codes`` in file order, with whether the file changed
    their other values (``values_changed``), which were loaded."""

    codes: list[str]
    values_changed: list[bool]
    history: list[bool]  # the file's status was of an earlier day than the project's (:data:`HISTORY_ADDED`)
    not_set: list[list[str]]  # of "status" and "percent", those the file would have changed (:func:`what_changes`)


def record_changed_statuses(session: Session, provenance: str, today: date, since: datetime) -> Overtaken:
    """An event for each existing project whose given status or percent differs, which takes the project's next
    version and sets its current state unless a later report is already recorded (as
    geo.status_history.append_status_event does for one).

    A project with a field report recorded after ``since`` (the load began, or its preview was checked), or reported
    on since :func:`mark_existing` read it (its version moved on), is left as its report made it: the file is older
    than the report, and applying it would silently undo a report its officer was told was recorded. A report
    recorded before the load reached the project's rows is as new as one recorded after: trial 54's load of 100,000
    rows wrote "operating" over a "completed" recorded 23 s after the load began. Under READ COMMITTED the update
    re-reads a row a report committed meanwhile, so the version test sees the report. Returns those projects."""
    rows = session.execute(
        text(
            "WITH changed AS ("
            "  SELECT p.id, s.code, s.feature, s.changed, s.earlier, s.old_version, s.status,"
            f"  coalesce(s.percent, 0) AS percent, {_NOT_SET} AS not_set"
            f"  FROM {STAGE} s JOIN project p ON p.code = s.code"
            f"  WHERE s.existed AND ({STATUS_CHANGED} OR {HISTORY_ADDED})"
            "), bumped AS ("
            "  UPDATE project p SET version = p.version + 1,"
            "    status = CASE WHEN p.status_date IS NULL OR p.status_date <= :today THEN c.status ELSE p.status END,"
            "    percent = CASE WHEN p.status_date IS NULL OR p.status_date <= :today THEN c.percent"
            "      ELSE p.percent END,"
            "    status_date = GREATEST(p.status_date, :today)"
            "  FROM changed c WHERE p.id = c.id AND p.version = c.old_version AND NOT EXISTS ("
            "    SELECT 1 FROM status_event e WHERE e.project_id = p.id AND e.recorded_at > :since"
            "    AND e.reporter_name IS DISTINCT FROM :load)"
            "  RETURNING p.id, p.version, c.status, c.percent, p.changed_at"
            "), recorded AS ("
            "  INSERT INTO status_event (project_id, version, status, percent, reported_at, source, reporter_name, "
            "  is_demo, recorded_at) SELECT id, version, status, percent, :today, :provenance, :load, false, "
            "  changed_at FROM bumped"
            ") SELECT code, changed, earlier, not_set FROM changed WHERE id NOT IN (SELECT id FROM bumped) "
            "ORDER BY feature"
        ),
        {"today": today, "provenance": provenance, "load": LOAD_REPORTER, "since": since},
    ).all()
    return Overtaken(*(list(column) for column in zip(*rows, strict=True))) if rows else Overtaken([], [], [], [])
