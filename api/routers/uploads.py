"""Uploads for GIS staff: POST /api/uploads (a job, checked in the background), GET /api/jobs (the list) and
/api/jobs/{id} (state, progress, report), POST /api/jobs/{id}/commit (loaded in the background)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    BackgroundTasks,
    File,
    Form,
    Query,
    Request,
    Response,
    UploadFile,
)
from sqlalchemy.orm import Session
from starlette.datastructures import State

from api.auth import GisStaff
from api.deps import SessionDep
from api.errors import NotFound, Refused
from api.paging import page_links
from api.params import JobId, KeepChanged, LangParam, Language, PlainText, RetireAbsent, TableFormat
from api.schemas.uploads import Job, Jobs
from api.sheet_responses import TABLE_FILES, table_response
from geo.ingest.jobs import (
    Replacement,
    list_jobs,
    listed_report,
    progress_of,
    queue_job,
    replaced_by,
    waits_for_another_load,
)
from geo.ingest.raster import THEMES
from geo.ingest.report import warning_count_of
from geo.ingest.steps_back_sheet import steps_back_csv
from geo.ingest.targets import MODES, TARGETS, Options
from geo.ingest.uploads import (
    can_commit,
    check_upload_options,
    discard_upload,
    remove_stale_uploads,
    run_commit,
    run_preview,
    start_commit,
    store_upload,
    upload_mapping,
)
from geo.models import IngestJob
from geo.models.ingest import JOB_STATES
from geo.said import Said
from maps.upload_page import report_for_the_page

router = APIRouter(tags=["uploads"])


def _job_body(session: Session, job: IngestJob, app: State) -> dict[str, Any]:
    """A job with its progress and its report."""
    waiting = job.state == "committing" and waits_for_another_load(session, job.id)
    listed = listed_report(job.report, job.errors)
    summary = _job_summary(job, listed, app, replaced_by(session, [job.id]).get(job.id))
    report = report_for_the_page(job.report)
    return summary | {"progress": progress_of(session, job.id), "waiting": waiting, "report": report}


def _job_summary(job: IngestJob, report: dict[str, Any], app: State, replaced: Replacement | None) -> dict[str, Any]:
    """A job without its report: what a list shows, of its ``report`` as a list reads it
    (geo.ingest.jobs.listed_report); ``replaced``: the later job of its file that replaced it
    (geo.ingest.jobs.replaced_by)."""
    committable = not replaced and can_commit(app.engine, job, app.settings, bool(report.get("outdated")))
    return {
        "id": job.id,
        "file_name": job.file_name,
        "target": job.target,
        "mode": job.mode,
        "state": job.state,
        "feature_count": job.feature_count,
        "written_count": job.written_count,
        "changes": report.get("changes") or None,
        "error_count": report["errors_counted"] + report.get("more_errors", 0),
        "warning_count": warning_count_of(report),  # the report's own, as the command line says it
        "features_warned": report.get("features_warned"),
        "account_id": job.account_id,
        "account": job.account.display_name or job.account.username if job.account else None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "replaced_by": _replacement(replaced),
        "raster": {"size": report["size"], "bands": report.get("bands")} if report.get("size") else None,
        "links": {"self": f"/api/jobs/{job.id}"} | ({"commit": f"/api/jobs/{job.id}/commit"} if committable else {}),
    }


def _replacement(replaced: Replacement | None) -> dict[str, Any] | None:
    if replaced is None:
        return None
    return {"job": replaced.job, "loaded": replaced.loaded, "at": replaced.at.isoformat(), "account": replaced.by}


@router.post(
    "/api/uploads",
    status_code=202,
    response_model=Job,
    summary="Upload a GIS file or a GeoTIFF raster: checked in the background as a dry run, to commit later",
    description="Answers at once with the pending job; follow it at `links.self` (state, progress, then the report) "
    "until its state is previewed (commit it) or failed.",
)
def upload(
    request: Request,
    session: SessionDep,
    response: Response,
    background: BackgroundTasks,
    account: GisStaff,
    file: Annotated[
        UploadFile, File(description="zip, .shp (zipped with sidecars), .gpkg, .geojson, .kml, .csv, GeoTIFF")
    ],
    into: Annotated[str, Form(description="projects, units or salinity; a GeoTIFF: forest or salinity")],
    mode: Annotated[str, Form(description="append, upsert or replace")] = "append",
    kind: Annotated[str | None, Form()] = None,
    scheme: Annotated[str | None, Form()] = None,
    province: Annotated[str | None, Form()] = None,
    period: Annotated[str | None, Form()] = None,
    status_as_of: Annotated[
        str | None,
        Form(
            description="projects: the day the file's statuses were true, 31/12/2025 or 2025-12-31 (default: the "
            "day of the load)"
        ),
    ] = None,
    year: Annotated[int | None, Form(description="rasters: the year they show")] = None,
    title: Annotated[
        PlainText | None,
        Form(description="rasters: a title readers see (the yearly report's source); default: the file's"),
    ] = None,
    source: Annotated[PlainText | None, Form()] = None,
    crs: Annotated[str | None, Form(description="e.g. EPSG:9209")] = None,
    encoding: Annotated[str | None, Form(description="utf-8, cp1258, tcvn3 or vni")] = None,
    official_vn2000: Annotated[bool, Form()] = False,
    clean_borders: Annotated[
        bool,
        Form(
            description="units: make neighbours share their borders, each overlap and thin gap (under ~110 m) going to "
            "one unit, as the command line's --clean-borders; without it, overlaps wider than slivers refuse the file"
        ),
    ] = False,
    border_tolerance: Annotated[
        str | None,
        Form(
            description="units, with clean_borders: the most a unit may change, % of its area, 1.5 or 1,5 (default 1); "
            "a unit changing more refuses the file"
        ),
    ] = None,
    columns: Annotated[
        list[str],
        Form(
            alias="map",
            description="a registry field a column holds under another name, as field=column (e.g. "
            "name_vi=Hạng mục), as the command line's --map; repeatable",
        ),
    ] = [],  # noqa: B006
) -> dict[str, Any]:
    targets = sorted({*TARGETS, *THEMES})
    if into not in targets or mode not in MODES:
        into_mode = f"{', '.join(targets)}", f"{', '.join(MODES)}"
        raise Refused(
            422,
            Said(
                f"into phải là một trong {into_mode[0]} và mode là một trong {into_mode[1]}",
                f"into must be one of {into_mode[0]} and mode one of {into_mode[1]}",
            ),
        )
    settings, engine = request.app.state.settings, request.app.state.engine
    mapping = upload_mapping(columns)  # UploadOptionsRefused: 422 (api.errors)
    remove_stale_uploads(engine, settings)
    path = store_upload(engine, file.file, file.filename or "upload", settings)
    given = {"crs": crs, "encoding": encoding, "official_vn2000": official_vn2000, "mapping": mapping}
    check_upload_options(path, given)  # UploadOptionsRefused: 422 (api.errors)
    options = Options(
        into, mode, kind, scheme, province, period, source, status_as_of, clean_borders, border_tolerance or None
    )
    job_id = queue_job(engine, path.name, into, mode, account.id)
    background.add_task(
        run_preview, engine, job_id, path, options, settings, account_id=account.id, year=year, title=title, **given
    )
    response.headers["Location"] = f"/api/jobs/{job_id}"
    return _job_body(session, session.get(IngestJob, job_id), request.app.state)


JobState = StrEnum("JobState", {state: state for state in JOB_STATES})


@router.get(
    "/api/jobs",
    response_model=Jobs,
    response_model_exclude_unset=True,
    summary="Ingest jobs, newest first: e.g. the previews waiting to be committed",
)
def list_ingest_jobs(
    request: Request,
    session: SessionDep,
    account: GisStaff,
    state: Annotated[list[JobState], Query(description="pending, running, previewed, …; repeatable")] = [],  # noqa: B006
    mine: Annotated[bool, Query(description="only the jobs of the token's account")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    jobs, matched = list_jobs(session, [s.value for s in state], account.id if mine else None, limit, offset)
    replaced = replaced_by(session, [job.id for job, _ in jobs])
    return {
        "jobs": [_job_summary(job, listed, request.app.state, replaced.get(job.id)) for job, listed in jobs],
        "numberMatched": matched,
        "numberReturned": len(jobs),
        "links": page_links(request, limit, offset, matched, "application/json"),
    }


@router.get("/api/jobs/{job_id}", response_model=Job, summary="An ingest job: its state and report")
def get_job(request: Request, session: SessionDep, job_id: JobId, account: GisStaff) -> dict[str, Any]:
    job = session.get(IngestJob, job_id)
    if job is None:
        raise NotFound(Said(f"không có lượt nạp số {job_id}", f"no ingest job {job_id}"))
    return _job_body(session, job, request.app.state)


@router.get(
    "/api/jobs/{job_id}/steps-back.csv",
    response_class=Response,
    summary="Every project an ingest job's file puts back (an earlier stage, a lower percent), as a CSV (in ?lang=)",
    responses=TABLE_FILES,
)
def steps_back_table(session: SessionDep, job_id: JobId, account: GisStaff, lang: LangParam = Language.vi) -> Response:
    """The whole list a refusal or a preview names the first five of (trial s71: 5 of 258): code, name, status and
    percent now and in the file, and the field report that set the status (geo.ingest.steps_back_sheet)."""
    job = session.get(IngestJob, job_id)
    if job is None:
        raise NotFound(Said(f"không có lượt nạp số {job_id}", f"no ingest job {job_id}"))
    rows = (job.report or {}).get("steps_back_list") or []
    return table_response(steps_back_csv(rows, lang.value), TableFormat.csv, f"lan_nap_{job_id}_lui_lai.csv")


@router.post(
    "/api/jobs/{job_id}/commit",
    status_code=202,
    response_model=Job,
    summary="Load a previewed upload for real (all-or-nothing), in the background",
    description="Answers at once with the job, now committing; follow it at `links.self` until it is committed "
    "(or failed, with nothing loaded). A second commit of the same job gets 409. A failed commit (or one cut short "
    "by a server stop) whose file is still kept is committed again the same way, without uploading it again.",
)
def commit(
    request: Request,
    session: SessionDep,
    response: Response,
    background: BackgroundTasks,
    job_id: JobId,
    account: GisStaff,
    keep_changed: KeepChanged = False,
    retire_absent: RetireAbsent = False,
) -> dict[str, Any]:
    engine, settings = request.app.state.engine, request.app.state.settings
    start_commit(engine, job_id, settings, keep_changed)  # JobNotCommittable: 409 (api.errors)
    chosen = {"keep_changed": keep_changed, "retire_absent": retire_absent}
    background.add_task(run_commit, engine, job_id, settings, account.id, **chosen)
    response.headers["Location"] = f"/api/jobs/{job_id}"
    return _job_body(session, session.get(IngestJob, job_id), request.app.state)


@router.post(
    "/api/jobs/{job_id}/discard",
    response_model=Job,
    summary="Discard a previewed upload nobody is to load: its job expires and its file is removed",
    description="For a preview checked again with other choices, or of the wrong file, so that it is not loaded by "
    "mistake beside the right one. Only a preview waiting to be loaded is discarded; any other job gets 409.",
)
def discard(request: Request, session: SessionDep, job_id: JobId, account: GisStaff) -> dict[str, Any]:
    settings = request.app.state.settings
    discard_upload(request.app.state.engine, job_id, settings)  # JobNotCommittable: 409 (api.errors)
    return _job_body(session, session.get(IngestJob, job_id), request.app.state)
