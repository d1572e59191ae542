"""What a bulk status file's dry run says of its rows before any is recorded (geo.bulk_status_reports), each row in
both languages with what to do: a row matching no project, or several; a row on a project the account may not report
on; a row putting its project back (an earlier stage, or a lower percent: what the field form and a GIS load ask to
confirm, geo.ingest.project_writes.STEPS_BACK); a row dated before its project's latest report, which goes into the
project's history and leaves its state as it is (geo.status_history.append_status_event). And why a commit is
refused, naming the rows of each kind of problem at once (the first :data:`LISTED` of each, the others counted).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from geo.jurisdiction import not_in_charge
from geo.models import Account, Project
from geo.said import Said, fill, joined
from geo.status_reports import StatusReport, distance_as_read
from geo.vi_format import local_date, vi_number
from geo.vocab import PROJECT_KINDS, PROJECT_STAGES, PROJECT_STATUSES, labels

LISTED = 20  # rows a refused commit names; the others are counted
FARTHEST_M = 2000  # the largest radius_m a file is matched within (api.routers.status_reports)

SAID = {
    "unmatched": {
        "vi": "dòng {row}: không có dự án nào trong vòng {radius} m quanh điểm {lon}, {lat}; hãy thêm cột ma ghi mã "
        "dự án, đặt điểm vào đúng vị trí dự án, hoặc gửi lại tệp với radius_m lớn hơn (tối đa 2.000 m)",
        "en": "row {row}: no project within {radius} m of {lon}, {lat}; add a column ma with the project's code, put "
        "the point on the project's site, or send the file again with a larger radius_m (at most 2,000 m)",
    },
    "no_such_code": {
        "vi": "dòng {row}: không có dự án nào mã {code}; hãy sửa mã cho đúng như trong sổ đăng ký (/api/projects)",
        "en": "row {row}: no project has the code {code}; correct it as the registry lists it (/api/projects)",
    },
    "code_too_far": {
        "vi": "dòng {row}: mã {code} là dự án «{name}», cách điểm {away}, xa hơn {radius} m; nếu dòng nói về dự án "
        "đó, hãy đặt điểm vào vị trí của dự án{wider}",
        "en": "row {row}: the code {code} is “{name}”, {away} from the point, beyond {radius} m; if the row is about "
        "it, put the point on its site{wider}",
    },
    "wider": {
        "vi": ", hoặc gửi lại tệp với radius_m={needed}",
        "en": ", or send the file again with radius_m={needed}",
    },
    "ambiguous": {
        "vi": "dòng {row}: {count} dự án trong vòng {radius} m ({names}); hãy thêm cột ma ghi mã của dự án dòng này "
        "nói về (hoặc cột loai ghi loại dự án), hoặc đặt điểm vào đúng vị trí dự án",
        "en": "row {row}: {count} projects within {radius} m ({names}); add a column ma with the code of the project "
        "the row is about (or a column loai with its kind), or put the point on its site",
    },
    "only_yours": {
        "vi": "dòng {row}: khớp {code} «{name}», dự án duy nhất bạn được báo cáo trong {count} dự án trong vòng "
        "{radius} m (các dự án khác: {others})",
        "en": "row {row}: matched {code} “{name}”, the only one of the {count} projects within {radius} m you may "
        "report on (the others: {others})",
    },
    "not_in_charge": {"vi": "dòng {row}: {why}", "en": "row {row}: {why}"},
    "step_back": {
        "vi": "dòng {row}: đưa {code} «{name}» lùi lại, từ {now} về {sent}; nếu đúng, hãy xác nhận khi gửi "
        "(accept_steps_back=true); nếu không, sửa dòng này",
        "en": "row {row}: puts {code} “{name}” back, from {now} to {sent}; if that is right, confirm it when you send "
        "the file (accept_steps_back=true); if not, correct the row",
    },
    "history_only": {
        "vi": "dòng {row}: ngày {day} trước báo cáo mới nhất về {code} «{name}» ({latest}, {now}): dòng được ghi vào "
        "lịch sử của dự án, tình trạng hiện nay giữ nguyên",
        "en": "row {row}: {day} is before the latest report on {code} “{name}” ({latest}, {now}): the row goes into "
        "the project's history, its state stays as it is",
    },
    "refused_unmatched": {
        "vi": "{count} dòng chưa khớp đúng một dự án ({rows}{more}); hãy đọc thông báo "
        "của từng dòng trong ambiguous, unmatched và invalid, sửa tệp rồi gửi lại",
        "en": "{count} rows do not match exactly one project ({rows}{more}); read each "
        "row's message in ambiguous, unmatched and invalid, correct the file and send it again",
        "en_one": "1 row does not match exactly one project ({rows}); read its message "
        "in ambiguous, unmatched or invalid, correct the file and send it again",
    },
    "refused_not_in_charge": {
        "vi": "{count} dòng về dự án ngoài phạm vi phụ trách của tài khoản ({rows}{more}); "
        "hãy bỏ các dòng đó khỏi tệp rồi gửi lại (lý do của từng dòng trong not_in_charge)",
        "en": "{count} rows are on projects you may not report on ({rows}{more}); remove "
        "them from the file and send it again (each row's reason in not_in_charge)",
        "en_one": "1 row is on a project you may not report on ({rows}); remove it from "
        "the file and send it again (the reason in not_in_charge)",
    },
    "refused_steps_back": {
        "vi": "{count} dòng đưa dự án lùi lại so với tình trạng hiện có, một giai đoạn trước hoặc % hoàn thành thấp "
        "hơn ({rows}{more}); nếu tệp đúng, hãy xác nhận khi gửi lại (accept_steps_back=true); nếu không, sửa các "
        "dòng đó",
        "en": "{count} rows put their project back from its state, to an earlier stage or a lower percent "
        "({rows}{more}); if the file is right, confirm them when you send it again (accept_steps_back=true); if not, "
        "correct those rows",
        "en_one": "1 row puts its project back from its state, to an earlier stage or a "
        "lower percent ({rows}); if the file is right, confirm it when you send it again (accept_steps_back=true); if "
        "not, correct it",
    },
    "refused_steps_back_changed": {
        "vi": "các dự án tệp đưa lùi lại không còn là những dự án bạn đã xác nhận: có báo cáo gửi tới sau lần kiểm "
        "tra, nay {count} dòng đưa dự án lùi lại ({rows}{more}); hãy kiểm tra lại tệp và xác nhận những gì nó nêu",
        "en": "the projects the file puts back are no longer those you confirmed: a report came in since your check, "
        "and now {count} rows put their project back ({rows}{more}); check the file again and confirm what it lists",
    },
    "refused": {"vi": "{file}: chưa ghi dòng nào: {why}", "en": "{file}: nothing recorded: {why}"},
    "refused_empty": {
        "vi": "{file}: chưa ghi gì: tệp không có dòng nào dưới dòng tiêu đề; hãy điền mỗi dòng một báo cáo rồi gửi lại",
        "en": "{file}: nothing recorded: the file has no row under its header; give one report a row and send it again",
    },
    "more": {"vi": "; và {count} dòng khác", "en": "; and {count} more"},
    "row": {"vi": "dòng {row}", "en": "row {row}"},
    "row_on": {"vi": "dòng {row} ({what})", "en": "row {row} ({what})"},
}


class State(NamedTuple):
    """A project's name and state as its rows are judged against it."""

    code: str
    name_vi: str
    name_en: str | None
    status: str | None
    percent: float | None
    day: date | None

    def name(self) -> Said:
        return Said(self.name_vi, self.name_en or self.name_vi)


def told(said: Said) -> dict[str, str]:
    """A row's message as the lists give it (as an invalid row's)."""
    return {"message": said.en, "message_vi": said.vi}


def states(session: Session, project_ids: set[int], lock: bool = False) -> dict[int, State]:
    """The projects' states; with ``lock``, their rows locked to the transaction's end (in id order: two files on the
    same projects queue, never deadlock), so that what a commit checks is what it writes on."""
    query = select(
        Project.id, Project.code, Project.name_vi, Project.name_en, Project.status, Project.percent, Project.status_date
    )
    query = query.where(Project.id.in_(project_ids)).order_by(Project.id)
    if lock:
        query = query.with_for_update(of=Project)
    return {row[0]: State(*row[1:]) for row in session.execute(query)}


def _state_said(status: str | None, percent: float | None) -> Said:
    vi, en = labels(PROJECT_STATUSES, "vi").get(status, status), labels(PROJECT_STATUSES, "en").get(status, status)
    if percent is None:
        return Said(vi or "", en or "")
    return Said(f"{vi} {vi_number(percent, 1)} %", f"{en} {percent:g} %")


def _puts_back(state: State, report: StatusReport) -> bool:
    """As geo.ingest.project_writes.STEPS_BACK and the field form: an earlier stage, or a lower percent unless the
    row cancels the project."""
    now, sent = PROJECT_STAGES.get(state.status or ""), PROJECT_STAGES.get(report.status)
    earlier = now is not None and sent is not None and sent < now
    return earlier or (report.status != "cancelled" and state.percent is not None and report.percent < state.percent)


def steps_back(
    found: dict[int, State], planned: list[tuple[int, int, StatusReport]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows that put their project back, and those dated before its state's day (they go into its history
    only), in file order; a row is judged against the state the rows before it on the same project leave."""
    now, back, history = dict(found), [], []
    for number, project_id, report in planned:
        state = now[project_id]
        where = {
            "row": number,
            "id": project_id,
            "code": state.code,
            "name_vi": state.name_vi,
            "name_en": state.name_en,
        }
        blanks = {
            "row": number,
            "code": state.code,
            "name": state.name(),
            "now": _state_said(state.status, state.percent),
        }
        if state.day is not None and report.reported_at < state.day:
            day, latest = (Said(local_date(d, "vi"), local_date(d, "en")) for d in (report.reported_at, state.day))
            history.append(where | told(fill(SAID, "history_only", day=day, latest=latest, **blanks)))
            continue
        if _puts_back(state, report):
            changes = {"from": {"status": state.status, "percent": state.percent}}
            changes["to"] = {"status": report.status, "percent": report.percent}
            sent = _state_said(report.status, report.percent)
            back.append(where | changes | told(fill(SAID, "step_back", sent=sent, **blanks)))
        now[project_id] = state._replace(status=report.status, percent=report.percent, day=report.reported_at)
    return back, history


def steps_back_key(rows: list[dict[str, Any]]) -> str | None:
    """What a dry run's steps back are, as a commit confirming them sends it back (``steps_back_seen``): each row,
    its project and the state it goes back from and to. A report landing between the check and the commit changes it,
    so the officer confirms what the file does then, not what it did (None: no step back)."""
    if not rows:
        return None
    said = [(row["row"], row["id"], row["from"], row["to"]) for row in rows]
    return hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()[:16]


def candidate(found: Row) -> dict[str, Any]:
    """A project near a row (geo.queries.near.nearest_to_each, coded_at), as the row's lists name it."""
    keys = ("id", "code", "name_vi", "name_en", "kind", "distance_m")
    return {key: getattr(found, key) for key in keys}


def _named(found: list[dict[str, Any]]) -> Said:
    def one(c: dict[str, Any]) -> Said:
        away, kind = distance_as_read(c["distance_m"]), {lang: labels(PROJECT_KINDS, lang) for lang in ("vi", "en")}
        return Said(
            f"{c['code']} «{c['name_vi']}», {kind['vi'].get(c['kind'], c['kind']).lower()}, {away.vi}",
            f"{c['code']} “{c['name_en'] or c['name_vi']}”, {kind['en'].get(c['kind'], c['kind']).lower()}, {away.en}",
        )

    return joined([one(c) for c in found], "; ", "; ")


def ambiguous(number: int, found: list[dict[str, Any]], radius_m: float) -> Said:
    return fill(SAID, "ambiguous", row=number, count=len(found), radius=radius_m, names=_named(found))


def only_yours(number: int, chosen: dict[str, Any], others: list[dict[str, Any]], radius_m: float) -> Said:
    name = Said(chosen["name_vi"], chosen["name_en"] or chosen["name_vi"])
    blanks = {"row": number, "code": chosen["code"], "name": name, "radius": radius_m, "others": _named(others)}
    return fill(SAID, "only_yours", count=len(others) + 1, **blanks)


def unmatched(number: int, report: StatusReport, code: str | None, radius_m: float, coded: Row | None) -> Said:
    """Why a row matched nothing: none near it, or the project its code names (``coded``: its names and distance,
    None when no project has the code) is farther (how far)."""
    if not code:
        lon, lat = (str(round(degrees, 6)) for degrees in (report.lon, report.lat))  # a VN-2000 row's, transformed
        return fill(SAID, "unmatched", row=number, radius=radius_m, lon=lon, lat=lat)
    if coded is None:
        return fill(SAID, "no_such_code", row=number, code=code)
    name_vi, name_en, distance = coded.name_vi, coded.name_en, coded.distance_m
    needed = int(distance) + 1 if distance is not None else FARTHEST_M + 1
    wider = fill(SAID, "wider", needed=needed) if needed <= FARTHEST_M else Said("", "")
    away = distance_as_read(distance) if distance is not None else Said("không có vị trí", "no site")
    name = Said(name_vi, name_en or name_vi)
    return fill(SAID, "code_too_far", row=number, code=code, name=name, away=away, radius=radius_m, wider=wider)


def not_yours(session: Session, account: Account, number: int, project_id: int) -> dict[str, Any]:
    project = session.get(Project, project_id)
    why = not_in_charge(session, account, project)
    return {"row": number, "id": project_id, "code": project.code} | told(
        fill(SAID, "not_in_charge", row=number, why=why)
    )


def refusal(filename: str, problems: list[tuple[str, list[dict[str, Any]]]]) -> Said:
    """Why a commit was refused: for each of ``problems`` (a message's key, and its rows) what is wrong, naming the
    first :data:`LISTED` rows (the others counted), and what to do; each kind said at once, so that an officer
    corrects them all before sending the file again (trial: she met them one refusal at a time)."""

    def named(row: dict[str, Any]) -> Said:
        if "to" in row:  # a step back: what it changes
            what = joined([_state_said(**row["from"]), _state_said(**row["to"])], " → ", " → ")
            return fill(
                SAID, "row_on", row=row["row"], what=Said(f"{row['code']}: {what.vi}", f"{row['code']}: {what.en}")
            )
        if "code" in row:
            return fill(SAID, "row_on", row=row["row"], what=row["code"])
        return fill(SAID, "row", row=row["row"])

    def one(key: str, rows: list[dict[str, Any]]) -> Said:
        listed = joined([named(row) for row in rows[:LISTED]], ", ", ", ")
        more = fill(SAID, "more", count=len(rows) - LISTED) if len(rows) > LISTED else Said("", "")
        return fill(SAID, key, count=len(rows), rows=listed, more=more)

    why = joined([one(key, rows) for key, rows in problems], ". ", ". ")
    return fill(SAID, "refused", file=filename, why=why)
