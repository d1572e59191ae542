"""The forest rasters loaded (``georeg forest list``), and removing one loaded by mistake (``georeg forest remove``):
a GIS officer who loaded the wrong file for 2024 had no way to take it out but SQL (session 61).

A removal deletes the raster's registration with its statistics (its ``forest_unit_stat`` rows and its place on the
statistics queue go with it: ON DELETE CASCADE) in the caller's transaction; bumps the forest layer's version, so
tiles and caches refresh and the map draws the newest year left (layers.raster_tiles); has each plan's forest-cover
value of its year that came from it computed again from the newest raster left for that year giving the plan's
province a figure, or, none left, withdrawn (geo.indicator_values.withdraw_computed: the value entered by hand before
it is current again, if any; one entered by hand after it is not touched); and writes who removed it — the name they
gave (``--by``) and the system login that ran the command — and when in the audit log (``georeg audit``), with its
footprint: /changes lists the removal for the provinces it touches (its load, listed from the raster it registered,
leaves /changes with it); the values withdrawn name that entry (geo.removal_words words it for each reader).

Its file is deleted, after the commit, only when the registry wrote it — in the raster folder under its own name (a
load's COG copy, the demo raster: geo.registry_files) and registered by no other raster; a file registered where it
lay (the sample's) is never touched, nor one whose name is not this registry's (another registry sharing the raster
folder may register it: deleting the one name all shared broke the other's layer, session 66).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from geo.audit import record
from geo.environment_messages import THEMES, said
from geo.forest import INDICATOR_CODE, record_cover
from geo.indicator_values import withdraw_computed
from geo.layer_versions import bump
from geo.models import AuditLogEntry, ForestUnitStat, IndicatorValue, RasterDataset
from geo.registry_files import is_own, registry_mark
from geo.removal_words import remover
from geo.said import LANGS, Said, SaidError, joined
from geo.source_labels import source_label
from geo.vi_format import local_moment, local_number
from geo.vocab import FOREST_RASTER_REMOVED

#: The audit log's action of a removal, on the entity "raster_dataset" (in geo.vocab: /changes reads it too).
REMOVED = FOREST_RASTER_REMOVED
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
# The plans' current forest-cover values of a year that the registry computed from a raster of that title, each with
# the newest raster left of that year giving its unit (the plan's province) a figure, if any.
_VALUES_FROM = """
SELECT v.id, pl.code AS plan, r.id AS raster_left, r.cover_percent
FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id JOIN plan pl ON pl.id = i.plan_id
LEFT JOIN LATERAL (
    SELECT d.id, s.cover_percent FROM raster_dataset d JOIN forest_unit_stat s ON s.raster_id = d.id
    WHERE d.theme = 'forest_cover' AND d.year = :year AND s.unit_id = v.unit_id AND s.cover_percent IS NOT NULL
    ORDER BY d.id DESC LIMIT 1
) r ON TRUE
WHERE i.code = :code AND v.period = CAST(:year AS text) AND v.source = :title AND v.entered_by = 'registry'
      AND NOT v.is_withdrawal AND NOT EXISTS (SELECT 1 FROM indicator_value n WHERE n.supersedes_id = v.id)
ORDER BY pl.code
"""
#: The longest name a remover may give (``georeg forest remove --by``): a name or an account, not a note.
REMOVERS_NAME_MAX = 100


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
            removed = [_removal_named(entry) for entry in _removals(session, year=year)]
            if removed:
                raise SaidError(said("forest_year_removed", year=str(year), removed=joined(removed, "; ", "; ")))
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


def removers_name(typed: str | None) -> str | None:
    """The name a remover gave (``--by``), NFC, its spaces as typed once each; None when none was given; refused
    when blank or longer than a name."""
    if typed is None:
        return None
    name = unicodedata.normalize("NFC", " ".join(typed.split()))
    if not name:
        raise SaidError(said("forest_by_blank"))
    if len(name) > REMOVERS_NAME_MAX:
        raise SaidError(said("forest_by_long", count=len(name), most=REMOVERS_NAME_MAX))
    return name


def remove_raster(session: Session, dataset: RasterDataset, raster_dir: Path, by: str | None, login: str) -> Removal:
    """Remove ``dataset`` and its statistics in the caller's transaction, recorded in the audit log as the command
    line's, by whom the remover said (``by``, :func:`removers_name`; None: not said) and the system ``login`` that
    ran it, with what /changes says of it; the plans' values that came from it computed again or withdrawn; what was
    done, and the file to delete after the commit."""
    units = _units(session, dataset)
    _, to_delete = _file_fate(session, dataset, raster_dir)
    told = [said("forest_removed", **_about(dataset), count=units)]
    changes = {"year": dataset.year, "title": dataset.title, "path": dataset.path, "units": units}
    changes |= {"by": by, "login": login, "file": "deleted" if to_delete else "kept", "source": dataset.source}
    changes |= {"is_demo": dataset.is_demo, "loaded_at": dataset.created_at.isoformat()}
    changes |= {"footprint": _footprint(session, dataset)}
    session.execute(delete(RasterDataset).where(RasterDataset.id == dataset.id))
    bump(session, LAYER)
    entry = record(session, actor="cli", action=REMOVED, entity="raster_dataset", entity_id=dataset.id, changes=changes)
    session.flush()  # the plans' values withdrawn name it
    values, withdrawn = _indicator_after(session, dataset, entry)
    entry.changes = changes | {"withdrawn": withdrawn}
    return Removal([*told, *values, _drawn_now(session)], to_delete)


def _footprint(session: Session, dataset: RasterDataset) -> str | None:
    """``dataset``'s footprint as EWKT (none for one registered before migration 0043), kept with its removal."""
    return session.scalar(select(func.ST_AsEWKT(RasterDataset.footprint)).filter_by(id=dataset.id))


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


def _indicator_after(session: Session, dataset: RasterDataset, removal: AuditLogEntry) -> tuple[list[Said], list[str]]:
    """Each plan's current forest-cover value of ``dataset``'s year that came from it (``dataset`` just removed):
    computed again from the newest raster left for that year giving the plan's province a figure, or withdrawn by
    its ``removal``, none left (a value entered by hand since stays current: it did not come from the raster); what
    was done, and the plans whose value was withdrawn."""
    told, withdrawn = [], []
    params = {"code": INDICATOR_CODE, "year": dataset.year, "title": dataset.title}
    for row in session.execute(text(_VALUES_FROM), params).mappings():
        computed = session.get(IndicatorValue, row["id"])
        if row["raster_left"] is not None:
            record_cover(
                session, session.get(RasterDataset, row["raster_left"]), computed.indicator_id, computed.unit_id,
                row["cover_percent"],
            )  # fmt: skip
            left = str(row["raster_left"])
            told.append(said("forest_value_from", year=str(dataset.year), plan=row["plan"], raster=left))
            continue
        told.append(_withdrawn_said(session, withdraw_computed(session, computed, removal), row["plan"]))
        withdrawn.append(row["plan"])
    return told, withdrawn


def _withdrawn_said(session: Session, withdrawal: IndicatorValue, plan: str) -> Said:
    """A plan's value withdrawn, and the value its year holds now: the one entered by hand before, or none."""
    blanks = {"year": withdrawal.period, "plan": plan}
    if withdrawal.restores_id is None:
        return said("forest_value_withdrawn", **blanks)
    held = session.get(IndicatorValue, withdrawal.restores_id)
    at = Said(*(local_moment(held.entered_at, lang) for lang in LANGS))
    value = Said(*(local_number(held.value, lang, 3) for lang in LANGS))
    return said("forest_value_restored", **blanks, value=value, by=held.entered_by, at=at)


def _file_fate(session: Session, dataset: RasterDataset, raster_dir: Path) -> tuple[Said, Path | None]:
    """Whether ``dataset``'s file goes with it: only one the registry wrote into its raster folder under its own
    name (another registry's, or one named before, may be registered by another database: geo.registry_files), and
    no other raster registered on it (the same COG shared); said, and the file to delete (None: kept)."""
    path = Path(dataset.path)
    if path.resolve().parent != raster_dir.resolve():
        return said("forest_file_not_ours", path=dataset.path), None
    mark = registry_mark(session)
    if not is_own(path, mark):
        return said("forest_file_not_named_ours", path=dataset.path, mark=mark), None
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


def _removals(session: Session, raster_id: int | None = None, year: int | None = None) -> list[AuditLogEntry]:
    """The removals of raster ``raster_id``, or of the rasters of ``year``, as the audit log recorded them, newest
    first."""
    query = select(AuditLogEntry).filter_by(entity="raster_dataset", action=REMOVED)
    if raster_id is not None:
        query = query.filter_by(entity_id=str(raster_id))
    if year is not None:
        query = query.where(AuditLogEntry.changes["year"].as_integer() == year)
    return list(session.scalars(query.order_by(AuditLogEntry.at.desc(), AuditLogEntry.id.desc())))


def _removal_named(entry: AuditLogEntry) -> Said:
    """A removal of a year's raster, as a refusal of ``--year`` names it: which raster, when, by whom."""
    return said("forest_removal_named", raster=entry.entity_id, **_removal_blanks(entry))


def _already_removed(session: Session, raster_id: int) -> Said | None:
    """A raster removed before: when, by whom, which (as the audit log recorded it); None if it never was."""
    entry = next(iter(_removals(session, raster_id=raster_id)), None)
    if entry is None:
        return None
    blanks = _removal_blanks(entry) | {"raster": str(raster_id), "year": str(entry.changes["year"])}
    return said("forest_already_removed", **blanks)


def _removal_blanks(entry: AuditLogEntry) -> dict[str, Any]:
    """The blanks of a removal as the audit log recorded it: the raster's title, when and by whom it was removed."""
    title = Said(entry.changes["title"], source_label(entry.changes["title"], "en"))
    at = Said(*(local_moment(entry.at, lang) for lang in LANGS))
    return {"title": title, "at": at, "by": remover(entry.changes.get("by"), entry.changes.get("login"))}
