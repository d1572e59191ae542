"""The ingest report: what was detected, how, what will be stored, and every problem found."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import shapely

from geo.field_titles import field_title
from geo.ingest.change_list import listing_order, with_site_told
from geo.ingest.messages import WHERE, Said, said
from geo.said import and_more, joined
from geo.vi_format import local_number

MAX_LISTED = 1000  # problems listed one by one; beyond that they are counted
SAMPLE_ROWS = 3  # the first features, as they will be stored (a reload's new and updated ones first)
FEATURES_NAMED = 10  # features a problem found in many names; the others are counted
CODES_NAMED = 3  # a problem of up to this many features names their codes too


@dataclass(frozen=True)
class Problem:
    """One warning or error: which feature (0-based, per layer), which field, the value, and what to do;
    ``message`` in English (as older jobs have it), ``message_vi`` the same in Vietnamese (geo.ingest.messages).

    The same problem (message, layer, field and value) in many features is one problem: ``index`` is the first of
    them, ``also`` the next ones named, ``count`` all of them (a file with one wrong kind in 749 features says it once,
    not 749 times)."""

    message: str
    index: int | None = None
    field: str | None = None
    value: str | None = None
    layer: str | None = None
    message_vi: str | None = None
    also: tuple[int, ...] = ()
    count: int = 1
    rows: tuple[int, ...] = ()  # a CSV sheet's rows of ``index`` and ``also``, as a spreadsheet numbers them
    # the codes of ``index`` and ``also`` (those with one) while the problem is of at most CODES_NAMED features:
    # "feature 18" alone was taken for VL-CONG-18 by a trial's officer, who moved the wrong sluice
    codes: tuple[str, ...] = ()
    key: str | None = None  # the message's entry in geo.ingest.messages: what it says, whatever its blanks

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """The problem as one line in ``lang`` (vi or en): where it is, then what is wrong and what to do."""
        words = WHERE[lang]
        where = []
        if self.layer:
            where.append(f"{words['layer']} {self.layer}")
        if self.index is not None:
            one = self.count == 1
            named = ", ".join(str(i) for i in (self.index, *self.also))  # row numbers: no thousands separators
            more = self.count - 1 - len(self.also)
            where.append(f"{words['index'] if one else words['indexes']} {named}")
            if self.rows:  # "row 9 (feature 7)": where to look in the sheet, and the report's own number
                rows = ", ".join(str(r) for r in self.rows)
                where[-1] = f"{words['row'] if one else words['rows']} {rows} ({where[-1]})"
            where[-1] += and_more(local_number(more, lang, 0)).text(lang) if more else ""
        if self.codes and (self.value is None or set(self.codes) != {self.value}):  # not "code X, value X"
            where.append(f"{words['code' if len(self.codes) == 1 else 'codes']} {', '.join(self.codes)}")
        if self.field:  # by its title: "trường status" in a Vietnamese message (trial 56)
            where.append(f"{words['field']} {field_title(self.field, lang)}")
        if self.value is not None:
            where.append(f"{words['value']} {self.value!r}")
        message = (self.message_vi or self.message) if lang == "vi" else self.message
        return f"{', '.join(where)}: {message}" if where else message

    @classmethod
    def of(cls, message: Said | str, **where: Any) -> Problem:
        """A problem from a message in both languages (a plain text is the same in both)."""
        if isinstance(message, str):
            return cls(message, **where)
        return cls(message.en, message_vi=message.vi, key=message.key or None, **where)

    @property
    def same_as(self) -> tuple[Any, ...]:
        """What makes two features' problems one: all but the feature."""
        return self.message, self.layer, self.field, self.value

    def found_also(self, index: int, row: int | None = None, code: str | None = None) -> Problem:
        """The problem found in one more feature (at ``row`` of a CSV sheet; ``code``, its code)."""
        if len(self.also) >= FEATURES_NAMED - 1:
            return replace(self, count=self.count + 1)
        rows = self.rows + (row,) if row is not None else self.rows
        codes = self.codes + (code,) if code else self.codes
        codes = codes if self.count < CODES_NAMED else ()  # more features: their numbers alone
        return replace(self, also=self.also + (index,), rows=rows, codes=codes, count=self.count + 1)


def _first(features: list[int]) -> str:
    """The first few of ``features``, "…" for the rest."""
    return ", ".join(map(str, features[:FEATURES_NAMED])) + ("…" if len(features) > FEATURES_NAMED else "")


def counted(problems: list[dict[str, Any]], more: int = 0) -> int:
    """How many features' problems a stored report's list holds (each listed problem may be many features'; older
    jobs listed one per feature), with the ``more`` not listed."""
    return sum(problem.get("count", 1) for problem in problems) + more


def warning_count_of(listed: dict[str, Any]) -> int:
    """A stored report's :attr:`Report.warning_count`, as the command line says it, from what a list reads of it
    (geo.ingest.jobs.listed_report); a job checked before the report kept it, counted the same way from its list."""
    if "warning_count" in listed:
        return listed["warning_count"]
    return listed["warnings_listed"] + listed.get("more_warnings", 0)


@dataclass
class Report:
    file_name: str
    target: str
    mode: str
    dry_run: bool
    format: str | None = None
    format_codes: list[str] = field(default_factory=list)  # the file's format, then those inside an archive
    layers: list[str] = field(default_factory=list)
    columns: str | None = None  # which column feeds which field ("MA_DA → code, …"; by layer where they differ)
    unused_columns: list[str] = field(default_factory=list)  # the file's columns feeding no field (any layer's)
    crs: str | None = None
    crs_how: str | None = None  # how the CRS was decided, in English (as older jobs have it and the job row keeps)
    crs_how_vi: str | None = None  # the same in Vietnamese
    encoding: str | None = None
    encoding_how: str | None = None  # how the encoding was decided, in English
    encoding_how_vi: str | None = None
    header_row: str | None = None  # a workbook's header's row ("3": a title above it), by layer where they differ
    header_row_how: str | None = None  # how it was found, in English
    header_row_how_vi: str | None = None
    # projects given the 2025 province that succeeded the former one holding their site, stored with the former one
    # (information, not a warning: it is the registry's rule), in English, then Vietnamese
    provinces_read: str | None = None
    provinces_read_vi: str | None = None
    # projects, an update by code: how many rows give no site, their registered projects keeping theirs
    # (geo.ingest.siteless_rows), in English, then Vietnamese
    sites_kept: str | None = None
    sites_kept_vi: str | None = None
    feature_count: int = 0
    written_count: int = 0
    changes: dict[str, int] = field(default_factory=dict)  # projects: geo.ingest.project_writes.CHANGES
    # projects, a stale export refused: what loading the rest would do, keeping the projects changed since the export
    # as the registry has them (--keep-changed, «Nạp phần còn lại…»; as ``changes``), said in a line after the
    # refusal, its changes listed in ``changed_fields``; ``kept_otherwise``: how many it keeps
    changes_otherwise: dict[str, int] = field(default_factory=dict)
    kept_otherwise: int = 0
    checked_against: str | None = None  # projects: the existing ones matched, as they were (a digest)
    checked_at: str | None = None  # a preview: when it began (ISO); its commit names what was reported since
    # projects: the first new and updated; a refused commit also the first reported on since its preview was checked,
    # and those another load wrote since, each as [code, job, file, colleague or None from the command line]
    changed_codes: dict[str, list[Any]] = field(default_factory=dict)
    # projects: what changes in the first updated, field by field (geo.ingest.project_writes.what_changes), a site's
    # with how it is said (geo.ingest.change_list)
    changed_fields: dict[str, dict[str, list]] = field(default_factory=dict)
    # projects: each field the load changes (or would), over the whole file: [how many projects, the first codes]
    # (geo.ingest.project_writes.what_changes)
    fields_changed: dict[str, list] = field(default_factory=dict)
    # their codes in the one order the command line and /upload list them (the job's JSONB keeps no key order)
    changed_order: list[str] = field(default_factory=list)
    # projects: of those, the ones the file puts back (geo.ingest.project_writes.STEPS_BACK, as its warning counts
    # them): the list marks them, a step back looked like any forward change (trial 52)
    steps_back: list[str] = field(default_factory=list)
    # ... and how many it puts back in all: /upload's message says a preview that needs them confirmed (trial 72)
    steps_back_count: int = 0
    # ... every one, updated or not, refused or not: code, name, status and percent, the file's, and the report that
    # set the status (its day, officer and agency), for the list a GIS officer opens (geo.ingest.steps_back_sheet;
    # trial s71: a refusal named 5 of 258, --json 4)
    steps_back_list: list[dict[str, Any]] = field(default_factory=list)
    # projects, an update by code: the registry's projects of the file's provinces (and plans) it does not name,
    # {"count", "codes" (the first), "retired" (how many the load retired, or would), "origins" (how they came:
    # geo.ingest.absent_origins) and "careful" (those another account loaded today), each with its "_vi"}; empty
    # otherwise
    not_in_file: dict[str, Any] = field(default_factory=dict)
    # projects: the file's new codes that may repeat a current project (same folded name and province, a site near
    # it: geo.ingest.possible_duplicates), each warned of; counted in the summary
    possible_duplicates: int = 0
    # projects: the file's new codes that may repeat an earlier new code of the file (the same, within the file)
    possible_duplicates_in_file: int = 0
    outdated: bool = False  # a preview's commit refused: the projects it matched changed since it was checked
    sample_rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    more_warnings: int = 0  # the warnings past MAX_LISTED, counted only (each its message, field and value)
    more_errors: int = 0
    # the features a warning names by its number, each once (a warning of the whole file, as the statuses it lacks,
    # names none)
    features_warned: int = 0
    error_count: int = 0  # the errors found, each feature's counted (one listed problem may be many features')
    job_id: int | None = None
    request: dict[str, Any] = field(default_factory=dict)  # what the user asked, to commit a preview later
    seconds: dict[str, float] = field(default_factory=dict)  # how long each step took (checking and writing, ...)
    # units, their borders cleaned (--clean-borders): each unit changed, its area before and after (m²) and the part
    # of its area that changed hands (geo.ingest.unit_borders)
    borders_cleaned: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._decided: dict[str, dict[str, tuple[str, Said]]] = {}  # what -> layer -> (value, how): not reported
        self._columns_of: dict[str, str] = {}  # layer -> its columns as fields: told in :attr:`columns`
        self._listed: dict[tuple[str, tuple[Any, ...]], int] = {}  # a problem in a feature -> where it is listed
        self._unlisted: set[tuple[str, tuple[Any, ...]]] = set()  # those past MAX_LISTED: counted once each
        self._warned: set[tuple[str | None, int]] = set()  # (layer, feature) of each feature warned of
        self._sheet_rows: dict[str, list[int]] = {}  # a CSV layer -> each feature's row in the sheet
        self._texts_at_limit: dict[tuple[str, str], list[int]] = {}  # (layer, column) -> features: told once
        self._chunk_codes: tuple[str, int, list[Any]] = ("", 0, [])  # the chunk being checked: layer, offset, codes

    @property
    def writes_nothing(self) -> bool:
        """An update by code whose every feature is as the registry has it, its statuses too (none of an earlier day
        to add to a project's history): loading it writes nothing (/upload offers no «Load», only «Load and retire…»
        where the file's rows were deleted)."""
        changes = self.changes
        written = ("new", "updated", "history_added")
        return self.mode == "upsert" and bool(changes) and not any(changes.get(change) for change in written)

    @property
    def changes_nothing(self) -> bool:
        """A file whose load would change nothing: it writes nothing, and it is not an export's reload whose only
        change is rows deleted, which is loadable to retire them (session 57: /upload said "nothing to load" and hid
        «Nạp và rút…», which its own warning asked to press). The one rule: /upload reads it from the job's report."""
        absent = self.not_in_file
        return self.writes_nothing and not (absent.get("exported") and absent.get("count"))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def warning_count(self) -> int:
        """The warnings found: each is one message, field and value, of one feature or many (:attr:`features_warned`
        counts those), as every place says it: the command line, /upload and /api/jobs (trial 54 read 12, 14, 90,001
        and 100,001 of the same file)."""
        return len(self.warnings) + self.more_warnings

    def list_steps_back(self, back: list[tuple[Any, ...]]) -> None:
        """Every project the file puts back (geo.ingest.project_writes.steps_back's rows) in :attr:`steps_back_list`."""
        self.steps_back_list = [
            {"code": code, "name": name, "status": status, "percent": percent, "file_status": given}
            | {"file_percent": given_percent}
            | dict(zip(("reported_on", "reported_by", "agency_vi", "agency_en"), report or (None,) * 4, strict=True))
            for code, status, percent, given, given_percent, report, name in back
        ]

    def decide(self, decided: str, layer: str, value: str, how: Said) -> None:
        """Record the CRS (``decided`` "crs"), the encoding ("encoding") or a workbook's header's row ("header_row") of
        ``layer`` and how it was decided. When a file's layers differ, each is said with its layer ("a: EPSG:5897; b:
        EPSG:9209"), not the last one alone."""
        per_layer = self._decided.setdefault(decided, {})
        per_layer[layer] = (value, how)
        if len({v for v, _ in per_layer.values()}) == 1:
            # how the first layer's was decided, and the layers whose own file said the same (a zip's three .prj: it
            # named the last one alone)
            first = next(iter(per_layer.values()))[1]
            alike = ", ".join(name for name, (_, other) in per_layer.items() if other != first)
            also = said("same_for_layers", layers=alike) if alike else Said("", "")
            text = (value, first.en + also.en, first.vi + also.vi)
        else:
            text = tuple(
                "; ".join(f"{name}: {part}" for name, part in zip(per_layer, parts, strict=True))
                for parts in zip(*((v, h.en, h.vi) for v, h in per_layer.values()), strict=True)
            )
        setattr(self, decided, text[0])
        setattr(self, f"{decided}_how", text[1])
        setattr(self, f"{decided}_how_vi", text[2])

    def read_columns(self, layer: str, mapping: dict[str, str]) -> None:
        """Record which column of ``layer`` feeds which field (``mapping``: field -> column): GIS staff see how
        their file's columns were understood ("MA_DA → code"), once for a file whose layers share them."""
        self._columns_of[layer] = ", ".join(f"{column} → {field}" for field, column in mapping.items())
        told = set(self._columns_of.values())
        self.columns = told.pop() if len(told) == 1 else "; ".join(f"{k}: {v}" for k, v in self._columns_of.items())

    def chunk_codes(self, layer: str, offset: int, codes: list[Any]) -> None:
        """Say the codes of the chunk of ``layer`` being checked, its first feature ``offset``: its problems name
        their features' codes too."""
        self._chunk_codes = (layer, offset, codes)

    def _code_of(self, problem: Problem) -> str | None:
        layer, offset, codes = self._chunk_codes
        if problem.index is None or problem.layer != layer or not offset <= problem.index < offset + len(codes):
            return None
        code = codes[problem.index - offset]
        return str(code).strip() or None if code is not None and code == code else None  # NaN: none

    def sheet(self, layer: str, rows: list[int]) -> None:
        """Say that ``layer`` is a CSV sheet whose features are these ``rows``: its problems name their rows too."""
        self._sheet_rows[layer] = rows

    def feature(self, layer: str, index: int) -> Said | str:
        """Feature ``index`` of ``layer`` as a message names it: "0", or "0 (row 2)" in a CSV sheet."""
        rows = self._sheet_rows.get(layer)
        return said("feature_in_sheet", index=str(index), row=str(rows[index])) if rows else str(index)

    def feature_place(self, layer: str, index: int) -> Said:
        """Feature ``index`` of ``layer`` where a file-wide message lists it: "feature 0", or "row 2" in a CSV sheet
        (the line its officer finds in the spreadsheet)."""
        rows = self._sheet_rows.get(layer)
        return said("sheet_row", row=str(rows[index])) if rows else said("feature_index", index=str(index))

    def text_at_limit(self, layer: str, column: str, index: int) -> None:
        """Feature ``index`` of a shapefile's ``layer`` has a ``column`` text that fills its field (most likely cut by
        a shapefile export): told, with the others, by :meth:`tell_texts_at_limit`."""
        self._texts_at_limit.setdefault((layer, column), []).append(index)

    def tell_texts_at_limit(self, limit: int, stored: int) -> None:
        """One warning for the file's texts that fill their shapefile field, by layer and column, unless each is its
        project's stored text (``stored`` of them; those cut are kept whole, which the load says itself): a reloaded
        export's dozens of cut descriptions were a warning per layer and column, saying the same."""
        count = sum(len(features) for features in self._texts_at_limit.values())
        if count <= stored:
            return
        where = [
            said("texts_at_limit_where", layer=layer, column=column, features=_first(features))
            for (layer, column), features in self._texts_at_limit.items()
        ]
        kept = said("texts_at_limit_stored", stored=stored) if stored else ""
        self.warn(said("texts_at_limit", count=count, limit=limit, where=joined(where, "; ", "; "), kept=kept))

    def how(self, decided: str, lang: str) -> str | None:
        """How the CRS (``decided`` "crs"), the encoding ("encoding") or the header's row ("header_row") was decided,
        in ``lang`` (vi or en)."""
        english = getattr(self, f"{decided}_how")
        return (getattr(self, f"{decided}_how_vi") or english) if lang == "vi" else english

    def add_samples(self, records: Any) -> None:
        """The first of a chunk's ``records`` (dicts of field -> value, the geometry a shapely one) while fewer than
        :data:`SAMPLE_ROWS` are shown."""
        self.sample_rows += [_sample_row(record) for record in records[: SAMPLE_ROWS - len(self.sample_rows)]]

    def restate_samples(self, stored: dict[str, dict[str, Any]]) -> None:
        """The sample rows as the load stores them, where it stores more than the file gives (by code: an update
        keeps the registry's values of the fields the file has no column for)."""
        self.sample_rows = [
            row | {k: v for k, v in _sample_row(stored[row.get("code")]).items() if k in row}
            if row.get("code") in stored
            else row
            for row in self.sample_rows
        ]

    def show_first(self, rows: dict[str, dict[str, Any]]) -> None:
        """``rows`` (by code, as stored) first among the sample rows, then the file's first others: a reload's first
        rows were unchanged ones, and the rows it changes were not seen (trial 53)."""
        if not rows or not self.sample_rows:
            return
        fields = self.sample_rows[0].keys()  # the file's, as the other rows show them
        first = [{k: v for k, v in _sample_row(row).items() if k in fields} for row in rows.values()]
        rest = [row for row in self.sample_rows if row.get("code") not in rows]
        self.sample_rows = (first + rest)[:SAMPLE_ROWS]

    def list_changes(self, fields: dict[str, dict[str, list]], first: Collection[str] = ()) -> None:
        """What the load changes in its first updated projects (or units), ``fields`` by code, listed as both
        surfaces list them (geo.ingest.change_list): ``first`` (put back, overtaken) first, then by code; the codes
        named as updated in the same order."""
        self.changed_order = listing_order(fields, first)
        self.changed_fields = {code: with_site_told(fields[code], self.target) for code in self.changed_order}
        if "updated" in self.changed_codes:
            self.changed_codes["updated"] = listing_order(self.changed_codes["updated"], first)

    def told_as_written(self) -> None:
        """The warnings of what a load does to a file's features (geo.ingest.geometry: a repair) in the past tense,
        once it is written: a check tells them to come ("will be repaired … when the file is loaded"), which a refused
        check or load, which writes nothing, keeps ("repaired" read as done in a refused preview)."""
        tenses = ((said("repair_to_come"), said("repair_done")), (said("parts_to_drop"), said("parts_drop_done")))
        for at, problem in enumerate(self.warnings):
            message, message_vi = problem.message, problem.message_vi or ""
            for to_come, done in tenses:
                message, message_vi = message.replace(to_come.en, done.en), message_vi.replace(to_come.vi, done.vi)
            self.warnings[at] = replace(problem, message=message, message_vi=message_vi or problem.message_vi)

    def warn(self, message: Said | str, code: str | None = None, **where: Any) -> None:
        """A warning; ``where`` names its place, ``code`` its feature's code where the chunk checked is another."""
        self._list("warnings", Problem.of(message, **where), code)

    def error(self, message: Said | str, **where: Any) -> None:
        """An error; ``where`` names its place (layer, index, field, value) and, for one problem of many features
        told as one message, their ``count``."""
        self.error_count += where.get("count", 1)
        self._list("errors", Problem.of(message, **where))

    def _list(self, kind: str, problem: Problem, code: str | None = None) -> None:
        """List ``problem`` under ``kind`` (warnings or errors): with the same problem of other features if it is
        listed, else on its own; beyond MAX_LISTED problems, counted only, but for those of no one feature (a file
        read in the wrong zone, told after its thousand sites at sea)."""
        problems: list[Problem] = getattr(self, kind)
        key = (kind, problem.same_as)
        sheet_rows = self._sheet_rows.get(problem.layer or "")
        row = sheet_rows[problem.index] if sheet_rows and problem.index is not None else None
        code = code or self._code_of(problem)
        if kind == "warnings" and problem.index is not None:
            self._warned.add((problem.layer, problem.index))
            self.features_warned = len(self._warned)
        if problem.index is not None and key in self._listed:
            at = self._listed[key]
            problems[at] = problems[at].found_also(problem.index, row, code)
        elif len(problems) < MAX_LISTED or problem.index is None:
            problem = replace(problem, rows=(row,)) if row is not None else problem
            problem = replace(problem, codes=(code,)) if code else problem
            if problem.index is not None:
                self._listed[key] = len(problems)
            problems.append(problem)
        elif key not in self._unlisted:  # the same problem of another feature is the same one, listed or not
            self._unlisted.add(key)
            setattr(self, f"more_{kind}", getattr(self, f"more_{kind}") + 1)

    def in_order(self, kind: str) -> list[Problem]:
        """The errors or warnings (``kind``): what loading would undo or set unasked first, in the order of
        :data:`TOLD_FIRST`, what is not loaded, only to be read, last (:data:`TOLD_LAST`); else the file's own first,
        then its features' in the order found: a file read in the wrong zone, and the zone that fits, was told after a
        thousand of its sites' errors. The one order of the command line, /upload and /api/jobs."""
        problems: list[Problem] = getattr(self, kind)
        ordered = [p for p in problems if p.index is None] + [p for p in problems if p.index is not None]
        return sorted(ordered, key=_told_at)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for kind in ("errors", "warnings"):
            data[kind] = [asdict(p) for p in self.in_order(kind)]
        data["ok"] = self.ok
        data["warning_count"] = self.warning_count  # what /api/jobs and /upload say, as the command line does
        data["writes_nothing"], data["changes_nothing"] = self.writes_nothing, self.changes_nothing  # /upload's too
        return data


#: The messages telling the projects a file puts back (a warning, or a load's refusal): each carries the link to
#: their whole list on /upload (geo.ingest.steps_back_sheet), and a load refused before its file is read again keeps
#: its check's (geo.ingest.pipeline).
STEPS_BACK_TOLD = ("steps_back", "steps_back_since_check", "steps_back_not_accepted", "steps_back_confirmed")
#: Warnings of what loading the file would undo or set unasked, told first and in this order: a step back was the
#: 2nd of 7 warnings, under a paragraph on the columns for reading only (trial 52); then the projects left as the
#: registry has them, those not in the file another account loaded today (trial 69), those retired, and the day the
#: file's statuses will be dated.
TOLD_FIRST = (
    *("steps_back", "steps_back_since_check", "steps_back_confirmed", "status_overtaken", "kept_changed"),
    "absent_loaded_today_by_another",
    *("retired_not_in_file_told", "would_retire_not_in_file", "status_dated_today", "status_dated_when_loaded"),
    *("texts_at_limit", "assumed_no_status", "assumed_no_percent"),
)
#: Notices of what is not loaded (an export's columns for reading, columns of no field) or was told before (sites
#: in a neighbouring province as registered), told last.
TOLD_LAST = ("export_columns_unused", "export_columns_unused_units", "columns_unused", "neighbouring_unchanged")


def _told_at(problem: Problem) -> int:
    """Where ``problem`` is told among the others: by its place in :data:`TOLD_FIRST`, after those, or last."""
    if problem.key in TOLD_FIRST:
        return TOLD_FIRST.index(problem.key)
    return len(TOLD_FIRST) + (problem.key in TOLD_LAST)


def _sample_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {
        k: v.isoformat() if isinstance(v, date) else v
        for k, v in record.items()
        if k not in ("geom", "feature", "drops_site", "read_in", "changed_at")  # the load's own, not the file's
    }
    if "geom" in record:  # a record restated without its geometry keeps the one shown
        geom = record["geom"]
        row["geometry"] = None if geom is None else shapely.to_wkt(geom, rounding_precision=6)[:120]
    return row
