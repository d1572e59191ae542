"""The status reports accepted though sent from farther than their project's kind allows, newest first: what a
reviewer checks (a report filed from the office rather than on site)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.queries.projects import former_provinces

_FLAGGED = """
SELECT p.id AS project_id, p.code, p.name_vi, p.name_en, p.province_code, e.version, e.status, e.percent,
       e.reported_at, e.recorded_at, e.note_vi, e.reporter_name, e.source, f.reason,
       round(f.distance_m::numeric, 1)::float8 AS distance_m, f.threshold_m, e.reporter_accuracy_m,
       ST_AsGeoJSON(p.geom, 6) AS geometry
FROM status_event_flag f JOIN status_event e ON e.id = f.event_id JOIN project p ON p.id = e.project_id
WHERE {where}
ORDER BY e.recorded_at DESC, e.id DESC LIMIT :limit
"""


def flagged_reports(session: Session, province: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """The flagged reports (of ``province``'s projects: a former code, or a 2025 one for those merged into it)."""
    where, params = "TRUE", {"limit": limit}
    if province:
        where, params["provinces"] = "p.province_code = ANY(:provinces)", former_provinces(session, province)
    return [dict(row) for row in session.execute(text(_FLAGGED.format(where=where)), params).mappings()]
