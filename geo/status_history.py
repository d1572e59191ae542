"""Appending status events; the project's current status always follows its history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ScalarSelect, case, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from geo.said import SaidError
from geo.vocab import STATUS_CODES

if TYPE_CHECKING:
    from geo.models import Project, StatusEvent


class StaleVersion(SaidError):
    """The project changed since the writer read it (optimistic concurrency)."""

    def __init__(self, project_id: int, expected: int) -> None:
        super().__init__(
            f"project {project_id} is no longer at version {expected}: someone reported on it since you read it; "
            "reload it, check what was reported, and report again",
            f"dự án {project_id} không còn ở phiên bản {expected}: đã có người báo cáo về dự án từ khi bạn đọc nó; "
            "hãy tải lại, xem báo cáo mới, rồi báo cáo lại",
        )
        self.project_id = project_id
        self.expected = expected


def counted(event: str = "e") -> str:
    """A status event (its alias ``event``) that counts: one no reviewer has rejected (geo.report_reviews). Every
    reading of a project's state says it: its latest report, as of a day, in progress, indicators, the yearly report
    and the status before a change."""
    return f"NOT EXISTS (SELECT FROM status_event_review r WHERE r.event_id = {event}.id AND r.verdict = 'rejected')"


COUNTED = counted()
#: The project's status before a status event ``e``: the report before it that counts, as ``prev`` (status, percent);
#: after JOIN, only events that follow another; after LEFT JOIN, a first event's is null.
STATUS_BEFORE = f"""LATERAL (SELECT x.status, x.percent FROM status_event x
                    WHERE x.project_id = e.project_id AND x.version < e.version AND {counted("x")}
                    ORDER BY x.version DESC LIMIT 1) prev ON TRUE"""
#: The project's state on the day of a status event ``e``, before it: the latest report that counts dated before it
#: (or that day, recorded before it), as ``prev`` (status, percent), as a supervisor reads a report's change. A report
#: of 01/03/2025 sent after one of 01/06/2025 changed what stood on 01/03/2025, not the state of June (trial s71);
#: :data:`STATUS_BEFORE` is the state it was recorded after (what changed in the registry, geo.queries.changes).
STATUS_BEFORE_ITS_DAY = f"""LATERAL (SELECT x.status, x.percent FROM status_event x
                    WHERE x.project_id = e.project_id AND (x.reported_at, x.version) < (e.reported_at, e.version)
                      AND {counted("x")}
                    ORDER BY x.reported_at DESC, x.version DESC LIMIT 1) prev ON TRUE"""
#: Whether a status event ``e`` went into its project's history only: a counted event recorded before it is of a later
#: day, so it left the project's state as it stood (a status file's row dated before the latest report, a back-dated
#: report). /changes listed such a row as "40 % → 50 %", read at a briefing as the project's state (re-check s72).
INTO_HISTORY_ONLY = f"""EXISTS (SELECT FROM status_event y WHERE y.project_id = e.project_id AND y.version < e.version
                             AND y.reported_at > e.reported_at AND {counted("y")})"""
# What a status event changes in the projects layer (geometry and membership stay as they were).
STATUS_FIELDS = ("status", "percent", "status_date")
#: A project's (``p``) state as of the date bound to ``:as_of``, as ``st`` (status, percent, status_date): its latest
#: event reported on or before it (read backwards along the index on status_event (project_id, reported_at DESC,
#: version DESC)). A project with no event by then has no row: it did not exist yet.
_LATEST_BY_THEN = f"""LATERAL (SELECT e.status, e.percent, e.reported_at AS status_date, e.is_demo AS status_is_demo
                  FROM status_event e
                  WHERE e.project_id = p.id AND e.reported_at <= :as_of AND {COUNTED}
                  ORDER BY e.reported_at DESC, e.version DESC LIMIT 1) st ON TRUE"""
STATE_AS_OF = f"\n    JOIN {_LATEST_BY_THEN}"
#: The same, keeping a project with no event by then (its ``st`` columns null): one found by name on that day's map.
STATE_AS_OF_IF_ANY = f"\n    LEFT JOIN {_LATEST_BY_THEN}"


def _latest_report(column: str, project: str = "p") -> str:
    """``column`` of the latest report of each project (its table or alias ``project``): the one it stands by."""
    return (
        f"(SELECT e.{column} FROM status_event e WHERE e.project_id = {project}.id AND {COUNTED} "
        "ORDER BY e.reported_at DESC, e.version DESC LIMIT 1)"
    )


#: Whether a project's (``p``) status now comes from demonstration data: its latest report's mark.
def latest_is_demo(project: str = "p") -> str:
    """Whether the latest report of each project (its table or alias ``project``) is demonstration data: the one SQL
    the pages, exports and API say it by."""
    return _latest_report("is_demo", project)


LATEST_IS_DEMO = latest_is_demo()
#: A flag (``f``) on a report that no reviewer has given a verdict on yet (geo.report_reviews).
FLAG_UNREVIEWED = "NOT EXISTS (SELECT FROM status_event_review r WHERE r.event_id = f.event_id)"


def to_check(event_id: str) -> str:
    """Whether the report whose id is ``event_id`` (SQL) is flagged to check (sent from afar, or from a rough position,
    accepted as its sender confirmed) and no reviewer has checked it yet."""
    return f"EXISTS (SELECT FROM status_event_flag f WHERE f.event_id = {event_id} AND {FLAG_UNREVIEWED})"


#: Whether a project's (``p``) status now comes from a report still to check.
LATEST_IS_FLAGGED = to_check(_latest_report("id"))
#: A project (``p``) not retired by the date bound to ``:as_of``.
ALIVE_AS_OF = "(p.retired_at IS NULL OR p.retired_at::date > :as_of)"


def state_taken(status: Any, percent: Any, day: Any) -> dict[str, Any]:
    """The values of an UPDATE of a project taking a report of ``status``, ``percent`` and ``day`` (values or SQL
    columns): its next version, and the report's state unless the project stands by a report of a later day (an older
    report goes into its history only). One report's update (:func:`append_status_event`) and a status file's
    (geo.bulk_status_writes) set the same; a load's is written in its SQL (geo.ingest.project_writes)."""
    from geo.models import Project

    is_latest = or_(Project.status_date.is_(None), Project.status_date <= day)
    return {
        "version": Project.version + 1,
        "status": case((is_latest, status), else_=Project.status),
        "percent": case((is_latest, percent), else_=Project.percent),
        "status_date": case((is_latest, day), else_=Project.status_date),
    }


def accounts_agency(account_id: int) -> ScalarSelect:
    """The agency the account ``account_id`` belongs to, as an event it reports or a value it enters is recorded (a
    subquery of the insert): the row keeps it (``status_event.reporter_agency_id``,
    ``indicator_value.entered_by_agency_id``), so that moving the account later (georeg account update --agency)
    leaves its past reports and values their agency (trial s73). A single report (:func:`append_status_event`), a
    status file's (geo.bulk_status_writes) and a value entered by hand or from a file (geo.indicator_values.
    record_value) store it; a load's events and the registry's values, from no account, have none."""
    from geo.models import Account

    return select(Account.agency_id).where(Account.id == account_id).scalar_subquery()


def append_status_event(
    session: Session,
    project: Project,
    *,
    status: str,
    percent: float,
    reported_at: date,
    expected_version: int | None = None,
    expire_tiles: bool = True,
    **details: object,
) -> StatusEvent:
    """Record one report on ``project`` and bump its version.

    The project's current status, percent and status date are those of its latest
    report by ``reported_at`` (a late-arriving older report is kept in the history but
    does not overwrite a newer state).

    The version is taken by one conditional UPDATE, which locks the project's row until
    the transaction ends: concurrent writers queue on it, so versions are gapless and
    never duplicated. With ``expected_version`` the UPDATE only matches that version,
    and :class:`StaleVersion` is raised when another report came first.

    The project's tiles expire (by its footprint) unless ``expire_tiles`` is False, for a load that expires the
    whole layer when it ends.
    """
    # the models imported here, not above: the SQL of this module is read by georeg export, which needs no model
    from geo.layer_versions import expire_projects
    from geo.models import Project, StatusEvent

    if status not in STATUS_CODES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUS_CODES)}")
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent}")
    session.flush()
    matches = [Project.id == project.id]
    if expected_version is not None:
        matches.append(Project.version == expected_version)
    row = session.execute(
        update(Project)
        .where(*matches)
        .values(state_taken(status, percent, reported_at))
        .returning(Project.version, Project.status, Project.percent, Project.status_date, Project.changed_at)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if row is None:
        raise StaleVersion(project.id, expected_version)
    for name, value in row._mapping.items():
        set_committed_value(project, name, value)
    if details.get("reporter_account_id") is not None:
        details["reporter_agency_id"] = accounts_agency(details["reporter_account_id"])
    # recorded at the moment the project's row changed (its changed_at, which a GIS export writes): a reload of an
    # export then names as "since" only the reports after it, not the one that made the state exported (trial 53)
    event = StatusEvent(
        project_id=project.id, version=row.version, status=status, percent=percent, reported_at=reported_at,
        recorded_at=row.changed_at, **details,
    )  # fmt: skip
    session.add(event)
    session.flush()
    if expire_tiles:
        expire_projects(session, [project.id], fields=STATUS_FIELDS)
    return event
