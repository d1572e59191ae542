"""Bulk status reports: a CSV, a workbook or a GeoJSON of points matched to projects, previewed, then committed.

The preview (dry run) sorts every row into matched, ambiguous (more than one project within
the radius, after the row's optional ``code`` or ``kind`` column), unmatched (none) or
invalid (a value that cannot be read), and names the row and field of each problem, with
what to do; of the matched rows, it lists those on projects the account may not report on,
those putting a project back, and those going into a project's history only
(geo.bulk_status_checks). A commit applies the rows only when every row is matched and the
account may report on each, and none puts a project back unless accepted: all in one
transaction, each row judged by the rules of a single report (distance, a report sent again, audit).

The jobs are apart: reading the file (geo.bulk_status_files), matching its rows to projects (geo.bulk_status_matching),
writing them (geo.bulk_status_writes); each of the last two a few statements for the whole file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from geo.audit import record
from geo.bulk_status_checks import SAID, not_yours, refusal, states, steps_back, steps_back_key, told
from geo.bulk_status_files import Row, RowRefused, column, parse, positions_in, read_rows
from geo.bulk_status_matching import match_rows
from geo.bulk_status_writes import Planned, record_rows
from geo.coordinates import CrsDecision
from geo.jurisdiction import changeable
from geo.layer_versions import expire_projects
from geo.models import Account
from geo.said import Said, SaidError, fill
from geo.settings import Settings
from geo.status_history import STATUS_FIELDS

__all__ = ["BulkReport", "CommitRefused", "commit", "positions_in", "preview", "read_rows"]


@dataclass
class BulkReport:
    file: str
    radius_m: float
    matched: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    not_in_charge: list[dict[str, Any]] = field(default_factory=list)  # matched, on a project the account may not
    steps_back: list[dict[str, Any]] = field(default_factory=list)  # matched, putting the project back
    history_only: list[dict[str, Any]] = field(default_factory=list)  # matched, of a day before the project's state
    committed: bool = False
    import_id: int | None = None  # committed: the import's id, which its rows' source names (import_source)

    def as_dict(self) -> dict[str, Any]:
        counts = {k: len(v) for k, v in asdict(self).items() if isinstance(v, list)}
        counts["already_received"] = sum(1 for row in self.matched if row.get("already_received"))
        return {**asdict(self), "counts": counts, "steps_back_key": steps_back_key(self.steps_back)}


def preview(
    session: Session,
    account: Account,
    filename: str,
    rows: list[Row],
    radius_m: float,
    crs: CrsDecision | None = None,
) -> tuple[BulkReport, Planned]:
    """Sort the rows, and say what the matched ones would do (geo.bulk_status_checks): the rows on projects the
    account may not report on, those putting a project back, those going into a project's history only. Returns the
    report and the (row, project id, report) of the matched rows."""
    result, read = BulkReport(filename, radius_m), []
    for row in rows:
        try:
            read.append((row, parse(row, crs)))
        except RowRefused as refused:
            where = {"row": row.number, "field": refused.field, "column": column(row, refused.field)}
            # its row said first, as an unmatched or ambiguous row's message says it (a re-check of session 71)
            on_row = fill(SAID, "row", row=row.number)
            said = Said(f"{on_row.vi}: {refused.said.vi}", f"{on_row.en}: {refused.said.en}")
            result.invalid.append(where | told(said))
    matched, result.unmatched, result.ambiguous = match_rows(session, account, read, radius_m)
    planned = []
    for row, report, chosen in matched:
        said = {"status": report.status, "percent": report.percent, "reported_at": report.reported_at}
        result.matched.append({"row": row.number, **chosen, **said})
        planned.append((row.number, chosen["id"], report))
    ids = {project_id for _, project_id, _ in planned}
    yours = changeable(session, account, sorted(ids))
    result.not_in_charge = [not_yours(session, account, n, pid) for n, pid, _ in planned if pid not in yours]
    result.steps_back, result.history_only = steps_back(states(session, ids), planned)
    return result, planned


def import_source(filename: str, import_id: int) -> str:
    """The source of a status file's rows, as a load's names its file and job (geo.ingest.jobs.provenance): the
    project's history, and the form told of a report recorded meanwhile, name the file, not a field visit."""
    return f"{filename} (status import {import_id})"


def _import_source(session: Session, account: Account, result: BulkReport, remote_addr: str | None) -> str:
    """The import's entry in the audit log (its id is the import's), and the source its rows are recorded with."""
    entry = record(
        session,
        actor=account,
        action="import_status_file",
        entity="status_file",
        changes={"rows": len(result.matched), "radius_m": result.radius_m, "steps_back": len(result.steps_back)},
        remote_addr=remote_addr,
        detail=result.file,
    )
    session.flush()
    result.import_id = entry.id
    return import_source(result.file, entry.id)


class CommitRefused(SaidError):
    """A commit refused before any row was written: why, naming the rows, and the answer's ``status``."""

    def __init__(self, status: int, said: Said) -> None:
        super().__init__(said)
        self.status = status


def _problems(result: BulkReport, accept_steps_back: bool) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each kind of problem that refuses a commit, with its rows: those matching no project or several (or
    unreadable), those on projects the account may not report on, those putting their project back unless accepted."""
    unsure = sorted([*result.ambiguous, *result.unmatched, *result.invalid], key=lambda row: row["row"])
    problems = [("refused_unmatched", unsure), ("refused_not_in_charge", result.not_in_charge)]
    problems.append(("refused_steps_back", [] if accept_steps_back else result.steps_back))
    return [(key, rows) for key, rows in problems if rows]


def commit(
    session: Session,
    account: Account,
    result: BulkReport,
    planned: Planned,
    settings: Settings,
    remote_addr: str | None,
    accept_steps_back: bool = False,
    steps_back_seen: str | None = None,
) -> BulkReport:
    """Apply every matched row in the caller's transaction, or none.

    CommitRefused names every kind of problem at once (rows matching no project or several, rows on projects the
    account may not report on, rows putting their project back unless ``accept_steps_back``): an officer told one
    kind at a time corrected the file, sent it again and met the next. Its status is 403 when every row is understood
    (matched to one project) and some are on projects outside the account's care: a matter of rights, whether or
    not steps back wait for their confirmation (a step back is no fault: the file may be right). When a row cannot
    be read or matched, the file itself is at fault: 422, whatever else is wrong (a client reading 403 would look at
    the account's rights, not at the file). Steps back are judged again with
    the file's projects locked (a report sent since the dry run counts); a ReportRefused of a row (naming it) undoes
    them all. The projects' tiles expire once, at the end: the layer's edit counter, which every report takes to its
    commit, is held for a moment, not for the whole file (geo.layer_versions). With ``steps_back_seen`` (the dry
    run's ``steps_back_key``), the steps back accepted are those the officer saw: others, found with the projects
    locked, are refused (409) naming them."""
    if not (result.matched or _problems(result, accept_steps_back=True)):
        raise CommitRefused(422, fill(SAID, "refused_empty", file=result.file))
    ids = {project_id for _, project_id, _ in planned}
    if not _problems(result, accept_steps_back=True):
        result.steps_back, result.history_only = steps_back(states(session, ids, lock=True), planned)
    if problems := _problems(result, accept_steps_back):
        keys = {key for key, _ in problems}
        forbidden = "refused_not_in_charge" in keys and "refused_unmatched" not in keys
        raise CommitRefused(403 if forbidden else 422, refusal(result.file, problems))
    if steps_back_seen is not None and result.steps_back and steps_back_key(result.steps_back) != steps_back_seen:
        raise CommitRefused(409, refusal(result.file, [("refused_steps_back_changed", result.steps_back)]))
    source = _import_source(session, account, result, remote_addr)
    rows = {row["row"]: row for row in result.matched}
    # the rule of a single report (geo.status_reports): a file sent again after a lost answer, or a row repeated, is
    # answered by the report already recorded, and said so (the file read as recorded twice)
    for number, (version, received) in record_rows(
        session, account, planned, settings, source, remote_addr, result.file
    ).items():
        rows[number] |= {"version": version, "already_received": received}
    expire_projects(session, sorted(ids), fields=STATUS_FIELDS)
    result.committed = True
    return result
