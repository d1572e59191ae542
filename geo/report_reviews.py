"""Reviewing a report flagged to check: a reviewer says it stands or not.

A report sent from farther than its project's kind allows, or from a position its phone knew only roughly, is
accepted when its sender confirms, and flagged (geo.status_reports): it may have been filed from the office. Until
now it counted in progress with nothing a supervisor could do but read it (trials 45–47). Here a reviewer says:

- *confirmed*: it stands; its status counts and the "to check" marks go;
- *rejected*, with the reason: it is kept in the history, marked, and left out of every reading of the project's state
  (geo.status_history.counted); a project whose status came from it is again at the report before it.

Who: an account that may change the project, or a viewer given its kind and unit (geo.jurisdiction.reviewable_of: a
supervisor who checks and does not report), never the report's sender — a second pair of eyes is
the point. A verdict may be changed (a mistaken tap); each one is in the audit log. Writing it locks the project's
row, so two reviewers of one project queue; a verdict that changes the project's state bumps its version (a report
prepared on the state before is refused as stale) and expires its tiles.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from geo.accounts import known_as
from geo.audit import record
from geo.jurisdiction import not_in_charge, reviewable_of
from geo.layer_versions import expire_projects
from geo.models import Account, Project, StatusEvent, StatusEventFlag, StatusEventReview
from geo.said import Said, SaidError
from geo.status_history import COUNTED, STATUS_FIELDS
from geo.vi_format import local_moment
from geo.vocab import REVIEW_VERDICTS, VERDICT_CODES, labels

#: The longest reason a reviewer may give (a sentence or two, as a status report's note).
REVIEW_NOTE_MAX_CHARACTERS = 1000


class ReviewRefused(SaidError):
    """A verdict not recorded, said in both languages, with the HTTP status it answers with."""

    def __init__(self, status: int, message: Said | str, vi: str | None = None) -> None:
        super().__init__(message, vi)
        self.status = status


@dataclass(frozen=True)
class Verdict:
    """A reviewer's verdict; ``seen``, the one their page showed ("none" before any), if they said: a colleague's
    given since is not overturned unseen (trial 49: a stale page's rejection replaced a confirmation, both "OK")."""

    verdict: str
    note: str | None = None
    seen: str | None = None


@dataclass(frozen=True)
class Reviewed:
    """A verdict recorded, and the project's state after it."""

    project_id: int
    report_version: int
    verdict: str
    note: str | None
    reviewer_name: str
    reviewed_at: datetime
    project_version: int
    status: str
    percent: float
    status_date: date
    state_changed: bool


def review_report(
    session: Session,
    account: Account,
    project_id: int,
    report_version: int,
    verdict: Verdict,
    remote_addr: str | None = None,
) -> Reviewed:
    """Record ``account``'s ``verdict`` on the report that made ``project_id``'s version ``report_version``, and bring
    the project's state in line with the reports that count."""
    note = _checked(verdict)
    project = session.scalar(select(Project).where(Project.id == project_id).with_for_update())
    if project is None:
        raise ReviewRefused(404, f"No project with id {project_id}.", f"Không có dự án số {project_id}.")
    event, flag = _report(session, project, report_version)
    if event.reporter_account_id == account.id:
        raise ReviewRefused(
            403,
            "You sent this report: another reviewer checks it (a second pair of eyes is the point).",
            "Bạn là người gửi báo cáo này: người khác phải kiểm tra nó (cần người thứ hai xem lại).",
        )
    if project.id not in reviewable_of(session, account, [project.id]):
        raise ReviewRefused(403, not_in_charge(session, account, project))
    _check_seen(session, event.id, verdict.seen)
    reviewer_name = known_as(session, account.username)
    written = session.execute(
        insert(StatusEventReview)
        .values(
            event_id=event.id,
            verdict=verdict.verdict,
            note=note,
            reviewer_account_id=account.id,
            reviewer_name=reviewer_name,
        )
        .on_conflict_do_update(
            index_elements=[StatusEventReview.event_id],
            set_={
                "verdict": verdict.verdict,
                "note": note,
                "reviewer_account_id": account.id,
                "reviewer_name": reviewer_name,
                "reviewed_at": text("clock_timestamp()"),
                "previous_verdict": StatusEventReview.verdict,  # the row's before this update
                "previous_reviewer_name": StatusEventReview.reviewer_name,
                "previous_reviewed_at": StatusEventReview.reviewed_at,
            },
        )
        .returning(StatusEventReview.reviewed_at)
    ).one()
    changed = _restate(session, project)
    record(
        session,
        actor=account,
        action="review_report",
        entity="project",
        entity_id=project.id,
        changes={"report_version": report_version, "verdict": verdict.verdict, "note": note, "flag": flag.reason},
        remote_addr=remote_addr,
    )
    session.flush()
    return Reviewed(
        project.id,
        report_version,
        verdict.verdict,
        note,
        reviewer_name,
        written.reviewed_at,
        project.version,
        project.status,
        project.percent,
        project.status_date,
        changed,
    )


def reviewable(session: Session, account: Account | None, reports: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Which flagged reports of ``reports`` (geo.queries.field_reports), as (project id, version), ``account`` may give
    a verdict on: of projects it may change (a viewer's: of its kinds in its units), not its own. The list shows its
    buttons on those alone (trial 49: a viewer, the sender and someone not logged in saw them, each tap an error)."""
    if account is None:
        return set()
    flagged = [r for r in reports if r["reason"]]
    its = reviewable_of(session, account, list({r["project_id"] for r in flagged}))
    return {
        (r["project_id"], r["version"])
        for r in flagged
        if r["project_id"] in its and r["reporter_username"] != account.username
    }


def _checked(verdict: Verdict) -> str | None:
    """The reason, NFC and trimmed; a rejection must give one (its sender will ask why)."""
    if verdict.verdict not in VERDICT_CODES:
        raise ReviewRefused(
            422,
            f"Unknown verdict {verdict.verdict!r}: give confirmed or rejected.",
            f"Không có kết luận {verdict.verdict!r}: hãy chọn confirmed (đúng) hoặc rejected (bác bỏ).",
        )
    note = unicodedata.normalize("NFC", verdict.note).strip() if verdict.note else None
    if note and len(note) > REVIEW_NOTE_MAX_CHARACTERS:
        raise ReviewRefused(
            422,
            f"The reason is {len(note)} characters long; shorten it to {REVIEW_NOTE_MAX_CHARACTERS}.",
            f"Lý do dài {len(note)} ký tự; hãy rút gọn còn {REVIEW_NOTE_MAX_CHARACTERS}.",
        )
    if verdict.verdict == "rejected" and not note:
        raise ReviewRefused(
            422,
            "Say why the report is rejected (its sender and the planners will read it).",
            "Hãy ghi lý do bác bỏ báo cáo (người gửi và cán bộ kế hoạch sẽ đọc).",
        )
    return note


def _report(session: Session, project: Project, version: int) -> tuple[StatusEvent, StatusEventFlag]:
    """The flagged report that made ``project``'s ``version``; refused if there is none, or it is not flagged."""
    found = session.execute(
        select(StatusEvent, StatusEventFlag)
        .outerjoin(StatusEventFlag, StatusEventFlag.event_id == StatusEvent.id)
        .where(StatusEvent.project_id == project.id, StatusEvent.version == version)
    ).one_or_none()
    if found is None:
        raise ReviewRefused(
            404,
            f"Project {project.code} has no report of version {version}; see its history.",
            f"Dự án {project.code} không có báo cáo phiên bản {version}; hãy xem lịch sử của dự án.",
        )
    event, flag = found
    if flag is None:
        raise ReviewRefused(
            409,
            f"Report {version} of {project.code} is not flagged to check: only reports sent from afar or from a rough "
            "position are reviewed. A wrong status is put right by a new report.",
            f"Báo cáo {version} của dự án {project.code} không thuộc diện cần kiểm tra: chỉ báo cáo gửi từ xa hoặc từ "
            "vị trí không chính xác mới được kiểm tra. Tình trạng sai thì sửa bằng một báo cáo mới.",
        )
    return event, flag


def _check_seen(session: Session, event_id: int, seen: str | None) -> None:
    """Refuse a verdict given on a page that showed another than the one stored (the project's row is locked, so a
    colleague's cannot land between this check and the write)."""
    stored = session.get(StatusEventReview, event_id)
    if seen is None or seen == (stored.verdict if stored else "none"):
        return
    if stored is None:
        raise ReviewRefused(
            409,
            "The verdict you saw on this report has been withdrawn; reload the page, then decide.",
            "Kết luận bạn thấy về báo cáo này không còn; hãy tải lại trang rồi quyết định.",
        )
    said = labels(REVIEW_VERDICTS, "en")[stored.verdict], labels(REVIEW_VERDICTS, "vi")[stored.verdict]
    raise ReviewRefused(
        409,
        f"{stored.reviewer_name} gave this report a verdict since your page was opened: «{said[0]}» at "
        f"{local_moment(stored.reviewed_at, 'en')}. Reload the page, read it, then decide: nothing was changed.",
        f"{stored.reviewer_name} đã kết luận về báo cáo này sau khi bạn mở trang: «{said[1]}» lúc "
        f"{local_moment(stored.reviewed_at, 'vi')}. Hãy tải lại trang, xem kết luận đó rồi quyết định: chưa có gì "
        "thay đổi.",
    )


_LATEST_COUNTED = f"""
SELECT e.status, e.percent, e.reported_at FROM status_event e
WHERE e.project_id = :project AND {COUNTED} ORDER BY e.reported_at DESC, e.version DESC LIMIT 1
"""


def _restate(session: Session, project: Project) -> bool:
    """Set ``project``'s status, percent and status day to its latest report that counts; bump its version and
    expire its tiles if they change. Whether they did."""
    latest = session.execute(text(_LATEST_COUNTED), {"project": project.id}).one_or_none()
    if latest is None:
        raise ReviewRefused(
            409,
            f"This is the only report of {project.code}: with it rejected the project would have no status. Report "
            "its status from the site instead.",
            f"Đây là báo cáo duy nhất của dự án {project.code}: bác bỏ nó thì dự án không còn tình trạng nào. Hãy báo "
            "cáo tình trạng từ hiện trường.",
        )
    state = (latest.status, latest.percent, latest.reported_at)
    if state == (project.status, project.percent, project.status_date):
        return False
    project.status, project.percent, project.status_date = state
    project.version += 1
    expire_projects(session, [project.id], fields=STATUS_FIELDS)
    return True


#: An account's own reports rejected that it has sent nothing on since, newest verdict first (at most 20).
_REJECTED_UNANSWERED = text(
    "SELECT p.id AS project_id, p.code, p.name_vi, p.name_en, e.version, e.status, e.percent, e.reported_at, "
    "r.reviewer_name, r.reviewed_at, r.note "
    "FROM status_event e JOIN status_event_review r ON r.event_id = e.id AND r.verdict = 'rejected' "
    "JOIN project p ON p.id = e.project_id AND p.retired_at IS NULL "
    "WHERE e.reporter_account_id = :account AND NOT EXISTS (SELECT 1 FROM status_event later "
    "WHERE later.project_id = e.project_id AND later.reporter_account_id = :account AND later.version > e.version) "
    "ORDER BY r.reviewed_at DESC LIMIT 20"
)


def rejected_unanswered(session: Session, account: Account) -> list[dict[str, Any]]:
    """The account's own reports a reviewer rejected that it has sent no report on since, newest verdict first: what
    the field form's first screen says (trial 51: an officer learned of a rejection only by opening its project)."""
    return [dict(row) for row in session.execute(_REJECTED_UNANSWERED, {"account": account.id}).mappings()]
