"""The forest rasters loaded (``georeg forest list``), and removing one loaded by mistake (``georeg forest remove``):
a GIS officer who loaded the wrong file for 2024 had no way to take it out but SQL (session 61).

A removal deletes the raster's registration with its statistics (its ``forest_unit_stat`` rows and its place on the
statistics queue go with it: ON DELETE CASCADE) in the caller's transaction; bumps the forest layer's version, so
tiles and caches refresh and the map draws the newest year left (layers.raster_tiles); has the plans' forest-cover
value of its year computed again from a raster left for that year, if any; and writes who removed it and when in the
audit log (``georeg audit``). /changes lists a load from the raster it registered, so a removed one leaves /changes:
the audit log is where the registry keeps what was done and by whom, as for a salinity load removed.

Its file is deleted, after the commit, only when the registry wrote it — in the raster folder (a load's COG copy, the
demo raster) and registered by no other raster; a file registered where it lay (the sample's) is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from geo.audit import record
from geo.environment_messages import THEMES, said
from geo.forest import INDICATOR_CODE, record_indicator
from geo.layer_versions import bump
from geo.models import AuditLogEntry, ForestUnitStat, RasterDataset
from geo.said import LANGS, Said, SaidError, joined
from geo.source_labels import source_label
from geo.vi_format import local_moment

#: The audit log's action of a removal, on the entity "raster_dataset".
REMOVED = "remove_forest_raster"
LAYER = "raster_forest_cover"

_LOADED = """
SELECT r.id, r.year, r.title, r.is_demo, r.path, r.created_at AS loaded_at, j.file_name,
       a.display_name AS loaded_by,
       (SELECT count(*) FROM forest_unit_stat s WHERE s.raster_id = r.id AND s.cover_percent IS NOT NULL) AS units,
       q.raster_id IS NOT NULL AND q.failed_at IS NULL AS computing, q.failed_at IS NOT NULL AS failed
FROM raster_dataset r LEFT JOIN ingest_job j ON j.id = r.ingest_job_id LEFT JOIN account a ON a.id = j.account_id
LEFT JOIN forest_stats_queue q ON q.raster_id = r.id
WHERE r.theme = 'forest_cover' AND (CAST(:year AS integer) IS NULL OR r.year = :year)
ORDER BY r.year DESC NULLS LAST, r.id DESC
"""
# The newest forest raster of a year that gives a former province a cover figure (what the plans' indicator reads).
_FIGURED_LEFT = """
SELECT max(r.id) FROM raster_dataset r JOIN forest_unit_stat s ON s.raster_id = r.id AND s.cover_percent IS NOT NULL
JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = 'pre2025' AND u.level = 'province'
WHERE r.theme = 'forest_cover' AND r.year = :year
"""
# The plans whose current forest-cover value of a year the registry computed from a raster of that title.
_VALUE_FROM = """
SELECT DISTINCT pl.code
FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id JOIN plan pl ON pl.id = i.plan_id
WHERE i.code = :code AND v.period = :period AND v.source = :title AND v.entered_by = 'registry'
      AND NOT EXISTS (SELECT 1 FROM indicator_value n WHERE n.supersedes_id = v.id)
ORDER BY pl.code
"""


@dataclass
class Removal:
    """What a removal did, to tell (``told``), and the file to delete once it has committed (None: kept)."""

    told: list[Said]
    file_to_delete: Path | None


def loaded_rasters(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """The forest rasters registered (of ``year``), the newest year first: their id, year, title, when and by whom
    loaded and from which file, their units with a cover figure, whether their figures are computing or failed."""
    return [dict(row) for row in session.execute(text(_LOADED), {"year": year}).mappings()]


def raster_to_remove(session: Session, raster_id: int | None = None, year: int | None = None) -> RasterDataset:
    """The forest raster ``raster_id``, or the only one of ``year`` (locked to the transaction's end); refused with
    what to do when there is none, it is not forest cover, or the year has several (they are named)."""
    if (raster_id is None) == (year is None):
        raise SaidError(said("forest_remove_which"))
    if raster_id is None:
        found = loaded_rasters(session, year)
        if not found:
            raise SaidError(said("forest_year_none", year=str(year)))
        if len(found) > 1:
            rasters = joined([_named(row) for row in found], "; ", "; ")
            raise SaidError(said("forest_year_several", year=str(year), count=len(found), rasters=rasters))
        raster_id = found[0]["id"]
    dataset = session.get(RasterDataset, raster_id, with_for_update=True)
    if dataset is None:
        raise SaidError(_already_removed(session, raster_id) or said("forest_raster_unknown", raster=str(raster_id)))
    if dataset.theme != "forest_cover":
        raise SaidError(said("not_forest", raster=str(raster_id), theme=THEMES.get(dataset.theme, dataset.theme)))
    return dataset


def what_is_removed(session: Session, dataset: RasterDataset, raster_dir: Path) -> Said:
    """What removing ``dataset`` takes away, for the officer to confirm: the raster, its units' figures, its file's
    fate."""
    file, _ = _file_fate(session, dataset, raster_dir)
    return said("forest_to_remove", **_about(dataset), count=_units(session, dataset), file=file)


def remove_raster(session: Session, dataset: RasterDataset, raster_dir: Path, by: str) -> Removal:
    """Remove ``dataset`` and its statistics in the caller's transaction, recorded in the audit log as the command
    line's, run by ``by`` (the system's user); what was done, and the file to delete after the commit."""
    units = _units(session, dataset)
    _, to_delete = _file_fate(session, dataset, raster_dir)
    told = [said("forest_removed", **_about(dataset), count=units)]
    changes = {"year": dataset.year, "title": dataset.title, "path": dataset.path, "units": units, "by": by}
    changes["file"] = "deleted" if to_delete else "kept"
    record(session, actor="cli", action=REMOVED, entity="raster_dataset", entity_id=dataset.id, changes=changes)
    session.execute(delete(RasterDataset).where(RasterDataset.id == dataset.id))
    bump(session, LAYER)
    told += _indicator_after(session, dataset.year, dataset.title)
    return Removal([*told, _drawn_now(session)], to_delete)


def _drawn_now(session: Session) -> Said:
    """The forest raster the map draws now: the newest year's latest (layers.raster_tiles), or none left."""
    drawn = session.scalars(
        select(RasterDataset)
        .filter_by(theme="forest_cover")
        .order_by(RasterDataset.year.desc().nulls_last(), RasterDataset.id.desc())
    ).first()
    return said("forest_map_draws", year=str(drawn.year), raster=str(drawn.id)) if drawn else said("forest_map_empty")


def delete_file(path: Path) -> Said:
    """Delete a removed raster's file (after the removal's commit: a removal rolled back keeps it)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        return said("forest_file_not_deleted", path=str(path), detail=error.strerror or str(error))
    return said("forest_file_deleted", path=str(path))


def _indicator_after(session: Session, year: int, title: str) -> list[Said]:
    """The plans' forest-cover value of ``year`` computed again from the newest raster left for that year that gives
    a former province a figure; and which plans' current value still comes from the raster removed (``title``), none
    left to replace it (an indicator's history is never deleted)."""
    told = []
    left = session.scalar(text(_FIGURED_LEFT), {"year": year})
    if left is not None:
        record_indicator(session, session.get(RasterDataset, left))
        told.append(said("forest_value_from", year=str(year), raster=str(left)))
    plans = list(session.scalars(text(_VALUE_FROM), {"code": INDICATOR_CODE, "period": str(year), "title": title}))
    return told + ([said("forest_value_stays", year=str(year), plans=", ".join(plans))] if plans else [])


def _file_fate(session: Session, dataset: RasterDataset, raster_dir: Path) -> tuple[Said, Path | None]:
    """Whether ``dataset``'s file goes with it: only one the registry wrote into its raster folder, and no other
    raster registered on it (the same COG shared); said, and the file to delete (None: kept)."""
    path = Path(dataset.path)
    if path.resolve().parent != raster_dir.resolve():
        return said("forest_file_not_ours", path=dataset.path), None
    other = session.scalar(
        select(func.min(RasterDataset.id)).where(RasterDataset.path == dataset.path, RasterDataset.id != dataset.id)
    )
    if other is not None:
        return said("forest_file_shared", path=dataset.path, other=str(other)), None
    return said("forest_file_ours", path=dataset.path), path


def _units(session: Session, dataset: RasterDataset) -> int:
    """The units ``dataset`` gives a cover figure."""
    return session.scalar(
        select(func.count()).where(ForestUnitStat.raster_id == dataset.id, ForestUnitStat.cover_percent.is_not(None))
    )


def _about(dataset: RasterDataset) -> dict[str, Any]:
    """The blanks naming a raster: its id, title (in the reader's words), year and when it was loaded."""
    return {
        "raster": str(dataset.id),
        "title": Said(dataset.title, source_label(dataset.title, "en")),
        "year": str(dataset.year),
        "at": Said(*(local_moment(dataset.created_at, lang) for lang in LANGS)),
    }


def _named(row: dict[str, Any]) -> Said:
    """A raster of :func:`loaded_rasters` as a refusal names it: its id, title and when it was loaded."""
    title = Said(row["title"], source_label(row["title"], "en"))
    at = Said(*(local_moment(row["loaded_at"], lang) for lang in LANGS))
    return said("forest_raster_named", raster=str(row["id"]), title=title, at=at)


def _already_removed(session: Session, raster_id: int) -> Said | None:
    """A raster removed before: when, by whom, which (as the audit log recorded it); None if it never was."""
    entry = session.scalar(
        select(AuditLogEntry)
        .filter_by(entity="raster_dataset", entity_id=str(raster_id), action=REMOVED)
        .order_by(AuditLogEntry.at.desc())
        .limit(1)
    )
    if entry is None:
        return None
    title = Said(entry.changes["title"], source_label(entry.changes["title"], "en"))
    at = Said(*(local_moment(entry.at, lang) for lang in LANGS))
    blanks = {"raster": str(raster_id), "title": title, "year": str(entry.changes["year"]), "at": at}
    return said("forest_already_removed", **blanks, by=entry.changes.get("by") or "—")
