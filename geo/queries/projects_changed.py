"""Which projects changed since the projects' layer version a page holds: what an open map or /progress asks every
few seconds, so that a report sent from the field shows there with the project's name (trial: a planner's pages
showed a field officer's three reports only at their minute's refresh, and never said which project had changed).

The version is the token of the projects' tile URLs (``version.edits``, geo.layer_versions). Its edit counter
commits in order, and each edit of a project writes the project's id beside its footprint (``tile_expiry``), so
"the edits after n" names every project changed since a page saw edit n, whatever order the writers' transactions
began in. A page whose version is current costs one read of one row by its key; one behind, a range of the
footprints' index. An edit of a project with no site writes its id without a box (geo.layer_versions), so it is
named as the others; a load (the version itself changed) or a page behind by more edits than are kept is told the
projects were reloaded.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.layer_versions import KEPT_EDITS, LayerState, read_states, version_token
from geo.queries.projects import ProjectFilter, matching_ids

#: The projects a poll's answer names at most (it counts them all).
NAMED = 5
TOKEN = re.compile(r"^(\d{1,18})\.(\d{1,18})$")

_CHANGED_IDS = """
SELECT feature_id FROM tile_expiry
WHERE layer_id = 'projects' AND edit > :after AND edit <= :upto AND feature_id IS NOT NULL
GROUP BY feature_id
"""
_CHANGED = """
WITH changed AS (
    SELECT feature_id, max(edit) AS edit FROM tile_expiry
    WHERE layer_id = 'projects' AND edit > :after AND edit <= :upto AND feature_id IS NOT NULL
    GROUP BY feature_id
)
SELECT p.id AS project_id, p.code, p.name_vi, p.name_en, p.status, p.percent, p.retired_at IS NOT NULL AS retired,
       p.changed_at, count(*) OVER () AS total
FROM changed c JOIN project p ON p.id = c.feature_id
WHERE CAST(:shown AS int[]) IS NULL OR p.id = ANY(:shown)
ORDER BY c.edit DESC LIMIT :limit
"""
#: The projects' latest load (the layer's version changed by it): its job, file, who, when. A command-line load has
#: no account (its job's account_id is null).
_LATEST_LOAD = """
SELECT j.id AS job, j.file_name AS file, a.display_name AS loaded_by, j.finished_at AS at
FROM ingest_job j LEFT JOIN account a ON a.id = j.account_id
WHERE j.target = 'projects' AND j.state = 'committed' AND j.finished_at IS NOT NULL
ORDER BY j.finished_at DESC LIMIT 1
"""
_EDITS_NAMED = """
SELECT count(DISTINCT edit) FROM tile_expiry
WHERE layer_id = 'projects' AND edit > :after AND edit <= :upto AND feature_id IS NOT NULL
"""


def parse_version(token: str) -> LayerState | None:
    """The layer state a page's token (``3.17``) says; None for anything else."""
    found = TOKEN.match(token)
    return LayerState(int(found[1]), int(found[2])) if found else None


def projects_changed_after(
    session: Session, seen: LayerState | None, filters: ProjectFilter | None = None
) -> dict[str, Any]:
    """The projects' version now, and what changed after ``seen`` (None: nothing asked): the projects changed, the
    latest changed first (their state now), how many (``count``), the edits of projects without a site
    (``unlisted``), and ``reloaded``: the whole layer changed (a load: ``load`` names the latest, its job, file, who
    and when), or too much to say since ``seen``. With the
    map's ``filters``, those it shows alone are counted and named, the others counted in ``outside`` (trial s71: a
    planner filtered to Bạc Liêu's sluices was told of a Trà Vinh sluice and dykes)."""
    now = read_states(session.connection(), ["projects"])[0]
    answer: dict[str, Any] = {"version": version_token([now]), "reloaded": False, "count": 0, "unlisted": 0}
    answer["outside"] = 0
    if seen is None or seen == now:
        return answer | {"projects": []}
    if seen.version != now.version:  # a load: named, so that a planner knows whose file redrew the map (trial s72)
        load = session.execute(text(_LATEST_LOAD)).mappings().first()
        return answer | {"reloaded": True, "projects": [], "load": dict(load) if load else None}
    if not now.edits - KEPT_EDITS <= seen.edits < now.edits:
        return answer | {"reloaded": True, "projects": []}
    bounds = {"after": seen.edits, "upto": now.edits}
    shown = None
    if filters is not None and filters != ProjectFilter():
        changed = list(session.scalars(text(_CHANGED_IDS), bounds))
        shown = sorted(matching_ids(session, filters, changed))
        answer["outside"] = len(changed) - len(shown)
    rows = [dict(r) for r in session.execute(text(_CHANGED), bounds | {"limit": NAMED, "shown": shown}).mappings()]
    named_edits = session.execute(text(_EDITS_NAMED), bounds).scalar_one()
    count = rows[0]["total"] if rows else 0
    for row in rows:
        del row["total"]
    return answer | {"count": count, "unlisted": now.edits - seen.edits - named_edits, "projects": rows}
