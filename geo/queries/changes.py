"""What changed in the registry since a day: the statuses reported or loaded, the projects added and retired, the
values loads changed, the salinity zones and forest rasters loaded and the forest rasters removed, each recorded on or
after that day (in Vietnam) — what a planner tells at a briefing "since the last one". Field reports alone
(geo.queries.field_reports) leave out loads and imported histories, so an empty list of them did not mean nothing
changed (trial 46)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.queries.projects_by_place import former_provinces
from geo.status_history import INTO_HISTORY_ONLY, STATUS_BEFORE
from geo.vocab import FOREST_RASTER_REMOVED, RECORD_CHANGED, SAMPLE_REPORTER

#: The rows of each kind of change a page lists at most (the counts are of all).
LISTED = 500

_SINCE = "CAST(:since AS date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'"
_OF_PROVINCES = "(CAST(:provinces AS text[]) IS NULL OR p.province_code = ANY(CAST(:provinces AS text[])))"
_PROJECT = "p.id AS project_id, p.code, p.name_vi, p.name_en, p.province_code"
# A sample load (georeg load-sample) is not news to a planner: the sample's statuses (reported as the sample data) and
# the projects it added (in the load's transaction, the moment of its audit entry) are left out, and counted (trial 50:
# a reload of the sample listed 36 projects and 24 statuses "since the last meeting").
_NOT_SAMPLE_STATUS = "e.reporter_name IS DISTINCT FROM :sample"
_NOT_SAMPLE_PROJECT = "NOT EXISTS (SELECT 1 FROM audit_log s WHERE s.action = 'load_sample' AND s.at = p.created_at)"

# A status event recorded since the day that follows another: a new project's first event is its being added.
_STATUSES = f"""
SELECT {_PROJECT}, e.status, e.percent, e.reported_at, e.recorded_at, e.source, e.reporter_name, e.is_demo,
       r.verdict AS review_verdict, r.note AS review_note, r.reviewer_name, r.reviewed_at, r.previous_verdict,
       r.previous_reviewer_name, r.previous_reviewed_at,
       coalesce(r.verdict = 'rejected', FALSE) AS rejected, (f.event_id IS NOT NULL AND r.verdict IS NULL) AS to_check,
       prev.status AS status_before, prev.percent AS percent_before, {INTO_HISTORY_ONLY} AS history_only,
       count(*) OVER () AS total,
       count(*) FILTER (WHERE r.verdict = 'rejected') OVER () AS rejected_total
FROM status_event e JOIN project p ON p.id = e.project_id
LEFT JOIN status_event_flag f ON f.event_id = e.id LEFT JOIN status_event_review r ON r.event_id = e.id
JOIN {STATUS_BEFORE}
WHERE e.recorded_at >= {_SINCE} AND {_OF_PROVINCES} AND {_NOT_SAMPLE_STATUS}
ORDER BY e.recorded_at DESC, e.id DESC LIMIT :limit
"""
_ADDED = f"""
SELECT {_PROJECT}, p.kind, p.status, p.percent, p.created_at, p.sources ->> -1 AS source, count(*) OVER () AS total
FROM project p WHERE p.created_at >= {_SINCE} AND {_OF_PROVINCES} AND {_NOT_SAMPLE_PROJECT}
ORDER BY p.created_at DESC, p.id DESC LIMIT :limit
"""
_RETIRED = f"""
SELECT {_PROJECT}, p.retired_at, p.retired_reason, count(*) OVER () AS total
FROM project p WHERE p.retired_at >= {_SINCE} AND {_OF_PROVINCES}
ORDER BY p.retired_at DESC, p.id DESC LIMIT :limit
"""
_EDITED = f"""
SELECT {_PROJECT}, a.at, a.detail AS source, a.changes, count(*) OVER () AS total
FROM audit_log a JOIN project p ON p.id::text = a.entity_id
WHERE a.entity = 'project' AND a.action = '{RECORD_CHANGED}' AND a.at >= {_SINCE} AND {_OF_PROVINCES}
ORDER BY a.at DESC, a.id DESC LIMIT :limit
"""
KINDS = {"statuses": _STATUSES, "added": _ADDED, "retired": _RETIRED, "edited": _EDITED}
# A salinity zone or a unit lies in the provinces chosen (their former codes) when it meets one of their outlines.
_IN_PROVINCES = """(CAST(:provinces AS text[]) IS NULL OR EXISTS (
    SELECT 1 FROM admin_unit pv WHERE pv.scheme = 'pre2025' AND pv.level = 'province'
    AND pv.code = ANY(CAST(:provinces AS text[])) AND ST_Intersects(pv.geom, {geom})))"""
# The outline of what a load covers: its shapes merged, simplified to about 100 m (a hull crossed the neighbouring
# provinces, which no load changed).
_OUTLINE = (
    "ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_UnaryUnion(ST_Collect(ST_SimplifyPreserveTopology({geom}, 0.0005))),"
    " 0.001), 5)::json AS outline"
)
# Who loaded: the account of the upload's job (of the raster the zones were derived from); none: the command line.
_LOADED_BY = "LEFT JOIN ingest_job j ON j.id = {job} LEFT JOIN account a ON a.id = j.account_id"
# Each load of salinity zones since the day (one period from one source in one transaction), the sample's left out
# as its projects are: its period, source, who, how many zones (in the provinces chosen) and their outline.
_SALINITY = f"""
SELECT z.period, z.source, z.loaded_at, a.display_name AS loaded_by, count(*) AS zones,
       {_OUTLINE.format(geom="z.geom")}, count(*) OVER () AS total
FROM salinity_zone z
{
    _LOADED_BY.format(
        job="coalesce(z.ingest_job_id, (SELECT max(r.ingest_job_id) FROM raster_dataset r "
        "WHERE r.theme = 'salinity' AND coalesce(r.period, r.year::text) = z.period))"
    )
}
WHERE z.loaded_at >= {_SINCE} AND {_IN_PROVINCES.format(geom="z.geom")}
      AND NOT EXISTS (SELECT 1 FROM audit_log s WHERE s.action = 'load_sample' AND s.at = z.loaded_at)
GROUP BY z.loaded_at, z.period, z.source, z.ingest_job_id, a.display_name
ORDER BY z.loaded_at DESC LIMIT :limit
"""
# Each forest raster registered since the day: its year, title, source, whether a demonstration, who, how many units
# (of both boundaries, in the provinces chosen) have a cover figure from it and their outline, and whether its figures
# could not be computed (why) or are being computed. With provinces chosen, a raster whose figures say nothing of them
# (it covers none of their units) is left out, as their zones are (trial 65, F7); one without figures yet, or whose
# figures could not be computed, by the same rule read from its footprint: kept when it touches one of them (and when
# it has none, registered before migration 0043), left out otherwise — a Bạc Liêu raster that failed was listed for
# Trà Vinh (session 61).
_FOREST = f"""
SELECT r.id AS raster_id, r.year, r.title, r.source, r.is_demo, r.created_at AS loaded_at,
       a.display_name AS loaded_by, count(u.id) FILTER (WHERE f.cover_percent IS NOT NULL) AS units,
       {_OUTLINE.format(geom="CASE WHEN f.cover_percent IS NOT NULL THEN u.geom END")},
       q.raster_id IS NOT NULL AND q.failed_at IS NULL AS computing, q.failed_at IS NOT NULL AS not_computed,
       q.failure_vi, q.failure_en, count(*) OVER () AS total
FROM raster_dataset r {_LOADED_BY.format(job="r.ingest_job_id")}
LEFT JOIN forest_stats_queue q ON q.raster_id = r.id
LEFT JOIN (forest_unit_stat f JOIN admin_unit u ON u.id = f.unit_id) ON f.raster_id = r.id
     AND {_IN_PROVINCES.format(geom="ST_PointOnSurface(u.geom)")}
WHERE r.theme = 'forest_cover' AND r.created_at >= {_SINCE}
GROUP BY r.id, a.display_name, q.raster_id
HAVING CAST(:provinces AS text[]) IS NULL OR count(u.id) > 0
       OR q.raster_id IS NOT NULL AND (r.footprint IS NULL OR {_IN_PROVINCES.format(geom="r.footprint")})
ORDER BY r.created_at DESC, r.id DESC LIMIT :limit
"""
# Each forest raster removed since the day (georeg forest remove; the audit log keeps it: geo.forest_rasters): its
# year, id, title and source, who removed it (the name they gave, the system login) and when, when it was loaded,
# the units it gave figures and the plans whose value was withdrawn (a removal before geo.changes_table.KEPT_SINCE
# kept neither its load time nor its source). With provinces chosen, one whose footprint (kept with its removal)
# touches none of them is left out; one without (registered before migration 0043, or removed before its footprint
# was kept) kept, as a raster without figures is.
_FOREST_REMOVED = f"""
SELECT CAST(a.entity_id AS integer) AS raster_id, CAST(a.changes ->> 'year' AS integer) AS year,
       a.changes ->> 'title' AS title, a.changes ->> 'source' AS source,
       coalesce(CAST(a.changes ->> 'is_demo' AS boolean), FALSE) AS is_demo,
       a.at AS removed_at, a.changes ->> 'by' AS removed_by, a.changes ->> 'login' AS login,
       CAST(a.changes ->> 'units' AS integer) AS units,
       CAST(a.changes ->> 'loaded_at' AS timestamptz) AS loaded_at,
       coalesce(a.changes -> 'withdrawn', '[]'::jsonb) AS withdrawn, count(*) OVER () AS total
FROM audit_log a
WHERE a.entity = 'raster_dataset' AND a.action = '{FOREST_RASTER_REMOVED}' AND a.at >= {_SINCE}
      AND (a.changes ->> 'footprint' IS NULL
           OR {_IN_PROVINCES.format(geom="ST_GeomFromEWKT(a.changes ->> 'footprint')")})
ORDER BY a.at DESC, a.id DESC LIMIT :limit
"""
#: What befell the environment layers, which /changes lists before the projects' changes (no project of their own):
#: the loads of salinity zones and forest rasters, and the forest rasters removed.
LAYER_CHANGES = {"salinity": _SALINITY, "forest": _FOREST, "forest_removed": _FOREST_REMOVED}
#: Each kind of change in the order /changes lists them — the layers' loads and removals, a few rows, before the
#: projects' changes (trial 65, F21) —, which its counts line and its files follow (they said the statuses first).
SECTIONS = (*LAYER_CHANGES, *KINDS)
_SAMPLE_LEFT_OUT = f"""
SELECT (SELECT count(*) FROM status_event e JOIN project p ON p.id = e.project_id
        WHERE e.recorded_at >= {_SINCE} AND {_OF_PROVINCES} AND NOT {_NOT_SAMPLE_STATUS}) AS statuses,
       (SELECT count(*) FROM project p
        WHERE p.created_at >= {_SINCE} AND {_OF_PROVINCES} AND NOT {_NOT_SAMPLE_PROJECT}) AS added
"""


def changes_since(session: Session, since: date, province: str | None = None, limit: int = LISTED) -> dict[str, Any]:
    """Each kind of change recorded on or after ``since`` (of ``province``'s projects: a former code, or a 2025 one
    for those merged into it), newest first: ``{kind: {"count": all of them, "rows": the first ``limit``}}`` for
    :data:`KINDS` — statuses (with the one before, and ``"rejected"``: how many of them a reviewer rejected), projects
    added, retired, and edited by a load (fields before and after) — and :data:`LAYER_CHANGES`, the salinity zones and
    forest rasters loaded (of ``province``: its zones, its units with a cover figure) and the forest rasters removed
    (those whose footprint touches ``province``); and ``"sample_left_out"``: the
    statuses and projects a sample load recorded then, not news, left out of them."""
    provinces = former_provinces(session, province) if province else None
    params = {"since": since, "provinces": provinces, "limit": limit, "sample": SAMPLE_REPORTER}
    found = {}
    for kind, sql in (KINDS | LAYER_CHANGES).items():
        rows = [dict(row) for row in session.execute(text(sql), params).mappings()]
        totals = [(row.pop("total"), row.pop("rejected_total", None)) for row in rows] or [(0, 0)]
        found[kind] = {"count": totals[0][0], "rows": rows}
        if kind == "statuses":  # a rejected report is listed, marked; the count says how many of them are
            found[kind]["rejected"] = totals[0][1]
    found["sample_left_out"] = dict(session.execute(text(_SAMPLE_LEFT_OUT), params).mappings().one())
    return found


def changed_sites(session: Session, found: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The sites of the projects ``found`` lists (:func:`changes_since`), by project id, as GeoJSON geometries: what
    the page's map draws (it was drawn empty, framed on no province, trial 50); those without a site left out."""
    ids = sorted({row["project_id"] for kind in KINDS for row in found[kind]["rows"]})
    rows = session.execute(
        text("SELECT id, ST_AsGeoJSON(geom, 6)::json FROM project WHERE id = ANY(:ids) AND geom IS NOT NULL"),
        {"ids": ids},
    )
    return dict(rows.all())


#: How many squares across the changed projects' extent /changes' map counts them in, when it lists only the newest
#: (at its framing a square is some 40 px wide or more, its count, "1.234", written in it); and the extent counted as
#: at least this many degrees (a few projects close together are not cut into squares of metres).
ACROSS, SMALLEST_EXTENT = 6, 0.1
# Every project changed since the day, each once, by the same SQL the lists and their counts read (LIMIT NULL: all).
_CHANGED = " UNION ".join(f"SELECT project_id FROM ({sql}) {kind}" for kind, sql in KINDS.items())
_CELLS = f"""
WITH site AS (SELECT ST_PointOnSurface(p.geom) AS at FROM project p JOIN ({_CHANGED}) c ON c.project_id = p.id),
side AS (SELECT greatest(ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e), :smallest) / :across AS cell
         FROM (SELECT ST_Extent(at) AS e FROM site) extent)
SELECT count(*) AS projects, cell,
       ST_AsGeoJSON(ST_MakeEnvelope(i * cell, j * cell, (i + 1) * cell, (j + 1) * cell, 4326), 5)::json AS square
FROM (SELECT floor(ST_X(at) / cell) AS i, floor(ST_Y(at) / cell) AS j, cell FROM site CROSS JOIN side) placed
GROUP BY i, j, cell ORDER BY projects DESC
"""


def all_listed(found: dict[str, Any]) -> bool:
    """Whether :func:`changes_since` listed every project change it counted (none left to "… and N older ones")."""
    return all(found[kind]["count"] <= len(found[kind]["rows"]) for kind in KINDS)


def changed_cells(session: Session, since: date, province: str | None = None) -> list[dict[str, Any]]:
    """Every project changed on or after ``since`` (of ``province``: :func:`changes_since`'s), counted in squares,
    :data:`ACROSS` of them across the extent of their sites, by a point on its site: each square's ``projects``, its
    side (``cell``, degrees) and outline (``square``, GeoJSON), the most first; those without a site in one whose
    ``square`` is None. What /changes' map draws when its lists hold only the newest: it drew those alone, none where
    the older ones were (trial 72: 19,995 projects added, 500 drawn, none in former Trà Vinh where half of them were).
    Squares, not circles: they never overlap, at any zoom."""
    params = {
        "since": since,
        "provinces": former_provinces(session, province) if province else None,
        "limit": None,
        "sample": SAMPLE_REPORTER,
        "across": ACROSS,
        "smallest": SMALLEST_EXTENT,
    }
    return [dict(row) for row in session.execute(text(_CELLS), params).mappings()]
