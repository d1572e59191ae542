"""Writing a status file's rows (geo.bulk_status_reports), all rows at once, by the rules of a single report.

Each row is judged as geo.status_reports.report_status judges a report, in file order (a row on the same project as
a row before it is judged after it): what no project may take, a project retired, the same report already recorded
(answered by it, as ``already_received``), a point beyond its project kind's distance. Then the projects' versions
are taken by one UPDATE for all (one more for each further row on a project already written: its version, status
and changed_at follow each event, as a single report's UPDATE leaves them), and the events and their audit entries
are inserted by one statement each. Recorded a row at a time, a 3,000-row file took 45 s of its commit, 0.8 s so
(docs/benchmarks.md). The caller has locked the projects (geo.bulk_status_checks.states) and checked the account may
report on each (geo.jurisdiction.changeable, in the same transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    and_,
    false,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, aliased

from geo.agencies import agency_code
from geo.audit import record_each
from geo.bound_arrays import unnested
from geo.models import Account, Project, StatusEvent
from geo.queries.near import distance_to_project, point
from geo.settings import Settings
from geo.status_history import accounts_agency, counted, state_taken
from geo.status_reports import (
    ReportRefused,
    StatusReport,
    audited,
    checked,
    distance_flag,
    not_reportable,
    stored_note,
    unconfirmed,
)

Planned = list[tuple[int, int, StatusReport]]
"""(row number, project id, report) of each matched row."""


@dataclass
class _Project:
    """A project as its rows are judged: its state, and the last report on it (None unless it counts)."""

    kind: str
    precision: str | None
    retired: bool
    version: int
    last: tuple | None  # (account id, status, percent, day, note) of the event at its version


def _projects(session: Session, planned: Planned) -> tuple[dict[int, _Project], dict[int, float | None]]:
    """The rows' projects (one statement for all) and each row's distance from its project."""
    at = unnested(
        "at",
        number=(Integer, [n for n, _, _ in planned]),
        project_id=(Integer, [pid for _, pid, _ in planned]),
        lon=(Float, [r.lon for _, _, r in planned]),
        lat=(Float, [r.lat for _, _, r in planned]),
    )
    e = aliased(StatusEvent, name="e")
    last = and_(e.project_id == Project.id, e.version == Project.version, text(counted("e")))
    query = (
        select(
            at.c.number,
            distance_to_project(at.c.lon, at.c.lat),
            Project.id,
            Project.kind,
            Project.location_precision,
            Project.retired_at.is_not(None),
            Project.version,
            e.reporter_account_id,
            e.status,
            e.percent,
            e.reported_at,
            e.note_vi,
        )
        .join_from(at, Project, Project.id == at.c.project_id)
        .outerjoin(e, last)
    )
    projects, distances = {}, {}
    for number, distance, pid, kind, precision, retired, version, *said in session.execute(query):
        distances[number] = distance
        projects[pid] = _Project(kind, precision, retired, version, tuple(said) if said[0] is not None else None)
    return projects, distances


def _refused(filename: str, number: int, refused: ReportRefused) -> ReportRefused:
    return ReportRefused(
        refused.reason,
        f"{filename}, row {number}: {refused}",
        f"{filename}, dòng {number}: {refused.vi}",
        **refused.details,
    )


@dataclass
class _Written:
    number: int
    project_id: int
    report: StatusReport
    note: str | None
    distance: float | None


def _judged(
    session: Session, account: Account, planned: Planned, settings: Settings, filename: str
) -> tuple[list[_Written], dict[int, int]]:
    """The rows to write, and the version of each row already recorded; ReportRefused (naming the file and row) for
    the first row in file order a single report would refuse."""
    projects, distances = _projects(session, planned)
    written, received = [], {}
    for number, project_id, sent in planned:
        try:
            report = checked(sent)
            project = projects.get(project_id)
            if project is None or project.retired:  # gone since the dry run: as a single report is refused
                raise not_reportable(project_id, session.get(Project, project_id))
            note = stored_note(report.note)
            said = (account.id, report.status, report.percent, report.reported_at, note)
            if project.last == said:  # the rule of a single report (geo.status_reports._sent_before)
                received[number] = project.version
                continue
            distance = distances[number]
            flag, limit = distance_flag(settings, project.kind, project.precision, distance, report)
            if flag:  # a file's rows confirm no distance
                raise unconfirmed(flag, session.get(Project, project_id), distance, limit, report.accuracy_m)
        except ReportRefused as refused:
            raise _refused(filename, number, refused) from None
        project.version, project.last = project.version + 1, said  # as the row's event will leave it
        written.append(_Written(number, project_id, report, note, distance))
    return written, received


def _take_versions(session: Session, rows: list[_Written]) -> dict[int, Any]:
    """One UPDATE of the rows' projects, as geo.status_history.append_status_event's of one report: each project's
    version and changed_at, which its event takes."""
    sent = unnested(
        "sent",
        id=(Integer, [w.project_id for w in rows]),
        status=(String, [w.report.status for w in rows]),
        percent=(Float, [w.report.percent for w in rows]),
        day=(Date, [w.report.reported_at for w in rows]),
    )
    taken = (
        update(Project)
        .where(Project.id == sent.c.id)
        .values(state_taken(sent.c.status, sent.c.percent, sent.c.day))
        .returning(Project.id, Project.version, Project.changed_at)
    )
    return {
        pid: (version, at)
        for pid, version, at in session.execute(taken, execution_options={"synchronize_session": False})
    }


def record_rows(
    session: Session,
    account: Account,
    planned: Planned,
    settings: Settings,
    source: str,
    remote_addr: str | None,
    filename: str,
) -> dict[int, tuple[int, bool]]:
    """Record the rows as single reports would be, in the caller's transaction: each row's (version, already
    received); ReportRefused, naming the file and row, for the first a single report would refuse."""
    written, received = _judged(session, account, planned, settings, filename)
    answers = {number: (version, True) for number, version in received.items()}
    rounds: list[list[_Written]] = []  # a project's second row in the file goes into the second UPDATE …
    seen: dict[int, int] = {}
    for row in written:
        seen[row.project_id] = seen.get(row.project_id, -1) + 1
        if seen[row.project_id] == len(rounds):
            rounds.append([])
        rounds[seen[row.project_id]].append(row)
    recorded: list[tuple[_Written, int, Any]] = []  # each written row, its version and changed_at
    for rows in rounds:
        taken = _take_versions(session, rows)
        recorded += [(row, *taken[row.project_id]) for row in rows]
    _insert_events(session, account, recorded, source)
    agency = agency_code(session, account.agency_id)  # what accounts_agency gives the events, in this transaction
    audits = [
        (row.project_id, audited(row.report, row.note, version, row.distance, None, agency))
        for row, version, _ in recorded
    ]
    record_each(
        session, actor=account, action="report_status", entity="project", entries=audits, remote_addr=remote_addr
    )
    return answers | {row.number: (version, False) for row, version, _ in recorded}


def _insert_events(session: Session, account: Account, recorded: list[tuple[_Written, int, Any]], source: str) -> None:
    """The rows' status events, in one statement: each recorded at its project's changed_at of its version, as
    geo.status_history.append_status_event records one."""
    if not recorded:
        return
    sent = unnested(
        "sent",
        project_id=(Integer, [row.project_id for row, _, _ in recorded]),
        version=(Integer, [version for _, version, _ in recorded]),
        status=(String, [row.report.status for row, _, _ in recorded]),
        percent=(Float, [row.report.percent for row, _, _ in recorded]),
        reported_at=(Date, [row.report.reported_at for row, _, _ in recorded]),
        recorded_at=(DateTime(timezone=True), [at for _, _, at in recorded]),
        note_vi=(Text, [row.note for row, _, _ in recorded]),
        lon=(Float, [row.report.lon for row, _, _ in recorded]),
        lat=(Float, [row.report.lat for row, _, _ in recorded]),
        distance_m=(Float, [row.distance for row, _, _ in recorded]),
    )
    by_file = (
        literal(account.id),
        accounts_agency(account.id),
        literal(account.display_name),
        literal(source),
        false(),
    )
    columns = ["project_id", "version", "status", "percent", "reported_at", "recorded_at", "note_vi"]
    columns += ["distance_m", "reporter_location", "reporter_account_id", "reporter_agency_id", "reporter_name"]
    columns += ["source", "is_demo"]
    values = [sent.c[name] for name in columns[:8]] + [point(sent.c.lon, sent.c.lat), *by_file]
    session.execute(insert(StatusEvent).from_select(columns, select(*values)))
