"""Removing the zones one salinity load wrote (``georeg salinity remove --job N``): a file loaded by mistake (a wrong
period, the wrong zone) could otherwise only be covered by a replace of the same period text (trial 58, F4)."""

from __future__ import annotations

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from geo.audit import record
from geo.ingest.messages import said
from geo.layer_versions import bump
from geo.models import AuditLogEntry, IngestJob, SalinityZone
from geo.said import LANGS, Said, SaidError
from geo.salinity import ZONES_LAYER
from geo.vi_format import local_moment

#: The audit log's action of a removal, on the entity "ingest_job": a second removal names it.
REMOVED = "remove_salinity_zones"
#: The audit log's action of a replace removing a load's zones (on that load's job): its removal names the replace.
REPLACED = "replace_salinity_zones"

_LOADS_OF_PERIODS = """
SELECT ingest_job_id AS job, count(*) AS zones, array_agg(DISTINCT period ORDER BY period) AS periods
FROM salinity_zone WHERE period = ANY(:periods) AND ingest_job_id IS NOT NULL GROUP BY ingest_job_id
"""


def record_replaced_loads(session: Session, periods: set[str], by: IngestJob) -> None:
    """Record, on each load whose zones a replace of ``periods`` (job ``by``) removes, which job removed them: its
    removal then says so, not "not a salinity load with zones still registered" (trial 63, finding 10)."""
    for row in session.execute(text(_LOADS_OF_PERIODS), {"periods": sorted(periods)}):
        changes = {"zones": row.zones, "periods": row.periods, "by_job": by.id, "by_file": by.file_name}
        record(session, actor="ingest", action=REPLACED, entity="ingest_job", entity_id=row.job, changes=changes)


def remove_salinity_load(session: Session, job_id: int) -> Said:
    """Delete every zone of job ``job_id``, all or nothing, in the caller's transaction, recorded in the audit log
    (as the command line's: the only caller); returns what was removed. Refused (SaidError) when the job is not a
    salinity load with zones still registered: one removed already says when and by whom (trial 59: it said only
    "not a salinity load with zones")."""
    job = session.get(IngestJob, job_id)
    periods = sorted(set(session.scalars(select(SalinityZone.period).filter_by(ingest_job_id=job_id))))
    if job is not None and job.target == "salinity" and not periods and (removal := _removal(session, job_id)):
        raise SaidError(_already_removed(job, removal))
    if job is None or job.target != "salinity" or not periods:
        raise SaidError(said("salinity_job_unknown", job=str(job_id)))
    removed = session.execute(delete(SalinityZone).filter_by(ingest_job_id=job_id)).rowcount
    bump(session, ZONES_LAYER)
    changes = {"zones": removed, "periods": periods}
    record(session, actor="cli", action=REMOVED, entity="ingest_job", entity_id=job_id, changes=changes)
    return said("salinity_job_removed", count=removed, job=str(job_id), file=job.file_name, periods=", ".join(periods))


def _removal(session: Session, job_id: int) -> AuditLogEntry | None:
    """The last removal of job ``job_id``'s zones (by a removal or another load's replace), as the audit log recorded
    it."""
    return session.scalar(
        select(AuditLogEntry)
        .filter_by(entity="ingest_job", entity_id=str(job_id))
        .where(AuditLogEntry.action.in_((REMOVED, REPLACED)))
        .order_by(AuditLogEntry.at.desc())
        .limit(1)
    )


def _already_removed(job: IngestJob, removal: AuditLogEntry) -> Said:
    """A second removal of ``job``'s zones: when the first was, by whom (the command line), what."""
    return said(
        "salinity_job_already_removed",
        job=str(job.id),
        file=job.file_name,
        at=Said(*(local_moment(removal.at, lang) for lang in LANGS)),
        by=said("replaced_by_job", job=str(removal.changes["by_job"]), file=removal.changes["by_file"])
        if removal.action == REPLACED
        else said("removed_by_cli"),
        count=removal.changes.get("zones", 0),
        periods=", ".join(removal.changes.get("periods", [])),
    )
