"""Projects nobody has reported on for months ("stalled"): the wind farms whose latest report, of 2019, still says
"under construction, 0 %".

A report is one from the field or an agency: a status report, one row of an agency's bulk import, or the sample's
history. A GIS load that sets a project's status is an office inventory, not a visit: its status event is not a
report (trial 56: a province's reload made every project it touched look visited that day), nor is a report a
reviewer rejected. :func:`is_report_sql` is that one definition (:func:`last_report_sql` the day it gives; the web
map's popup reads it as each event's ``is_report``).

A project has had no report for N months on a day when it is not finished (geo.schedule.OPEN_STATUSES: proposed,
being prepared, under construction, suspended) and its latest report is N calendar months old or older (on or before
the day N months back: on 5 December, 6 months means 5 June or earlier), or it has none at all. Projects in
operation, completed or cancelled are left out: nobody owes a progress report on them. The same SQL is read by the
project API, the supervisor's list and the layers (web map, tiles, exports, printed map); a unit page counts by the
same rule in Python, on the day :func:`last_report_sql` gives.
"""

from __future__ import annotations

import calendar
from datetime import date

from geo.schedule import OPEN_STATUSES
from geo.status_history import counted
from geo.vocab import LOAD_REPORTER

#: How long a project not finished may go without a report before its supervisor chases it: the list of the
#: supervisor's own projects on /status-reports (trial 51's supervisor asked which had none for 6 months).
CHASED_AFTER_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The day ``months`` calendar months before ``day``; the month's last day when it is shorter (31/08 -> 28/02)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def is_report_sql(event: str = "e") -> str:
    """Whether the status event ``event`` (its table or alias) is a report: not a load's, nor one a reviewer
    rejected."""
    return f"({not_a_load_sql(event)} AND {counted(event)})"


def not_a_load_sql(event: str = "e") -> str:
    """Whether the status event ``event`` is not a GIS load's: a report, where it counts (a query of counted events
    asks this alone)."""
    return f"{event}.reporter_name IS DISTINCT FROM '{LOAD_REPORTER}'"


def last_report_sql(project_id: str, until: str | None = None) -> str:
    """The day of the latest report (:func:`is_report_sql`) on the project whose id is ``project_id`` (SQL), on or
    before ``until`` (a SQL date; None: any), null before a first."""
    by_then = f" AND e.reported_at <= {until}" if until else ""
    return (
        f"(SELECT max(e.reported_at) FROM status_event e WHERE e.project_id = {project_id}{by_then} "
        f"AND {is_report_sql('e')})"
    )


def unreported_sql(status: str, last_report: str, since: str) -> str:
    """Whether a project with ``status`` and ``last_report`` (SQL expressions, the latter :func:`last_report_sql`) is
    not finished and has had no report since ``since`` (a SQL date: :func:`months_before` the day counted from)."""
    still_open = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    return f"({status} IN ({still_open}) AND ({last_report} IS NULL OR {last_report} <= {since}))"


def no_report_sql(status: str, project_id: str, since: str, until: str | None = None) -> str:
    """:func:`unreported_sql` of the project whose id is ``project_id``, its reports read up to ``until``."""
    return unreported_sql(status, last_report_sql(project_id, until), since)


def has_no_report_for(status: str, last_report: date | None, months: int, day: date) -> bool:
    """:func:`unreported_sql` for one project read already with its :func:`last_report_sql` (a unit page's list)."""
    return status in OPEN_STATUSES and (last_report is None or last_report <= months_before(day, months))
