"""Status reports from the field: who may report, from how far, with which photo.

One report is one transaction: the status event, its photo record, its distance flag and
its audit entry are committed together or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, or_, select, text
from sqlalchemy.orm import Session

from geo.agencies import agency_code
from geo.audit import record
from geo.coded_words import read_status, words_taken
from geo.jurisdiction import may_change, not_in_charge
from geo.models import Account, Project, StatusEvent, StatusEventFlag, StatusPhoto
from geo.photos import Photo, store_photo
from geo.queries.near import distance_to_project, point
from geo.said import Said, SaidError
from geo.settings import Settings
from geo.status_history import append_status_event, counted
from geo.vi_format import vi_date, vi_number
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES, labels

#: The longest note a status report takes (the form's box stops there: it was refused only once sent).
NOTE_MAX_CHARACTERS = 4000


class ReportRefused(SaidError):
    """A report that was not recorded; ``reason`` is one of invalid, not_found, retired, forbidden, too_far; the
    message in English and Vietnamese (the field form asks in its language)."""

    def __init__(self, reason: str, message: str, vi: str, **details: Any) -> None:
        super().__init__(message, vi)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class StatusReport:
    status: str
    percent: float
    reported_at: date
    lon: float
    lat: float
    note: str | None = None
    confirm_distance: bool = False
    expected_version: int | None = None
    accuracy_m: float | None = None  # the phone's stated accuracy of lon/lat (the radius, m), when it gave one
    source: str = "field report"  # a status file's row: its file and import (geo.bulk_status_reports.import_source)


@dataclass(frozen=True)
class Recorded:
    """What a recorded report produced; ``already_received`` when it was the same report sent again, answered by the
    event its first sending made (:func:`_sent_before`)."""

    version: int
    distance_m: float | None
    flagged: bool
    photo_sha256: str | None
    recorded_at: datetime
    already_received: bool = False


def _contradiction(report: StatusReport) -> ReportRefused | None:
    """A status its percent contradicts: a completed project is at 100 %, a proposed one (not begun) at 0 %."""
    if report.status == "completed" and report.percent != 100:
        return ReportRefused(
            "invalid",
            f"A completed project is at 100 %, not {report.percent:g} %: give 100, or choose the status it is at "
            "(under construction, in operation…).",
            f"Dự án «Hoàn thành» thì % hoàn thành là 100, không phải {vi_number(report.percent, 1)} %: hãy ghi 100, "
            "hoặc chọn đúng tình trạng hiện nay (Đang thi công, Đang vận hành…).",
        )
    if report.status == "proposed" and report.percent > 0:
        return ReportRefused(
            "invalid",
            f"A project proposed in the plan has not begun: it is at 0 %, not {report.percent:g} %. Give 0, or choose "
            "the status it is at (investment preparation, under construction…).",
            f"Dự án «Đề xuất trong kế hoạch» là chưa triển khai, % hoàn thành là 0, không phải "
            f"{vi_number(report.percent, 1)} %: hãy ghi 0, hoặc chọn đúng tình trạng hiện nay (Chuẩn bị đầu tư, Đang "
            "thi công…).",
        )
    return None


def distance_as_read(metres: float) -> Said:
    """A distance as a reporter reads it: "850 m", or past a kilometre "29.5 km" ("29,5 km"), not "29,533 m"."""
    if metres < 1000:
        return Said(f"{vi_number(metres, 0)} m", f"{metres:,.0f} m")
    return Said(f"{vi_number(metres / 1000, 1)} km", f"{metres / 1000:,.1f} km".replace(".0 km", " km"))


#: The precisions whose point stands in for a site the sources do not give: a district's centre, often tens of km
#: from the works. A distance to it says nothing of whether the reporter was at the project ("1 m" from an office near
#: it, "3 km ⚑" from a real visit: trial 61), so a report is neither flagged nor refused for it, and the form and the
#: list of reports say so. (A commune's centre is a stand-in too, but a commune is small enough for its distance to
#: tell a visit from an office afar.) Short, for a list's line; whole, for a message or a report's row.
STAND_IN_SITES: dict[str, tuple[Said, Said]] = {
    "district": (
        Said("chưa rõ vị trí (tâm huyện)", "site unknown (district centre)"),
        Said(
            "vị trí dự án chỉ là tâm huyện: khoảng cách không có ý nghĩa",
            "the project's site is only its district's centre: the distance means nothing",
        ),
    ),
}


def stand_in_site(precision: str | None) -> Said | None:
    """What a report's row says of a distance measured to a stand-in for the project's site; None for a real site."""
    said = STAND_IN_SITES.get(precision or "")
    return said[1] if said else None


def threshold_m(settings: Settings, kind: str) -> float:
    thresholds = settings.report_distance_m
    return thresholds.get(kind, thresholds.get("default", 500))


def _uncertain(report: StatusReport, distance: float | None, limit: float) -> bool:
    """Whether the phone's position is too rough to tell the reporter was within the kind's distance of the project's
    site: its stated accuracy wider than that distance (a trial's officer at ±3 km passed a landfill's 500 m
    unflagged). A project with no site (province-wide) is reported on from anywhere."""
    return distance is not None and report.accuracy_m is not None and report.accuracy_m > limit


def unconfirmed(
    flag: str, project: Project, distance: float | None, limit: float, accuracy_m: float | None
) -> ReportRefused:
    """The refusal of a report from afar, or from a position too rough, until its reporter confirms it (it is then
    recorded and flagged for review)."""
    within = distance_as_read(limit)
    # the kind's title, as the Vietnamese's "loại dự án này": the English said "reports on a wind_farm" (trial 61)
    kind = f"this kind of project ({labels(PROJECT_KINDS, 'en').get(project.kind, project.kind).lower()})"
    if flag == "beyond_distance":
        away = distance_as_read(distance or 0)
        en = f"You are {away.en} from {project.name_en or project.name_vi} ({project.code}); reports on "
        vi = f"Bạn đang cách {project.name_vi} ({project.code}) {away.vi}; báo cáo về loại dự án này cần ở "
        en += f"{kind} are expected within {within.en}. Move closer, or"
        vi += f"trong vòng {within.vi}. Hãy đến gần hơn, hoặc"
    else:
        rough = distance_as_read(accuracy_m or 0)
        en = f"Your phone knows where you are only to within {rough.en}; reports on {kind} are expected "
        en += f"within {within.en} of it. Wait for a better fix (outdoors, with location set to high accuracy), or"
        vi = f"Điện thoại chỉ biết vị trí của bạn với sai số {rough.vi}; báo cáo về loại dự án này cần ở trong vòng "
        vi += f"{within.vi}. Hãy chờ định vị chính xác hơn (ra chỗ thoáng, bật định vị độ chính xác cao), hoặc"
    return ReportRefused(
        "too_far",
        f"{en} confirm to send it anyway (it will be flagged for review).",
        f"{vi} xác nhận để vẫn gửi (báo cáo sẽ được đánh dấu để xem xét).",
        distance_m=None if distance is None else round(distance, 1),
        threshold_m=limit,
        accuracy_m=accuracy_m,
        flag=flag,
    )


def _project_and_distance(
    session: Session, project_id: int, report: StatusReport
) -> tuple[Project | None, float | None]:
    # the project's row locked at once: the same report sent twice at once (a double tap) waits for the first, then
    # finds it recorded (_sent_before)
    located = select(Project, distance_to_project(report.lon, report.lat)).where(Project.id == project_id)
    row = session.execute(located.with_for_update(of=Project)).one_or_none()
    return (None, None) if row is None else (row[0], row[1])


def not_reportable(project_id: int, project: Project | None) -> ReportRefused | None:
    """The refusal of a report on a project there is not (``project`` None) or that was retired."""
    if project is None:
        return ReportRefused(
            "not_found",
            f"No project with id {project_id}. Find one at /api/projects/near.",
            f"Không có dự án số {project_id}. Tìm dự án gần bạn tại /api/projects/near.",
        )
    if project.retired_at is not None:
        return ReportRefused(
            "retired",
            f"Project {project.code} was retired on {project.retired_at:%Y-%m-%d}.",
            f"Dự án {project.code} đã được rút khỏi danh mục ngày {vi_date(project.retired_at)}.",
        )
    return None


def checked(report: StatusReport) -> StatusReport:
    """The report with its status as a code; ReportRefused for what no project may take: an unknown status, a day
    still to come, a NUL in its note, a percent its status contradicts."""
    status = read_status(report.status)  # a code or a word for it, as a sheet's column takes (geo.coded_words)
    if status is None:  # said in the asker's language, with the words taken for each status
        taken = words_taken(PROJECT_STATUSES)
        raise ReportRefused(
            "invalid",
            f"unknown status {report.status!r}; the words taken: {taken.en}",
            f"không có tình trạng {report.status!r}; các từ được nhận: {taken.vi}",
        )
    report = replace(report, status=status)
    if report.reported_at > vietnam_today():  # Vietnam's day, whatever the server's or the phone's zone
        raise ReportRefused(
            "invalid",
            f"reported_at {report.reported_at} is in the future; give the day of the visit.",
            f"Ngày {vi_date(report.reported_at)} chưa đến; hãy ghi ngày đến hiện trường.",
        )
    if report.note and "\x00" in report.note:
        raise ReportRefused(
            "invalid",
            "The note contains a NUL character; send plain text.",
            "Ghi chú có ký tự NUL; hãy gửi văn bản thường.",
        )
    if refused := _contradiction(report):
        raise refused
    return report


def stored_note(note: str | None) -> str | None:
    """A note as the registry keeps it: NFC, and one line end (a browser's textarea sends "\r\n", trial 51)."""
    return unicodedata.normalize("NFC", re.sub(r"\r\n?", "\n", note)) if note else None


def distance_flag(
    settings: Settings, kind: str, precision: str | None, distance: float | None, report: StatusReport
) -> tuple[str | None, float]:
    """Whether a report on a project of ``kind`` is from beyond the kind's distance, or from a position too rough to
    tell: its flag (None, "beyond_distance" or "position_uncertain"), and the kind's distance."""
    limit = threshold_m(settings, kind)
    measured = None if precision in STAND_IN_SITES else distance  # to a stand-in: means nothing
    beyond = measured is not None and measured > limit
    flag = "beyond_distance" if beyond else "position_uncertain" if _uncertain(report, measured, limit) else None
    return flag, limit


def report_status(
    session: Session,
    account: Account,
    project_id: int,
    report: StatusReport,
    settings: Settings,
    photo: Photo | None = None,
    remote_addr: str | None = None,
    expire_tiles: bool = True,
) -> Recorded:
    """Record a report; ReportRefused (nothing changed) when the account or the location may not make it. Without
    ``expire_tiles``, the caller expires the project's tiles (a status file, once for all its projects)."""
    report = checked(report)
    project, distance = _project_and_distance(session, project_id, report)
    if refused := not_reportable(project_id, project):
        raise refused
    if not may_change(session, account, project.id):
        refused = not_in_charge(session, account, project)
        raise ReportRefused("forbidden", refused.en, refused.vi)
    note = stored_note(report.note)
    if first := _sent_before(session, account, project, report, note, photo):
        return _as_received(session, first)
    flag, limit = distance_flag(settings, project.kind, project.location_precision, distance, report)
    if flag and not report.confirm_distance:
        raise unconfirmed(flag, project, distance, limit, report.accuracy_m)
    event = append_status_event(
        session,
        project,
        status=report.status,
        percent=report.percent,
        reported_at=report.reported_at,
        expected_version=report.expected_version,
        note_vi=note,
        reporter_account_id=account.id,
        reporter_name=account.display_name,
        reporter_location=point(report.lon, report.lat),
        reporter_accuracy_m=report.accuracy_m,
        distance_m=distance,
        source=report.source,
        expire_tiles=expire_tiles,
    )
    if flag:
        session.add(StatusEventFlag(event_id=event.id, reason=flag, distance_m=distance, threshold_m=limit))
    if photo is not None:
        store_photo(photo, settings.photo_dir)
        session.add(
            StatusPhoto(
                event_id=event.id,
                sha256=photo.sha256,
                content_type=photo.content_type,
                size_bytes=len(photo.content),
                path=photo.relative_path,
            )
        )
    agency = agency_code(session, event.reporter_agency_id)
    changes = audited(report, note, event.version, distance, flag, agency)
    changes |= {"photo_sha256": photo.sha256 if photo else None}
    record(
        session,
        actor=account,
        action="report_status",
        entity="project",
        entity_id=project.id,
        changes=changes,
        remote_addr=remote_addr,
    )
    session.flush()
    return Recorded(event.version, changes["distance_m"], flag is not None, changes["photo_sha256"], event.recorded_at)


def audited(
    report: StatusReport, note: str | None, version: int, distance: float | None, flag: str | None, agency: str | None
) -> dict[str, Any]:
    """What a recorded report's audit entry says it changed (its photo's hash added by the caller), with the code of
    the agency its event keeps (geo.status_history.accounts_agency): the log names it as the report was sent."""
    return {
        "status": report.status,
        "percent": report.percent,
        "reported_at": report.reported_at.isoformat(),
        "note": note,
        "version": version,
        "distance_m": None if distance is None else round(distance, 1),
        "flagged_beyond_distance": flag == "beyond_distance",
        "accuracy_m": report.accuracy_m,
        "flag": flag,
        "photo_sha256": None,
        "agency": agency,
    }


def _sent_before(
    session: Session, account: Account, project: Project, report: StatusReport, note: str | None, photo: Photo | None
) -> StatusEvent | None:
    """The same report (status, percent, day, note) from the same account, already recorded and counted: a double
    tap, or a report sent again because its answer was lost (a trial's flaky network made two events of one visit).
    It is the same report when nothing was recorded on the project since it, or when it was recorded after the
    version the report was prepared on (``If-Match``: the sender could not have seen it). A photo the event does not
    have makes it another report; the same report sent again without its photo (a form's kept report) does not."""
    since = StatusEvent.version == project.version
    if report.expected_version is not None and report.expected_version >= 0:
        since = or_(since, StatusEvent.version > report.expected_version)
    same = select(StatusEvent).where(
        StatusEvent.project_id == project.id,
        StatusEvent.reporter_account_id == account.id,
        StatusEvent.status == report.status,
        StatusEvent.percent == report.percent,
        StatusEvent.reported_at == report.reported_at,
        StatusEvent.note_vi.is_not_distinct_from(note),
        text(counted(StatusEvent.__tablename__)),
        since,
    )
    if photo is not None:
        same = same.where(exists().where(StatusPhoto.event_id == StatusEvent.id, StatusPhoto.sha256 == photo.sha256))
    return session.scalars(same.order_by(StatusEvent.version.desc()).limit(1)).first()


def _as_received(session: Session, event: StatusEvent) -> Recorded:
    """The answer of a report already received: what its first sending recorded."""
    distance = None if event.distance_m is None else round(event.distance_m, 1)
    flagged = session.get(StatusEventFlag, event.id) is not None
    photo = min((p.sha256 for p in event.photos), default=None)
    return Recorded(event.version, distance, flagged, photo, event.recorded_at, already_received=True)
