"""GeoTIFF rasters (forest cover, salinity) → Cloud-Optimised GeoTIFF with overviews, registered with year and source.

The COG is written to a temporary name and moved into the raster folder (setting ``raster_dir``) only once it is
complete, under the registry's own name (geo.registry_files: a hard link when another registry sharing the folder has
the same raster); if registering it fails, the file is removed again, so the folder and the table never disagree.
A dry run (an upload's preview) checks the file and its CRS and records a "previewed" job; committing that job
(``job_id``) converts and registers the file as asked then.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import rasterio
import shapely
from pyproj import CRS
from rasterio.warp import transform_bounds
from rio_cogeo.cogeo import cog_translate, cog_validate
from rio_cogeo.profiles import cog_profiles
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from geo.coordinates import REGION_BOUNDS, recognise_crs, to_wgs84
from geo.forest import raster_footprint
from geo.forest_stats_queue import COMPUTING, finish_queued_stats, queue_stats
from geo.ingest.archive import check_size, workspace
from geo.ingest.jobs import dry_run_state, lock_waiting_job, waiting_state
from geo.ingest.messages import said
from geo.ingest.misplaced_sites import Sampled
from geo.ingest.provinces import ProvinceFinder
from geo.ingest.read import reader_message
from geo.ingest.report import Problem
from geo.ingest.sniff import sniff
from geo.layer_versions import bump
from geo.log_words import logged
from geo.models import IngestJob, RasterDataset
from geo.registry_files import linked_to_same, own_raster, registry_mark
from geo.said import Said, SaidError
from geo.settings import Settings
from geo.source_labels import source_label

_log = logging.getLogger(__name__)
#: Where a raster's CRS was read, as its CRS's line says it ("từ …"), not "từ GeoTIFF's CRS" (trial 63).
GEOTIFF_CRS = Said("hệ tọa độ ghi trong tệp GeoTIFF", "CRS written in the GeoTIFF")
THEMES = {"forest": "forest_cover", "salinity": "salinity"}


@dataclass
class RasterRequest:
    path: Path
    into: str
    source: str
    year: int | None = None
    period: str | None = None
    title: str | None = None
    file_name: str | None = None
    account_id: int | None = None
    dry_run: bool = False
    job_id: int | None = None  # a previewed job this load commits
    file_kept: bool = False  # a dry run's file stays to be committed later (an upload): its job is then "previewed"

    def replayable(self) -> dict:
        """What a preview needs to be committed later (see geo.ingest.uploads)."""
        return {k: getattr(self, k) for k in ("into", "source", "year", "period", "title")}


@dataclass
class RasterReport:
    file_name: str
    theme: str
    format: str = "GeoTIFF"
    dry_run: bool = False
    file_sha256: str | None = None
    crs: str | None = None
    crs_how: str | None = None  # how the CRS was decided, in English
    crs_how_vi: str | None = None  # the same in Vietnamese
    size: tuple[int, int] | None = None  # width and height, in pixels
    bands: int | None = None
    pixel_size: tuple[float, float] | None = None  # a pixel's width and height, in pixel_unit
    pixel_unit: str | None = None  # the CRS's unit: "metre", "degree", …
    overviews: list[int] = field(default_factory=list)
    path: str | None = None
    raster_id: int | None = None
    job_id: int | None = None
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    request: dict = field(default_factory=dict)
    title: str | None = None  # the registered raster's title, as an English reader sees it
    title_vi: str | None = None  # the same, as stored and a Vietnamese reader sees it
    forest_stats: dict | None = None  # a forest raster's statistics: computing, then what was computed

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        """The report as its job keeps it and ``--json`` prints it."""
        return asdict(self) | {"ok": self.ok}


def register_raster(engine: Engine, request: RasterRequest, settings: Settings) -> RasterReport:
    """Convert ``request.path`` to a COG in ``settings.raster_dir`` and register it; the report says what happened.

    A dry run only checks the file and records a previewed job.
    """
    name = request.file_name or request.path.name
    report = RasterReport(name, THEMES.get(request.into, request.into), dry_run=request.dry_run)
    report.request = request.replayable()
    target = None  # the COG this call wrote, removed again if registering fails
    try:
        _check(request, settings, report, engine)
        if not report.ok:  # boxes left empty: refused, each said
            _record(engine, report, request, "failed")
            return report
        if request.dry_run:
            _record(engine, report, request, dry_run_state(True, request.file_kept))
            return report
        stem, path = _cog_path(request, settings, report.file_sha256, engine)
        if not path.exists():  # the same file loaded before by this registry: its COG is shared, kept if this fails
            target = path if linked_to_same(settings.raster_dir, stem, path) else _convert(request, path)
        report.path = str(path)
        with rasterio.open(path) as cog:
            report.overviews = cog.overviews(1)
        with Session(engine) as session, session.begin():
            job = _job_to_commit(session, request)
            dataset = RasterDataset(
                theme=report.theme,
                title=request.title or default_title(report.theme, request.year or request.period, name),
                year=request.year,
                period=request.period,
                path=str(path),
                crs=report.crs or "",
                source=request.source,
                ingest_job_id=job.id,
                footprint=raster_footprint(path),
            )
            session.add(dataset)
            session.flush()
            if report.theme == "forest_cover":
                queue_stats(session, dataset)
                report.forest_stats = COMPUTING
            bump(session, f"raster_{report.theme}")
            report.raster_id, report.job_id = dataset.id, job.id
            report.title, report.title_vi = source_label(dataset.title, "en"), dataset.title
            _fill_job(job, report, request, "committed")
        if report.forest_stats is not None:
            report.forest_stats = _stats_after_commit(engine, report.raster_id)
    except (ValueError, OSError, LookupError, rasterio.errors.RasterioError) as exc:
        report.errors.append(Problem.of(said("file_refused", name=name, detail=reader_message(exc))))
        if target is not None:
            target.unlink(missing_ok=True)
        report.path = None
        _record(engine, report, request, "failed")
    return report


#: A raster's title when its officer gives none: what it shows and its file, in words a director reads (the yearly
#: report cites it), not "forest_cover 2026 (rung_2026.tif)" (trial 63); said in English by geo.source_labels.
DEFAULT_TITLES = {
    "forest_cover": "Ảnh che phủ rừng năm {when} (tệp {name})",
    "salinity": "Ảnh độ mặn kỳ {when} (tệp {name})",
}


def default_title(theme: str, when: int | str | None, name: str) -> str:
    """The title of a raster of ``theme`` showing ``when`` (a year, a period) read from the file ``name``."""
    return DEFAULT_TITLES[theme].format(when=when or "?", name=name)


def _stats_after_commit(engine: Engine, raster_id: int) -> dict:
    """The raster's statistics, computed once its registration has committed (geo.forest_stats_queue), or why they
    could not be; the database out of reach leaves them queued, for the app to compute again (it is logged)."""
    try:
        computed = finish_queued_stats(engine)
    except Exception:
        _log.exception("%s", logged("stats_stopped", raster=raster_id))
        return COMPUTING
    return next((c for c in computed if c["raster_id"] == raster_id), COMPUTING)


def _check(request: RasterRequest, settings: Settings, report: RasterReport, engine: Engine | None = None) -> None:
    """Check the request and the file; the boxes left empty are each a refusal of the report, said together and
    before the file's own checks, which go on: a forest raster without source nor year was refused for the one, then,
    checked again, for the other (trial 64, F-a)."""
    if request.into not in THEMES:
        themes = Said(" hoặc ".join(THEMES), " or ".join(THEMES))
        raise SaidError(said("raster_into", themes=themes, into=repr(request.into)))
    name = request.file_name or request.path.name
    report.errors += [Problem.of(said("file_refused", name=name, detail=empty)) for empty in _empty_boxes(request)]
    check_size(request.path, settings.upload_max_bytes)
    if sniff(request.path) != "geotiff":
        raise SaidError(said("not_geotiff"))
    with rasterio.open(request.path) as src:
        _check_crs(src, report)
        report.size, report.bands = (src.width, src.height), src.count
        report.pixel_size = (abs(src.res[0]), abs(src.res[1]))
        report.pixel_unit = CRS.from_user_input(src.crs.to_wkt()).axis_info[0].unit_name
        if engine is not None:
            with Session(engine) as session:
                _check_zone(src, ProvinceFinder(session), request.file_name or request.path.name)
    report.file_sha256 = hashlib.sha256(request.path.read_bytes()).hexdigest()
    if engine is not None and request.into == "forest" and request.year is not None:
        with Session(engine) as session:
            _tell_year_loaded(session, request.year, report)


def _tell_year_loaded(session: Session, year: int, report: RasterReport) -> None:
    """Refuse the very same file registered already as a forest raster (it registered a second raster of the same
    year, silently: trial 65, F18); another file of a year that has a raster is warned of, with which one the figures
    will use (the newest loaded: geo.forest.latest_dataset)."""
    loaded = session.execute(
        select(
            RasterDataset.id, RasterDataset.title, IngestJob.id.label("job"), IngestJob.file_name, IngestJob.file_sha256
        )
        .outerjoin(IngestJob, IngestJob.id == RasterDataset.ingest_job_id)
        .where(RasterDataset.theme == "forest_cover", RasterDataset.year == year)
        .order_by(RasterDataset.id.desc())
    ).all()
    same = next((row for row in loaded if row.file_sha256 == report.file_sha256), None)
    if same is not None:
        blanks = {"raster": str(same.id), "year": str(year), "job": str(same.job), "file": same.file_name}
        report.errors.append(Problem.of(said("forest_file_loaded_before", **blanks)))
    elif loaded:
        newest = loaded[0]
        title = Said(newest.title, source_label(newest.title, "en"))
        blanks = {"raster": str(newest.id), "year": str(year), "job": str(newest.job or "—"), "title": title}
        report.warnings.append(Problem.of(said("forest_year_loaded_before", **blanks)))


def _empty_boxes(request: RasterRequest) -> list[Said]:
    """What the officer must still say of the raster: its source, a forest raster's year."""
    empty = [said("raster_source")] if not request.source.strip() else []
    return empty + ([said("forest_year")] if request.into == "forest" and request.year is None else [])


def _cog_path(request: RasterRequest, settings: Settings, sha256: str, engine: Engine) -> tuple[str, Path]:
    """The raster's name by theme, year and content, and the registry's own file of it (geo.registry_files)."""
    settings.raster_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{THEMES[request.into]}_{request.year or request.period or 'undated'}_{sha256[:16]}"
    with engine.connect() as connection:
        return stem, own_raster(settings.raster_dir, stem, registry_mark(connection))


def _convert(request: RasterRequest, target: Path) -> Path:
    with workspace() as work:
        partial = work / "cog.tif"
        profile = cog_profiles.get("deflate") | {"blockxsize": 256, "blockysize": 256}
        cog_translate(request.path, partial, profile, overview_resampling="average", quiet=True, in_memory=False)
        valid, errors, _ = cog_validate(partial, quiet=True)
        if not valid:
            raise SaidError(said("cog_invalid", errors="; ".join(errors)))
        temporary = target.with_suffix(".partial")
        shutil.move(partial, temporary)
        temporary.replace(target)
    return target


def _check_crs(src: rasterio.DatasetReader, report: RasterReport) -> None:
    if src.crs is None:
        raise SaidError(said("raster_no_crs"))
    decision = recognise_crs(src.crs.to_wkt(), source=GEOTIFF_CRS)
    report.crs = f"EPSG:{decision.epsg}" if decision.epsg else decision.crs.to_string()
    report.crs_how, report.crs_how_vi = decision.how.en, decision.how.vi
    report.warnings += [Problem.of(warning) for warning in decision.warnings]
    west, south, east, north = transform_bounds(src.crs, "EPSG:4326", *src.bounds)
    lon0, lat0, lon1, lat1 = REGION_BOUNDS
    if east < lon0 or west > lon1 or north < lat0 or south > lat1:
        crs = CRS.from_user_input(src.crs.to_wkt()).name
        corners = {"west": west, "east": east, "south": south, "north": north}  # degrees, written to 2 decimals
        region = {"lon0": lon0, "lat0": lat0, "lon1": lon1, "lat1": lat1}
        raise SaidError(said("raster_outside_region", **corners, **region, crs=crs))


#: The valued pixels tried against the provinces: enough to tell zones 50 km apart, read from a decimated band.
PIXELS_TRIED = 200


def _check_zone(src: rasterio.DatasetReader, finder: ProvinceFinder, name: str) -> None:
    """Refuse a projected raster whose valued pixels (forest, a salinity class) mostly lie outside the registry's
    provinces when, read in another TM-3 zone, they lie in them: a Bạc Liêu forest GeoTIFF given Trà Vinh's 105°30'
    was accepted and would have put its mangroves 55 km east, at sea (trial 58)."""
    crs = CRS.from_user_input(src.crs.to_wkt())
    if not crs.is_projected or not len(finder.codes):
        return
    step = max(1, max(src.width, src.height) // 512)
    band = src.read(1, out_shape=(src.height // step or 1, src.width // step or 1), masked=True)
    values = band.filled(0)
    rows, cols = np.nonzero(~np.ma.getmaskarray(band) & (values != 0) & np.isfinite(values))
    if not len(rows):
        return
    picked = np.random.default_rng(0).choice(len(rows), min(PIXELS_TRIED, len(rows)), replace=False)
    scale = rasterio.Affine.scale(src.width / band.shape[1], src.height / band.shape[0])
    xs, ys = rasterio.transform.xy(src.transform @ scale, rows[picked], cols[picked])
    points = shapely.points(*to_wgs84(crs).transform(np.asarray(xs), np.asarray(ys)))
    outside = np.equal(finder.holding(points), None)
    if 2 * int(np.count_nonzero(outside)) <= len(points):
        return
    sampled = Sampled()
    for point in points[outside]:
        sampled.add(crs, point)
    zone = sampled.zone_that_fits(lambda read: int(np.count_nonzero(np.not_equal(finder.holding(read), None))))
    if zone is not None:
        where = {"count": int(np.count_nonzero(outside)), "total": len(points), "crs": f"EPSG:{crs.to_epsg()}"}
        raise SaidError(said("raster_in_wrong_zone", **where, **zone, name=name))


def _job_to_commit(session: Session, request: RasterRequest) -> IngestJob:
    """The previewed job being committed (locked), or a new job."""
    if request.job_id is None:
        job = IngestJob(file_name=request.file_name or request.path.name, target=request.into, mode="append")
        session.add(job)
        session.flush()
        return job
    try:
        return lock_waiting_job(session, request.job_id, dry_run=False)
    except ValueError as exc:
        raise LookupError(str(exc)) from exc


def _record(engine: Engine, report: RasterReport, request: RasterRequest, state: str) -> None:
    """Record a preview or a failure in its own transaction (a failed commit fails its preview job)."""
    with Session(engine) as session, session.begin():
        job = session.get(IngestJob, request.job_id) if request.job_id else None
        if job is None or job.state != waiting_state(request.dry_run):
            job = IngestJob(file_name=report.file_name, target=request.into, mode="append")
            session.add(job)
            session.flush()
        report.job_id = job.id
        _fill_job(job, report, request, state)


def _fill_job(job: IngestJob, report: RasterReport, request: RasterRequest, state: str) -> None:
    job.state, job.account_id, job.file_sha256 = state, request.account_id, report.file_sha256
    job.detected_format, job.detected_crs, job.crs_reason = report.format, report.crs, report.crs_how
    job.report = report.as_dict()
    job.warnings, job.errors = job.report["warnings"], job.report["errors"]
    job.finished_at = datetime.now(UTC)
