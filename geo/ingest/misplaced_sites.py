"""Whether a projects file's sites lie where it says, taken as a whole. When most sites given a province lie far from
it, or most given none lie outside the registry's provinces, the file was read in the wrong CRS (a file in another
VN-2000 TM-3 zone lands 50–60 km away), not each site mistyped. The load is refused once for the file, and the zone
that puts its sites back in their provinces is looked for among the region's, and named, so that the officer does
not have to guess it (or follow the per-site advice to add a province to sites at sea). :class:`Sampled` does the
looking, for a units file too (geo.ingest.unit_changes: registered units the file moves 55 km)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from pyproj import CRS

from geo.coordinates.datum_shift import from_wgs84, to_wgs84
from geo.coordinates.zones import (
    CANDIDATE_ZONES,
    REGION_BOUNDS,
    VN2000_TM3_ZONES,
    VN2000_UTM_ZONES,
    AmbiguousCrsError,
)
from geo.ingest.geometry import representative_xy
from geo.ingest.messages import said
from geo.ingest.project_writes import SHOWN
from geo.ingest.provinces import ProvinceFinder, metres
from geo.ingest.report import Report
from geo.ingest.units_given import LEVEL_NAMES, GivenUnits
from geo.said import Said, beyond_shown, joined

#: At least this many misplaced sites, and more than half of those judged, before the file's CRS is blamed.
MOSTLY = 3
#: Misplaced sites kept to try the other zones on (the first of the file): enough to tell zones 25 km apart.
SAMPLED = 200
#: A zone is named when it puts at least this share of the sampled sites where they belong.
FITS = 0.8
#: Zones that put nearly as many (this share of the sample, or one site) as the best one are taken in TRIED's order.
NEARLY = 0.05
WGS84_UTM_48N = 32648
#: The zones tried, in the order a near tie is settled: the TM-3 zones the region's offices use (CANDIDATE_ZONES), the
#: other VN-2000 TM-3 zones whose meridian is within a degree of the region, then UTM 48N on VN-2000 and on WGS 84
#: (the same meridian as 105°00' with another scale: TM-3 first, as provinces' data are).
TRIED = tuple(
    dict.fromkeys(
        [
            *(epsg for epsg in CANDIDATE_ZONES if epsg in VN2000_TM3_ZONES.values()),
            *(e for m, e in VN2000_TM3_ZONES.items() if REGION_BOUNDS[0] - 1 <= m <= REGION_BOUNDS[2] + 1),
            *VN2000_UTM_ZONES.values(),
            WGS84_UTM_48N,
        ]
    )
)


@dataclass
class Sampled:
    """Features of a file that lie where they should not, as read (the first :data:`SAMPLED`): the CRS each was read
    in and a point of it (WGS 84), to read again in the region's other zones, and the province a project file gave
    it (None where none, and for units)."""

    crss: list[CRS] = field(default_factory=list)
    points: list[shapely.Point] = field(default_factory=list)
    given: list[Any] = field(default_factory=list)  # a province's code; for a unit given, (its field, its code)

    @property
    def full(self) -> bool:
        return len(self.points) >= SAMPLED

    def add(self, crs: CRS, point: shapely.Point, given: Any = None) -> None:
        if not self.full:
            self.crss.append(crs)
            self.points.append(point)
            self.given.append(given)

    def zone_that_fits(self, placed: Callable[[np.ndarray], int]) -> dict | None:
        """The zone, other than the one read in, whose reading puts the most of the points where they belong (how
        many ``placed`` says of the points read in it), when it puts at least :data:`FITS` of them there."""
        read_in = {crs.to_epsg() for crs in self.crss}
        return _best_zone(
            {epsg: placed(self._read_in(epsg)) for epsg in TRIED if epsg not in read_in}, len(self.points)
        )

    def _read_in(self, epsg: int) -> np.ndarray:
        """The points as they lie when their coordinates, as the file has them, are read in ``epsg``."""
        points = np.empty(len(self.points), dtype=object)
        for crs in set(self.crss):
            which = [k for k, c in enumerate(self.crss) if c == crs]
            lon, lat = shapely.get_coordinates(np.array([self.points[k] for k in which])).T
            x, y = from_wgs84(crs).transform(lon, lat)
            points[which] = shapely.points(*to_wgs84(epsg).transform(x, y))
        return points


@dataclass
class MisplacedSites:
    """The counts of a projects load's sites against their provinces, chunk by chunk, and a sample of the misplaced
    ones; :meth:`tell` refuses the file when most are misplaced."""

    given: int = 0  # sites given a province (a column, --province) ...
    far: int = 0  # ... and of those, the ones far from it (ProvinceFinder.fill)
    unplaced: int = 0  # sites given no province ...
    in_neighbours: int = 0  # ... and of those, the ones in a neighbouring province
    # ... or in a former province of the registry's 2025 ones (former Vĩnh Long, Bến Tre, Cà Mau) or in one holding
    # units of the registry: where they may belong, blamed on the CRS only when a zone puts them in the registry's
    at_home: int = 0
    at_sea: int = 0  # ... or in none, out at sea farther than the registry's offshore wind farms
    outside_as_given: int = 0  # sites given a province that lie in it, a neighbouring one (not the registry's)
    sampled: Sampled = field(default_factory=Sampled)
    sampled_outside: Sampled = field(default_factory=Sampled)  # the first sites outside as given
    unit_given: int = 0  # sites given a district or commune the registry holds (geo.ingest.units_given) ...
    unit_far: int = 0  # ... and of those, the ones far from it
    unit_columns: list[str] = field(default_factory=list)  # the fields giving them
    sampled_units: Sampled = field(default_factory=Sampled)  # the first sites far from theirs

    def note(
        self,
        finder: ProvinceFinder,
        crs: CRS | None,
        geoms: np.ndarray,
        given: np.ndarray,
        placed: np.ndarray,
        far: list[int],
        neighbours: set[int],
        with_units: set[int] = frozenset(),
        in_parts: set[int] = frozenset(),
    ) -> None:
        """Count a chunk's sites: ``geoms`` (WGS 84, None without a site) read in ``crs``, ``given`` the provinces the
        file gave (None where none), ``placed`` the provinces ProvinceFinder.fill stored, ``far`` the sites far from
        the province given, ``neighbours`` the sites in a neighbouring province, ``with_units`` those of them in one
        holding units of the registry (former Cà Mau, once its districts are loaded: a site there is where it
        belongs), ``in_parts`` those in a former province of the registry's 2025 provinces (a 2025 Vĩnh Long office's
        inventory given no province lies mostly in former Vĩnh Long and Bến Tre, and was refused as read in the
        wrong CRS)."""
        sited = ~shapely.is_missing(geoms)
        self.given += int(np.count_nonzero(sited & np.not_equal(given, None)))
        self.far += len(far)
        unplaced = np.flatnonzero(np.equal(given, None) & sited)
        self.unplaced += len(unplaced)
        at_home = with_units | in_parts
        self.in_neighbours += sum(int(i) in neighbours and int(i) not in at_home for i in unplaced)
        self.at_home += sum(int(i) in at_home for i in unplaced)
        nowhere = np.array([int(i) for i in unplaced if int(i) not in neighbours and placed[i] is None], dtype=int)
        if len(nowhere):  # out at sea, and farther than their wind farms (which are refused each for its province)
            nowhere = nowhere[finder.far_out_at_sea(shapely.point_on_surface(geoms[nowhere]))]
        self.at_sea += len(nowhere)
        outside = sorted(i for i in neighbours - with_units if given[i] is not None and i not in far)
        self.outside_as_given += len(outside)
        if crs is None or not crs.is_projected:  # a degrees file read in the wrong zone is not a thing to suggest
            return
        for i in sorted({*far, *(i for i in neighbours if given[i] is None), *map(int, nowhere)}):
            self.sampled.add(crs, shapely.point_on_surface(geoms[i]), given[i])
        for i in outside:
            self.sampled_outside.add(crs, shapely.point_on_surface(geoms[i]), given[i])

    def note_units(
        self, crs: CRS | None, geoms: np.ndarray, field: str, codes: np.ndarray, judged: np.ndarray, far: list[int]
    ) -> None:
        """Count a chunk's sites given a unit of ``field``'s level (``codes``): ``judged`` those of the registry's
        units, ``far`` those lying far from theirs (GivenUnits.judge)."""
        self.unit_given += len(judged)
        self.unit_far += len(far)
        if field not in self.unit_columns:
            self.unit_columns.append(field)
        if crs is not None and crs.is_projected:
            for i in far:
                self.sampled_units.add(crs, shapely.point_on_surface(geoms[i]), (field, codes[i]))

    def tell(
        self, report: Report, finder: ProvinceFinder | None, crs_given: bool = False, units: GivenUnits | None = None
    ) -> None:
        """The file's refusals, each naming the zone that fits when one does: most sites given a province far from
        it; most given none in neighbouring provinces; or (only when a zone puts them back, since offshore wind farms
        lie at sea) most given none outside the registry's provinces, at sea included; or (only when a zone puts them
        in the registry's provinces, and the CRS is the file's, not ``crs_given``) a third given a province lying in it,
        outside the registry's."""
        errors = report.error_count
        if finder is not None and not crs_given:
            self._tell_outside_as_given(report, finder)
        if _mostly(self.far, self.given) or _mostly(self.in_neighbours + self.at_sea + self.at_home, self.unplaced):
            self._tell_far_from_provinces(report, finder)
        if units is not None and not crs_given and report.error_count == errors:  # the provinces did not tell
            self._tell_far_from_units(report, units)

    def _tell_far_from_provinces(self, report: Report, finder: ProvinceFinder | None) -> None:
        zone = self.sampled.zone_that_fits(functools.partial(self._placed, finder)) if finder is not None else None
        fits = said("zone_that_fits", **zone) if zone else None
        if _mostly(self.far, self.given):
            what = fits or said("give_the_crs_or_provinces")
            told = said("provinces_mostly_far", count=self.far, total=self.given, what=what)
            report.error(told, field="province_code")
        outside = self.in_neighbours + (self.at_sea + self.at_home if fits else 0)
        if _mostly(outside, self.unplaced):
            blanks = {"count": outside, "total": self.unplaced, "what": fits or said("give_the_crs")}
            if outside == self.in_neighbours:
                report.error(said("sites_mostly_in_neighbours", **blanks), field="province_code")
            else:
                report.error(said("sites_mostly_outside", **blanks), field="province_code")

    def _tell_far_from_units(self, report: Report, units: GivenUnits) -> None:
        """Most sites given a district or commune lie far from it, and read in another zone most of those lie in
        theirs: the file's CRS is wrong (a Bạc Liêu file in the former Cà Mau's zone, once Cà Mau's districts are
        loaded, lands among them, where province 96 as given holds it: trial 43). Without a zone that fits, each
        site's warning says it (a column of codes may be of something else)."""
        if not _mostly(self.unit_far, self.unit_given) or not self.sampled_units.points:
            return
        zone = self.sampled_units.zone_that_fits(functools.partial(self._in_their_units, units))
        if zone is None:
            return
        told = said(
            "sites_mostly_outside_units_given",
            count=self.unit_far,
            total=self.unit_given,
            levels=joined([LEVEL_NAMES[f] for f in self.unit_columns], ", ", ", "),
            what=said("zone_that_fits_sites_units", **zone),
            crs=f"EPSG:{self.sampled_units.crss[0].to_epsg()}",
        )
        report.error(told, field=self.unit_columns[0])

    def _in_their_units(self, units: GivenUnits, points: np.ndarray) -> int:
        """How many sampled sites far from their units, read at ``points``, lie in them (or near)."""
        levels = np.array([level for level, _ in self.sampled_units.given], dtype=object)
        codes = np.array([code for _, code in self.sampled_units.given], dtype=object)
        near = 0
        for level in set(levels):
            mine = np.flatnonzero(levels == level)
            judged, far = units.judge(level, codes[mine], points[mine])
            near += len(judged) - len(far)
        return near

    def _tell_outside_as_given(self, report: Report, finder: ProvinceFinder) -> None:
        """A third of the sites given a province lie in it, outside the registry's provinces, and read in another zone
        most of those lie in the registry's: the file's CRS is wrong. Since July 2025 Cà Mau's code 96 holds Bạc
        Liêu's sites in one zone and the former Cà Mau's in another, so a Bạc Liêu file given 96 and the former Cà
        Mau's .prj landed 55 km west, "in province 96 as its code says", with warnings only (trial 41)."""
        # a third, not most: the file's sites in Bạc Liêu's east, read 55 km west, still lie in Bạc Liêu
        outside, judged = self.outside_as_given, self.given
        if outside < MOSTLY or 3 * outside < judged or not self.sampled_outside.points:
            return
        zone = self.sampled_outside.zone_that_fits(functools.partial(self._in_registry, finder))
        if zone is None:  # the sites do lie outside: each says so in its warning
            return
        read_in = self.sampled_outside.crss[0].to_epsg()
        told = said(
            "sites_mostly_outside_as_given",
            count=self.outside_as_given,
            total=self.given,
            what=said("zone_that_fits", **zone),
            crs=f"EPSG:{read_in}",
        )
        report.error(told, field="province_code")

    def _in_registry(self, finder: ProvinceFinder, points: np.ndarray) -> int:
        """How many sampled outside sites, read at ``points``, lie in one of the registry's provinces (a 2025 code
        given is read as the registry's former province that holds the site)."""
        codes = np.array(self.sampled_outside.given, dtype=object)
        finder.fill(codes, points)
        return int(np.count_nonzero(np.isin(codes, list(finder.names))))

    def _placed(self, finder: ProvinceFinder, points: np.ndarray) -> int:
        """How many sampled sites, read at ``points``, lie where they belong: in the province given, or in one of
        the registry's."""
        given = np.array(self.sampled.given, dtype=object)
        codes = given.copy()
        placed = finder.fill(codes, points)
        far, neighbours = set(placed.far_out), {i for i, _ in placed.in_neighbours}
        held = np.isin(codes, list(finder.names))  # in one of the registry's provinces, or given it
        return sum(
            i not in far if given[i] is not None else bool(held[i]) and i not in neighbours for i in range(len(given))
        )


def _best_zone(counts: dict[int, int], checked: int) -> dict | None:
    """Of the zones tried (``counts``: how many of the ``checked`` sites each puts where they belong, in the order a
    near tie is settled), the one to name, with the words its message fills; None when none puts :data:`FITS` there."""
    if not checked or not counts or (best := max(counts.values())) < FITS * checked:
        return None
    # UTM 48N is 105°00' with another scale, 300 m apart here: a site on the coast fits one and not the other
    epsg = next(epsg for epsg in counts if counts[epsg] >= best - max(1, NEARLY * checked))
    return {"epsg": str(epsg), "zone": zone_name(epsg), "fit": counts[epsg], "checked": checked}


def _mostly(misplaced: int, judged: int) -> bool:
    return misplaced >= MOSTLY and 2 * misplaced > judged


def zone_name(epsg: int) -> Said:
    """How the messages name a zone: the region's offices' words for theirs, else its meridian ("TM-3 106°15'")."""
    if epsg in CANDIDATE_ZONES:
        return CANDIDATE_ZONES[epsg]
    if epsg == WGS84_UTM_48N:
        return said("zone_wgs84_utm")
    meridian = next(m for m, code in VN2000_TM3_ZONES.items() if code == epsg)
    degrees, minutes = int(meridian), round((meridian % 1) * 60)
    return Said(f"TM-3 {degrees}°{minutes:02d}'", f"TM-3 {degrees}°{minutes:02d}'")


def zone_holding_the_sites(error: AmbiguousCrsError, geoms: np.ndarray, finder: ProvinceFinder) -> AmbiguousCrsError:
    """A file without a .prj whose TM-3 zone its coordinates cannot settle: the zones offered are tried on its first
    sites, and the one putting at least :data:`FITS` of them in the registry's provinces is named (the refusal listed
    five zones untried, and an officer picking one could guess wrong)."""
    _, xs, ys = representative_xy(geoms)
    xs, ys = xs[:SAMPLED], ys[:SAMPLED]
    held = {
        epsg: int(
            np.count_nonzero(np.not_equal(finder.holding(shapely.points(*to_wgs84(epsg).transform(xs, ys))), None))
        )
        for epsg in error.candidates
    }
    if (zone := _best_zone(held, len(xs))) is None:
        return error
    return AmbiguousCrsError(error.said.then(said("zone_holds_sites", **zone)), error.candidates)


@dataclass
class UnchangedInNeighbours:
    """The projects a reload gives the sites they have, lying in a neighbouring province: each was said when its site
    was loaded, and is said once for the file here, not again one by one (a reload of an export repeated the same 7
    lines across the border every time, trial 52)."""

    count: int = 0
    codes: list[str] = field(default_factory=list)  # the first SHOWN
    farthest: float = 0.0  # metres outside the registry's provinces, the most of them

    def note(self, code: str, outside: float) -> None:
        self.count += 1
        self.codes += [code][: SHOWN - len(self.codes)]
        self.farthest = max(self.farthest, outside)

    def tell(self, report: Report) -> None:
        if self.count:
            more = beyond_shown(self.count, len(self.codes))
            codes = ", ".join(self.codes)
            report.warn(
                said("neighbouring_unchanged", count=self.count, codes=codes, more=more, outside=metres(self.farthest))
            )
