"""Status updates from the field: reports with photos, bulk status files, histories, photos."""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Path, Query, Request, Response, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth import Someone, Writer
from api.deps import SessionDep, TransactionDep, client_address
from api.errors import NotFound, in_request_language, no_project
from api.params import (
    MAX_ID,
    STATUS_WORDS_SAID,
    FieldReportsFilters,
    LangParam,
    Language,
    PlainText,
    ProjectId,
    TableFormat,
    TypedPercent,
)
from api.request_checks import read_file_part
from api.schemas.projects import BulkReport, FieldReport, ProjectHistory, RecordedReport, RecordedReview
from api.sheet_responses import TABLE_FILES, table_response
from geo import bulk_status_reports
from geo.accounts import ended_agency_note
from geo.field_reports_table import filter_lines, report_rows, reports_csv, reports_file_name, reports_xlsx
from geo.photos import Photo, check_photo
from geo.queries.field_reports import field_reports, report_choices
from geo.queries.history import current_state, photo_path, project_history
from geo.report_reviews import REVIEW_NOTE_MAX_CHARACTERS, Reviewed, Verdict, review_report
from geo.said import Said
from geo.status_history import StaleVersion
from geo.status_reports import NOTE_MAX_CHARACTERS, StatusReport, report_status
from geo.vietnam_day import vietnam_today
from geo.vocab import STATUS_CODES

router = APIRouter(tags=["status reports"])

StatusCode = Annotated[str, Form(description=f"{STATUS_WORDS_SAID}; the codes: {', '.join(STATUS_CODES)}")]


class ReviewVerdict(BaseModel):
    # checked by geo.report_reviews, whose refusal is said in the request's language, not pydantic's English
    verdict: str = Field(description='"confirmed": it stands, its status counts; "rejected": left out of its state')
    note: PlainText | None = Field(
        None, description=f"why; required for a rejection; at most {REVIEW_NOTE_MAX_CHARACTERS}"
    )
    seen: str | None = Field(
        None,
        description='the verdict you read before deciding: "none", "confirmed" or "rejected"; if another reviewer '
        "has given another since, 409 and nothing changes (left out: no check)",
    )


def etag(version: int) -> str:
    return f'"v{version}"'


def _expected_version(if_match: str | None) -> int | None:
    """The version an If-Match header names ('"v7"', 'W/"v7"' or '7'); -1 (never current) if unreadable."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = re.fullmatch(r'\s*(?:W/)?"?v?(\d{1,9})"?\s*', if_match)
    return int(found.group(1)) if found else -1


@router.get(
    "/api/projects/{project_id}/history",
    response_model=ProjectHistory,
    summary="A project's state and append-only status history",
)
def history(project_id: ProjectId, session: SessionDep, response: Response) -> dict[str, Any]:
    found = project_history(session, project_id)
    if found is None:
        raise no_project(project_id)
    response.headers["ETag"] = etag(found["version"])
    return found


@router.get(
    "/api/status-reports",
    response_model=list[FieldReport],
    summary="Officers' status reports from the field, latest recorded first",
)
def field_reports_read(session: SessionDep, query: FieldReportsFilters) -> list[dict[str, Any]]:
    """What a supervisor reads: the reports an agency's officers sent, with their notes, photos, how far from the
    site and how well placed; ``/status-reports`` lists the same."""
    return field_reports(session, **query.filters())


@router.get(
    "/api/status-reports/flagged",
    response_model=list[FieldReport],
    summary="Reports accepted though sent from afar or from a rough position, latest recorded first",
)
def flagged(session: SessionDep, query: FieldReportsFilters) -> list[dict[str, Any]]:
    """What a reviewer checks: each report sent from farther from its project than the project's kind allows, or
    from a position known more roughly than that, accepted because the sender confirmed (it may have been filed from
    the office): ``/api/status-reports?flagged=true``, kept for the links to it."""
    return field_reports(session, **replace(query, flagged=True).filters())


@router.get(
    "/api/status-reports/table.{format}",
    response_class=Response,
    summary="The officers' reports as /status-reports lists them, as a table (XLSX or CSV, in ?lang=)",
    responses=TABLE_FILES,
)
def field_reports_table(
    session: SessionDep, query: FieldReportsFilters, format: TableFormat, lang: LangParam = Language.vi
) -> Response:
    """What a supervisor sends the director: the reports as filtered, a table GDAL (QGIS) and pandas read; the
    filter said on the workbook's second sheet and in the files' names (geo.field_reports_table)."""
    reports = field_reports(session, **query.filters())
    rows = report_rows(reports, lang.value)
    if format is TableFormat.xlsx:
        about = filter_lines(asdict(query), report_choices(session), len(reports), lang.value)
        body = reports_xlsx(rows, about, lang.value)
    else:
        body = reports_csv(rows, lang.value)
    name = reports_file_name(asdict(query), vietnam_today(), format.value, lang.value)
    return table_response(body, format, name)


@router.post(
    "/api/projects/{project_id}/status/{version}/review",
    response_model=RecordedReview,
    summary="Say whether a report flagged to check stands (a reviewer, not its sender)",
    responses={401: {}, 403: {}, 404: {}, 409: {}, 422: {}},
)
def review(
    project_id: ProjectId,
    version: Annotated[int, Path(ge=1, le=MAX_ID, description="the version the report made (its history's)")],
    body: ReviewVerdict,
    request: Request,
    session: TransactionDep,
    account: Someone,
    response: Response,
) -> Reviewed:
    """A report sent from afar or from a rough position, accepted as its sender confirmed: ``confirmed`` it stands
    and its "to check" marks go; ``rejected`` (with a note) it stays in the history, marked, and the project's status
    is again that of the report before it. Any account that may change the project, or a viewer given its kind and
    unit (a supervisor who sends no reports), but the sender; a verdict may be changed. The answer's ETag is the
    project's version after it."""
    verdict = Verdict(body.verdict, body.note, body.seen)
    reviewed = review_report(session, account, project_id, version, verdict, client_address(request))
    response.headers["ETag"] = etag(reviewed.project_version)
    return reviewed


@router.post(
    "/api/projects/{project_id}/status",
    status_code=201,
    response_model=RecordedReport,
    summary="Report a project's status from the field",
    responses={
        200: {"model": RecordedReport, "description": "the same report, already received"},
        401: {},
        403: {},
        404: {},
        409: {},
        412: {},
        413: {},
        415: {},
        422: {},
    },
)
def report(
    project_id: ProjectId,
    request: Request,
    account: Writer,
    status: StatusCode,
    percent: Annotated[TypedPercent, Form(ge=0, le=100)],
    lon: Annotated[float, Form(ge=-180, le=180, description="where the reporter stands (WGS 84)")],
    lat: Annotated[float, Form(ge=-90, le=90)],
    reported_at: Annotated[date | None, Form(description="day of the visit; today if omitted")] = None,
    note: Annotated[PlainText | None, Form(max_length=NOTE_MAX_CHARACTERS)] = None,
    accuracy_m: Annotated[
        float | None,
        Form(
            ge=0,
            description="the accuracy the phone states for lon/lat (its radius, m); wider than the kind's "
            "threshold, the report needs confirm_distance and is flagged",
        ),
    ] = None,
    confirm_distance: Annotated[
        bool, Form(description="send even if farther than the kind's threshold, or from a position known less well")
    ] = False,
    photo: Annotated[UploadFile | None, File(description="JPEG, PNG or WebP")] = None,
    if_match: Annotated[str | None, Header(description='the version read, as its ETag, e.g. "v7"')] = None,
) -> JSONResponse:
    """Append a status event. Stale If-Match gives 412 with the project's current state; nothing changes.

    The same report sent again by the same account (same status, percent, day and note: a double tap, a resend after
    a lost answer) is answered 200 with the event its first sending made (``already_received``), and not recorded
    twice: when nothing was recorded on the project since that event, or when the event is newer than the If-Match
    version (checked before it, so such a resend gets no 412). A photo that event lacks makes it a new report.

    Its own sessions rather than TransactionDep: the refused report's transaction is rolled back before the 412
    answer reads the state again, and the 201 answer reads the state as committed."""
    settings = request.app.state.settings
    checked = _read_photo(photo, settings.photo_max_bytes)
    entry = StatusReport(
        status=status,
        percent=percent,
        reported_at=reported_at or vietnam_today(),
        lon=lon,
        lat=lat,
        note=note,
        confirm_distance=confirm_distance,
        expected_version=_expected_version(if_match),
        accuracy_m=accuracy_m,
    )
    engine = request.app.state.engine
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            recorded = report_status(session, account, project_id, entry, settings, checked, client_address(request))
    except StaleVersion as stale:
        with Session(engine) as session:
            state = current_state(session, project_id)
        return JSONResponse(
            jsonable_encoder({"detail": in_request_language(request, stale.said), "current": state}),
            status_code=412,
            headers={"ETag": etag(state["version"])},
        )
    with Session(engine) as session:
        state = current_state(session, project_id)
        note = ended_agency_note(session, account)
    return JSONResponse(
        jsonable_encoder(
            {**asdict(recorded), "project": state, "agency_note": in_request_language(request, note) if note else None}
        ),
        status_code=200 if recorded.already_received else 201,
        # the project as it is now for a report already received: the next report goes on from it
        headers={"ETag": etag(state["version"] if recorded.already_received else recorded.version)},
    )


def _read_photo(photo: UploadFile | None, max_bytes: int) -> Photo | None:
    if photo is None or not photo.filename:
        return None
    return check_photo(photo.filename, photo.file.read(max_bytes + 1), max_bytes)


@router.post(
    "/api/status-imports",
    response_model=BulkReport,
    summary="Bulk status reports from a CSV, an Excel workbook or a GeoJSON of points: dry run, then commit",
    responses={401: {}, 403: {}, 409: {}, 413: {}, 422: {}},
)
def bulk_import(
    request: Request,
    session: TransactionDep,
    account: Writer,
    file: Annotated[
        UploadFile,
        File(description="CSV or Excel workbook (lon, lat, status, percent[, reported_at, note, code]) or GeoJSON"),
    ],
    radius_m: Annotated[float, Query(gt=0, le=2000, description="how far a point may be from its project")] = 100,
    crs: Annotated[
        str | None,
        Query(
            max_length=2000,
            description="the CRS of the file's positions, as georeg ingest and an upload take it: EPSG:9209 "
            "(VN-2000 TM-3 Trà Vinh), EPSG:9210 …; WGS 84 degrees if left out",
        ),
    ] = None,
    commit: Annotated[
        bool, Query(description="apply the rows (only if every row matches one project the account may report on)")
    ] = False,
    accept_steps_back: Annotated[
        bool,
        Query(description="with commit: record the rows listed in steps_back (an earlier stage or a lower percent)"),
    ] = False,
    steps_back_seen: Annotated[
        str | None,
        Query(
            max_length=64,
            description="with accept_steps_back: the dry run's steps_back_key; the commit is refused (409) when the "
            "file's steps back are no longer those (a report came in since the check)",
        ),
    ] = None,
) -> JSONResponse:
    """Match each point to the one project within ``radius_m``; with ``commit`` apply all rows or none. A refused
    commit (422; 403 when every row matched and some are on projects the account may not report on) answers the dry
    run's lists and a ``detail`` naming every kind of problem at once, in the request's language."""
    raw = read_file_part(request, file)
    rows = bulk_status_reports.read_rows(file.filename or "upload", raw)
    positions = bulk_status_reports.positions_in(crs)
    settings = request.app.state.settings
    name = file.filename or "upload"
    result, planned = bulk_status_reports.preview(session, account, name, rows, radius_m, positions)
    if not commit:
        return JSONResponse(jsonable_encoder(result.as_dict()))
    try:
        done = bulk_status_reports.commit(
            session, account, result, planned, settings, client_address(request), accept_steps_back, steps_back_seen
        )
    except bulk_status_reports.CommitRefused as refused:
        body = result.as_dict() | {"detail": in_request_language(request, refused.said)}
        return JSONResponse(jsonable_encoder(body), status_code=refused.status)
    return JSONResponse(jsonable_encoder(done.as_dict()), status_code=201)


@router.get("/api/photos/{sha256}", response_class=FileResponse, summary="A report photo, by its SHA-256")
def photo(
    request: Request, session: SessionDep, sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")]
) -> FileResponse:
    found = photo_path(session, sha256)
    if found is None:
        raise NotFound(Said(f"Không có ảnh nào có mã băm {sha256}.", f"No photo with hash {sha256}."))
    return FileResponse(request.app.state.settings.photo_dir / found[0], media_type=found[1])
