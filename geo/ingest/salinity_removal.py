"""Removing the zones one salinity load wrote (``georeg salinity remove --job N``): a file loaded by mistake (a wrong
period, the wrong zone) could otherwise only be covered by a replace of the same period text (trial 58, F4)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from geo.ingest.messages import said
from geo.layer_versions import bump
from geo.models import IngestJob, SalinityZone
from geo.said import Said, SaidError
from geo.salinity import ZONES_LAYER


def remove_salinity_load(session: Session, job_id: int) -> Said:
    """Delete every zone of job ``job_id``, all or nothing, in the caller's transaction; returns what was removed.
    Refused (SaidError) when the job is not a salinity load with zones still registered."""
    job = session.get(IngestJob, job_id)
    periods = sorted(set(session.scalars(select(SalinityZone.period).filter_by(ingest_job_id=job_id))))
    if job is None or job.target != "salinity" or not periods:
        raise SaidError(said("salinity_job_unknown", job=str(job_id)))
    removed = session.execute(delete(SalinityZone).filter_by(ingest_job_id=job_id)).rowcount
    bump(session, ZONES_LAYER)
    return said("salinity_job_removed", count=removed, job=str(job_id), file=job.file_name, periods=", ".join(periods))
