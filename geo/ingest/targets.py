"""The tables a file can be loaded into: which fields they take, how values are checked, and how rows are written.

Each target turns a chunk's mapped attributes and WGS 84 geometries into rows (reporting every bad value), then
writes them in the caller's transaction; ``layers`` names the map layers it changes (bumped by the pipeline just
before the commit).
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import shapely
from geoalchemy2 import WKBElement
from pyproj import CRS
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from geo.apportion import names_of_units, recompute_shares, units_of_projects
from geo.coded_words import code_of, words_taken
from geo.crosswalk import rebuild_crosswalk
from geo.field_titles import field_title
from geo.ingest import absent_origins, project_writes
from geo.ingest.changed_since import changed_since, moment
from geo.ingest.copy import copy_binary
from geo.ingest.jobs import cited
from geo.ingest.jobs import provenance as load_provenance
from geo.ingest.mapping import LABEL_COLUMNS, SHAPEFILE_TEXT_FULL, SHAPEFILE_TEXT_LIMIT, label_column
from geo.ingest.messages import Said, said
from geo.ingest.misplaced_sites import MisplacedSites, UnchangedInNeighbours
from geo.ingest.numbers import EN, VI, AmbiguousNumber, Writing, column_writing, parse, read_percent, unsettled
from geo.ingest.plan_codes import unknown_action
from geo.ingest.possible_duplicates import PossibleDuplicates
from geo.ingest.provinces import ProvinceFinder, metres
from geo.ingest.read import Table
from geo.ingest.report import SAMPLE_ROWS, Report
from geo.ingest.salinity_checks import (
    PERIOD_FORM,
    ZonesOfTheFile,
    allowed_classes,
    salinity_code,
    tell_loaded_before,
    tell_replaced,
    tell_stored_overlaps,
    zones_replaced,
)
from geo.ingest.salinity_removal import record_replaced_loads
from geo.ingest.sheet_points import ON_THE_SITE, SheetPoints
from geo.ingest.siteless_rows import SitelessRows
from geo.ingest.unit_borders import FileUnit, border_tolerance, check_borders
from geo.ingest.unit_changes import UnitChanges
from geo.ingest.units_given import LEVEL_NAMES, SEVERAL, SITE_UNIT_FIELDS, GivenUnits, unit_code
from geo.models import AdminUnit, Agency, IngestJob, Plan, PlanAction, Project, SalinityZone
from geo.plain_text import NOT_TEXT, not_text_in, without_not_text
from geo.retirement import retire_projects
from geo.said import LANGS, SaidError, beyond_shown, figure, joined
from geo.sample.upsert import upsert
from geo.sources_field import sources_list
from geo.text_encoding import fold, misread_legacy
from geo.text_encoding.codecs import LABELS
from geo.unit_names import english_name
from geo.vi_format import VIETNAM_TIME, local_date, local_number, typed_day, vi_date
from geo.vietnam_day import vietnam_today
from geo.vocab import (
    LEVEL_CODES,
    LOCATION_PRECISIONS,
    PROJECT_KINDS,
    PROJECT_STATUSES,
    SCHEME_CODES,
    SCHEME_DAYS,
    UNIT_LEVELS,
    UNIT_TYPE_CODES,
    labels,
)

PROJECT_FIELDS = (
    *("code", "name_vi", "name_en", "kind", "province_code", "capacity_value", "capacity_unit"),
    *("budget_vnd_billion", "funding_source", "start_year", "end_year", "description_vi", "description_en"),
    *("location_precision", "location_note_vi", "location_note_en", "sources", "status", "percent"),
    *("plan", "plan_action", "lead_agency"),
    *SITE_UNIT_FIELDS,  # read to check the sites against (geo.ingest.units_given), not stored
    "changed_at",  # an export's: when each project had last changed (project_writes.changed_since_export), not stored
    "export_units",  # an export's: the units it was exported for (geo.layer_export.EXPORT_UNITS), not stored
)
_REFERENCES = ("plan", "plan_action", "lead_agency")
#: The columns of a status sheet ("Mã dự án,Tình trạng,Tiến độ (%)", a name beside the code for its reader): a file of
#: no site saying how the projects it names stand and nothing of those it leaves out, which are not looked for (it is
#: no district's inventory: /upload offered to retire the rest of the province, trial 70).
STATUS_SHEET_FIELDS = ("code", "name_vi", "name_en", "status", "percent")
#: A project's texts written in words, where a cell pasted from a legacy (TCVN3, VNI) file shows as garbage.
_PROSE = (
    *("name_vi", "name_en", "funding_source", "description_vi", "description_en"),
    *("location_note_vi", "location_note_en", "sources"),
)
#: A project's fields (and their staged columns) that an update by code leaves as the registry has them when the
#: file has no column for them: a file of codes and new names blanked every description, budget, plan and source;
#: a sheet of codes and statuses was refused for lacking names (trial 69). The code is always given; a new code needs
#: a name and a kind (project_writes.new_without_name_or_kind); the province follows the site; the status is told by
#: its own column.
KEPT_WHEN_ABSENT = {
    field: field
    for field in (
        *("name_vi", "name_en", "capacity_value", "capacity_unit", "budget_vnd_billion", "funding_source"),
        "start_year",
        *("end_year", "description_vi", "description_en", "location_precision", "location_note_vi"),
        *("location_note_en", "sources"),
    )
} | {field: f"{field}_id" for field in _REFERENCES}
UNIT_FIELDS = ("code", "name_vi", "name_en", "level", "parent_code", "source")
SALINITY_FIELDS = ("salinity_class", "period", "source", "zone_code", "zone_name")
_FLOATS = {"capacity_value", "budget_vnd_billion", "percent"}
_INTS = {"start_year", "end_year"}
#: The projects' export (api/routers/layer_exports), by unit: the file a reload retires the rows deleted from.
EXPORT_URL = "/api/exports/projects.gpkg"
_SCHEME_DATES = {"pre2025": (None, date(2025, 6, 30)), "2025": (date(2025, 7, 1), None)}


@dataclass
class Options:
    """What the user said about the load (CLI flags / upload form)."""

    target: str
    mode: str = "append"
    kind: str | None = None
    scheme: str | None = None
    province: str | None = None
    period: str | None = None
    source: str | None = None
    status_as_of: str | None = None  # projects: the day the file's statuses were true, as typed; None: the load's day
    clean_borders: bool = False  # units: neighbours made to share their borders (geo.ingest.unit_borders)
    border_tolerance: str | None = None  # units, cleaning: the most a unit may change, % of its area, as typed


def required_said(rows: Rows, field: str, name: str | None) -> Said:
    """A required ``field`` missing from a feature (its ``name`` where the file gives one): its column's cell to fill
    in where the file has that column, else which column holds it to say. Trial s69's officer was told to choose the
    field of MA_DA, recognised as the code, in a section the page did not show: one cell was empty."""
    if not rows.has(field):
        return said("required", field=field)
    column = rows.mapping[field]
    title = Said(field_title(field, "vi"), field_title(field, "en"))
    if name and field != "name_vi":
        named = {"name": name, "name_column": rows.mapping["name_vi"]}
        return said("required_cell_empty_named", column=column, title=title, **named)
    return said("required_cell_empty", column=column, title=title)


class Rows:
    """A chunk's attributes by registry field, with the report to complain to."""

    def __init__(
        self,
        table: Table,
        mapping: dict[str, str],
        report: Report,
        layer: str,
        offset: int,
        shapefile: bool = False,
        crs: CRS | None = None,
    ):
        self.table, self.mapping, self.report, self.layer, self.offset = table, mapping, report, layer, offset
        self.crs = crs  # the CRS the layer's coordinates were read in (None: a table without them)
        self.shapefile = shapefile  # a shapefile's layer (its texts cut at SHAPEFILE_TEXT_LIMIT bytes)
        self.rejected: set[int] = set()  # features whose geometry was rejected: their attributes are not judged
        self.sheet_points = False  # a sheet's x/y columns give its sites: a point on each (geo.ingest.sheet_points)
        self._columns = {f: table[c] for f, c in mapping.items() if c in table}
        self._writings: dict[str, Writing | None] = {}  # numbers written as text: Vietnamese or English, by column

    def has(self, field: str) -> bool:
        """Whether the chunk's layer has a column for ``field`` (an empty cell in it is a value; no column says
        nothing of the field)."""
        return field in self._columns

    def features(self, geoms: np.ndarray) -> Iterator[tuple[int, Any]]:
        return ((i, g) for i, g in enumerate(geoms) if i not in self.rejected)

    def raw(self, field: str, size: int) -> list[Any]:
        """The ``size`` values of ``field`` cleaned as ``value`` cleans them, text not yet checked (no warning)."""
        column = self._columns.get(field)
        return [None] * size if column is None else [_cleaned(v) for v in column]

    def value(self, i: int, field: str) -> Any:
        column = self._columns.get(field)
        return None if column is None else self._text_only(i, field, _cleaned(column[i]))

    def column(self, field: str, size: int) -> list[Any]:
        """The ``size`` values of ``field`` in the chunk, as ``value`` gives them; each distinct text cleaned once."""
        column = self._columns.get(field)
        if column is None:
            return [None] * size
        texts = {v: _cleaned(v) for v in set(v for v in column if isinstance(v, str))}
        out = [texts[v] if isinstance(v, str) else _cleaned(v) for v in column]
        if any(isinstance(v, str) and NOT_TEXT.search(v) for v in texts.values()):
            out = [self._text_only(i, field, v) for i, v in enumerate(out)]
        return out

    def _text_only(self, i: int, field: str, value: Any) -> Any:
        """``value`` without the characters that are not text (geo.plain_text), with a warning for the feature."""
        if not isinstance(value, str) or not NOT_TEXT.search(value):
            return value
        found = not_text_in(value)
        cleaned = without_not_text(value).strip() or None
        self.report.warn(
            said("not_text", found=found),
            index=self.offset + i,
            field=self.mapping.get(field, field),
            value=cleaned,
            layer=self.layer,
        )
        return cleaned

    def error(self, i: int, field: str | None, value: Any, message: Said) -> None:
        shown = None if value is None else str(value)
        self.report.error(
            message, index=self.offset + i, field=self.mapping.get(field, field), value=shown, layer=self.layer
        )

    def writing(self, field: str) -> Writing | None:
        """How the column of ``field`` writes numbers as text (geo.ingest.numbers), found once a chunk; None for the
        percent, read alike in either writing (:func:`_number`)."""
        if field == "percent":
            return None
        if field not in self._writings:
            self._writings[field] = column_writing(map(_cleaned, self._columns.get(field, ())))
        return self._writings[field]

    def number(self, i: int, field: str, cast: type) -> Any:
        value = self.value(i, field)
        if value is None:
            return None
        writing = self.writing(field)
        try:
            number = _number(field, value, writing)
        except AmbiguousNumber as ambiguous:
            self.error(i, field, value, _ambiguous(ambiguous))
            return None
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or (cast is int and not number.is_integer()):
            self.error(i, field, value, said("not_whole_number" if cast is int else "not_number"))
            return None
        if unsettled(value, writing):
            self.report.warn(
                _read_by_its_column(AmbiguousNumber(value), writing),
                index=self.offset + i,
                field=self.mapping.get(field, field),
                value=str(value),
                layer=self.layer,
            )
        return int(number) if cast is int else number


def _number(field: str, cell: Any, writing: Writing | None) -> float:
    """A number cell of ``field``: the percent as a status import reads it ("15%", "15,5 %": numbers.read_percent; trial
    69 had "15%" refused), the others in their column's ``writing``."""
    return read_percent(cell) if field == "percent" else parse(cell, writing)


def _cleaned(value: Any) -> Any:
    """A cell as the registry takes it: text stripped (blank is None), NaN is None, numpy scalars as Python's."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def _ambiguous(ambiguous: AmbiguousNumber) -> Said:
    """Why a cell such as "2.500" is refused, with its two readings written as each language writes numbers."""
    as_vi, as_en = ambiguous.readings[VI], ambiguous.readings[EN]
    return said("ambiguous_number", as_vi=figure(as_vi, f"{as_vi:,.6g}", 6), as_en=figure(as_en, f"{as_en:,.6g}", 6))


def _read_by_its_column(ambiguous: AmbiguousNumber, writing: Writing) -> Said:
    """Why a cell such as "2.500" is read as its column writes decimals, and how to write the other reading."""
    other_writing = EN if writing.name == VI else VI
    read, other = ambiguous.readings[writing.name], ambiguous.readings[other_writing]
    plain = f"{other:.6g}".replace(".", "," if writing.name == VI else ".")
    return said(
        "number_read_by_its_column",
        read=figure(read, f"{read:,.6g}", 6),
        other=figure(other, f"{other:,.6g}", 6),
        how=said(f"decimal_mark_{writing.name}"),
        plain=plain,
    )


def _array(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _is_none(values: np.ndarray) -> np.ndarray:
    return np.equal(values, None)


def _an_inventory(rows: Rows, geoms: np.ndarray) -> bool:
    """Whether a chunk lists projects (a site given, or a column a status sheet has not: a kind, a province, a plan…)
    rather than saying how some stand (:data:`STATUS_SHEET_FIELDS`)."""
    listed = any(rows.has(field) for field in PROJECT_FIELDS if field not in STATUS_SHEET_FIELDS)
    return listed or not bool(np.all(shapely.is_missing(geoms)))


def _agency_names(session: Session) -> dict[str, tuple[str, ...]]:
    """The agencies' names (Vietnamese and English, folded) -> the codes of the agencies that have them, each also
    without its province ("Sở Công Thương tỉnh Trà Vinh" is "Sở Công Thương" in an office's file of its province): a
    name several have ("Sở Công Thương", Bạc Liêu's and Trà Vinh's) is theirs to choose from."""
    provinces = dict(
        session.execute(
            select(AdminUnit.code, AdminUnit.name_vi).where(AdminUnit.level == "province").distinct(AdminUnit.code)
        ).all()
    )
    names: dict[str, set[str]] = {}
    for code, name_vi, name_en, province in session.execute(
        select(Agency.code, Agency.name_vi, Agency.name_en, Agency.province_code)
    ):
        place = provinces.get(province or "")
        suffixes = (f" tỉnh {place}", f", {place}") if place else ()
        for name in (name_vi, name_en):
            if name:
                short = next((name[: -len(s)] for s in suffixes if name.endswith(s)), name)
                for known in {name, short}:
                    names.setdefault(fold(known), set()).add(code)
    return {name: tuple(sorted(codes)) for name, codes in names.items()}


def _action_codes(session: Session) -> dict[int, list[str]]:
    """Each plan's action codes in the plan's order, which a refused code lists (geo.ingest.plan_codes)."""
    codes: dict[int, list[str]] = {}
    for plan, code in session.execute(select(PlanAction.plan_id, PlanAction.code).order_by(PlanAction.id)):
        codes.setdefault(plan, []).append(code)
    return codes


def _agency(references: dict[str, dict], given: Any) -> int | None:
    """An agency given by its code, or by its name where no other agency has it; None otherwise."""
    found = references["lead_agency"].get(given)
    if found is None:
        sharing = references["agency_name"].get(fold(str(given)), ())
        found = references["lead_agency"][sharing[0]] if len(sharing) == 1 else None
    return found


def _misread(value: Any) -> tuple[str, str] | None:
    """The legacy encoding a text was misread from and how it then reads (geo.text_encoding.misread_legacy); None
    for other texts and values."""
    return misread_legacy(value) if isinstance(value, str) else None


def _mapped(values: np.ndarray, how: Any) -> np.ndarray:
    """``how`` of each value, computed once per distinct value (a column of lists, value by value). A column holds
    one type (pyogrio reads a field as one), so equal values are the same value."""
    try:
        done = {value: how(value) for value in dict.fromkeys(values.tolist())}
    except TypeError:  # unhashable: lists
        return _array([how(value) for value in values])
    return _array(list(map(done.__getitem__, values.tolist())))


def _numbers(field: str, values: list[Any], writing: Writing | None) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of ``field``'s column (its ``writing``: :meth:`Rows.writing`) as :meth:`Rows.number` gives them,
    and where it would report (a wrong number, text to clean, a number read two ways); each distinct value parsed
    once."""
    cast = int if field in _INTS else float
    parsed: dict[Any, tuple[Any, bool]] = {None: (None, False)}
    out, wrong = np.empty(len(values), dtype=object), np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        if value not in parsed:
            try:
                number = _number(field, value, writing)
            except ValueError:  # an AmbiguousNumber too: reported by Rows.number
                number = math.nan
            bad = not math.isfinite(number) or (cast is int and not number.is_integer())
            bad = bad or (isinstance(value, str) and NOT_TEXT.search(value) is not None)
            told = bad or unsettled(value, writing)
            parsed[value] = (None if bad else int(number) if cast is int else number, told)
        out[i], wrong[i] = parsed[value]
    return out, wrong


_VOCABULARIES = {"kind": PROJECT_KINDS, "status": PROJECT_STATUSES, "location_precision": LOCATION_PRECISIONS}
#: Each vocabulary's codes with their labels, as a refusal of a value lists them: "sluice (Cống, …)" in Vietnamese.
_TERMS_SAID = {
    field: Said(*(", ".join(f"{code} ({label})" for code, label in labels(terms, lang).items()) for lang in LANGS))
    for field, terms in _VOCABULARIES.items()
}
#: A status is refused with every word taken for each (a status sheet's "Chuẩn bị" was refused with the labels alone)
_TERMS_SAID["status"] = words_taken(PROJECT_STATUSES)


@functools.lru_cache(maxsize=4096)
def _term(value: str, vocabulary: str) -> str | None:
    """The code of a kind, status or location precision given as its code, its Vietnamese or English label, or a
    shorter name offices write for it ("Kè", "Cống", "Chuẩn bị"), any accents or case (geo.coded_words).

    Cached: a file repeats a handful of kinds and statuses over all its features."""
    return code_of(_VOCABULARIES[vocabulary], value)


_LABELLED = {"kind": Said("loại dự án", "kind"), "status": Said("tình trạng", "status")}


@dataclass(frozen=True)
class LabelEdited:
    """A feature whose kind or status in words (an export's ``kind_vi``…) no longer names its code in the file: the
    words were edited (a lost edit: a load does not read them), or the code was and the words left as exported (no
    harm). Which, the registry tells (:meth:`ProjectsTarget._judge_labels`)."""

    index: int
    layer: str
    code: Any  # the project's
    field: str  # kind or status
    column: str
    label: str
    named: str | None  # the code the words name, if any
    message: Said
    exported: datetime | None = None  # the row's changed_at, when the file is an export: when it wrote the words


def _labels_edited(rows: Rows, codes: dict[str, np.ndarray]) -> list[LabelEdited]:
    """The features whose kind or status in words is no longer that of its code in the file (:class:`LabelEdited`)."""
    named = {label_column(column): column for column in rows.table}  # kind_vi, or a workbook's "Loại (tiếng Việt)"
    found = []
    for field, columns in LABEL_COLUMNS.items():
        for name, column in ((c, named[c]) for c in columns if c in named):
            words = {code: fold(label) for code, label in labels(_VOCABULARIES[field], name[-2:]).items()}
            pairs = list(zip(rows.table[column], codes[field], strict=True))
            edited = {
                (label, code)
                for label, code in set(pairs)
                if isinstance(label, str) and label.strip() and code is not None and fold(label) != words[code]
            }
            message = said(
                "label_not_its_code", column=column, field=rows.mapping.get(field, field), what=_LABELLED[field]
            )
            for i in (i for i, pair in enumerate(pairs) if pair in edited):
                label = pairs[i][0]
                names = _term(label, field)
                exported = codes["changed_at"][i] if isinstance(codes["changed_at"][i], datetime) else None
                found.append(
                    LabelEdited(
                        rows.offset + i, rows.layer, codes["code"][i], field, column, label, names, message, exported
                    )
                )
    return found


_UNREADABLE = object()


def _export_moment(value: Any) -> Any:
    """An export's ``changed_at`` as read back (geo.layer_export.CHANGED_AT): its text, or the date-time GDAL reads
    a GeoJSON's as, without its offset (Vietnam time, as written); None if empty, :data:`_UNREADABLE` otherwise."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if len(value) > len("2026-05-12") else None
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        return _UNREADABLE
    return value if value.tzinfo else value.replace(tzinfo=VIETNAM_TIME)


def _wkb(geom: Any) -> WKBElement | None:
    return None if geom is None else WKBElement(shapely.to_wkb(geom), srid=4326)


@dataclass
class ColumnRecords:
    """A chunk's checked rows as one array per field (the projects target): what a list of row dicts is to others."""

    columns: dict[str, np.ndarray]
    layer: str = ""  # the layer of the file the chunk comes from
    shapefile: bool = False  # a shapefile's layer: its long texts may have been cut (SHAPEFILE_TEXT_LIMIT)
    refused_codes: tuple[tuple[int, str], ...] = ()  # (feature, code) of features refused for another problem
    absent: tuple[str, ...] = ()  # staged columns the layer has no column for: an update keeps the registry's
    labels_edited: tuple[LabelEdited, ...] = ()  # kinds and statuses in words no longer those of their codes
    precision_column: str = "location_precision"  # the layer's column of the field, as a warning names it
    sheet_points: bool = False  # its sites are a sheet's x/y points (geo.ingest.sheet_points)

    def __len__(self) -> int:
        return len(self.columns["feature"])

    def __getitem__(self, rows: slice) -> list[dict[str, Any]]:
        values = zip(*(c[rows] for c in self.columns.values()), strict=True)
        return [dict(zip(self.columns, row, strict=True)) for row in values]


class Target:
    """What the pipeline asks of each target: ``records`` (a chunk's rows, each bad value reported), ``write`` (them,
    in the load's transaction), ``tell`` (the report what the load did, once every chunk is written) and ``finish``
    (what is derived from the rows, before the commit, told in the report where the user should know of it)."""

    #: The user gave the CRS (--crs, the upload's CRS box): its zone is not to be doubted (set by the pipeline).
    crs_given = False
    #: The user confirmed the projects the file puts back (--accept-steps-back, a preview's commit): set by the
    #: pipeline; a load without it is refused before anything is written.
    steps_back_accepted = False

    def look_up(self, session: Session, records: Any) -> int:
        """A chunk of a load already refused: nothing is written, but what only the registry can tell of its rows
        (their codes already registered, appending) is still found, so that the report lists the file's every
        problem at once. Returns 0: nothing written."""
        return 0

    def whole_file(self, session: Session, report: Report, job: IngestJob) -> int:
        """Once every chunk is read, what needs the whole file before it is written (a units file's borders); returns
        the features it wrote: none here, each chunk was written as it came."""
        return 0

    def after_the_file(self, session: Session, job: IngestJob, account_id: int | None) -> None:
        """Once every chunk is written (or checked), in the load's transaction: nothing more here."""

    def tell(self, report: Report) -> None:
        """Nothing beyond the rows written, which the report counts."""

    def tell_refused(self, report: Report) -> None:
        """A preview's commit refused because what it matched changed since its check (geo.ingest.pipeline): what
        the report says as done, said as what loading the file would do now. Nothing here."""

    def foresee(self, session: Session, report: Report) -> None:
        """A dry run's (a check's), once its rows are written in the savepoint the pipeline rolls back: what ``finish``
        would tell of a load, where the user must read it before loading. Nothing here."""

    @property
    def stored_texts_at_limit(self) -> int:
        """Of the texts filling their shapefile field, those that are the stored ones (kept whole where the shapefile
        cut them; projects reloaded by code): none here."""
        return 0


def status_day(typed: str) -> date:
    """The day a file's statuses were true (``--status-as-of``), typed as 31/12/2025 or 2025-12-31: from
    1 January 2000 to today in Vietnam. Refused (SaidError) otherwise."""
    try:
        day = typed_day(typed)
    except ValueError:
        raise SaidError(said("status_as_of_unreadable", value=typed)) from None
    today = vietnam_today()
    if not date(2000, 1, 1) <= day <= today:
        raise SaidError(said("status_as_of_outside", day=vi_date(day), today=vi_date(today)))
    return day


class ProjectsTarget(Target):
    """Projects, upserted by code; new projects (and changed statuses) get a status event, dated the load's day or
    the day the file's statuses were true (``status_as_of``: an inventory of last year loaded now)."""

    fields, polygons_only, allow_null, layers = PROJECT_FIELDS, False, True, ("projects",)

    def __init__(self, options: Options):
        if options.mode == "replace":
            raise SaidError(said("no_replace_for_projects"))
        self.options = options
        self.status_day = status_day(options.status_as_of) if options.status_as_of else None
        self._lookup: dict[str, dict] | None = None
        self._provinces: ProvinceFinder | None = None
        self._units: GivenUnits | None = None  # the districts and communes the rows of a file may give its sites
        self._seen: dict[str, tuple[str, int]] = {}  # code -> the first feature with it: its layer, its index
        self.dry_run = False  # set by the pipeline
        self.changes: Counter[str] = Counter()  # what the load did (would do) with its projects: project_writes.CHANGES
        self.changed_codes: dict[str, list[str]] = {}  # the first codes of the new and of the updated ones
        self.changed_fields: dict[str, dict[str, list]] = {}  # what changes in the first updated ones
        self.fields_changed: dict[str, list] = {}  # each field: how many updated projects it changes, the first
        self._matched = hashlib.sha256()  # the existing projects the file matches, as they were (upsert)
        self.checked_rows: list[list[int]] = []  # ... a preview's, each [id, row version]: its commit looks first
        self._existing: dict[str, list] = {}  # append: layer -> [codes already projects, the first with features]
        # layer -> field -> the file's column: a problem names the column as the file heads it ("Tình trạng", not
        # "status": trial 71)
        self._file_columns: dict[str, dict[str, str]] = {}
        self._overtaken_count, self._overtaken_codes = 0, []  # projects reported on during the load: status not set
        self._reports_kept: list[tuple] = []  # ... the first SHOWN with the report kept: project_writes.reports_kept
        self.checked_at: datetime | None = None  # the commit of a preview: when it was checked (set by the pipeline)
        self.since: datetime | None = None  # a load: its preview's check, or its start; newer reports are kept
        self.keep_changed = False  # leave the projects changed since as the registry has them (set by the pipeline)
        self.retire_absent = False  # retire the projects of the file's scope it does not name (set by the pipeline)
        self._kept_count, self._kept = 0, []  # projects changed since, left as they are: project_writes.keep_changed
        self._file_codes: list[str] = []  # every code the file names (upsert), for the projects it does not
        self._scope: set[tuple[str, int | None]] = set()  # the provinces and plans of its projects
        self._plans_given = False  # whether the file has a plan column (its scope is then of those plans too)
        self._absent: list[tuple[int, str]] = []  # the scope's projects the file does not name: (id, code)
        self._inventory = False  # whether the file lists projects (a site, a kind…), not their statuses alone
        self._districts: set[str] = set()  # the former districts the file's projects lie in (its column's, or sites')
        self._whole: set[str] = set()  # the provinces the file holds province-wide projects of: it covers them whole
        self._partly: list[tuple[str, Said]] = []  # those of provinces it covers in part, by code with their names
        self._exported_for: set[str] = set()  # the units the file says it was exported for (its export_units)
        self._exported_units: list[tuple[str, Said]] = []  # ... those known, by code with their names: its scope
        self._provinces_covered: list[str] = []  # the provinces of its projects (its scope without units)
        self._retired: list[str] = []  # ... those the load retired
        self._absent_origins: list[absent_origins.Origin] = []  # ... how they came: which load, whose
        self._account_id: int | None = None  # who loads (None: the command line), told apart from who loaded them
        self._reported: list[str] = []  # the first projects reported on since then (a refused commit names them)
        self._loaded: list[tuple[str, int, str, str | None]] = []  # ... and by another load: code, job, file, who
        self._kept_whole: Counter[str] = Counter()  # texts a shapefile cut, the stored ones kept: by field
        self._as_stored = 0  # texts filling their shapefile field that are the stored ones, not cut
        self._misplaced = MisplacedSites()  # the sites against their provinces: a file read in the wrong zone
        self._assumed: dict[str, list] = {"no_status": [0, []], "no_percent": [0, []]}  # project_writes.assumed
        self._back: list[tuple] = []  # every project the file puts back: project_writes.steps_back
        self._not_set: Counter[str] = Counter()  # changes the overtaken statuses were not counted as: _overtaken
        self._unlisted: list[tuple[str, list[str], bool]] = []  # ... their fields not set, status alone: _as_written
        self._history: list[
            tuple
        ] = []  # the first SHOWN given a status of an earlier day: project_writes.history_added
        self._unplaced_new: list[tuple[str, int]] = []  # update: new projects with neither a site nor a province
        self._kindless_new: list[tuple[str, int]] = []  # update: new projects in a file with no kind column
        self._nameless_new: list[tuple[str, int]] = []  # ... in a file with no name column
        self._siteless = SitelessRows()  # update: rows giving no site, registered projects' and new codes'
        self._sheet_points = SheetPoints()  # ... rows giving a point on their project's registered line or area
        self._duplicates = PossibleDuplicates()  # new codes that may repeat current projects (same name and site)
        self._stored_samples: dict[str, dict[str, Any]] = {}  # update: the first projects as stored, by code
        self._changed_samples: dict[str, dict[str, Any]] = {}  # ... the first new or updated ones, shown first
        self._stale_count, self._stale = 0, []  # an export's projects changed since: changed_since_export
        self._kept_otherwise = 0  # ... those a load of the rest would keep as they are: _rest_keeping_changed
        self._ahead_count, self._ahead = 0, []  # ... said to have changed later than the registry says
        self._labels_told: list[LabelEdited] = []  # kinds and statuses in words edited, their codes not
        self._statuses_given = 0  # new projects given a status by the file (the changed ones are counted in changes)
        self._rows_with_status = 0  # features giving a status, refused ones too: a refused file's warning counts them
        self._rows_left_out = 0  # features refused by their own values: not counted among the provinces read
        self._neighbouring_unchanged = (
            UnchangedInNeighbours()
        )  # registered sites in a neighbouring province the file leaves as is
        # (2025 code given, former province found) -> sites stored with the former one: said once, not warned of
        self._read_as_former: Counter[tuple[str, str]] = Counter()

    def records(self, session: Session, rows: Rows, geoms: np.ndarray) -> ColumnRecords:
        """The chunk's rows, column by column; a feature with anything to report (a wrong value, a repeated code,
        text cleaned) goes through :meth:`_record` alone, which reports it as before, in feature order."""
        references = self._references(session)
        self._file_columns.setdefault(rows.layer, dict(rows.mapping))
        size = len(geoms)
        texts = {f: rows.column(f, size) for f in PROJECT_FIELDS if f not in _FLOATS | _INTS}
        columns, flagged = self._columns(rows, geoms, references, texts)
        labels_edited = tuple(_labels_edited(rows, columns))
        flagged |= self._repeated_codes(columns["code"])
        judged = np.ones(size, dtype=bool)
        judged[list(rows.rejected)] = False
        flagged &= judged
        keep = judged & ~flagged
        kept_codes = zip(columns["code"][keep], columns["feature"][keep], strict=True)
        self._seen.update((code, (rows.layer, int(i))) for code, i in kept_codes)
        refused_codes = []  # features refused for another problem whose code is still to be judged
        for i in map(int, np.flatnonzero(flagged)):
            record = self._record(rows, i, geoms[i], references, {f: column[i] for f, column in texts.items()})
            code = record["code"] if record is not None else columns["code"][i]
            coded = isinstance(code, str) and code != ""
            # a repeated code is told with the feature's other problems, not once they are mended
            first = not coded or self._first_of_its_code(rows, i, code)
            if record is None and coded and first:
                refused_codes.append((rows.offset + i, code))
            if record is not None and first:
                keep[i] = True
                for field, column in columns.items():
                    column[i] = record.get(field, column[i])
        if self.options.mode != "upsert":  # an update by code's are told once registered projects are known
            self._warn_no_site(rows, geoms, keep, texts["location_precision"])
        self._rows_with_status += int(np.count_nonzero(~_is_none(columns["status"]) & judged))
        self._inventory = self._inventory or _an_inventory(rows, geoms)
        self._rows_left_out += size - int(np.count_nonzero(keep))
        kept = {field: column[keep] for field, column in columns.items()}
        if self._provinces is None:  # first chunk: nothing is being written yet
            self._provinces, self._units = ProvinceFinder(session), GivenUnits(session)
        given = kept["province_code"].copy()
        placed = self._provinces.fill(kept["province_code"], kept["geom"])
        elsewhere, in_neighbours, far_out = placed.elsewhere, placed.in_neighbours, placed.far_out
        names = self._provinces.names
        self._read_as_former.update((given_2025, found) for _, given_2025, found in placed.as_2025)
        for i, given_2025, found in placed.offshore_2025:
            message = said("offshore_2025_given", given=given_2025, found=found, name=names[found])
            self._warn_province(rows, kept, i, given_2025, message)
        for i, found in elsewhere:
            stored = kept["province_code"][i]
            message = said("province_elsewhere", given=stored, found=found, name=self._provinces.names[found])
            self._warn_province(rows, kept, i, stored, message)
        told_before = self._sites_unchanged(session, kept, [i for i, _ in in_neighbours], rows.sheet_points)
        for i, (scheme, found) in in_neighbours:
            name = self._provinces.neighbour_names[(scheme, found)]
            stored = kept["province_code"][i]
            if stored is None:  # a 2025 neighbour's code is not one to store: an error below
                continue
            if stored == found and (scheme, found) in self._provinces.neighbours_with_units:
                continue  # stored with the province holding it, among units of the registry: counted in them
            if stored == found and found in self._provinces.parts_2025:
                self._warn_province(rows, kept, i, given[i], self._in_part_of_2025(found, name))
                continue
            if (site := told_before.get(kept["code"][i])) is not None:  # said when it was loaded: once (tell)
                self._neighbouring_unchanged.note(kept["code"][i], self._provinces.reach_outside(site))
                continue
            outside = self._provinces.reach_outside(kept["geom"][i])
            message = said(
                "province_neighbouring_as_given" if given[i] == found else "province_neighbouring",
                found=found,
                name=name,
                stored=stored,
                scheme=SCHEME_DAYS[scheme],
                outside=metres(outside),
            )
            self._warn_province(rows, kept, i, given[i], message)
        neighbours = dict(in_neighbours)
        for i in sorted(set(far_out) - {i for i, _ in elsewhere} - set(neighbours)):  # given a province, far at sea
            if (told := self._far_at_sea(kept["geom"][i], given[i], self._provinces)) is not None:
                self._warn_province(rows, kept, i, given[i], told)
        with_units = {i for i, key in neighbours.items() if key in self._provinces.neighbours_with_units}
        parts_2025 = self._provinces.parts_2025
        parts = {i for i, (scheme, found) in neighbours.items() if scheme == "pre2025" and found in parts_2025}
        self._misplaced.note(
            self._provinces, rows.crs, kept["geom"], given, kept["province_code"], far_out, set(neighbours),
            with_units, parts
        )  # fmt: skip
        self._check_units_given(rows, kept)
        for i in map(int, np.flatnonzero(np.equal(kept["province_code"], None))):  # at sea, province-wide or beyond
            if self.options.mode == "upsert" and kept["geom"][i] is None:  # told at the write, if new: a registered
                continue  # project keeps its province (project_writes.keep_what_the_file_leaves_out)
            if i in neighbours:
                scheme, found = neighbours[i]
                name = self._provinces.neighbour_names[(scheme, found)]
                message = said("province_beyond", found=found, name=name, scheme=SCHEME_DAYS[scheme])
            else:
                message = self._no_province(kept["geom"][i], self._provinces)
            rows.error(int(kept["feature"][i]) - rows.offset, "province_code", None, message)
        absent = tuple(column for field, column in KEPT_WHEN_ABSENT.items() if not rows.has(field))
        precision = rows.mapping.get("location_precision", "location_precision")
        return ColumnRecords(
            kept, rows.layer, rows.shapefile, tuple(refused_codes), absent, labels_edited, precision, rows.sheet_points
        )

    def _in_part_of_2025(self, found: str, name: str) -> Said:
        """What is said of a site in ``found``, a former province (``name``) merged into one of the registry's 2025
        provinces whose communes the registry does not hold, stored with it: given that province's code, the 2025
        one's, or none. A Vĩnh Long officer's three sites, in former Bến Tre and Vĩnh Long, were told three things,
        two calling her own province a neighbour "19,411 m outside the registry's provinces" (trial 69). The same words
        for every such site, so that a province's inventory is one warning, not one a feature."""
        province, province_name = self._provinces.parts_2025[found]
        return said("province_part_of_2025", province=province, province_name=province_name, found=found, name=name)

    def _sites_unchanged(
        self, session: Session, kept: dict[str, np.ndarray], indexes: list[int], sheet_points: bool
    ) -> dict[str, Any]:
        """Upsert mode: among the kept features at ``indexes``, the projects whose stored site the load leaves as it
        is, by code with that site: the file's, or (``sheet_points``) the line or area a sheet's point lies on. A
        reload of an export warned of the same lines across a border every time (trial 52); of a workbook, of each
        line and area whose point lay across it, measured from the point (trial s73: ~164 warnings)."""
        if self.options.mode != "upsert":
            return {}
        sites = {kept["code"][i]: kept["geom"][i] for i in indexes if isinstance(kept["code"][i], str)}
        return project_writes.sites_unchanged(session, sites, ON_THE_SITE if sheet_points else None)

    def _check_units_given(self, rows: Rows, kept: dict[str, np.ndarray]) -> None:
        """Warn of each site lying far from the district or commune its row gives (a wrong code or wrong
        coordinates), and count them for the file (a file read in the wrong zone: MisplacedSites.tell)."""
        for field in (f for f in SITE_UNIT_FIELDS if rows.has(f)):
            codes = _mapped(kept[field], unit_code)
            judged, far = self._units.judge(field, codes, kept["geom"])
            column, names, level = rows.mapping[field], self._units.names[field], LEVEL_NAMES[field]
            held = self._units.holding(field, kept["geom"][far]) if far else []
            for i, found in zip(far, held, strict=True):
                given = {
                    "level": level,
                    "code": codes[i],
                    "name": self._units.name_of(field, codes[i]),
                    "column": column,
                }
                told = (  # where it lies tells which of the two is wrong: the code, or the coordinates (trial 47)
                    said("site_in_another_unit", **given, found=found, found_name=names[found])
                    if found
                    else said("site_outside_unit_given", **given)
                )
                rows.report.warn(told, index=int(kept["feature"][i]), field=column, value=codes[i], layer=rows.layer)
            self._misplaced.note_units(rows.crs, kept["geom"], field, codes, judged, far)

    @staticmethod
    def _warn_no_site(rows: Rows, geoms: np.ndarray, keep: np.ndarray, precisions: list[Any]) -> None:
        """Warn of each feature without a site that the file does not call province-wide: it is stored as one (a
        trial's sluice missing its point was, and never drawn, without a word)."""
        field = rows.mapping.get("location_precision", "location_precision")
        message = said("no_site_province_wide", field=field)
        for i in map(int, np.flatnonzero(shapely.is_missing(geoms) & _is_none(_array(precisions)) & keep)):
            rows.report.warn(message, index=rows.offset + i, layer=rows.layer)

    @staticmethod
    def _far_at_sea(geom: Any, given: str, provinces: ProvinceFinder) -> Said | None:
        """A site given a province that lies far out at sea (ProvinceFinder.fill's far sites neither in another of
        the registry's provinces nor in a neighbouring one), off which of the registry's provinces and how far (it
        was stored without a word: 25.8 km off Bạc Liêu, given 95 or 96); None beyond the region's coast."""
        if (near := provinces.nearest(shapely.point_on_surface(geom))) is None:
            return None
        code, metres = near
        km = figure(metres / 1000, f"{metres / 1000:.1f}", 1)
        return said("province_far_at_sea", code=code, name=provinces.names[code], km=km, given=given)

    @staticmethod
    def _no_province(geom: Any, provinces: ProvinceFinder) -> Said:
        """Why a project given no province has none: no site (province-wide), or none holds its site; at sea, which
        of the registry's provinces it lies off, and how far (an offshore wind farm's province, most likely)."""
        if geom is None:
            return said("province_wide_needs_province")
        point = shapely.point_on_surface(geom)
        lon, lat = (round(value, 5) for value in shapely.get_coordinates(point)[0])
        where = {"lon": figure(lon, str(lon), 5), "lat": figure(lat, str(lat), 5)}
        if (nearest := provinces.nearest(point)) is None:
            return said("no_province_contains", **where)
        code, metres = nearest
        km = figure(metres / 1000, f"{metres / 1000:.1f}", 1)
        return said("no_province_holds_off", **where, code=code, name=provinces.names[code], km=km)

    @staticmethod
    def _warn_province(rows: Rows, kept: dict[str, np.ndarray], i: int, value: str | None, message: Said) -> None:
        """A warning about the province of the ``i``-th kept feature: one with the same warning of the file's other
        features (a Cà Mau office's 1,200 sites in its former province were 1,200 lines before the errors)."""
        rows.report.warn(
            message,
            index=int(kept["feature"][i]),
            field=rows.mapping.get("province_code", "province_code"),
            value=value,
            layer=rows.layer,
        )

    def _columns(
        self, rows: Rows, geoms: np.ndarray, references: dict[str, dict], texts: dict[str, list[Any]]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each field's values as :meth:`_record` makes them (an object array per field, ``feature`` last) and the
        features for which it would report something. Values repeat over a file: each distinct one is judged once."""
        size = len(geoms)
        flagged = np.zeros(size, dtype=bool)
        out = {f: _array(v) for f, v in texts.items() if f not in _REFERENCES}
        for field in sorted(_FLOATS | _INTS):
            out[field], wrong = _numbers(field, rows.raw(field, size), rows.writing(field))
            flagged |= wrong
        flagged |= _is_none(out["code"])
        if not self._name_kept(rows):
            flagged |= _is_none(out["name_vi"])
        for field in _PROSE:
            flagged |= ~_is_none(_mapped(_array(texts[field]), _misread))
        out["kind"] = _mapped(
            out["kind"], lambda v: _term(str(v or self.options.kind), "kind") if v or self.options.kind else None
        )
        if not self._kind_kept(rows):
            flagged |= _is_none(out["kind"])
        status = _mapped(out["status"], lambda v: _term(str(v), "status") if v is not None else None)
        flagged |= _is_none(status) != _is_none(out["status"])
        out["status"] = status
        percent = np.array([np.nan if v is None else v for v in out["percent"]], dtype=float)
        flagged |= (percent < 0) | (percent > 100)
        out["province_code"] = _mapped(out["province_code"], lambda v: str(v or self.options.province or "") or None)
        missing = shapely.is_missing(geoms)
        given = out["location_precision"]
        precision = _mapped(given, lambda v: _term(str(v), "location_precision") if v is not None else None)
        flagged |= _is_none(precision) != _is_none(given)
        out["location_precision"] = np.where(
            _is_none(given), np.array(["unknown", "province"], dtype=object)[missing * 1], precision
        )
        flagged |= missing != (out["location_precision"] == "province")
        out["drops_site"] = missing & ~_is_none(given)  # "province" said for a feature with no site: none, even now
        out["name_en"] = _mapped(out["name_en"], lambda v: v or "")
        out["sources"] = _mapped(out["sources"], lambda v: cited(sources_list(v)))
        plan, action, agency = (_array(texts[f]) for f in _REFERENCES)
        out["plan_id"] = _mapped(plan, lambda v: references["plan"].get(v) if v else None)
        keys = _array([(p, str(a)) if a else None for p, a in zip(out["plan_id"], action, strict=True)])
        out["plan_action_id"] = _mapped(keys, lambda k: references["plan_action"].get(k) if k else None)
        out["lead_agency_id"] = _mapped(agency, lambda v: _agency(references, v) if v else None)
        for given_codes, found in ((plan, "plan_id"), (action, "plan_action_id"), (agency, "lead_agency_id")):
            flagged |= ~_is_none(given_codes) & _is_none(out[found])
        out["changed_at"] = _mapped(out["changed_at"], _export_moment)
        flagged |= np.array([moment is _UNREADABLE for moment in out["changed_at"]], dtype=bool)
        out["geom"] = geoms
        out["feature"] = _array(list(range(rows.offset, rows.offset + size)))
        return out, flagged

    def _repeated_codes(self, codes: np.ndarray) -> np.ndarray:
        """Features whose code another feature of the chunk, or an earlier chunk, also has."""
        _, inverse, counts = np.unique(codes.astype(str), return_inverse=True, return_counts=True)
        repeated = counts[inverse] > 1
        return repeated | np.array([c in self._seen for c in codes], dtype=bool)

    def _first_of_its_code(self, rows: Rows, i: int, code: str) -> bool:
        """Whether no earlier feature of the file has ``code`` (a repeated code is an error naming the first)."""
        here = (rows.layer, rows.offset + i)
        layer, first = self._seen.setdefault(code, here)
        if (layer, first) != here:  # the first named in its layer when it is another (a zip's points, lines, areas)
            named = rows.report.feature(layer, first)
            told = (
                said("duplicate_code", first=named)
                if layer == rows.layer
                else said("duplicate_code_in_layer", first=named, layer=layer)
            )
            rows.error(i, "code", code, told)
        return (layer, first) == here

    def _references(self, session: Session) -> dict[str, dict]:
        if self._lookup is None:
            self._lookup = {
                "plan": dict(session.execute(select(Plan.code, Plan.id)).all()),
                "plan_action": {
                    (p, c): a for a, p, c in session.execute(select(PlanAction.id, PlanAction.plan_id, PlanAction.code))
                },
                "action_codes": _action_codes(session),
                "lead_agency": dict(session.execute(select(Agency.code, Agency.id)).all()),
                "agency_name": _agency_names(session),
            }
        return self._lookup

    def _record(
        self, rows: Rows, i: int, geom: Any, references: dict[str, dict], values: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The feature's row from its ``values`` (text fields, cleaned) and numbers; None if any is wrong."""
        errors_before = rows.report.error_count
        values |= {f: rows.number(i, f, float) for f in _FLOATS} | {f: rows.number(i, f, int) for f in _INTS}
        for required in ("code",) if self._name_kept(rows) else ("code", "name_vi"):
            if values[required] is None:
                rows.error(i, required, None, required_said(rows, required, values["name_vi"]))
        self._refuse_misread(rows, i, values)
        raw_kind = values["kind"] or self.options.kind
        values["kind"] = _term(str(raw_kind), "kind") if raw_kind else None
        if values["kind"] is None and not self._kind_kept(rows):
            rows.error(i, "kind", raw_kind, said("unknown_kind", kinds=_TERMS_SAID["kind"]))
        if values["status"] is not None:
            status = _term(str(values["status"]), "status")
            if status is None:
                rows.error(i, "status", values["status"], said("unknown_status", statuses=_TERMS_SAID["status"]))
            values["status"] = status
        if values["percent"] is not None and not 0 <= values["percent"] <= 100:
            rows.error(i, "percent", rows.value(i, "percent"), said("percent_range"))  # as the file writes it
        values["province_code"] = str(values["province_code"] or self.options.province or "") or None
        if values["location_precision"] is not None:
            precision = _term(str(values["location_precision"]), "location_precision")
            if precision is None:
                told = said("unknown_precision", precisions=_TERMS_SAID["location_precision"])
                rows.error(i, "location_precision", values["location_precision"], told)
            values["location_precision"] = precision
        # Without a precision column a site's precision is not known: "unknown", not a claim that it was surveyed.
        values["location_precision"] = values["location_precision"] or ("unknown" if geom is not None else "province")
        if (geom is None) != (values["location_precision"] == "province"):
            rows.error(i, "location_precision", values["location_precision"], said("geometry_needed"))
        values["name_en"] = values["name_en"] or ""  # no English name is made up: pages fall back to name_vi
        values["sources"] = cited(sources_list(values["sources"]))
        if (moment := _export_moment(values["changed_at"])) is _UNREADABLE:
            rows.error(i, "changed_at", values["changed_at"], said("changed_at_unreadable"))
        values["changed_at"] = None if moment is _UNREADABLE else moment
        self._resolve(rows, i, values, references)
        values["geom"] = geom
        return values if rows.report.error_count == errors_before else None

    def _kind_kept(self, rows: Rows) -> bool:
        """Whether the features' kind is the registry's: an update from a file with no kind column and no --kind (a
        sheet of codes and corrected names, as the GIS officer's guide says; it was refused for lacking a kind,
        trial 65). A new code in such a file is refused at the write (project_writes.new_without_name_or_kind)."""
        return self.options.mode == "upsert" and not self.options.kind and not rows.has("kind")

    def _name_kept(self, rows: Rows) -> bool:
        """Whether the features' name is the registry's: an update from a file with no name column (a sheet of codes
        and new statuses, refused row by row for lacking names, trial 69). A new code in such a file is refused at
        the write (project_writes.new_without_name_or_kind)."""
        return self.options.mode == "upsert" and not rows.has("name_vi")

    @staticmethod
    def _refuse_misread(rows: Rows, i: int, values: dict[str, Any]) -> None:
        """An error for each text of the feature that is legacy text misread ("Cèng Gµnh Hµo"), with its reading."""
        for field in _PROSE:
            if found := _misread(values[field]):
                told = said("legacy_text_in_cell", encoding=LABELS[found[0]], reading=found[1])
                rows.error(i, field, values[field], told)

    @staticmethod
    def _resolve(rows: Rows, i: int, values: dict[str, Any], references: dict[str, dict]) -> None:
        """Plan, plan action and lead agency codes -> ids (an unknown code is an error; an action of a plan not
        known is not one more: the plan's error says it)."""
        plan, action, agency = (values.pop(f) for f in _REFERENCES)
        values["plan_id"] = references["plan"].get(plan) if plan else None
        values["plan_action_id"] = references["plan_action"].get((values["plan_id"], str(action))) if action else None
        values["lead_agency_id"] = _agency(references, agency) if agency else None
        for field, given, found in (
            ("plan", plan, values["plan_id"]),
            ("lead_agency", agency, values["lead_agency_id"]),
        ):
            if given and found is None:
                sharing = references["agency_name"].get(fold(str(given)), ()) if field == "lead_agency" else ()
                told = said("shared_agency_name", codes=", ".join(sharing)) if sharing else said(f"unknown_{field}")
                rows.error(i, field, given, told)
        if action and values["plan_action_id"] is None and (values["plan_id"] is not None or not plan):
            codes = references["action_codes"].get(values["plan_id"], [])
            told = unknown_action(plan, rows.mapping.get("plan", "plan"), codes)
            rows.error(i, "plan_action", action, told)

    def write(self, session: Session, records: ColumnRecords, job: IngestJob) -> int:
        """The chunk set by set (geo.ingest.project_writes); a dry run writes into a scratch table only."""
        provenance = load_provenance(job)
        if not self._compare_with_registry(session, records, provenance):  # refused (tell): the rest is only checked
            return 0
        if self.options.mode == "upsert":
            self._matched.update(project_writes.matched_rows(session))
            if self.dry_run:
                self.checked_rows += project_writes.matched_versions(session)
            self._note_steps_back(session)
            if self.checked_at is not None and (wanted := project_writes.NAMED - len(self._reported)) > 0:
                self._reported += project_writes.reported_since(session, self.checked_at, wanted)
            if self.checked_at is not None and (wanted := project_writes.NAMED - len(self._loaded)) > 0:
                self._loaded += project_writes.loaded_since(session, self.checked_at, wanted)
            self._note_changes(session)
        self._count_assumed(project_writes.assumed(session))
        if self.dry_run:
            told = project_writes.check_rows(session, provenance, self.options.mode)
        else:
            today = self.status_day or vietnam_today()
            if self.options.mode == "upsert":
                project_writes.record_value_changes(session, provenance, job.account_id)
            told = project_writes.write_rows(session, provenance, self.options.mode, today)
            if self.options.mode == "upsert":
                overtaken = project_writes.record_changed_statuses(session, provenance, today, self.since)
                self._overtaken(overtaken, told)
                if overtaken.codes and (wanted := project_writes.SHOWN - len(self._reports_kept)) > 0:
                    self._reports_kept += project_writes.reports_kept(session, overtaken.codes[:wanted], self.since)
        self.changes.update(told.changes)
        for change, codes in told.named.items():
            named = self.changed_codes.setdefault(change, [])
            named += codes[: project_writes.NAMED - len(named)]
        # what was written, not the chunk less its unchanged rows: a row kept as the registry has it (--keep-changed)
        # is neither, and was counted written (trial 59: "Đã ghi 1" beside "0 mới · 0 cập nhật")
        return told.changes["new"] + told.changes["updated"]

    def whole_file(self, session: Session, report: Report, job: IngestJob) -> int:
        """Every chunk written: the file's new codes that may repeat each other (geo.ingest.possible_duplicates)."""
        self._duplicates.note_file(session)
        return 0

    def _note_scope(self, session: Session, records: ColumnRecords) -> None:
        """Upsert mode: the chunk's codes, provinces, plans and districts, for the projects of the file's scope it does
        not name (:meth:`after_the_file`)."""
        self._file_codes += [str(code) for code in records.columns["code"] if code is not None]
        self._scope.update(project_writes.scope(session))
        self._plans_given = "plan_id" not in records.absent
        given = records.columns.get("district_code", np.array([], dtype=object))
        # a line's or area's larger share only: a district's export names the neighbour a line runs on into
        districts = {cell.split(SEVERAL)[0] for cell in _mapped(given, unit_code) if cell}
        exported = records.columns.get("export_units", np.array([], dtype=object))
        exported_for = {code.strip() for cell in exported if cell for code in str(cell).split(SEVERAL.strip())}
        self._exported_for |= exported_for
        if not exported_for:  # the units it was exported for are its scope: its sites' districts are not needed
            self._districts |= districts or project_writes.districts_of_sites(session)
        self._whole |= project_writes.provinces_wide(session)

    def after_the_file(self, session: Session, job: IngestJob, account_id: int | None) -> None:
        """Upsert mode, every chunk written: the registry's projects of the file's provinces (and plans) the file does
        not name, only those of its districts where it covers part of a province, or, where it says the units it was
        exported for, those with a part in them (trial 59: a canal running on into a neighbour district made it
        covered; a district whose every project was cut from the file was not); retired, where asked
        (``retire_absent``, never by default), by the load, as by hand."""
        if self.options.mode != "upsert" or not self._scope or self._new_refused:
            return
        if not self._inventory:  # a status sheet: what it leaves out it says nothing of
            return
        provinces = sorted({province for province, _ in self._scope if province})
        plans = sorted({plan for _, plan in self._scope if plan is not None}) if self._plans_given else None
        self._exported_units = project_writes.exported_for(session, sorted(self._exported_for))
        if not self._exported_units:
            self._partly = project_writes.partly_covered(session, sorted(self._districts), sorted(self._whole))
        districts, units = [code for code, _ in self._partly], [code for code, _ in self._exported_units]
        # a file exported for units is the whole list of their projects (an export filtered by plan or kind says no
        # units): a project of no plan deleted from it was not absent beside projects of a plan (session 57)
        plans = None if units else plans
        self._absent = project_writes.not_in_the_file(session, self._file_codes, provinces, plans, districts, units)
        self._absent_origins = absent_origins.origins(session, [project_id for project_id, _ in self._absent])
        self._account_id = account_id
        self._provinces_covered = provinces
        if self.retire_absent and self.dry_run:  # what the load would retire
            self._retired = [code for _, code in self._absent]
        elif self.retire_absent and self._absent:
            reason = said("retired_not_in_file", file=job.file_name, job=str(job.id))
            ids = [project_id for project_id, _ in self._absent]
            self._retired = retire_projects(session, ids, f"{reason.vi} · {reason.en}", account_id, self.since)

    @property
    def _new_refused(self) -> bool:
        """Whether new codes of an update are refused for what the file leaves out (a site or province, a name, a
        kind): the load is refused (tell), and the projects it does not name are not looked for (a province-wide new
        code's missing province stopped the check: "'<' not supported between 'NoneType' and 'str'")."""
        return bool(self._unplaced_new or self._nameless_new or self._kindless_new)

    def _changed_since_export(self, session: Session) -> bool:
        """Note the projects of an export (its ``changed_at``) that changed since and that the load would change, and
        those the file says changed later than the registry does; whether there are any."""
        count, stale = project_writes.changed_since_export(session, project_writes.SHOWN - len(self._stale))
        self._stale_count, self._stale = self._stale_count + count, self._stale + stale
        count, ahead = project_writes.ahead_of_the_registry(session, project_writes.SHOWN - len(self._ahead))
        self._ahead_count, self._ahead = self._ahead_count + count, self._ahead + ahead
        return bool(self._stale_count or self._ahead_count)

    def _rest_keeping_changed(self, session: Session, provenance: str) -> None:
        """A stale export refused: what loading the rest of the chunk would do, the projects changed since taken out
        of it as a load keeping them does (--keep-changed, «Nạp phần còn lại…»): counted, and the first updated ones
        field by field, so that the refusal shows what that load writes before it is chosen (trial 59: counts only,
        the kept rows among the updated)."""
        kept, _ = project_writes.keep_changed(session, self.since, 0)
        self._kept_otherwise += kept
        self._note_steps_back(session)  # «Nạp phần còn lại…» is their confirmation: said before (trial 60)
        self.changes.update(project_writes.check_rows(session, provenance, self.options.mode).changes)
        self._note_changes(session)

    def _note_steps_back(self, session: Session) -> None:
        """The chunk's projects the file puts back (an earlier stage, a lower percent): counted, the first kept."""
        # a load's reports since its start are newer than its file: no step back of it; a preview's commit is refused
        # for them, saying what loading the file now would put back, against the state now (trial 73)
        held_at = self.since if self.checked_at is None else None
        self._back += project_writes.steps_back(session, held_at)
        if (wanted := project_writes.SHOWN - len(self._history)) > 0:
            self._history += project_writes.history_added(session, wanted)

    def _note_changes(self, session: Session) -> None:
        """What the chunk's updated projects change: the first field by field, and each field counted over the file
        with its first codes (a rename among thousands of status changes: trial 60)."""
        first, by_field = project_writes.what_changes(session, max(project_writes.NAMED - len(self.changed_fields), 0))
        self.changed_fields |= first
        for name, (count, codes) in by_field.items():
            before, first = self.fields_changed.get(name, [0, []])
            self.fields_changed[name] = [before + count, (first + codes)[: project_writes.FIELD_CODES]]

    def _judge_labels(self, session: Session, records: ColumnRecords) -> None:
        """Keep, of the chunk's kinds and statuses in words that no longer name their codes, those that do not name
        the registry's either, nor, for an export's status, the one the project had when it was exported (the
        export's derived label of the old status): the words were edited, not the code (changing ``status`` and leaving
        ``status_vi`` as exported is what the guide asks: it was warned of twice per project, trial 52; and again
        where a report had changed the status since, trial 59)."""
        if not records.labels_edited:
            return
        codes = list({str(edit.code) for edit in records.labels_edited})
        stored = {
            code: {"kind": {kind}, "status": {status}}
            for code, kind, status in session.execute(
                select(Project.code, Project.kind, Project.status).where(Project.code.in_(codes))
            )
        }
        exported = {str(e.code): e.exported for e in records.labels_edited if e.field == "status" and e.exported}
        for code, status in project_writes.statuses_when_exported(session, exported).items():
            stored[code]["status"].add(status)
        self._labels_told += [
            edit
            for edit in records.labels_edited
            if str(edit.code) not in stored or edit.named not in stored[str(edit.code)][edit.field]
        ]

    def _count_assumed(self, assumed: project_writes.Assumed) -> None:
        self._statuses_given += assumed.new_with_status
        for kind, count, codes in (
            ("no_status", assumed.no_status, assumed.no_status_codes),
            ("no_percent", assumed.no_percent, assumed.no_percent_codes),
        ):
            told = self._assumed[kind]
            told[0] += count
            told[1] += codes[: project_writes.SHOWN - len(told[1])]

    def _overtaken(self, overtaken: project_writes.Overtaken, told: project_writes.Told) -> None:
        """Count the projects whose status the file did not set (a report came first) as the load left them: not
        given another status; not updated at all where the status was all the file changed."""
        history = overtaken.history.count(True)
        pairs = zip(overtaken.values_changed, overtaken.history, strict=True)
        status_only = sum(not changed and not earlier for changed, earlier in pairs)
        not_set = {
            "status_changed": len(overtaken.codes) - history,
            "history_added": history,
            "updated": status_only,
            "unchanged": -overtaken.values_changed.count(False),  # a history addition was not "updated"
        }
        for change, count in not_set.items():
            told.changes[change] -= count
        self._not_set.update(not_set)
        self._overtaken_count += len(overtaken.codes)
        self._overtaken_codes += overtaken.codes[: project_writes.NAMED - len(self._overtaken_codes)]
        pairs = zip(overtaken.codes, overtaken.not_set, overtaken.values_changed, overtaken.history, strict=True)
        self._unlisted += [(code, fields, not changed and not earlier) for code, fields, changed, earlier in pairs]

    def _as_written(self) -> tuple[list[str], dict[str, dict[str, list]], dict[str, list]]:
        """The updated projects named, what changes in the first of them and each field counted, as the load wrote
        them: the statuses and percents a report overtook taken out of the lists read before the write, and the
        projects whose status was all the file changed out of the updated ones. Trial s69's reload named 6 projects
        updated beside "5 updated", and listed "Status: Under construction → Completed" on the one a field report had
        kept: such a project is named in the warning (status_overtaken) alone."""
        status_only = {code for code, _, alone in self._unlisted if alone}
        updated = [code for code in self.changed_codes.get("updated", []) if code not in status_only]
        listed = {code: dict(fields) for code, fields in self.changed_fields.items()}
        by_field = {name: [count, list(codes)] for name, (count, codes) in self.fields_changed.items()}
        for code, fields, _ in self._unlisted:
            for name in fields:
                listed.get(code, {}).pop(name, None)
                if name in by_field:
                    by_field[name] = [by_field[name][0] - 1, [c for c in by_field[name][1] if c != code]]
        listed = {code: fields for code, fields in listed.items() if fields}
        return updated, listed, {name: told for name, told in by_field.items() if told[0] > 0}

    def look_up(self, session: Session, records: ColumnRecords) -> int:
        """A chunk of a file refused already (an error of a feature): nothing is written, but it is compared with the
        registry as a load compares it, so that one check tells every problem (trial s73: a bad action code, then
        the stale export's refusal, then a mistyped code's possible repeat, one check round each)."""
        self._compare_with_registry(session, records)
        return 0

    def _compare_with_registry(self, session: Session, records: ColumnRecords, provenance: str | None = None) -> bool:
        """What only the registry tells of the chunk's rows, staged: the codes registered already (append); the new
        codes left without a site, a name or a kind, and the projects changed since the file was exported (upsert);
        the new codes that may repeat registered projects. Whether the chunk may be written: a load's chunk (given
        its ``provenance``) that nothing refuses; refused for a stale export, what loading the rest would do is
        noted instead (:meth:`_rest_keeping_changed`)."""
        self._judge_labels(session, records)
        project_writes.stage(session, records.columns)
        if self.options.mode == "append":
            self._existing_codes(session, records)
            if self._existing:  # told as registered: not as repeating themselves
                return False
            self._duplicates.note(session, records.layer)
            return provenance is not None
        if records.shapefile:
            kept, as_stored = project_writes.keep_whole_texts(session, SHAPEFILE_TEXT_FULL)
            self._kept_whole.update(kept)
            self._as_stored += as_stored
        self._siteless.note(session, records)
        self._sheet_points.note(session, records)
        unplaced = project_writes.keep_what_the_file_leaves_out(session, records.absent)
        nameless, kindless = project_writes.new_without_name_or_kind(session)
        self._unplaced_new += [(records.layer, feature) for feature in unplaced]
        self._nameless_new += [(records.layer, feature) for feature in nameless]
        self._kindless_new += [(records.layer, feature) for feature in kindless]
        loading = provenance is not None
        if loading:
            self._note_scope(session, records)
            if (wanted := SAMPLE_ROWS - len(self._stored_samples)) > 0:
                self._stored_samples |= project_writes.staged_rows(session, wanted)
        writing = loading and not (unplaced or nameless or kindless)
        project_writes.mark_existing(session, self.status_day or vietnam_today())
        if writing and not self.dry_run:
            project_writes.lock_what_changes(session)
        if self.keep_changed:
            count, kept = project_writes.keep_changed(session, self.since, project_writes.NAMED - len(self._kept))
            self._kept_count, self._kept = self._kept_count + count, self._kept + kept
        if writing and (wanted := SAMPLE_ROWS - len(self._changed_samples)) > 0:
            self._changed_samples |= project_writes.staged_rows(session, wanted, changed=True)
        self._duplicates.note(session, records.layer)  # before the stale rows are taken out of the staged ones
        if self._changed_since_export(session) and writing:
            self._rest_keeping_changed(session, provenance)
            return False
        return writing

    def _existing_codes(self, session: Session, records: ColumnRecords) -> None:
        """Append mode: the staged codes already projects, and those of the chunk's features refused for another
        problem, counted and the first named, for the refusal."""
        layer = records.layer
        count, named = project_writes.existing_codes(session)
        if records.refused_codes:
            also = project_writes.registered(session, records.refused_codes)
            count, named = count + len(also), sorted(named + also)[: project_writes.SHOWN]
        if count:
            found = self._existing.setdefault(layer, [0, []])
            found[0] += count
            found[1] += named[: project_writes.SHOWN - len(found[1])]

    @property
    def stored_texts_at_limit(self) -> int:
        return sum(self._kept_whole.values()) + self._as_stored

    def tell(self, report: Report) -> None:
        """What the load did (would do) with the file's projects, once every chunk is written: new, updated and
        unchanged, with the first codes of each (a reload); a digest of the existing projects matched, as they were
        (for its commit to find them so); or the codes already projects (an append, refused)."""
        for layer, (count, named) in self._existing.items():
            field = self._column("code", layer)
            report.error(project_writes.existing_refused(count, named), layer=layer, field=field, count=count)
        for layer, feature in self._unplaced_new:  # said of its code: a sheet without sites has no province column
            field = self._column("code", layer)
            report.error(said("new_code_without_site"), index=feature, field=field, layer=layer)
        for layer, feature in self._nameless_new:
            field = self._column("name_vi", layer)
            report.error(said("new_project_needs_name"), index=feature, field=field, layer=layer)
        for layer, feature in self._kindless_new:
            told = said("new_project_needs_kind", kinds=_TERMS_SAID["kind"])
            report.error(told, index=feature, field=self._column("kind", layer), layer=layer)
        self._siteless.tell(report)
        self._sheet_points.tell(report)
        self._duplicates.tell(report)
        if self._kept_whole:
            fields = ", ".join(f"{field} {count}" for field, count in self._kept_whole.items())
            count = sum(self._kept_whole.values())
            report.warn(said("texts_kept_whole", count=count, limit=SHAPEFILE_TEXT_LIMIT, fields=fields))
        self._misplaced.tell(report, self._provinces, self.crs_given, self._units)
        self._neighbouring_unchanged.tell(report)
        if self._read_as_former:
            names = self._provinces.names
            told = [
                said("province_2025_read", count=count, given=given, found=found, name=names[found])
                for (given, found), count in self._read_as_former.items()  # as the file gives them first
            ]
            read = joined(told, "; ", "; ")
            if self._rows_left_out:  # trial 69 read "198 projects given 86" of a file whose 200 rows all give it
                read = said("of_the_rows_without_errors", told=read)
            report.provinces_read, report.provinces_read_vi = read.en, read.vi
        for kind, (count, codes) in self._assumed.items():
            if count:
                more = beyond_shown(count, len(codes))
                columns = {"status_column": self._column("status"), "percent_column": self._column("percent")}
                told = said(f"assumed_{kind}", count=count, codes=", ".join(codes), more=more, **columns)
                report.warn(told, field=columns["status_column" if kind == "no_status" else "percent_column"])
        self._tell_status_day(report)
        for edit in self._labels_told:
            report.warn(edit.message, index=edit.index, field=edit.column, value=edit.label, layer=edit.layer)
        status = self._column("status")
        if self._back:
            report.list_steps_back(self._back)
            back = _steps_back(len(self._back), self._back[: project_writes.SHOWN])
            told = said("steps_back", columns=self._status_columns(), **back)
            if self.dry_run:
                report.warn(told, field=status)
            elif self.steps_back_accepted:  # said as done, not asked again (trial 56 was told to confirm once more)
                report.warn(said("steps_back_confirmed", **back), field=status)
            else:  # as the field form asks its officer to confirm a step back, before anything is written
                report.error(said("steps_back_not_accepted", warning=told), field=status)
        if history := self.changes.get("history_added"):
            day = vi_date(self.status_day or vietnam_today())
            told = said("status_history_added", day=day, **_history_added(history, self._history))
            report.warn(told, field=status)
        rest_loadable = self._tell_changed_since_export(report)
        self._tell_kept_and_absent(report)
        # a refused load sets nothing: not "the file's other fields were loaded" (trial 60)
        if self._overtaken_count and report.ok:
            told = said("status_overtaken", **_reports_kept(self._overtaken_count, self._reports_kept))
            report.warn(told, field=status)
        if self._reported:
            self.changed_codes["reported_since_check"] = self._reported
        if self._loaded:
            self.changed_codes["loaded_since_check"] = [list(load) for load in self._loaded]
        report.restate_samples(self._stored_samples)
        report.show_first(self._changed_samples)
        # a project kept as the registry has it is not a row "as stored" (trial 62 read the file's 80 % beside 85 %),
        # nor one whose status a report kept during the load (trial s69)
        left = {*self._kept, *(code for code, *_ in self._unlisted)}
        report.sample_rows = [self._by_codes(row) for row in report.sample_rows if row.get("code") not in left]
        if self._stale_count and rest_loadable:
            report.changes_otherwise, report.kept_otherwise = dict(self.changes), self._kept_otherwise
            report.list_changes(self.changed_fields)
            report.fields_changed = self.fields_changed
        if report.ok:
            updated, listed, report.fields_changed = self._as_written()
            report.changes = dict(self.changes)
            report.changed_codes = self.changed_codes | (
                {"updated": updated} if "updated" in self.changed_codes else {}
            )
            # the first NAMED steps back hold every one among the first NAMED projects updated (file order)
            report.steps_back = [code for code, *_ in self._back if code in self.changed_fields]
            report.steps_back_count = len(self._back)
            report.list_changes(listed, {*report.steps_back, *self._overtaken_codes})
            report.checked_against = self._matched.hexdigest()

    def tell_refused(self, report: Report) -> None:
        """A preview's commit refused for what changed since its check: its report says what loading the file would
        do now, as checking it again will, and nothing as done. Trial 73's refusal said "update 1 (two codes)" (a
        status a field report overtook, counted as not set), a step back "as you confirmed" its officer never saw
        (20 → 25 at the check, 30 → 25 since the report) and "the file's other fields were loaded"."""
        for change, count in self._not_set.items():
            report.changes[change] += count
        if "updated" in self.changed_codes:  # ... and the projects it names, with what loading changes in them
            report.changed_codes["updated"] = list(self.changed_codes["updated"])
        report.list_changes(self.changed_fields, {*report.steps_back, *self._overtaken_codes})
        report.fields_changed = self.fields_changed
        done = ("status_overtaken", "steps_back_confirmed")
        report.warnings = [problem for problem in report.warnings if problem.key not in done]
        if self._back:
            back = _steps_back(len(self._back), self._back[: project_writes.SHOWN])
            report.warn(said("steps_back_since_check", **back), field=self._column("status"))

    def _column(self, field: str, layer: str | None = None) -> str:
        """The file's column of ``field`` (in ``layer``, else the first layer that has one), as the file heads it: a
        status sheet headed "Tình trạng", "Tiến độ (%)" was warned of "status" and "percent" (trial 71); the field's
        own name where the file has none."""
        layers = [self._file_columns.get(layer, {})] if layer else self._file_columns.values()
        return next((columns[field] for columns in layers if field in columns), field)

    def _status_columns(self) -> Said:
        """The file's columns of statuses and percents, to leave out: both, or the one it has."""
        given = [f for f in ("status", "percent") if any(f in columns for columns in self._file_columns.values())]
        named = [self._column(field) for field in given or ("status", "percent")]
        if len(named) == 1:
            return said("status_column", column=named[0])
        return said("status_columns", status=named[0], percent=named[1])

    def _by_codes(self, row: dict[str, Any]) -> dict[str, Any]:
        """A sample row's plan, plan action and lead agency by their codes, as a file gives them: the registry's ids
        ("2", "102") told its officer nothing (trial 53)."""
        found = self._lookup or {}
        codes = {
            "plan_id": ("plan", {i: code for code, i in found.get("plan", {}).items()}),
            "plan_action_id": ("plan_action", {i: code for (_, code), i in found.get("plan_action", {}).items()}),
            "lead_agency_id": ("lead_agency", {i: code for code, i in found.get("lead_agency", {}).items()}),
        }
        shown = dict(row)
        for field, (named, by_id) in codes.items():
            if field in shown:
                given = shown.pop(field)
                shown[named] = by_id.get(given, given)
        return shown

    def _tell_status_day(self, report: Report) -> None:
        """Say once, among the warnings told first (geo.ingest.report.TOLD_FIRST), that the statuses the file gives
        (new projects', or other than the registry's) are dated the day of the load, when no day was given: popups
        said "reported 05/12/2026" of a project completed in 2019 (trial 52). A refused file, not compared with the
        registry, is told of its rows giving a status, with its errors: it was told only once they were mended
        (trial 69: "Warnings: none")."""
        if self.status_day is None and not report.ok and self._rows_with_status:
            today = vi_date(vietnam_today())
            report.warn(said("status_dated_when_loaded", count=self._rows_with_status, today=today))
            return
        count = self._statuses_given + self.changes["status_changed"]
        if self.status_day is None and count:
            report.warn(said("status_dated_today", count=count, today=vi_date(vietnam_today())))

    def _tell_kept_and_absent(self, report: Report) -> None:
        """Say the projects changed since, left as the registry has them (``keep_changed``), and those of the file's
        scope it does not name: how many, the first codes, and what was done with them."""
        if self._kept_count:
            more = beyond_shown(self._kept_count, len(self._kept))
            told = said("kept_changed", count=self._kept_count, codes=", ".join(self._kept), more=more)
            report.warn(told)
        if self.retire_absent and not self._inventory:  # asked on the command line or the API: said, not done
            report.warn(said("status_sheet_retires_nothing"))
        retired = set(self._retired)
        left = [code for _, code in self._absent if code not in retired]
        report.not_in_file = {
            "count": len(left),
            "codes": left[: project_writes.NAMED],
            "retired": len(retired),
            # what the file is the inventory of, by code (the question before retiring names them): its units, else
            # its provinces
            "units": [code for code, _ in self._exported_units or self._partly],
            "provinces": [] if self._exported_units or self._partly else self._provinces_covered,
            "exported": bool(self._exported_units),  # the file says the units it is the whole list of
        }
        if retired:
            codes = self._retired[: project_writes.NAMED]
            more = beyond_shown(len(retired), len(codes))
            told = said(
                "would_retire_not_in_file" if self.dry_run else "retired_not_in_file_told",
                count=len(retired),
                codes=", ".join(codes),
                more=more,
            )
            report.warn(told)
        if left:
            codes = left[: project_writes.NAMED]
            more = beyond_shown(len(left), len(codes))
            how = self._how_to_retire(report, len(left))
            told = said(
                "not_in_file_kept" if self.retire_absent else "not_in_file",
                count=len(left),
                codes=", ".join(codes),
                more=more,
                how_to_retire=how,
                scope=self._scope_said(),
            )
            report.warn(told)
        self._tell_absent_origins(report)

    def _tell_absent_origins(self, report: Report) -> None:
        """Say how the projects not in the file came, and warn first of those another account loaded today (trial 69:
        «Nạp và rút 222 dự án này», 200 a colleague's load of ten minutes before); /upload asks with both."""
        if not self._absent_origins:
            return
        today = vietnam_today()
        origins = absent_origins.origins_said(self._absent_origins, self._account_id, today)
        careful = absent_origins.loaded_today_said(self._absent_origins, self._account_id, today)
        report.not_in_file |= {"origins": origins.en, "origins_vi": origins.vi}
        if careful:
            others = [o.count for o in self._absent_origins if o.loaded_today_by_another(self._account_id, today)]
            report.not_in_file |= {"careful": careful.en, "careful_vi": careful.vi, "careful_count": sum(others)}
            report.warn(careful)
        report.warn(said("absent_origins", origins=origins))

    def _how_to_retire(self, report: Report, count: int) -> Said:
        """How the ``count`` projects not in the file are retired, as said where the warning is read: a refused file
        once corrected; an office's own file (no units it was exported for) that changes nothing else, which /upload
        does not keep to load (its «Nạp và rút…» is not shown: trial 62), by an export of its units; else by loading
        it asking so."""
        if not report.ok:
            return said("how_to_retire_once_fixed", count=count)
        if self.changes["new"] or self.changes["updated"] or self.changes["history_added"] or self._exported_units:
            return said("how_to_retire", count=count)
        return said("how_to_retire_unchanged", count=count, export=self._export_of_scope())

    def _export_of_scope(self) -> Said:
        """The export of the projects of the file's former districts (a province's: one ``unit=`` per district or
        commune), which, its dropped rows deleted, /upload loads to retire them alone."""
        if self._partly:
            url = f"{EXPORT_URL}?{'&'.join(f'unit={code}' for code, _ in self._partly)}"
            return Said(url, url)
        return Said(f"{EXPORT_URL}?unit=…, mỗi huyện cũ hoặc xã một unit=", f"{EXPORT_URL}?unit=…, one per district")

    def _scope_said(self) -> Said:
        """Which of the registry's projects the file is taken to be the inventory of: those of the units it was
        exported for, else of its provinces (and plans), or of the former districts it covers where it covers part
        of a province; the units by code and name."""
        if not self._exported_units and not self._partly:
            return said("scope_provinces", codes=", ".join(self._provinces_covered))
        units = self._exported_units or self._partly
        names = joined([Said(f"{code} {name.vi}", f"{code} {name.en}") for code, name in units], ", ", ", ")
        return said("scope_exported_for" if self._exported_units else "scope_districts", count=len(units), names=names)

    def _tell_changed_since_export(self, report: Report) -> bool:
        """Refuse an export's projects changed since it was made, each with what changed (trial 52: a stale export
        undid a step back, a move and field reports), and those it says changed later than the registry does.
        Whether the rest of the file loads, keeping them as the registry has them: not if another error refuses it
        (a feature's, told beside: the load of the rest was offered, and refused again), but for a step back, which
        that load confirms."""
        rest_loadable = all(error.key == "steps_back_not_accepted" for error in report.errors)
        if self._stale_count:
            projects = Said(*("; ".join(changed_since(stale, lang) for stale in self._stale) for lang in LANGS))
            more = beyond_shown(self._stale_count, len(self._stale))
            told = said(
                "changed_since_export" if rest_loadable else "changed_since_export_among_errors",
                count=self._stale_count, projects=projects, more=more,
            )  # fmt: skip
            report.error(told, field="changed_at", count=self._stale_count)
            # loaded only keeping those projects as the registry has them (keep_changed): a preview's file is kept for
            # it, as the refusal offers on /upload (trial 56: it named a button the page did not show)
            report.outdated = rest_loadable
        if self._ahead_count:
            projects = joined(
                [
                    said("changed_at_ahead_project", code=code, exported=moment(file), changed=moment(registry))
                    for code, file, registry in self._ahead
                ],
                "; ",
                "; ",
            )
            more = beyond_shown(self._ahead_count, len(self._ahead))
            told = said("changed_at_ahead", count=self._ahead_count, projects=projects, more=more)
            report.error(told, field="changed_at", count=self._ahead_count)
        return rest_loadable

    def finish(self, session: Session, report: Report) -> None:
        """Nothing more in the load's transaction: the shares of the projects written were queued with them, and are
        recomputed after the commit (geo.share_queue)."""


#: What an upsert leaves as the registry has it when the file gives no value: a district file without its English
#: names or province column keeps them.
KEPT_WHEN_NOT_GIVEN = ("name_en", "parent_id", "unit_type_vi")


def split_unit_type(name: str) -> tuple[str | None, str]:
    """("Huyện", "Càng Long") for "Huyện Càng Long" (the type in any case: geo.vocab.UNIT_TYPES, which an office's
    file may write at the start of a name; the registry keeps the type apart, in unit_type_vi, and the name without
    it, as pages and maps write "Huyện Càng Long" from both); (None, name) for a name without one."""
    for unit_type in UNIT_TYPE_CODES:
        prefix = unit_type + " "
        if len(name) > len(prefix) and name[: len(prefix)].casefold() == prefix.casefold():
            return unit_type, name[len(prefix) :].strip()
    return None, name


class UnitsTarget(Target):
    """Administrative units of one scheme and level, upserted by (scheme, level, code); the crosswalk is rebuilt."""

    fields, polygons_only, allow_null = UNIT_FIELDS, True, False

    def __init__(self, options: Options):
        if options.scheme not in SCHEME_CODES:
            raise SaidError(said("units_need_scheme"))
        if options.mode == "replace":
            raise SaidError(said("no_replace_for_units"))
        if options.border_tolerance and not options.clean_borders:
            raise SaidError(said("border_tolerance_without_cleaning"))
        self.options = options
        self.tolerance = border_tolerance(options.border_tolerance)  # the most a unit's cleaning may change it, %
        self._units: list[FileUnit] = []  # every unit of the file, its borders checked once all are read
        self._held: list[dict[str, Any]] = []  # the rows to write once they are
        self.levels: set[str] = set()
        self.level_from_columns: str | None = None  # what the file's office columns say (geo.ingest.mapping)
        self._told_no_parent: set[str] = set()  # layers warned of having no parent column
        self.changes = UnitChanges()  # what a reload changes in the units registered
        self._stored_samples: dict[str, dict[str, Any]] = {}  # update: the first units as stored, by code
        self._existing: list[str] = []  # appending: codes already registered
        self._english_made: list[tuple[str, str]] = []  # units named in English from their Vietnamese: _english_name

    @property
    def layers(self) -> tuple[str, ...]:
        return tuple(f"units_{self.options.scheme}_{level}" for level in sorted(self.levels))

    def records(self, session: Session, rows: Rows, geoms: np.ndarray) -> list[dict[str, Any]]:
        valid_from, valid_to = _SCHEME_DATES[self.options.scheme]
        out = []
        for i, geom in rows.features(geoms):
            values = {f: rows.value(i, f) for f in UNIT_FIELDS}
            level = values["level"] or self.options.kind or self.level_from_columns
            ok = True
            if level not in LEVEL_CODES:
                rows.error(i, "level", level, said("unit_level", levels=", ".join(LEVEL_CODES)))
                ok = False
            for required in ("code", "name_vi"):
                if values[required] is None:
                    rows.error(i, required, None, required_said(rows, required, values["name_vi"]))
                    ok = False
            if ok and geom is not None:
                values |= {"level": level, "geom": geom, "valid_from": valid_from, "valid_to": valid_to}
                values["read_in"] = rows.crs  # the CRS of the file's coordinates (UnitChanges: a wrong zone)
                name = str(values["name_vi"])
                values["unit_type_vi"], values["name_vi"] = split_unit_type(values["name_vi"])
                if values["unit_type_vi"]:  # one warning a type, naming its features (not one a feature)
                    rows.report.warn(
                        said("unit_type_in_name", unit_type=values["unit_type_vi"]),
                        index=rows.offset + i,
                        field=rows.mapping.get("name_vi", "name_vi"),
                        layer=rows.layer,
                    )
                values["code"] = str(values["code"])
                self._units.append(FileUnit(rows.layer, rows.offset + i, values["code"], name, values))
                out.append(values)
        below_provinces = any(v["level"] != "province" for v in out)
        if "parent_code" not in rows.mapping and below_provinces and rows.layer not in self._told_no_parent:
            self._told_no_parent.add(rows.layer)
            rows.report.warn(said("no_parent_column"), layer=rows.layer)
        return out

    def write(self, session: Session, records: list[dict[str, Any]], job: IngestJob) -> int:
        """Held until the whole file is read (:meth:`whole_file`): its borders are checked, and cleaned where asked,
        on every unit of a level before any is written."""
        self._held += records
        return 0

    def whole_file(self, session: Session, report: Report, job: IngestJob) -> int:
        """The file's borders checked (geo.ingest.unit_borders), then its units written, or only looked up where the
        file is refused (the codes registered already, for the refusal to name)."""
        check_borders(self._units, report, self.options.clean_borders, self.tolerance)
        if report.ok:
            return self._write(session, self._held, job)
        return self.look_up(session, self._held)

    def _write(self, session: Session, records: list[dict[str, Any]], job: IngestJob) -> int:
        written = 0
        for record in records:
            if record["parent_code"] is not None:
                record["parent_code"] = str(record["parent_code"])
            self._english_name(session, record)
            if self.options.mode == "upsert":  # a unit as registered is left as it is, not rewritten nor counted
                geom_wkb = shapely.to_wkb(record["geom"])
                change = self.changes.compare(session, self.options.scheme, record, geom_wkb, record["read_in"])
                if change == "unchanged":
                    continue
            del record["read_in"]
            parent_code = record.pop("parent_code")
            record["source"] = record["source"] or self.options.source or load_provenance(job)
            record["parent_id"] = _parent_id(session, self.options.scheme, record["level"], parent_code)
            record["geom"] = _wkb(record["geom"])
            if self.options.mode == "append" and self._registered(session, record):
                continue
            kept = tuple(k for k in KEPT_WHEN_NOT_GIVEN if record[k] is None)
            record["name_en"] = record["name_en"] or ""  # a unit of no known type: pages write the Vietnamese name
            upsert(session, AdminUnit, ("scheme", "level", "code"), record | {"scheme": self.options.scheme}, kept)
            self.levels.add(record["level"])
            written += 1
        if self.options.mode == "upsert" and (wanted := SAMPLE_ROWS - len(self._stored_samples)) > 0:
            self._stored_samples |= self._as_stored(session, records[:wanted])
        return written

    def _english_name(self, session: Session, record: dict[str, Any]) -> None:
        """A unit the file gives no English name is given the one made from its type, as the registry's own units are
        named (geo.unit_names.english_name: «Xã Đất Mũi» → «Đất Mũi Commune»), unless the registry holds one for it
        (an earlier load's or the sample's, kept: KEPT_WHEN_NOT_GIVEN); said once (tell). Stored empty, an office's
        communes stayed Vietnamese on English pages, beside the sample's English ones (trial s73)."""
        made = english_name(record["name_vi"], record["unit_type_vi"]) if record["name_en"] is None else None
        if made is None:
            return
        key = {"scheme": self.options.scheme, "level": record["level"], "code": record["code"]}
        if session.scalar(select(AdminUnit.name_en).filter_by(**key)):
            return
        record["name_en"] = made
        self._english_made.append((f"{record['unit_type_vi']} {record['name_vi']}", made))

    def _as_stored(self, session: Session, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The fields an update keeps or makes (English name, type, source), as the registry holds them now that the
        chunk is written: its sample rows showed them empty, as if the reload blanked them."""
        stored = {}
        for record in records:
            unit = session.scalar(
                select(AdminUnit).filter_by(scheme=self.options.scheme, level=record["level"], code=str(record["code"]))
            )
            if unit is not None:
                stored[unit.code] = {f: getattr(unit, f) for f in ("name_en", "unit_type_vi", "source")}
        return stored

    def look_up(self, session: Session, records: list[dict[str, Any]]) -> int:
        """A file refused already: appending, the units registered are still found; updating, still compared, so
        that a file read in the wrong zone is told so, and which fits, beside its units that fell outside the
        region (they were the only errors)."""
        for record in records:
            if self.options.mode == "append":
                self._registered(session, record)
            else:
                self.changes.compare(
                    session, self.options.scheme, record, shapely.to_wkb(record["geom"]), record["read_in"]
                )
        return 0

    def _registered(self, session: Session, record: dict[str, Any]) -> bool:
        """Appending: whether the unit is registered already; refused once all are known (tell), the refusal naming
        the first and counting them all."""
        code = str(record["code"])
        found = session.scalar(
            select(AdminUnit.id).filter_by(scheme=self.options.scheme, level=record["level"], code=code)
        )
        if found:
            self._existing.append(code)
        return found is not None

    def tell(self, report: Report) -> None:
        """What a reload did (would do) with the file's units: new, updated (field by field) and unchanged, and the
        renamed ones whose English name stays; or, appending, the codes already registered (the load refused)."""
        if self._existing:
            named = self._existing[: project_writes.SHOWN]
            told = said("units_exist", codes=", ".join(named), more=beyond_shown(len(self._existing), len(named)))
            report.error(told, count=len(self._existing))
        for code, english in self.changes.english_kept:
            report.warn(said("english_name_kept", code=code, name_en=english), field="name_en")
        if self._english_made:
            (name_vi, made), count = self._english_made[0], len(self._english_made)
            report.warn(said("english_names_made", count=count, name_vi=name_vi, name_en=made), field="name_en")
        self.changes.tell_moved_far(report)
        report.restate_samples(self._stored_samples)
        if report.ok and self.options.mode == "upsert":
            report.changes, report.changed_codes = dict(self.changes.counts), self.changes.codes
            report.list_changes(self.changes.fields)

    def finish(self, session: Session, report: Report) -> None:
        """The crosswalk and every project's shares, anew; the projects the new boundaries put in other units are
        told (trial 60: a districts reload recomputed 20,000 projects' shares and said nothing of it)."""
        moved, named, more = self._projects_moved(session)
        if moved:
            report.warn(said("projects_in_other_units", count=moved, codes=named, more=more))

    def foresee(self, session: Session, report: Report) -> None:
        """The projects the file's boundaries would put in other units, found as the load finds them, on the units
        the dry run wrote in its savepoint (rolled back after it, with the shares recomputed here): the load alone
        named them, after the fact (trial 64)."""
        if not report.written_count:  # no unit changes
            return
        moved, named, more = self._projects_moved(session, for_a_check=True)
        if moved:
            report.warn(said("projects_would_be_in_other_units", count=moved, codes=named, more=more))

    def _projects_moved(self, session: Session, for_a_check: bool = False) -> tuple[int, Said, str]:
        """The crosswalk and every project's shares recomputed: how many projects are in other units than before, the
        first of them with the units they leave and enter, by name and code ("TV-X: Huyện Trà Cú (842) → Huyện Duyên
        Hải (848)"; the units they stay in left out), and how many more."""
        before = units_of_projects(session, self.options.scheme)
        rebuild_crosswalk(session)
        recompute_shares(session, for_a_check=for_a_check)
        after = units_of_projects(session, self.options.scheme)
        moved = sorted(code for code in before.keys() | after.keys() if before.get(code, ()) != after.get(code, ()))
        shown = moved[: project_writes.SHOWN]
        changes = {
            code: (
                [u for u in before.get(code, ()) if u not in after.get(code, ())],
                [u for u in after.get(code, ()) if u not in before.get(code, ())],
            )
            for code in shown
        }
        names = names_of_units(
            session, self.options.scheme, {u for pair in changes.values() for side in pair for u in side}
        )

        def units(codes: list[str], lang: str) -> str:
            return ", ".join(f"{names[u][lang]} ({u})" if u in names else u for u in codes) or "–"

        named = Said(
            *(
                "; ".join(
                    f"{code}: {units(left, lang)} → {units(entered, lang)}" for code, (left, entered) in changes.items()
                )
                for lang in LANGS
            )
        )
        return len(moved), named, beyond_shown(len(moved), len(shown))


def _parent_id(session: Session, scheme: str, level: str, parent_code: Any) -> int | None:
    if parent_code is None:
        return None
    parent_level = {"district": "province", "commune": "district" if scheme == "pre2025" else "province"}.get(level)
    parent = session.scalar(select(AdminUnit.id).filter_by(scheme=scheme, level=parent_level, code=str(parent_code)))
    if parent is None:
        level = Said(*(labels(UNIT_LEVELS, lang)[parent_level].lower() for lang in LANGS))
        raise SaidError(
            said("parent_unit_missing", code=repr(str(parent_code)), level=level, scheme=SCHEME_DAYS[scheme])
        )
    return parent


class SalinityTarget(Target):
    """Salinity zones (class, period, source, the file's own zone code and name), appended with COPY; ``replace``
    first removes the same periods."""

    fields, polygons_only, allow_null, layers = SALINITY_FIELDS, True, False, ("salinity_zones",)

    def __init__(self, options: Options):
        if options.mode == "upsert":
            raise SaidError(said("no_update_for_salinity"))
        self.options = options
        self.cleared: set[str] = set()
        self.zones = ZonesOfTheFile()
        self.replaced: list[tuple[str, str, int]] = []  # the registered zones a replace removes: period, source, count
        self._finder: ProvinceFinder | None = None
        self._report: Report | None = None  # the load's, from its first chunk: what after_the_file tells
        self._period_conflict_told = False
        self.expected = 0  # features in the file, set by the pipeline: a large load rebuilds the index once
        self._started = False
        self._rebuild_index: str | None = None

    def records(self, session: Session, rows: Rows, geoms: np.ndarray) -> list[dict[str, Any]]:
        classes, periods = (rows.column(f, len(geoms)) for f in ("salinity_class", "period"))
        kept = {f: rows.column(f, len(geoms)) for f in ("source", "zone_code", "zone_name")}
        if self._finder is None:
            self._finder, self._report = ProvinceFinder(session), rows.report
        out = []
        for i, geom in rows.features(geoms):
            cls, period = self._class(rows, i, classes[i]), self._period(rows, i, periods[i])
            if cls is not None and period is not None and geom is not None:
                texts = {f: None if column[i] is None else str(column[i]) for f, column in kept.items()}
                out.append({"salinity_class": cls, "period": period, "geom": geom} | texts)
                self.zones.add(rows.layer, rows.offset + i, period, geom, rows.crs)
        return out

    def _class(self, rows: Rows, i: int, value: Any) -> str | None:
        """The feature's class code (its column, else --kind); an error of the feature if it gives none of them."""
        given = value if value is not None else self.options.kind
        if given is None:
            rows.error(i, "salinity_class", None, said("salinity_class_missing"))
            return None
        if (code := salinity_code(given)) is None:
            rows.error(i, "salinity_class", given, said("salinity_class_unknown", classes=allowed_classes()))
        return code

    def _period(self, rows: Rows, i: int, value: Any) -> str | None:
        """The feature's period (its column, else --period), YYYY-MM; a column contradicting --period is refused."""
        given, option = (str(value) if value is not None else None), self.options.period
        if given is not None and option is not None and given != option:
            if not self._period_conflict_told:  # once a file: each feature would say the same
                self._period_conflict_told = True
                conflict = said("period_conflict", column=rows.mapping["period"], in_file=given, given=option)
                rows.error(i, "period", given, conflict)
            return None
        period = given or option
        if period is None:
            rows.error(i, "period", None, said("period_missing"))
        elif not PERIOD_FORM.fullmatch(period):
            rows.error(i, "period", period, said("period_form"))
            return None
        return period

    def after_the_file(self, session: Session, job: IngestJob, account_id: int | None) -> None:
        appended = self.options.mode == "append" and self._report is not None
        # the very same file is said once, not once per zone
        if appended and not tell_loaded_before(session, job, self._report) and self.zones.geoms:
            tell_stored_overlaps(session, job, self.zones, self._report)

    def tell(self, report: Report) -> None:
        tell_replaced(report, self.replaced)
        if self.zones.geoms:
            self.zones.tell_overlaps(report)
            if self._finder is not None:
                self.zones.tell_where(report, self._finder)

    def write(self, session: Session, records: list[dict[str, Any]], job: IngestJob) -> int:
        default_source = self.options.source or load_provenance(job)
        if not self._started:
            self._started = True
            self._rebuild_index = _drop_geometry_index(session, self.expected)
        if self.options.mode == "replace":
            periods = {r["period"] for r in records} - self.cleared
            if periods:
                self.replaced += zones_replaced(session, periods)
                record_replaced_loads(session, periods, job)
                session.execute(delete(SalinityZone).where(SalinityZone.period.in_(periods)))
                self.cleared |= periods
        # Plain WKB, without an SRID: PostGIS gives it the column's (4326) on the way in, and setting it on every
        # geometry first would copy them all.
        wkb = shapely.to_wkb(np.array([r["geom"] for r in records], dtype=object))
        rows = (
            (
                r["salinity_class"],
                r["period"],
                r["source"] or default_source,
                job.id,
                r["zone_code"],
                r["zone_name"],
                geom,
            )
            for r, geom in zip(records, wkb, strict=True)
        )
        columns = {"salinity_class": "varchar", "period": "varchar", "source": "text", "ingest_job_id": "int4"}
        columns |= {"zone_code": "text", "zone_name": "text"}
        copy_binary(session, "salinity_zone", columns | {"geom": "geometry"}, rows)
        return len(records)

    def finish(self, session: Session, report: Report) -> None:
        if self._rebuild_index:
            session.execute(text(self._rebuild_index))


INDEX_AFTER_MIN_FEATURES = 10_000


def _drop_geometry_index(session: Session, expected: int) -> str | None:
    """For a large load into a table not larger than it: drop the zones' GiST index; returns how to rebuild it.

    Building the index once after the COPY costs far less than maintaining it row by row (bench/ingest.py, 100k
    polygons: 0.15 s against 0.45 s of the database's time), but the rebuild covers the whole table, hence the size
    condition. DROP INDEX takes an ACCESS EXCLUSIVE lock on salinity_zone until the commit or rollback: readers of the
    zones (tiles, salinity queries) wait for such a load. A failed or dry-run load gets its index back by rolling back.
    """
    if expected < INDEX_AFTER_MIN_FEATURES:
        return None
    present = session.scalar(
        text("SELECT count(*) FROM (SELECT 1 FROM salinity_zone LIMIT :limit) AS zones"), {"limit": expected + 1}
    )
    definition = session.scalar(
        text("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :name"),
        {"name": "ix_salinity_zone_geom"},
    )
    if present > expected or definition is None:
        return None
    session.execute(text("DROP INDEX ix_salinity_zone_geom"))
    return definition


MODES = ("append", "upsert", "replace")
TARGETS = {"projects": ProjectsTarget, "units": UnitsTarget, "salinity": SalinityTarget}


def _history_added(count: int, added: list[tuple[str, str, float, str, float, date]]) -> dict[str, Any]:
    """What a load says of ``count`` projects whose status in the file goes into their history: the first of them
    with the file's state and their current one, newer, with its day."""
    statuses = {lang: labels(PROJECT_STATUSES, lang) for lang in LANGS}
    newer = {"vi": "hiện tại {state} (ngày {day})", "en": "current {state} (of {day})"}

    def state(status: str, percent: float, lang: str) -> str:
        return f"{statuses[lang][status]}, {local_number(percent, lang, 1)}\u00a0%"

    states = Said(
        *(
            "; ".join(
                f"{code}: {state(fs, fp, lang)} — {newer[lang].format(state=state(s, p, lang), day=vi_date(day))}"
                for code, fs, fp, s, p, day in added
            )
            for lang in LANGS
        )
    )
    return {"count": count, "states": states, "more": beyond_shown(count, len(added))}


def _state(status: str, percent: float, lang: str) -> str:
    """A project's status and percent, as the field form writes them."""
    return f"{labels(PROJECT_STATUSES, lang)[status]}, {local_number(percent, lang, 1)}\u00a0%"


def _report_by(report: list | None, lang: str) -> Said | None:
    """Who reported, when: ``report`` as ``[day, officer, agency_vi, agency_en]`` (the agency None for an account of
    no agency, the officer None for a report of no name)."""
    if not report:
        return None
    day, officer, *agency = report
    day, agency = local_date(date.fromisoformat(day), lang), agency[lang == "en"]
    if officer is None:
        return said("report_of_no_name", day=day)
    return said("step_back_set_by" if agency else "step_back_set_by_officer", officer=officer, agency=agency, day=day)


def _state_set_by(status: str, percent: float, report: list | None, lang: str) -> str:
    """A project's state with the field officer's report that set it, if one did."""
    set_by = _report_by(report, lang)
    return _state(status, percent, lang) + (f" ({set_by.text(lang)})" if set_by else "")


def _steps_back(count: int, back: list[tuple[Any, ...]]) -> dict[str, Any]:
    """What a load that puts ``count`` projects back says of them: the first of them with their state and the file's
    (the warning's or the confirmed load's words), a state a field officer's report set with that report (trial 72:
    a sheet older than the field's word was not seen to be)."""
    changes = Said(
        *(
            "; ".join(
                f"{code}: {_state_set_by(s, p, by, lang)} → {_state(fs, fp, lang)}"
                for code, s, p, fs, fp, by, _ in back
            )
            for lang in LANGS
        )
    )
    return {"count": count, "changes": changes, "more": beyond_shown(count, len(back))}


def _reports_kept(count: int, kept: list[tuple[Any, ...]]) -> dict[str, Any]:
    """What a load says of the ``count`` projects whose status in the file it did not set, a report recorded while it
    ran being newer: the first of them with the report kept and the file's state not set (trial s71: their codes
    alone)."""

    def one(code: str, status: str, percent: float, given: str, given_percent: float, by: list | None, lang: str):
        now, file = _state_set_by(status, percent, by, lang), _state(given, given_percent, lang)
        return said("report_kept", code=code, state=now, file=file).text(lang)

    reports = Said(*("; ".join(one(*row, lang) for row in kept) for lang in LANGS))
    return {"count": count, "reports": reports, "more": beyond_shown(count, len(kept))}
