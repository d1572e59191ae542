"""Forest statistics computed after a raster's load commits: the raster shows at the commit, its figures follow.

A forest raster's load (geo.ingest.raster) queues it (``forest_stats_queue``) in the transaction that registers it;
once that has committed, :func:`finish_queued_stats` computes each queued raster's statistics for every unit
(geo.forest.compute_unit_stats) in a transaction of its own, which takes it off the queue and writes what was
computed into the load's job (its report's ``forest_stats``: what /upload and the command line say). Until then the
unit pages and /api/forest say the figures are being computed (:func:`years_computing`).

Before, a raster loaded on /upload had no figures until an administrator ran ``georeg forest stats`` on the server,
which a GIS officer in the browser cannot (trial 63, finding 1). As with the shares (geo.share_queue), a process that
stops mid-way leaves the raster queued, and the app finishes it at its start and every few minutes (api.main). A
raster whose computing raises (its file gone, unreadable) stays queued as failed, with why (:func:`stats_failed`),
and is not tried again: the unit pages and /api/forest said "being computed" for ever (trial 64). ``georeg forest
stats --raster ID`` computes it again (:func:`compute_stats`), which takes it off the queue.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from rasterio.errors import RasterioError
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from geo.environment_messages import said
from geo.forest import compute_unit_stats, unit_forest
from geo.log_words import logged
from geo.models import ForestStatsQueue, IngestJob, RasterDataset
from geo.said import Said, SaidError

_log = logging.getLogger(__name__)

#: What a job's report says while its raster's statistics are computed (replaced by what was computed).
COMPUTING = {"state": "computing"}


def queue_stats(session: Session, dataset: RasterDataset) -> None:
    """Queue ``dataset``'s statistics, in the transaction that registers it."""
    session.add(ForestStatsQueue(raster_id=dataset.id))


def years_computing(session: Session) -> list[int]:
    """The years of the forest rasters whose statistics are being computed (or wait to be), not those that failed."""
    query = (
        select(RasterDataset.year)
        .join(ForestStatsQueue, ForestStatsQueue.raster_id == RasterDataset.id)
        .where(ForestStatsQueue.failed_at.is_(None))
    )
    return sorted({year for year in session.scalars(query) if year is not None})


def stats_failed(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """The forest rasters (of ``year``) whose statistics could not be computed, the latest year first: their
    ``raster_id``, ``year``, when (``failed_at``), why (``reason_vi``, ``reason_en``) and what to tell of it
    (``message_vi``, ``message_en``: :func:`failure_told`)."""
    query = (
        select(RasterDataset.id, RasterDataset.year, ForestStatsQueue)
        .join(ForestStatsQueue, ForestStatsQueue.raster_id == RasterDataset.id)
        .where(ForestStatsQueue.failed_at.is_not(None))
        .order_by(RasterDataset.year.desc(), RasterDataset.id.desc())
    )
    if year is not None:
        query = query.where(RasterDataset.year == year)
    failed = [
        {"raster_id": raster_id, "year": year, "failed_at": queued.failed_at}
        | {"reason_vi": queued.failure_vi, "reason_en": queued.failure_en}
        for raster_id, year, queued in session.execute(query)
    ]
    return [f | {"message_vi": failure_told(f).vi, "message_en": failure_told(f).en} for f in failed]


def failure_told(failed: dict[str, Any]) -> Said:
    """A raster of :func:`stats_failed` as the unit page and /api/forest say it: why, and who can compute it again."""
    reason = Said(failed["reason_vi"], failed["reason_en"])
    return said("forest_stats_failed", year=str(failed["year"]), raster=str(failed["raster_id"]), reason=reason)


def finish_queued_stats(engine: Engine) -> list[dict[str, Any]]:
    """Compute the statistics of every queued raster, one committed transaction each; returns what each computed
    (as its job's report keeps it), or why it could not. A raster another process is computing is left to it, one
    that failed to an administrator; a database that cannot be reached leaves it queued, for the next sweep."""
    done = []
    while True:
        with Session(engine) as session, session.begin():
            raster_id = session.scalar(
                text(
                    "SELECT raster_id FROM forest_stats_queue WHERE failed_at IS NULL ORDER BY raster_id LIMIT 1 "
                    "FOR UPDATE SKIP LOCKED"
                )
            )
            if raster_id is None:
                return done
            dataset = session.get(RasterDataset, raster_id)
            try:
                with session.begin_nested():
                    done.append(compute_stats(session, dataset))
            except OperationalError:
                raise
            except Exception as exc:
                _log.exception("%s", logged("stats_failed", raster=raster_id))
                done.append(_failed(session, dataset, exc))


def compute_stats(session: Session, dataset: RasterDataset, threshold: float = 1.0) -> dict[str, Any]:
    """``dataset``'s statistics for every unit (geo.forest.compute_unit_stats), taken off the queue, failed or not;
    what was computed, as its load's job keeps it (``lines_vi``, ``lines_en``: what to tell)."""
    units = compute_unit_stats(session, dataset, threshold)
    lines = [said("forest_stats_written", count=units, year=str(dataset.year), raster=str(dataset.id))]
    lines += province_lines(session, dataset)
    computed = {"state": "computed", "raster_id": dataset.id, "year": dataset.year, "units": units}
    computed |= {"lines_vi": [line.vi for line in lines], "lines_en": [line.en for line in lines]}
    session.execute(delete(ForestStatsQueue).where(ForestStatsQueue.raster_id == dataset.id))
    _to_job(session, dataset, computed)
    return computed


def _failed(session: Session, dataset: RasterDataset, exc: Exception) -> dict[str, Any]:
    """The raster's queue row marked failed, with why (a refusal in its words, another error as raised)."""
    reason = _reason(dataset, exc)
    queued = session.get(ForestStatsQueue, dataset.id)
    queued.failed_at = session.scalar(select(func.now()))
    queued.failure_vi, queued.failure_en = reason.vi, reason.en
    failed = {"state": "failed", "raster_id": dataset.id, "year": dataset.year}
    failed |= {"reason_vi": reason.vi, "reason_en": reason.en}
    told = failure_told(failed)
    failed |= {"lines_vi": [told.vi], "lines_en": [told.en]}
    _to_job(session, dataset, failed)
    return failed


def _reason(dataset: RasterDataset, exc: Exception) -> Said:
    """Why a raster's statistics could not be computed: a refusal in its words; its file unreadable, without the
    server's folders (the unit pages show it to anyone); another error as raised."""
    if isinstance(exc, SaidError):
        return exc.said
    detail = str(exc).replace(f"{Path(dataset.path).parent}{os.sep}", "")
    if isinstance(exc, OSError | RasterioError):
        return said("raster_unreadable", detail=detail)
    return Said(*[f"{type(exc).__name__}: {detail}"] * 2)


def _to_job(session: Session, dataset: RasterDataset, stats: dict[str, Any]) -> None:
    """What the raster's statistics came to, into the report of the load that registered it."""
    job = session.get(IngestJob, dataset.ingest_job_id) if dataset.ingest_job_id else None
    if job is not None and job.report is not None:
        job.report = {**job.report, "forest_stats": stats}


def province_lines(session: Session, dataset: RasterDataset) -> list[Said]:
    """Each former province's forest and cover as ``dataset``'s statistics give them, or why they give none."""
    lines = []
    for row in unit_forest(session, dataset, "pre2025", "province")["units"]:
        name = Said(row["name_vi"], row["name_en"] or row["name_vi"])
        if row["no_data"] == "not_covered":
            lines.append(said("province_not_covered", name=name))
        elif row["no_data"]:
            lines.append(said("province_partly_covered", name=name, covered=float(row["covered_percent"])))
        else:
            cover = round(float(row["cover_percent"]), 2)
            lines.append(said("province_cover", name=name, forest_ha=float(row["forest_ha"]), cover=cover))
    return lines
