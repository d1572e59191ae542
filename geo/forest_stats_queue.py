"""Forest statistics computed after a raster's load commits: the raster shows at the commit, its figures follow.

A forest raster's load (geo.ingest.raster) queues it (``forest_stats_queue``) in the transaction that registers it;
once that has committed, :func:`finish_queued_stats` computes each queued raster's statistics for every unit
(geo.forest.compute_unit_stats) in a transaction of its own, which takes it off the queue and writes what was
computed into the load's job (its report's ``forest_stats``: what /upload and the command line say). Until then the
unit pages and /api/forest say the figures are being computed (:func:`years_computing`).

Before, a raster loaded on /upload had no figures until an administrator ran ``georeg forest stats`` on the server,
which a GIS officer in the browser cannot (trial 63, finding 1). As with the shares (geo.share_queue), a process that
stops mid-way leaves the raster queued, and the app finishes it at its start and every few minutes (api.main).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from geo.environment_messages import said
from geo.forest import compute_unit_stats, unit_forest
from geo.models import ForestStatsQueue, IngestJob, RasterDataset
from geo.said import Said

#: What a job's report says while its raster's statistics are computed (replaced by what was computed).
COMPUTING = {"state": "computing"}


def queue_stats(session: Session, dataset: RasterDataset) -> None:
    """Queue ``dataset``'s statistics, in the transaction that registers it."""
    session.add(ForestStatsQueue(raster_id=dataset.id))


def years_computing(session: Session) -> list[int]:
    """The years of the forest rasters whose statistics are being computed (or wait to be)."""
    query = select(RasterDataset.year).join(ForestStatsQueue, ForestStatsQueue.raster_id == RasterDataset.id)
    return sorted({year for year in session.scalars(query) if year is not None})


def finish_queued_stats(engine: Engine) -> list[dict[str, Any]]:
    """Compute the statistics of every queued raster, one committed transaction each; returns what each computed
    (as its job's report keeps it). A raster another process is computing is left to it."""
    done = []
    while True:
        with Session(engine) as session, session.begin():
            raster_id = session.scalar(
                text("SELECT raster_id FROM forest_stats_queue ORDER BY raster_id LIMIT 1 FOR UPDATE SKIP LOCKED")
            )
            if raster_id is None:
                return done
            done.append(_compute(session, session.get(RasterDataset, raster_id)))
            session.execute(text("DELETE FROM forest_stats_queue WHERE raster_id = :id"), {"id": raster_id})


def _compute(session: Session, dataset: RasterDataset) -> dict[str, Any]:
    units = compute_unit_stats(session, dataset)
    lines = [said("forest_stats_written", count=units, year=str(dataset.year), raster=str(dataset.id))]
    lines += province_lines(session, dataset)
    computed = {"state": "computed", "raster_id": dataset.id, "year": dataset.year, "units": units}
    computed |= {"lines_vi": [line.vi for line in lines], "lines_en": [line.en for line in lines]}
    job = session.get(IngestJob, dataset.ingest_job_id) if dataset.ingest_job_id else None
    if job is not None and job.report is not None:
        job.report = {**job.report, "forest_stats": computed}
    return computed


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
