"""New codes that may be projects already in the registry: the same name at the same site under another code.

An office that re-numbered its inventory, or two offices that entered the same dyke, load a file whose features are
new by their codes; each was loaded as a new project, and the registry drew, counted and exported it twice (trial 71).
A new code whose name, folded (``georeg_fold``: accents and case ignored), is a current project's of the same
province, and whose site lies within :data:`NEAR_M` of that project's, is warned of by its feature, with the project
it may repeat: a warning, not a refusal (two sluices of one name may stand side by side), counted in the summary.
Two new codes of the file itself whose folded names and provinces are the same and whose sites lie within
:data:`NEAR_M` (the same inventory entered twice, or two offices' lists put together) are warned of the same way, the
later feature naming the earlier, once every chunk is read (:data:`FILE_SITES`).

A registry of few current projects (:data:`FEW`: a province's first load, beside the sample or another's first
inventory) has their folded names read once, by province, before the load writes (:data:`REGISTERED_NAMES`), and
only the new codes of one of those names and provinces are looked up: a first load's features, none of them a
registered project's name, look nothing up (the look-up was 0.3-0.45 s of the database's CPU per 100,000 projects).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.coordinates import REGION_BOUNDS
from geo.ingest.messages import said
from geo.ingest.project_writes import STAGE
from geo.ingest.report import Report
from geo.queries.near import search_degrees

#: How near (metres, on the ellipsoid, as geo.queries.near measures) a new code's site must lie to a project of its
#: name for the two to be taken for one. A re-numbered inventory repeats its sites as they were (0 m, or the few
#: centimetres an export's rounding moves them); two offices' drawings of one dyke or sluice differ by what their
#: sources differ: a hand-held GPS 5-15 m, a site digitised from a 1:10,000 map 10-30 m (a millimetre of the map is
#: 10 m). 50 m holds those, and is less than the spacing of the region's sites that share a name (sluices on
#: neighbouring canals, a commune's stretches of one embankment are hundreds of metres apart); a line or an area is
#: measured to its nearest part.
NEAR_M = 50
#: The features warned of one by one; beyond them, counted in one warning (a re-numbered inventory of 100,000).
LISTED = 50
#: The file's new codes with a site, chunk after chunk (its layers numbered in file order), their names folded: compared
#: with each other once the file is read.
FILE_SITES = "project_file_sites"
#: The registry's current projects, at most :data:`FEW` of them, by folded name and province, read before the load
#: writes (the projects it writes are not among those it may repeat).
REGISTERED_NAMES = "project_registered_names"
#: Up to how many current projects the registry's names are read first (folding 10,000 names takes about 0.01 s);
#: with more, each new code is looked up (folding them all, once per load, would cost a 100,000-project registry's
#: load more than the look-ups it spares; a load of new names into it is not a first load).
FEW = 10_000
#: NEAR_M in degrees at the region's northmost latitude (the widest), for the bounding boxes' index test.
_NEAR_DEGREES = search_degrees(REGION_BOUNDS[3], NEAR_M)


def _metres(site: str, other: str) -> str:
    """SQL: metres between the sites of rows ``site`` and ``other``, on the ellipsoid; a site the same as the other (a
    re-numbered inventory's) is 0 m without measuring it, which took 40 % of the look-up of a 100,000-feature one."""
    return (
        f"CASE WHEN {site}.geom = {other}.geom THEN 0 "
        f"ELSE ST_Distance({site}.geom::geography, {other}.geom::geography) END"
    )


def _near(site: str, other: str) -> str:
    """SQL: the site of row ``site`` within :data:`NEAR_M` of ``other``'s (its bounding box first, by the index)."""
    return (
        f"{site}.geom && ST_Expand({other}.geom, :degrees) AND ({site}.geom = {other}.geom "
        f"OR ST_DWithin({site}.geom::geography, {other}.geom::geography, :near))"
    )


def _first_listed(columns: tuple[str, ...], order: str) -> str:
    """SQL: how many rows ``found`` holds, and each of ``columns`` of its first ``:wanted`` in ``order``."""
    firsts = (f"(array_agg({column} ORDER BY {order}))[1:CAST(:wanted AS int)]" for column in columns)
    return f"SELECT count(*), {', '.join(firsts)} FROM found"


@dataclass(frozen=True)
class Duplicate:
    """A staged feature (its index, its code) and the current project it may repeat, metres apart."""

    feature: int
    code: str
    existing: str
    name: str
    metres: float


#: A duplicate's columns, as :class:`Duplicate` has them.
_DUPLICATE_COLUMNS = ("feature", "code", "existing", "name_vi", "metres")


def find(session: Session, wanted: int, layer: int, few: bool = False) -> tuple[int, list[Duplicate]]:
    """Of the staged new codes (not projects already: geo.ingest.project_writes.mark_existing), how many may repeat a
    current project, and the first ``wanted`` in file order, each with the nearest such project, in one statement;
    which also keeps the chunk's new codes with a site and a name in :data:`FILE_SITES`, as features of the file's
    layer numbered ``layer``, their names folded, for :func:`find_in_file` once every chunk is read. Each name is
    folded once for both (a call of ``georeg_fold`` per name: they were two statements, each folding every name).

    Each staged feature looks its folded name up in the folded names' index (migration 0049), then its province and
    site: a nested loop whose cost per feature does not grow with the registry (a join hashing it folded every
    registered name for each chunk). The name alone is handed to the scan (``OFFSET 0``: the province and the site
    are tested on the projects of that name): in a load into a new registry the table's statistics count the few
    projects analysed before it, and the planner, trusting them, found each feature's candidates by their site, or
    their site and province, reading the projects the load had written there (58 s for a 20,000-feature chunk of a
    100,000-project load, instead of under 1; docs/ingest-at-volume.md). The projects this load added (created in
    its transaction: ``now()``) are not among those it may repeat, so that a load tells what its preview did, which
    adds none; they are read only when they bear the feature's name. ``few``: the registry's names were read
    (:func:`read_few_registered`), and only the features of one of them, in its province, are looked up."""
    session.execute(
        text(
            f"CREATE TEMP TABLE IF NOT EXISTS {FILE_SITES} (layer int4, feature int4, code text, name_vi text, "
            "folded text, province_code text, geom geometry(Geometry, 4326)) ON COMMIT DROP"
        )
    )
    row = session.execute(
        text(
            f"WITH kept AS (INSERT INTO {FILE_SITES} SELECT :layer, feature, code, name_vi, georeg_fold(name_vi), "
            f"province_code, geom FROM {STAGE} WHERE NOT existed AND geom IS NOT NULL AND name_vi IS NOT NULL "
            "RETURNING feature, code, folded, province_code, geom), "
            "found AS (SELECT s.feature, s.code, p.code AS existing, p.name_vi, p.metres "
            f"FROM kept s CROSS JOIN LATERAL (SELECT p.code, p.name_vi, {_metres('p', 's')} AS metres "
            "  FROM (SELECT * FROM project p WHERE georeg_fold(p.name_vi) = s.folded OFFSET 0) p "
            "  WHERE p.province_code = s.province_code AND p.retired_at IS NULL AND p.created_at <> now() "
            f"  AND {_near('p', 's')} ORDER BY metres, p.code LIMIT 1) p{_OF_REGISTERED_NAMES if few else ''}) "
            + _first_listed(_DUPLICATE_COLUMNS, "feature")
        ),
        {"degrees": _NEAR_DEGREES, "near": NEAR_M, "wanted": wanted, "layer": layer},
    ).one()
    count, *columns = row
    return count, [Duplicate(*values) for values in zip(*(c or [] for c in columns), strict=True)]


#: SQL: the feature's folded name and province are a registered project's (:data:`REGISTERED_NAMES`).
_OF_REGISTERED_NAMES = (
    f" WHERE EXISTS (SELECT FROM {REGISTERED_NAMES} r WHERE r.folded = s.folded AND r.province_code = s.province_code)"
)


def read_few_registered(session: Session) -> bool:
    """Before the load writes: whether the registry holds at most :data:`FEW` current projects; if so, their folded
    names by province are kept in :data:`REGISTERED_NAMES` for :func:`find`."""
    current = "SELECT name_vi, province_code FROM project WHERE retired_at IS NULL"
    if session.scalar(text(f"SELECT count(*) FROM ({current} LIMIT :more) p"), {"more": FEW + 1}) > FEW:
        return False
    session.execute(
        text(
            f"CREATE TEMP TABLE {REGISTERED_NAMES} ON COMMIT DROP AS "
            f"SELECT DISTINCT georeg_fold(name_vi) AS folded, province_code FROM ({current}) p"
        )
    )
    session.execute(text(f"ANALYZE {REGISTERED_NAMES}"))
    return True


@dataclass(frozen=True)
class Repeat:
    """A feature of the file (its layer's number, its index, its code) and an earlier feature it may repeat (its
    layer's number, its index, its code and name), metres apart."""

    layer: int
    feature: int
    code: str
    earlier_layer: int
    earlier: int
    earlier_code: str
    name: str
    metres: float


#: A repeat's columns, as :class:`Repeat` has them.
_REPEAT_COLUMNS = ("layer", "feature", "code", "earlier_layer", "earlier", "earlier_code", "name_vi", "metres")


def find_in_file(session: Session, wanted: int) -> tuple[int, list[Repeat]]:
    """Of the file's new codes kept (:func:`find`), how many may repeat an earlier one, and the first ``wanted``
    in file order, each with the nearest such feature (the earliest of equals), in one statement: the features joined
    to those of their folded name and province by hashing (each name found once), then their sites compared. Looked
    up chunk by chunk in an index instead, a 100,000-feature file took twice the time (the index kept up at each
    insert, every name folded twice). A name that many features of one province share is compared pair by pair."""
    row = session.execute(
        text(
            "WITH found AS (SELECT DISTINCT ON (s.layer, s.feature) s.layer, s.feature, s.code, "
            f"e.layer AS earlier_layer, e.feature AS earlier, e.code AS earlier_code, e.name_vi, {_metres('e', 's')} "
            f"AS metres FROM {FILE_SITES} s JOIN {FILE_SITES} e ON e.folded = s.folded "
            "AND e.province_code = s.province_code AND (e.layer, e.feature) < (s.layer, s.feature) "
            f"AND {_near('e', 's')} "
            "ORDER BY s.layer, s.feature, metres, e.layer, e.feature) "
            + _first_listed(_REPEAT_COLUMNS, "layer, feature")
        ),
        {"degrees": _NEAR_DEGREES, "near": NEAR_M, "wanted": wanted},
    ).one()
    count, *columns = row
    return count, [Repeat(*values) for values in zip(*(c or [] for c in columns), strict=True)]


@dataclass
class PossibleDuplicates:
    """The file's new codes that may repeat current projects, over its chunks: how many, the first :data:`LISTED`
    with their layers; and those that may repeat earlier features of the file, the same way."""

    count: int = 0
    listed: list[tuple[str, Duplicate]] = field(default_factory=list)
    in_file: int = 0
    repeats: list[Repeat] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # the file's, in its order: a repeat's earlier feature's is named
    few: bool | None = None  # whether the registry's names were read first (read_few_registered); None: not yet

    def note(self, session: Session, layer: str) -> None:
        """Find the staged chunk's that may repeat current projects; keep its sites, to be compared with the file's
        others once it is read (:meth:`note_file`)."""
        if layer not in self.layers:
            self.layers.append(layer)
        if self.few is None:  # the first chunk, before the load writes
            self.few = read_few_registered(session)
        count, found = find(session, LISTED - len(self.listed), self.layers.index(layer), self.few)
        self.count += count
        self.listed += [(layer, duplicate) for duplicate in found]

    def note_file(self, session: Session) -> None:
        """Every chunk read: find the file's features that may repeat earlier ones (none kept: none to compare)."""
        if self.layers:
            self.in_file, self.repeats = find_in_file(session, LISTED)

    def tell(self, report: Report) -> None:
        """Warn of each listed feature by its index and code, with the project it may repeat and what to do; count
        them all in the summary (``report.possible_duplicates``)."""
        report.possible_duplicates = self.count
        for layer, found in self.listed:
            metres = round(found.metres, 1)
            told = said("possible_duplicate", existing=found.existing, name=found.name, metres=metres)
            report.warn(told, index=found.feature, field="code", layer=layer, code=found.code)
        if (more := self.count - len(self.listed)) > 0:
            report.warn(said("possible_duplicates_more", count=more, listed=len(self.listed), near=NEAR_M))
        self._tell_repeats(report)

    def _tell_repeats(self, report: Report) -> None:
        """Warn of each listed repeat within the file by its index and code, naming the earlier feature (its row in a
        sheet, its layer if another) and its code; count them all (``report.possible_duplicates_in_file``)."""
        report.possible_duplicates_in_file = self.in_file
        for found in self.repeats:
            layer, earlier_layer = self.layers[found.layer], self.layers[found.earlier_layer]
            earlier = report.feature(earlier_layer, found.earlier)
            if earlier_layer != layer:
                earlier = said("feature_of_layer", feature=earlier, layer=earlier_layer)
            metres = round(found.metres, 1)
            told = said(
                "possible_repeat_in_file", earlier=earlier, code=found.earlier_code, name=found.name, metres=metres
            )
            report.warn(told, index=found.feature, field="code", layer=layer, code=found.code)
        if (more := self.in_file - len(self.repeats)) > 0:
            report.warn(said("possible_repeats_in_file_more", count=more, listed=len(self.repeats), near=NEAR_M))
