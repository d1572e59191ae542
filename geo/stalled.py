"""Projects nobody has reported on for months ("stalled"): the wind farms whose latest report, of 2019, still says
"under construction, 0 %".

A project has had no report for N months on a day when it is not finished (geo.schedule.OPEN_STATUSES: proposed,
being prepared, under construction, suspended) and its latest report is N calendar months old or older (on or before
the day N months back: on 5 December, 6 months means 5 June or earlier), or it has none at all. Projects in
operation, completed or cancelled are left out: nobody owes a progress report on them. The same SQL is read by the
project API and the layers (web map, tiles, exports, printed map); a unit page counts by the same rule in Python.
"""

from __future__ import annotations

import calendar
from datetime import date

from geo.schedule import OPEN_STATUSES

#: How long a project not finished may go without a report before its supervisor chases it: the list of the
#: supervisor's own projects on /status-reports (trial 51's supervisor asked which had none for 6 months).
CHASED_AFTER_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The day ``months`` calendar months before ``day``; the month's last day when it is shorter (31/08 -> 28/02)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def no_report_sql(status: str, status_date: str, since: str) -> str:
    """Whether a project with ``status`` and ``status_date`` (SQL expressions) is not finished and has had no report
    since ``since`` (a SQL date: :func:`months_before` the day counted from): its latest is that day or older, or it
    has none."""
    still_open = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    return f"({status} IN ({still_open}) AND ({status_date} IS NULL OR {status_date} <= {since}))"


def has_no_report_for(status: str, status_date: date | None, months: int, day: date) -> bool:
    """:func:`no_report_sql` for one project read already (a unit page's list)."""
    return status in OPEN_STATUSES and (status_date is None or status_date <= months_before(day, months))
