"""Matching a status file's rows to projects (geo.bulk_status_reports), all rows at once.

A row naming a code (column ``ma``) is about the project of that code, when it lies within the radius; a row without
one, about the one project within the radius of its point (after its optional ``kind`` column). Each kind of match
is one statement for every row of the file (geo.queries.near.coded_at, nearest_to_each), and the account's projects
among several near a row one more: searched a row at a time, 300 rows took 5-20 s on a loaded machine
(docs/benchmarks.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from geo.bulk_status_checks import ambiguous, candidate, only_yours, told, unmatched
from geo.bulk_status_files import Row
from geo.coded_words import code_of
from geo.jurisdiction import changeable
from geo.models import Account
from geo.queries.near import coded_at, nearest_to_each
from geo.status_reports import StatusReport
from geo.vocab import PROJECT_KINDS

Matched = list[tuple[Row, StatusReport, dict[str, Any]]]
"""(row, report, project as the row's lists name it) of each matched row."""


def code_in(row: Row) -> str | None:
    return str(row.values.get("code") or "").strip() or None


def _fits(row: Row, near: dict[str, Any]) -> bool:
    """A row's optional code or kind column narrows its candidates (a dyke runs through its protective forest)."""
    code, kind = code_in(row), row.values.get("kind")
    if code and code != near["code"]:
        return False
    return not kind or code_of(PROJECT_KINDS, kind) == near["kind"]


def match_rows(
    session: Session, account: Account, rows: list[tuple[Row, StatusReport]], radius_m: float
) -> tuple[Matched, list[dict[str, Any]], list[dict[str, Any]]]:
    """The matched rows, and the unmatched and ambiguous ones listed with what to do. Among several projects near a
    row, the only one the account may report on is matched, said so (an agency's dyke through another's forest)."""
    coded = coded_at(session, [(row.number, code, r.lon, r.lat) for row, r in rows if (code := code_in(row))])
    near = nearest_to_each(session, [(row.number, r.lon, r.lat) for row, r in rows if not code_in(row)], radius_m)
    found = {}
    for row, _ in rows:
        if code_in(row):
            by_code = coded.get(row.number)
            within = by_code is not None and by_code.distance_m is not None and by_code.distance_m <= radius_m
            found[row.number] = [c for c in [candidate(by_code)] if _fits(row, c)] if within else []
        else:
            found[row.number] = [c for c in map(candidate, near[row.number]) if _fits(row, c)]
    several = {c["id"] for candidates in found.values() if len(candidates) > 1 for c in candidates}
    yours = changeable(session, account, sorted(several))
    matched, unmatched_rows, ambiguous_rows = [], [], []
    for row, report in rows:
        candidates = found[row.number]
        if not candidates:
            said = unmatched(row.number, report, code_in(row), radius_m, coded.get(row.number))
            unmatched_rows.append({"row": row.number, "lon": report.lon, "lat": report.lat} | told(said))
            continue
        its = [c for c in candidates if c["id"] in yours] if len(candidates) > 1 else []
        if len(its) == 1:
            others = [c for c in candidates if c is not its[0]]
            matched.append((row, report, its[0] | told(only_yours(row.number, its[0], others, radius_m))))
        elif len(candidates) > 1:
            said = ambiguous(row.number, candidates, radius_m)
            ambiguous_rows.append({"row": row.number, "candidates": candidates} | told(said))
        else:
            matched.append((row, report, candidates[0]))
    return matched, unmatched_rows, ambiguous_rows
