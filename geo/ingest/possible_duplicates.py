"""New codes that may be projects already in the registry: the same name at the same site under another code.

An office that re-numbered its inventory, or two offices that entered the same dyke, load a file whose features are
new by their codes; each was loaded as a new project, and the registry drew, counted and exported it twice (trial 71).
A new code whose name, folded (``georeg_fold``: accents and case ignored), is a current project's of the same
province, and whose site lies within :data:`NEAR_M` of that project's, is warned of by its feature, with the project
it may repeat: a warning, not a refusal (two sluices of one name may stand side by side), counted in the summary.
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


@dataclass(frozen=True)
class Duplicate:
    """A staged feature (its index, its code) and the current project it may repeat, metres apart."""

    feature: int
    code: str
    existing: str
    name: str
    metres: float


def find(session: Session, wanted: int) -> tuple[int, list[Duplicate]]:
    """Of the staged new codes (not projects already: geo.ingest.project_writes.mark_existing), how many may repeat a
    current project, and the first ``wanted`` in file order, each with the nearest such project, in one statement.

    Each staged feature looks its name up in the folded names' index (migration 0049), then its province and site:
    a nested loop whose cost per feature does not grow with the registry (a join hashing it folded every registered
    name for each chunk). A site the same as the project's (a re-numbered inventory's) is 0 m without measuring it on
    the ellipsoid, which took 40 % of the look-up of a 100,000-feature one. The projects this load added (created in
    its transaction: ``now()``) are not among those it may repeat, so that a load tells what its preview did, which
    adds none."""
    degrees = search_degrees(REGION_BOUNDS[3], NEAR_M)  # the region's northmost latitude: the widest in degrees
    row = session.execute(
        text(
            "WITH found AS (SELECT s.feature, s.code, p.code AS existing, p.name_vi, p.metres "
            f"FROM {STAGE} s CROSS JOIN LATERAL (SELECT p.code, p.name_vi, CASE WHEN p.geom = s.geom THEN 0 "
            "  ELSE ST_Distance(p.geom::geography, s.geom::geography) END AS metres FROM project p "
            "  WHERE georeg_fold(p.name_vi) = georeg_fold(s.name_vi) AND p.province_code = s.province_code "
            "  AND p.retired_at IS NULL AND p.created_at <> now() AND p.geom && ST_Expand(s.geom, :degrees) "
            "  AND (p.geom = s.geom OR ST_DWithin(p.geom::geography, s.geom::geography, :near)) "
            "  ORDER BY metres, p.code LIMIT 1) p "
            "WHERE NOT s.existed AND s.geom IS NOT NULL) "
            "SELECT count(*), (array_agg(feature ORDER BY feature))[1:CAST(:wanted AS int)], "
            "(array_agg(code ORDER BY feature))[1:CAST(:wanted AS int)], "
            "(array_agg(existing ORDER BY feature))[1:CAST(:wanted AS int)], "
            "(array_agg(name_vi ORDER BY feature))[1:CAST(:wanted AS int)], "
            "(array_agg(metres ORDER BY feature))[1:CAST(:wanted AS int)] FROM found"
        ),
        {"degrees": degrees, "near": NEAR_M, "wanted": wanted},
    ).one()
    count, *columns = row
    return count, [Duplicate(*values) for values in zip(*(c or [] for c in columns), strict=True)]


@dataclass
class PossibleDuplicates:
    """The file's new codes that may repeat current projects, over its chunks: how many, the first :data:`LISTED`
    with their layers."""

    count: int = 0
    listed: list[tuple[str, Duplicate]] = field(default_factory=list)

    def note(self, session: Session, layer: str) -> None:
        """Find the staged chunk's."""
        count, found = find(session, LISTED - len(self.listed))
        self.count += count
        self.listed += [(layer, duplicate) for duplicate in found]

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
