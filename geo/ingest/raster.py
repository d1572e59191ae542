"""GeoTIFF rasters (forest cover, salinity) → Cloud-Optimised GeoTIFF with overviews, registered with year and source.

The COG is written to a temporary name and moved into the raster folder (setting ``raster_dir``) only once it is
complete; if registering it fails, the file is removed again, so the folder and the table never disagree.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import rasterio
from pyproj import CRS
from rasterio.warp import transform_bounds
from rio_cogeo.cogeo import cog_translate, cog_validate
from rio_cogeo.profiles import cog_profiles
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from geo.coordinates import REGION_BOUNDS, recognise_crs
from geo.ingest.archive import check_size, workspace
from geo.ingest.sniff import sniff
from geo.layer_versions import bump
from geo.models import IngestJob, RasterDataset
from geo.settings import Settings

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


@dataclass
class RasterReport:
    file_name: str
    theme: str
    crs: str | None = None
    crs_how: str | None = None
    size: tuple[int, int] | None = None
    overviews: list[int] = field(default_factory=list)
    path: str | None = None
    raster_id: int | None = None
    job_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def register_raster(engine: Engine, request: RasterRequest, settings: Settings) -> RasterReport:
    """Convert ``request.path`` to a COG in ``settings.raster_dir`` and register it; the report says what happened."""
    name = request.file_name or request.path.name
    report = RasterReport(name, THEMES.get(request.into, request.into))
    target = None
    try:
        target = _convert(request, settings, report)
        with Session(engine) as session, session.begin():
            job = _job(report, request, "committed")
            session.add(job)
            session.flush()
            dataset = RasterDataset(
                theme=report.theme,
                title=request.title or f"{report.theme} {request.year or request.period or ''} ({name})".strip(),
                year=request.year,
                period=request.period,
                path=str(target),
                crs=report.crs or "",
                source=request.source,
                ingest_job_id=job.id,
            )
            session.add(dataset)
            session.flush()
            bump(session, f"raster_{report.theme}")
            report.raster_id, report.job_id = dataset.id, job.id
            job.report = _as_dict(report)
    except (ValueError, OSError, rasterio.errors.RasterioError) as exc:
        report.errors.append(f"{name}: {exc}")
        if target is not None:
            target.unlink(missing_ok=True)
        with Session(engine) as session, session.begin():
            session.add(_job(report, request, "failed"))
    return report


def _convert(request: RasterRequest, settings: Settings, report: RasterReport) -> Path:
    if request.into not in THEMES:
        raise ValueError(f"rasters load --into {' or '.join(THEMES)}, not {request.into!r}")
    if not request.source.strip():
        raise ValueError("say where the raster comes from with --source")
    check_size(request.path, settings.upload_max_bytes)
    if sniff(request.path) != "geotiff":
        raise ValueError("the content is not a GeoTIFF")
    with rasterio.open(request.path) as src:
        _check_crs(src, report)
        report.size = (src.width, src.height)
    digest = hashlib.sha256(request.path.read_bytes()).hexdigest()[:16]
    settings.raster_dir.mkdir(parents=True, exist_ok=True)
    target = settings.raster_dir / f"{report.theme}_{request.year or request.period or 'undated'}_{digest}.tif"
    with workspace() as work:
        partial = work / "cog.tif"
        profile = cog_profiles.get("deflate") | {"blockxsize": 256, "blockysize": 256}
        cog_translate(request.path, partial, profile, overview_resampling="average", quiet=True, in_memory=False)
        valid, errors, _ = cog_validate(partial, quiet=True)
        if not valid:
            raise ValueError(f"the Cloud-Optimised GeoTIFF did not validate: {errors}")
        with rasterio.open(partial) as cog:
            report.overviews = cog.overviews(1)
        temporary = target.with_suffix(".partial")
        shutil.move(partial, temporary)
        temporary.replace(target)
    report.path = str(target)
    return target


def _check_crs(src: rasterio.DatasetReader, report: RasterReport) -> None:
    if src.crs is None:
        raise ValueError("the GeoTIFF has no CRS; add one (gdal_edit.py -a_srs EPSG:...) and load it again")
    decision = recognise_crs(src.crs.to_wkt(), source="GeoTIFF's CRS")
    report.crs = f"EPSG:{decision.epsg}" if decision.epsg else decision.crs.to_string()
    report.crs_how = decision.how
    report.warnings += list(decision.warnings)
    west, south, east, north = transform_bounds(src.crs, "EPSG:4326", *src.bounds)
    lon0, lat0, lon1, lat1 = REGION_BOUNDS
    if east < lon0 or west > lon1 or north < lat0 or south > lat1:
        raise ValueError(
            f"the raster covers lon {west:.3f}–{east:.3f}, lat {south:.3f}–{north:.3f}, outside the region "
            f"{REGION_BOUNDS}; check its CRS ({CRS.from_user_input(src.crs.to_wkt()).name})"
        )


def _job(report: RasterReport, request: RasterRequest, state: str) -> IngestJob:
    return IngestJob(
        file_name=report.file_name,
        target=request.into,
        mode="append",
        state=state,
        detected_format="GeoTIFF",
        detected_crs=report.crs,
        crs_reason=report.crs_how,
        warnings=[{"message": w} for w in report.warnings],
        errors=[{"message": e} for e in report.errors],
        report=_as_dict(report),
        account_id=request.account_id,
        finished_at=datetime.now(UTC),
    )


def _as_dict(report: RasterReport) -> dict:
    return {k: v for k, v in vars(report).items()} | {"ok": report.ok}
