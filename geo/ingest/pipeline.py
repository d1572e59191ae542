"""One load, start to finish: open, detect, check every feature, write in one transaction, record the job.

All-or-nothing: the data are written inside one transaction while every chunk is checked; if any problem is
an error (or this is a dry run) the transaction is rolled back, so nothing changes, and the job is recorded
separately with the full report.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS
from shapely.errors import GEOSException
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from geo.coordinates import (
    OUTSIDE_REGION,
    PROVINCE_ZONES,
    AmbiguousCrsError,
    CrsDecision,
    crs_title,
    feature_outside_region,
    in_region,
    infer_crs,
    placed_outside_region,
    recognise_crs,
    to_wgs84,
)
from geo.ingest import geometry, project_writes
from geo.ingest.archive import check_size, workspace
from geo.ingest.jobs import dry_run_state, lock_waiting_job, name_the_load, waiting_state
from geo.ingest.mapping import (
    SHAPEFILE_TEXT_LIMIT,
    column_map,
    field_of,
    maybe_cut_by_a_shapefile,
    office_site_unit_columns,
    office_unit_columns,
    office_unit_name_columns,
    read_only,
)
from geo.ingest.messages import loads_since_check, said
from geo.ingest.misplaced_sites import zone_holding_the_sites
from geo.ingest.provinces import ProvinceFinder
from geo.ingest.read import (
    WKT_COLUMNS,
    Chunk,
    Layer,
    decide_encoding,
    decode_table,
    open_layers,
    read_chunks,
    read_sheet,
    reader_message,
)
from geo.ingest.report import STEPS_BACK_TOLD, Problem, Report
from geo.ingest.site_places import PLACED, where_sites_fell
from geo.ingest.sniff import FORMAT_LABELS
from geo.ingest.targets import MODES, TARGETS, Options, Rows, Target
from geo.ingest.units_given import SITE_UNIT_FIELDS
from geo.layer_versions import bump
from geo.log_words import logged
from geo.models import IngestJob
from geo.said import LANGS, Said, SaidError, joined
from geo.settings import Settings
from geo.share_queue import finish_queued_shares
from geo.sheet_headings import REPORT_NAME, REPORT_SHEET
from geo.text_encoding import map_column, utf8_among_legacy
from geo.text_encoding.codecs import LABELS
from geo.vocab import UNIT_LEVELS, labels

Progress = Callable[[int, int], None]
_log = logging.getLogger(__name__)


@dataclass
class IngestRequest:
    """A file to load and everything the user said about it."""

    path: Path
    options: Options
    dry_run: bool = False
    crs: str | None = None
    encoding: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    official_vn2000: bool = False
    file_name: str | None = None
    account_id: int | None = None
    job_id: int | None = None  # a previewed job this load commits
    accept_steps_back: bool = False  # the user confirmed the projects the file puts back (--accept-steps-back)
    keep_changed: bool = False  # projects changed since the check (or export) are left as they are, the rest loaded
    retire_absent: bool = False  # the projects of the file's provinces (and plans) it does not name are retired
    file_kept: bool = False  # a dry run's file stays to be committed later (an upload): its job is then "previewed"

    def replayable(self) -> dict[str, Any]:
        """What a preview needs to be committed later (see geo.ingest.uploads)."""
        return asdict(self.options) | {
            "dry_run": self.dry_run,
            "crs": self.crs,
            "encoding": self.encoding,
            "mapping": self.mapping,
            "official_vn2000": self.official_vn2000,
        }


def ingest(
    engine: Engine,
    request: IngestRequest,
    settings: Settings,
    progress: Progress | None = None,
    shares_after_commit: bool = True,
) -> Report:
    """Load ``request.path`` into its target; returns the report (``report.ok`` says whether it was written).

    The projects a load writes show at its commit; their shares in the units (progress per unit) are queued in its
    transaction and recomputed after it (geo.share_queue), here unless ``shares_after_commit`` is false (then by the
    next load, or the app's sweep)."""
    name = request.file_name or request.path.name
    report = Report(name, request.options.target, request.options.mode, request.dry_run)
    report.request = request.replayable()
    with Session(engine, expire_on_commit=False) as session:
        transaction = session.begin()
        sha256, layers = None, ()
        try:
            job = _job(session, request, name)
            checked = dict(job.report or {}) if request.job_id else {}  # the preview being committed
            job.file_sha256 = sha256 = _sha256(request.path)
            session.add(job)
            session.flush()
        except (ValueError, OSError) as exc:
            report.error(said("file_refused", name=name, detail=str(exc)))
            transaction.rollback()
            return _record_failed_or_preview(engine, request, report, sha256)
        # The data are written in a savepoint: a dry run or a failed load rolls back to it and records the job in the
        # same transaction, so the job stays locked (geo.ingest.jobs: a live load) until its outcome is recorded.
        data = session.begin_nested()
        try:
            target = _run(session, request, settings, report, job, progress or (lambda done, total: None))
            layers = target.layers
        except ChangedSinceCheck as exc:  # said before the file is read again: what it is, as its check read it
            report.error(exc.said)
            report.outdated = True
            for fact in (*FILE_FACTS, *STEPS_BACK_FACTS):
                setattr(report, fact, checked.get(fact, getattr(report, fact)))
            # the projects the check found the file puts back, as it told them, with the link to their whole list
            # (a re-check, trial s71: the refusal dropped them, and the job's list was emptied)
            told = [w for w in checked.get("warnings", []) if w.get("key") in STEPS_BACK_TOLD]
            report.warnings += [Problem(**w) for w in told]
        except (ValueError, OSError, DataSourceError, DataLayerError, GEOSException) as exc:
            report.error(said("file_refused", name=name, detail=reader_message(exc)))
        except SQLAlchemyError as exc:  # a database refusal: still a clear message, still nothing written
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            report.error(said("database_refused", name=name, detail=detail))
        except Exception as exc:  # a fault of the registry: the job fails with it (not left unrecorded), and is logged
            _log.exception("%s", logged("load_stopped", name=name))
            report.error(said("check_failed", name=name, detail=f"{type(exc).__name__}: {exc}"))
        if report.ok and not request.dry_run and not request.keep_changed and _changed_since_check(checked, report):
            target.tell_refused(report)  # what loading would do now, not what this load did
            told = _blanks(checked["changes"], "checked") | _blanks(report.changes, "now")
            updated = report.changed_codes.get("updated") or []  # what loading it would overwrite
            codes = (
                f" ({', '.join(updated)}{'…' if report.changes['updated'] > len(updated) else ''})" if updated else ""
            )
            alike = checked["changes"] == report.changes  # the counts alike: what changed is in the projects matched
            refused = said(
                "matched_changed_since_check" if alike else "changed_since_check", **told, updated_codes=codes
            )
            if reported := report.changed_codes.get("reported_since_check"):  # what changed: field reports
                refused = joined([refused, said("reported_since_check", codes=", ".join(reported))], ". ", ". ")
            if loaded := report.changed_codes.get("loaded_since_check"):  # ... and other loads
                refused = joined([refused, loads_since_check(loaded)], ". ", ". ")
            report.error(refused)
            report.outdated = True
        if report.ok and not request.dry_run:
            data.commit()
            report.told_as_written()
            _finish_job(job, report, "committed", request.account_id)
            session.flush()
            bump(session, *layers)  # the last statement: others' edits of these layers wait only for the commit
            transaction.commit()
            if shares_after_commit:
                committed = time.perf_counter()
                finish_queued_shares(engine)
                report.seconds["shares_after_commit"] = round(time.perf_counter() - committed, 2)
            return report
        data.rollback()
        report.written_count = 0  # a preview's or a refused load's writes are rolled back: nothing was written
        if checked.get("changes") and not request.dry_run and not report.outdated:
            # a commit that failed otherwise may be retried: against what its preview showed, not against nothing
            report.changes, report.checked_against = checked["changes"], checked.get("checked_against")
        if checked.get("checked_at") and not request.dry_run:  # a retry, keeping what changed since, from the check
            report.checked_at = checked["checked_at"]
        _finish_job(
            job, report, dry_run_state(report.ok, request.file_kept, report.changes_nothing), request.account_id
        )
        if request.dry_run:
            job.checked_rows = getattr(target, "checked_rows", None) if layers else None
        transaction.commit()
    return report


#: What a preview's report says of its file (not of what loading it does), said again by a commit refused before it
#: reads the file: the refusal read "0 features" (session 71).
FILE_FACTS = ("format", "format_codes", "layers", "columns", "crs", "crs_how", "crs_how_vi", "encoding", "encoding_how")
FILE_FACTS += ("encoding_how_vi", "feature_count")
#: What a check found of the projects its file puts back: kept, with the warnings telling it (STEPS_BACK_TOLD), by a
#: commit refused before the file is read again (ChangedSinceCheck), which reads nothing of them.
STEPS_BACK_FACTS = ("steps_back", "steps_back_count", "steps_back_list")


class ChangedSinceCheck(SaidError):
    """A preview's commit refused before its file is read again: projects it matched changed since its check."""


def _refuse_if_changed_since_check(session: Session, checked: list[list[int]], since: datetime) -> None:
    """Refuse a preview's commit at once where field reports changed the projects its check matched (``checked``:
    each [id, row version]) since: the refusal came after the whole file was read again, 10–16 s after Load for
    20,000 features. What loading would now do is then seen by checking the file again. Another load's or an edit's
    changes, and those the check could not see (other projects matching its codes now), are found reading the file,
    whose refusal names the load and says what loading would now do."""
    changed = project_writes.changed_since_check(session, checked, since, project_writes.NAMED) if checked else []
    if changed and all(reported for _, reported in changed):  # else another load's: its refusal names the load
        reported = said("reported_since_check", codes=", ".join(code for code, _ in changed))
        raise ChangedSinceCheck(joined([said("changed_since_check_at_once"), reported], ". ", ". "))


def _changed_since_check(checked: dict[str, Any], report: Report) -> bool:
    """Whether the projects a preview's file matched changed before its commit (another load, an edit, a status
    report), or other codes match now: loading it would overwrite what its user did not see."""
    if not checked.get("changes"):  # not a projects preview
        return False
    return (checked["changes"], checked.get("checked_against")) != (report.changes, report.checked_against)


def _blanks(changes: dict[str, int], when: str) -> dict[str, int]:
    """A load's changes as the blanks of a message comparing two of them ({new_checked}, {new_now}, …)."""
    return {f"{what}_{when}": changes.get(what, 0) for what in ("new", "updated", "unchanged")}


def _job(session: Session, request: IngestRequest, name: str) -> IngestJob:
    if request.job_id is None:
        return IngestJob(file_name=name, target=request.options.target, mode=request.options.mode, state="running")
    job = lock_waiting_job(session, request.job_id, request.dry_run)
    job.state = "running"
    return job


#: The transaction-level advisory lock a load (not a dry run) takes for its target. A commit started while another
#: load into the target runs waits for it, then reads its result: a preview that load overtook is refused with what
#: it would now do, rather than counted against half of each (trial 37) or loaded over it. Previews take none.
LOAD_LOCKS = {target: 0x6765_6F72_6567_0100 + i for i, target in enumerate(TARGETS)}


def _run(
    session: Session, request: IngestRequest, settings: Settings, report: Report, job: IngestJob, progress: Progress
) -> Target:
    """Check (and write) every layer of the file; returns its target (its ``layers``: the map layers it changes)."""
    if request.options.target == "forest":  # a vector file given forest, which takes rasters (trial 58, F8)
        raise SaidError(said("forest_needs_geotiff"))
    if request.options.target not in TARGETS or request.options.mode not in MODES:
        raise SaidError(said("load_into", targets=", ".join(TARGETS), modes=", ".join(MODES)))
    if request.options.status_as_of and request.options.target != "projects":
        raise SaidError(said("status_as_of_projects_only"))
    if (request.options.clean_borders or request.options.border_tolerance) and request.options.target != "units":
        raise SaidError(said("clean_borders_units_only"))
    started = time.perf_counter()
    target = TARGETS[request.options.target](request.options)
    if not request.dry_run:  # two loads into one target commit one after the other, the second reading the first's
        if request.job_id:  # its page says it waits, while it does
            name_the_load(session, request.job_id)
        session.execute(select(func.pg_advisory_xact_lock(LOAD_LOCKS[request.options.target])))
    if request.dry_run:  # a preview: its commit names the projects reported on since this moment
        report.checked_at = session.scalar(select(func.now())).isoformat()
    else:  # a load: reports recorded from now on are newer than its file (a preview's: from its check)
        target.since = session.scalar(select(func.clock_timestamp()))
    if checked_at := (job.report or {}).get("checked_at") if request.job_id else None:
        target.checked_at = target.since = datetime.fromisoformat(checked_at)
        if not request.keep_changed:
            _refuse_if_changed_since_check(session, job.checked_rows or [], target.checked_at)
    target.keep_changed, target.retire_absent = request.keep_changed, request.retire_absent
    check_size(request.path, settings.upload_max_bytes)
    with workspace() as work:
        names = _names_a_field(target, request)
        fmt, layers = open_layers(request.path, work, settings.archive_max_uncompressed_bytes, names)
        report.format = FORMAT_LABELS[fmt] + (
            f" of {', '.join(sorted({FORMAT_LABELS[x.format] for x in layers}))}" if fmt == "zip" else ""
        )
        report.format_codes = [fmt, *sorted({x.format for x in layers} if fmt == "zip" else ())]
        report.layers = [layer.name for layer in layers]
        total = sum(max(layer.feature_count, 0) for layer in layers)
        target.expected, target.dry_run, target.crs_given = total, request.dry_run, bool(request.crs)
        # a preview's commit: its user read the steps back it showed (a project changed since is refused meanwhile)
        target.steps_back_accepted = request.accept_steps_back or request.job_id is not None
        done = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="georeg-ingest-write") as writer:
            writes = _ChunkWrites(writer)
            for layer in layers:
                for count in _load_layer(session, layer, target, request, settings, report, job, writes):
                    done += count
                    progress(done, max(total, done))
            report.written_count += writes.wait()
        report.written_count += target.whole_file(session, report, job)
        if report.ok:
            target.after_the_file(session, job, request.account_id)
        if not report.feature_count:  # a preview of an empty file said it "would load"
            report.error(said("file_no_features", name=request.path.name))
        target.tell(report)
        report.tell_texts_at_limit(SHAPEFILE_TEXT_LIMIT, target.stored_texts_at_limit)
        written = time.perf_counter()
        report.seconds["read_checked_written"] = round(written - started, 2)
        report.seconds["chunk_writes"] = round(writes.writing, 2)
        report.seconds["waiting_for_writes"] = round(writes.waiting, 2)
        if report.ok and not request.dry_run:
            target.finish(session, report)  # shares, crosswalk, indexes: what is derived from the rows written
            report.seconds["derived_data"] = round(time.perf_counter() - written, 2)
        elif report.ok:  # what the load would tell of them, read before loading
            target.foresee(session, report)
    return target


class _ChunkWrites:
    """One chunk is written (COPY, mostly database time) while the next is read and checked, from one layer of the
    file to the next. The session is used by one thread at a time: targets touch it in ``records`` only before the
    first write is submitted.

    It counts the seconds the writes took (``writing``) and those the reading thread waited for one to end
    (``waiting``): a load whose reading waits long is held by the database, one that hardly waits by its checks."""

    def __init__(self, writer: ThreadPoolExecutor) -> None:
        self._writer = writer
        self._pending: Future[int] | None = None
        self.writing = self.waiting = 0.0

    def wait(self) -> int:
        """The features the chunk being written wrote (0 if none is); raises what its write raised."""
        pending, self._pending = self._pending, None
        started = time.perf_counter()
        try:
            return 0 if pending is None else pending.result()
        finally:
            self.waiting += time.perf_counter() - started

    def submit(self, write: Callable[..., int], *args: Any) -> None:
        self._pending = self._writer.submit(self._timed, write, *args)

    def _timed(self, write: Callable[..., int], *args: Any) -> int:
        started = time.perf_counter()
        try:
            return write(*args)
        finally:
            self.writing += time.perf_counter() - started


def _load_layer(
    session: Session,
    layer: Layer,
    target: Target,
    request: IngestRequest,
    settings: Settings,
    report: Report,
    job: IngestJob,
    writes: _ChunkWrites,
) -> Iterator[int]:
    """Check and write one layer chunk by chunk; yields the number of features done after each chunk (the last
    chunk's write may still run: the next layer's first chunk is checked meanwhile)."""
    if layer.format in ("csv", "xlsx"):
        updating = request.options.target == "projects" and request.options.mode == "upsert"
        sheet = read_sheet(layer, request.encoding, request.mapping, sites_optional=updating)
        decision, first = sheet.encoding, sheet.chunk
        named = ("lon", "lat") if len(sheet.columns) == 2 else ("wkt",)
        located_by = dict(zip(named, sheet.columns, strict=False))  # none: attributes only, updating by code
        layer.feature_count, rest = len(first.geoms), iter(())
        report.sheet(layer.name, first.rows or [])
        if layer.sheet is not None:  # a workbook's: which row was read as its header, and why
            report.decide("header_row", layer.name, str(layer.sheet.header_row), layer.sheet.how)
        if sheet.northing_first:
            report.warn(said("northing_first", northing=sheet.columns[1], easting=sheet.columns[0]), layer=layer.name)
    else:
        chunks = read_chunks(layer, settings.ingest_chunk_size)
        first = next(chunks, None)
        if first is None:  # said of a file's only layer: an export's empty layer beside the rest is no news (trial 62)
            if len(report.layers) == 1:
                report.warn(said("no_features"), layer=layer.name)
            return
        decision, rest = decide_encoding(layer, first, request.encoding), chunks
        located_by = {}
    report.decide("encoding", layer.name, decision.encoding, decision.how)
    if decision.confidence < 0.5:
        report.warn(said("encoding_uncertain", how=decision.how), layer=layer.name)
    report.feature_count += layer.feature_count
    transformer = None
    mapping = None
    for chunk in chain([first], rest):
        table = decode_table(chunk.table, layer, decision.encoding)
        if mapping is None:
            mapping = _columns(list(table), target, request, report, layer, located_by)
        if layer.format == "shapefile":
            _note_texts_at_the_limit(report, layer.name, table, mapping, chunk.offset)
        if layer.legacy_text and decision.encoding != "utf-8":
            _refuse_utf8_cells(report, layer.name, chunk, table, mapping, decision.encoding)
        checked = geometry.check(chunk.geoms, polygons_only=target.polygons_only, allow_null=target.allow_null)
        if transformer is None:
            try:
                crs = _decide_crs(layer, checked, request, report, _province_given(table, mapping))
            except AmbiguousCrsError as undecided:  # the zones offered tried on the sites, the one that fits named
                if request.options.target not in ("projects", "units"):
                    raise
                raise zone_holding_the_sites(undecided, checked.geoms, ProvinceFinder(session)) from undecided
            if not shapely.is_missing(checked.geoms).all():  # a layer without geometry (a table) has no CRS to say
                report.decide("crs", layer.name, _crs_label(crs), crs.how)
            for warning in crs.warnings:
                report.warn(warning, layer=layer.name)
            transformer = to_wgs84(crs.crs)
            checked.errors.update(crs.strays)  # the first chunk's features that do not fit the CRS inferred
        wgs84 = geometry.transform(checked.geoms, transformer)
        geometry.thin(checked, wgs84)
        report.chunk_codes(layer.name, chunk.offset, list(table.get(mapping.get("code", ""), [])))
        outside = _outside_region(checked, wgs84)
        if refused := _to_place(checked, wgs84):  # the load is refused: the chunk being written is waited for
            report.written_count += writes.wait()
            _place_outside(session, checked, wgs84, refused)
        _report_geometry(report, layer.name, chunk, checked, outside, "/".join(located_by.values()) or "geometry")
        rows = Rows(table, mapping, report, layer.name, chunk.offset, layer.format == "shapefile", crs.crs)
        rows.rejected = set(checked.errors)
        rows.sheet_points = "lon" in located_by  # a sheet's x/y: a point on each site, if an export's
        records = target.records(session, rows, wgs84)
        report.add_samples(records)
        report.written_count += writes.wait()
        if report.ok:
            writes.submit(target.write, session, records, job)
        else:  # refused already: the rest is still looked up for what only the registry tells (codes registered)
            writes.submit(target.look_up, session, records)
        yield len(chunk.geoms)


def _note_texts_at_the_limit(
    report: Report, layer: str, table: dict[str, list[Any]], mapping: dict[str, str], offset: int
) -> None:
    """A shapefile's text that fills its field was most likely cut (a shapefile export cuts longer ones): noted for
    the one warning of the file (Report.tell_texts_at_limit), of the columns whose texts are stored (not a column the
    load leaves, nor the units an export lists a project's site in, "comm_codes", read only to check it)."""
    stored = {column for field, column in mapping.items() if field not in SITE_UNIT_FIELDS}
    for column, values in ((column, values) for column, values in table.items() if column in stored):
        for i in (i for i, value in enumerate(values) if maybe_cut_by_a_shapefile(value)):
            report.text_at_limit(layer, column, offset + i)


def _refuse_utf8_cells(
    report: Report, layer: str, chunk: Chunk, table: dict[str, list[Any]], mapping: dict[str, str], encoding: str
) -> None:
    """Each stored text of a legacy-encoded layer that is UTF-8 Vietnamese, an error of its feature and field: read in
    the file's encoding it was stored as "Phặ̀ỏằỚc Long", and the check said the file would load (trial 58)."""
    stored = set(mapping.values())
    for (_, raw), (column, values) in zip(chunk.table.items(), table.items(), strict=True):
        if column not in stored:
            continue
        for i, (cell, value) in enumerate(zip(raw, values, strict=True)):
            if isinstance(cell, str) and (text := utf8_among_legacy(cell.encode("latin-1", "replace"))):
                told = said("utf8_cell_in_legacy", encoding=LABELS[encoding], text=text)
                report.error(told, index=chunk.offset + i, field=column, value=value, layer=layer)


def _names_a_field(target: Target, request: IngestRequest) -> Callable[[str], bool]:
    """Whether a workbook's cell names a column the load reads (its header's, not a title's): a field of ``target``
    as :func:`_columns` recognises one, a site's coordinates or WKT, or a column of ``--map``."""
    given = set(request.mapping.values())
    return lambda cell: (
        cell in given
        or field_of(cell, target.fields) is not None
        or map_column(cell) is not None
        or cell.lower() in WKT_COLUMNS
    )


def _columns(
    columns: list[str],
    target: Target,
    request: IngestRequest,
    report: Report,
    of: Layer,
    located_by: dict[str, str],
) -> dict[str, str]:
    """Which column feeds which field (``--map`` first); a units file's level may come from its office columns. A
    sheet's coordinate (or WKT) columns, ``located_by``, are said with them. The sheet for a report the map's workbook
    opens on is read as it is, and said (:func:`_report_sheet_columns`)."""
    layer = of.name
    given = {k: v for k, v in request.mapping.items() if k not in ("lon", "lat")}
    if of.format == "xlsx" and request.options.target == "projects":
        columns = _report_sheet_columns(columns, layer, given, report)
    office, level = ({}, None)
    if request.options.target == "units":
        office, level = office_unit_columns(columns, request.options.scheme)
    elif request.options.target == "projects":  # a site's district or commune: to check the site against
        office = office_site_unit_columns(columns)
    mapping, unused = column_map(columns, target.fields, office | given)
    report.read_columns(layer, located_by | mapping)
    exported = [c for c in unused if read_only(c, request.options.target)]
    of_units = request.options.target == "units"
    columns_said = {} if of_units else {"columns": ", ".join(exported)}
    told = said("export_columns_unused_units" if of_units else "export_columns_unused", **columns_said)
    if exported and not any(w.message == told.en for w in report.warnings):
        report.warn(told)  # once a file, not once each of its layers
    if request.options.target == "projects" and (names := office_unit_name_columns(unused)):
        told = said("office_unit_names_unused", columns=", ".join(names))  # the office's TEN_HUYEN (trial 52)
        if not any(w.message == told.en for w in report.warnings):
            report.warn(told)
        exported += names
    # a column said once a file, of no one layer: a zip's points, lines and areas have the same columns (it named the
    # first layer alone, as if the others loaded it)
    if unused := [c for c in unused if c not in exported and c not in report.unused_columns]:
        report.warn(said("columns_unused", columns=", ".join(unused)))
        report.unused_columns += unused
    if level and not request.options.kind and "level" not in mapping:
        target.level_from_columns = level
        pairs = [said("column_as", column=c, field=f) for f, c in office.items() if mapping.get(f) == c]
        used = joined(pairs, ", ", ", ")
        level_vi = labels(UNIT_LEVELS, "vi")[level].lower()
        report.warn(said("level_from_columns", level=Said(level_vi, level), used=used), layer=layer)
    return mapping


def _report_sheet_columns(columns: list[str], sheet: str, given: dict[str, str], report: Report) -> list[str]:
    """The columns a load reads of a workbook's first sheet: all, but of the registry's sheet for a report
    (geo.report_sheet: first in the map's workbook, which an officer edits as he sees it), said to be read alone, the
    English one's "Project" column aside (a project without an English name is named in Vietnamese there), unless
    ``--map`` (``given``) names it."""
    lang = next((lang for lang in LANGS if sheet == REPORT_SHEET.text(lang)), None)
    if lang is None:
        return columns
    report.warn(said("report_sheet_read", sheet=sheet), layer=sheet)
    name = REPORT_NAME.text(lang)
    if lang == "vi" or name not in columns or name in given.values():
        return columns
    report.warn(said("report_sheet_name_unread", column=name), layer=sheet, field=name)
    return [c for c in columns if c != name]


def _province_given(table: dict[str, list[Any]], mapping: dict[str, str]) -> tuple[str, str] | None:
    """A province whose TM-3 zone a layer's province column settles (in its first chunk), with the column: (code,
    column) when the provinces it names whose zones are known share one (a site given a neighbour's code among them
    is told by the province checks)."""
    column = mapping.get("province_code")
    values = {int(v) if isinstance(v, float) and v.is_integer() else v for v in table.get(column or "", [])}
    zoned = sorted({str(v).strip() for v in values if v is not None} & set(PROVINCE_ZONES))
    zones = {PROVINCE_ZONES[code].epsg for code in zoned}
    return (zoned[0], column) if column and len(zones) == 1 else None


def _decide_crs(
    layer: Layer,
    checked: geometry.GeometryCheck,
    request: IngestRequest,
    report: Report,
    file_province: tuple[str, str] | None = None,
) -> CrsDecision:
    """The layer's CRS: --crs, else its .prj, else (KML) WGS 84, else inferred from its coordinates with the province
    of --province, or else the one its province column gives (a file without a .prj saying MA_TINH 95 throughout).
    An empty .prj (some tools write one for an unknown CRS) is read as none, and said."""
    has_crs_text = bool(layer.crs_text and layer.crs_text.strip())
    if layer.crs_text is not None and not has_crs_text and not request.crs:
        report.warn(said("prj_empty", source=layer.crs_source), layer=layer.name)
    if request.crs:
        decision = recognise_crs(request.crs, source="--crs")
        overridden = _file_crs(layer)
        if overridden is not None and decision is not None and overridden.epsg != decision.epsg:  # said: not silent
            decision = replace(decision, how=decision.how.then(said("crs_over_file", crs=_crs_label(overridden))))
    elif has_crs_text:
        decision = recognise_crs(layer.crs_text, source=layer.crs_source)
    elif layer.format == "kml":
        decision = CrsDecision(CRS.from_epsg(4326), 4326, said("kml_wgs84"))
    elif all(g is None for g in checked.geoms):
        decision = CrsDecision(CRS.from_epsg(4326), 4326, said("no_coordinates"))
    else:
        keep = np.array([i not in checked.errors for i in range(len(checked.geoms))], dtype=bool)
        indexes, xs, ys = geometry.representative_xy(np.where(keep, checked.geoms, None))
        from_column = file_province if not request.options.province else None
        province = request.options.province or (from_column[0] if from_column else None)
        decision = infer_crs(xs, ys, province, lambda k: report.feature_place(layer.name, int(indexes[k])))
        decision = replace(decision, strays=tuple((int(indexes[k]), why) for k, why in decision.strays))
        if from_column and decision.crs.is_projected:  # the province chose the TM-3 zone
            how = decision.how.then(said("province_from_column", code=from_column[0], column=from_column[1]))
            decision = replace(decision, how=how)
    if decision.zero_shift and request.official_vn2000:
        decision = decision.confirm_official()
    return decision


def _file_crs(layer: Layer) -> CrsDecision | None:
    """The CRS a layer's own file (.prj, GeoPackage) says, when it says one the registry recognises."""
    try:
        return recognise_crs(layer.crs_text, source=layer.crs_source) if layer.crs_text else None
    except ValueError:  # a .prj the registry cannot read: --crs was given for it
        return None


def _crs_label(decision: CrsDecision) -> str:
    return f"EPSG:{decision.epsg} ({crs_title(decision.crs)})" if decision.epsg else crs_title(decision.crs)


def _outside_region(checked: geometry.GeometryCheck, wgs84: np.ndarray) -> list[int]:
    """The chunk's features lying outside the region (a point of theirs), their errors set in ``checked``."""
    good = np.array([i not in checked.errors for i in range(len(wgs84))], dtype=bool)
    # A centroid lies within its geometry's bounding box: only features not wholly inside the region need one.
    west, south, east, north = shapely.bounds(np.where(good, wgs84, None)).T
    inside = in_region(west, south) & in_region(east, north)
    indexes, xs, ys = geometry.representative_xy(np.where(good & ~inside, wgs84, None))
    outside = np.flatnonzero(~in_region(xs, ys))
    for k in outside:
        checked.errors[int(indexes[k])] = feature_outside_region(float(xs[k]), float(ys[k]))
    return [int(indexes[k]) for k in outside]


def _to_place(checked: geometry.GeometryCheck, wgs84: np.ndarray) -> list[int]:
    """The chunk's first features refused for lying outside the region, found so by the region check or by the CRS's
    reading (its strays), to say where they lie."""
    refused = (i for i, told in checked.errors.items() if told.key in OUTSIDE_REGION and wgs84[i] is not None)
    return sorted(refused)[:PLACED]


def _place_outside(session: Session, checked: geometry.GeometryCheck, wgs84: np.ndarray, refused: list[int]) -> None:
    """Say where each ``refused`` feature lies (geo.ingest.site_places), all in one query."""
    _, lons, lats = geometry.representative_xy(wgs84[refused])
    _, xs, ys = geometry.representative_xy(checked.geoms[refused])
    places = where_sites_fell(session, lons, lats)
    for k, (i, where) in enumerate(zip(refused, places, strict=True)):
        if where is not None:
            told = checked.errors[i]
            checked.errors[i] = placed_outside_region(told, xs[k], ys[k], lons[k], lats[k], where)


def _report_geometry(
    report: Report, layer: str, chunk: Chunk, checked: geometry.GeometryCheck, outside: list[int], field: str
) -> None:
    """The chunk's geometry problems, each of its feature, at ``field``: "geometry", or a CSV sheet's columns the
    geometries came from ("kinh_do/vi_do", "wkt"), where its officer corrects them; those lying ``outside`` the
    region last."""
    for i, message in sorted((i, m) for i, m in checked.errors.items() if i not in outside):
        report.error(message, index=chunk.offset + i, field=field, layer=layer)
    for i, message in sorted(checked.repaired.items()):
        report.warn(message, index=chunk.offset + i, field=field, layer=layer)
    for i, message in sorted(checked.thin.items()):
        report.warn(message, index=chunk.offset + i, field=field, layer=layer)
    if checked.dropped_z:
        first = ", ".join(str(chunk.offset + i) for i in checked.dropped_z[:5])
        report.warn(said("z_dropped", count=len(checked.dropped_z), first=first), field=field, layer=layer)
    for i in outside:
        report.error(checked.errors[i], index=chunk.offset + i, field=field, layer=layer)


#: A shapefile given as its .shp is its files: the same .shp with a corrected .dbf is another file (the same file
#: appended again is refused, geo.ingest.salinity_checks).
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    parts = [path]
    if path.suffix.lower() == ".shp":
        parts = [p for suffix in SHAPEFILE_PARTS for p in {path.with_suffix(suffix), path.with_suffix(suffix.upper())}]
    for part in sorted(p for p in parts if p.is_file()):
        with open(part, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def _finish_job(job: IngestJob, report: Report, state: str, account_id: int | None) -> None:
    job.state, job.account_id = state, account_id
    job.detected_format, job.detected_crs, job.crs_reason = report.format, report.crs, report.crs_how
    job.detected_encoding, job.encoding_reason = report.encoding, report.encoding_how
    job.feature_count, job.written_count = report.feature_count, report.written_count
    report.job_id = job.id
    data = report.as_dict()
    job.warnings, job.errors, job.report = data["warnings"], data["errors"], data
    job.finished_at = datetime.now(UTC)


def _record_failed_or_preview(engine: Engine, request: IngestRequest, report: Report, sha256: str | None) -> Report:
    """Record a load refused before it started (its job not waiting, its file unreadable), in its own transaction."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        job = session.get(IngestJob, request.job_id) if request.job_id else None
        if job is None or job.state != waiting_state(request.dry_run):
            job = IngestJob(
                file_name=report.file_name, file_sha256=sha256, target=request.options.target, mode=request.options.mode
            )
            session.add(job)
            session.flush()
        _finish_job(job, report, "failed", request.account_id)
    return report
