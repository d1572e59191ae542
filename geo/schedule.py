"""Which projects are late: a project's due year, and where it stands against it on a day.

A project is due by its own end year or, without one, by the end of the period of the plan that lists it (the
projects of Trà Vinh's 2017–2020 action plan by 2020). From the year after, it is *past due* while its status is
still open (proposed, being prepared, under construction, suspended); operating, completed and cancelled projects
are *closed*; one whose year is known neither way is *undated*. The same SQL is read by the layers (web map, OGC API,
exports) and the project's page, so that each says the same of a project.
"""

from __future__ import annotations

from geo.vocab import STATUS_CODES

#: The statuses of a project that is not finished (nor given up).
OPEN_STATUSES = ("proposed", "preparing", "under_construction", "suspended")

#: The statuses of a project whose works have not begun.
NOT_STARTED_STATUSES = ("proposed", "preparing")

#: The statuses a project of each schedule may have (a legend lists those of the schedules chosen).
SCHEDULE_STATUSES = {
    "past_due": OPEN_STATUSES,
    "in_time": OPEN_STATUSES,
    "closed": tuple(s for s in STATUS_CODES if s not in OPEN_STATUSES),
    "undated": OPEN_STATUSES,
}

#: Today in Vietnam, in SQL (geo.vietnam_day in Python): a year ends there, not at UTC's midnight.
TODAY_IN_VIETNAM = "(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"


def due_year_sql(end_year: str, period_end: str) -> str:
    """The year a project is due: its own end year, else its plan period's."""
    return f"COALESCE({end_year}, {period_end})"


def schedule_sql(status: str, due_year: str, day: str) -> str:
    """The schedule code (geo.vocab.PROJECT_SCHEDULES) of a project with ``status`` and ``due_year`` on ``day``
    (SQL expressions)."""
    still_open = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    return (
        f"CASE WHEN {status} NOT IN ({still_open}) THEN 'closed' WHEN {due_year} IS NULL THEN 'undated' "
        f"WHEN {due_year} < EXTRACT(YEAR FROM {day}) THEN 'past_due' ELSE 'in_time' END"
    )
