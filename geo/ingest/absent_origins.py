"""Where the projects a reload by code does not name came from: the load that last wrote each (its job, who loaded
it, when), the sample data's plan projects, or entered otherwise (by hand, through the API).

Trial 69: an officer's check offered to retire 222 projects "not in the file", 200 of them a colleague's load of ten
minutes before, and nothing said so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.ingest.messages import said
from geo.said import Said, joined
from geo.vi_format import VIETNAM_TIME, local_moment
from geo.vocab import SAMPLE_REPORTER


@dataclass(frozen=True)
class Origin:
    """Some of the projects not in the file, come the same way: by ``job`` (its file, account, end), else from the
    sample data (``sample``), else entered otherwise."""

    count: int
    job: int | None = None
    file: str | None = None
    account_id: int | None = None
    by: str | None = None  # the account that loaded it ("Name (login)"); None: the command line
    at: datetime | None = None
    sample: bool = False

    def loaded_today_by_another(self, account_id: int | None, today: date) -> bool:
        """Whether another account loaded them on ``today`` (for the command line, with no account, any account's
        load). A load from the command line is not a colleague's web load: said as such among the origins, not
        warned of in red (it was, as "another account's load", to an officer on /upload)."""
        return self.job is not None and self.account_id not in (None, account_id) and _day(self.at) == today


def origins(session: Session, ids: list[int]) -> list[Origin]:
    """The projects ``ids`` grouped by how they came, the newest loads first: a load's provenance ends their
    sources (geo.ingest.jobs.provenance), the sample data reported their first status."""
    rows = session.execute(
        text(
            "WITH p AS (SELECT p.sources ->> -1 AS last, "
            r"  substring(p.sources ->> -1 from ' \(ingest job (\d+)\)$')::int AS job_id, "
            "  EXISTS (SELECT 1 FROM status_event e WHERE e.project_id = p.id AND e.reporter_name = :sample) AS sample "
            "  FROM project p WHERE p.id = ANY(:ids)) "
            "SELECT count(*), j.id, j.file_name, j.account_id, CASE WHEN a.display_name = a.username "
            "  THEN a.username ELSE a.display_name || ' (' || a.username || ')' END, j.finished_at, "
            "  j.id IS NULL AND p.sample "
            "FROM p LEFT JOIN ingest_job j "
            "  ON j.id = p.job_id AND j.file_name || ' (ingest job ' || j.id || ')' = p.last "
            "LEFT JOIN account a ON a.id = j.account_id "
            "GROUP BY 2, 3, 4, 5, 6, 7 ORDER BY 6 DESC NULLS LAST, 7 DESC"
        ),
        {"ids": ids, "sample": SAMPLE_REPORTER},
    )
    return [Origin(*row) for row in rows]


def origins_said(found: list[Origin], account_id: int | None, today: date) -> Said:
    """Each origin with its count, joined: "200 do d.gis nạp hôm nay lúc 14:05 (lượt nạp 5, tệp a.gpkg); 22 …"."""
    return joined([origin_said(origin, account_id, today) for origin in found], "; ", "; ")


def origin_said(origin: Origin, account_id: int | None, today: date) -> Said:
    """One origin with its count, as the warnings and the question before retiring say it."""
    if origin.job is None:
        return said("absent_from_sample" if origin.sample else "absent_by_hand", count=origin.count)
    when = f"{origin.at.astimezone(VIETNAM_TIME):%H:%M}" if _day(origin.at) == today else None
    blanks = {"count": origin.count, "job": str(origin.job), "file": origin.file}
    blanks |= {"by": origin.by} if origin.by else {}  # no account: the command line, whose runner is not recorded
    if when:
        return said("absent_loaded_today" if origin.by else "absent_command_line_today", time=when, **blanks)
    at = Said(local_moment(origin.at, "vi"), local_moment(origin.at, "en"))
    return said("absent_loaded" if origin.by else "absent_command_line", at=at, **blanks)


def loaded_today_said(found: list[Origin], account_id: int | None, today: date) -> Said | None:
    """The strong warning: some were loaded today by another account, whom to ask before retiring them."""
    others = [origin for origin in found if origin.loaded_today_by_another(account_id, today)]
    if not others:
        return None
    count = sum(origin.count for origin in others)
    return said("absent_loaded_today_by_another", count=count, loads=origins_said(others, account_id, today))


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(VIETNAM_TIME).date() if moment else None
