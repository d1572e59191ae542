"""The former province of projects given without one, found from their geometry beside the checks.

A project lies in the province its point on surface lies in: among the registry's own provinces, through their small
pieces (geo.models.unit_pieces), the lowest code of the pieces containing the point; else the neighbouring province
that holds it (the registry keeps their outlines for the map's context). The reading process finds them, with time to
spare while the database writes the previous chunk; a site in none (at sea) must be given its province.

A project is stored with its former (pre-2025) province. A code given that is not one of the registry's former
provinces, for a site in one of them, may be the 2025 province that succeeded it: an office of today's Cà Mau writes 96
for its sites in former Bạc Liêu (95). Where the 2025 province of that code is the one the former province was merged
into (the crosswalk), it is stored with the former province found, and said. The crosswalk, not the 2025 outline,
decides: the 2025 outlines differ from the former ones by 21 km² along Bạc Liêu's borders, and a trial's sluices 415 m
inside Hồng Dân, outside the 2025 Cà Mau outline, were stored as 96 (trial 54).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import shapely
from pyproj import Geod
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.said import Said, figure

_PIECES = text(
    "SELECT u.code, u.name_vi, ST_AsBinary(pc.geom) FROM admin_unit_piece pc JOIN admin_unit u ON u.id = pc.unit_id "
    "WHERE pc.scheme = 'pre2025' AND pc.level = 'province'"
)
_PROVINCES_2025 = text(
    "SELECT code, ST_AsBinary(geom) FROM admin_unit WHERE scheme = '2025' AND level = 'province' AND geom IS NOT NULL"
)
# The neighbouring provinces of both schemes: the former ones are the registry's neighbours as its projects' codes
# name them; the 2025 ones cover what the former ones the registry keeps do not (Cần Thơ, An Giang, Đồng Tháp), so
# that a site on their land is told, not taken for one at sea.
_NEIGHBOURS = text(
    "SELECT scheme, code, name_vi, ST_AsBinary(geom) FROM admin_unit "
    "WHERE level = 'province' AND is_context AND geom IS NOT NULL ORDER BY scheme DESC, code"
)
# Each former province (the registry's and its neighbours) with the 2025 province it was merged into, and whether the
# registry counts that one's progress (not a province kept for the map's context).
_SUCCESSORS = text(
    "SELECT f.code, t.code, t.name_vi, NOT t.is_context FROM unit_crosswalk c "
    "JOIN admin_unit f ON f.id = c.from_unit_id AND f.scheme = 'pre2025' AND f.level = 'province' "
    "JOIN admin_unit t ON t.id = c.to_unit_id AND t.scheme = '2025' AND t.level = 'province'"
)
# The neighbouring provinces holding districts or communes of the registry (of either scheme): a site there counts in
# their progress (an office loaded former Cà Mau's districts, and its sites were still said to count in none).
_NEIGHBOURS_WITH_UNITS = text(
    "SELECT DISTINCT n.scheme, n.code FROM admin_unit n JOIN admin_unit u ON u.level IN ('district', 'commune') "
    "AND NOT u.is_context AND ST_Intersects(n.geom, ST_PointOnSurface(u.geom)) "
    "WHERE n.level = 'province' AND n.is_context"
)


#: Degrees (about 16 km) out at sea from the province given for it beyond which a site is most likely misplaced: the
#: provinces' offshore wind farms lie a few kilometres out; a file read in the wrong VN-2000 zone lands 50-60 km east
#: or west, 25-50 km out.
FAR_OUT = 0.15
#: Degrees (about 55 km) within which a site at sea is said to be off the registry's nearest province.
NEAR_COAST = 0.5
_GEOD = Geod(ellps="WGS84")
#: Degrees (about 3 km) into another province beyond which a site is most likely misplaced: a sluice or a dyke along a
#: border may lie a little across it; a file read in the wrong zone lands tens of kilometres in.
ACROSS_A_BORDER = 0.03
#: Degrees (about 55 m) between the points of a line or an outline measured for how far it reaches out of the
#: provinces: a dyke leaving a province and coming back is measured between its vertices too.
ALONG_AN_OUTLINE = 0.0005


def metres(distance: float) -> Said:
    """A distance out of the provinces as a message writes it: "0,36 m" across a border by a survey's rounding,
    "2.034 m" (Vietnamese), "2,034 m" (English) of a dyke running into the neighbour."""
    digits = 2 if distance < 1 else 1 if distance < 10 else 0
    return figure(distance, f"{distance:,.{digits}f}", digits)


class Placed(NamedTuple):
    """What :meth:`ProvinceFinder.fill` found to say of the sites (indexes into the arrays it was given)."""

    elsewhere: list[tuple[int, str]]  # given one of the registry's provinces, lying in the other: (i, found)
    in_neighbours: list[tuple[int, tuple[str, str]]]  # lying in a neighbouring province: (i, (scheme, code))
    far_out: list[int]  # lying far from the province given
    # given the 2025 province that succeeded the former one holding it, stored with that one: (i, given, found)
    as_2025: list[tuple[int, str, str]]
    # at sea, given the 2025 province off whose coast it lies, stored with the nearest former one: (i, given, found)
    offshore_2025: list[tuple[int, str, str]]


class ProvinceFinder:
    """The registry's former provinces, as pieces in a spatial index."""

    def __init__(self, session: Session):
        rows = session.execute(_PIECES).all()
        self.codes = np.array([code for code, _, _ in rows], dtype=object)
        self.names = {code: name for code, name, _ in rows}
        self.pieces = shapely.STRtree(shapely.from_wkb([bytes(wkb) for _, _, wkb in rows]))
        around = session.execute(_NEIGHBOURS).all()  # the neighbouring provinces the map shows for context
        self.neighbour_keys = [(scheme, code) for scheme, code, _, _ in around]
        self.neighbour_names = {(scheme, code): name for scheme, code, name, _ in around}
        self.neighbours = shapely.STRtree(shapely.from_wkb([bytes(wkb) for _, _, _, wkb in around]))
        self.neighbours_with_units = {tuple(key) for key in session.execute(_NEIGHBOURS_WITH_UNITS)}
        today = session.execute(_PROVINCES_2025).all()
        self.codes_2025 = np.array([code for code, _ in today], dtype=object)
        self.provinces_2025 = shapely.STRtree(shapely.from_wkb([bytes(wkb) for _, wkb in today]))
        successors = session.execute(_SUCCESSORS).all()
        self.successor = {former: code for former, code, _, _ in successors}  # Bạc Liêu's 95 -> Cà Mau's 96
        #: a former province not the registry's, merged into a 2025 province the registry counts -> that one (code,
        #: name): former Vĩnh Long and Bến Tre (86, 83) of the 2025 Vĩnh Long, former Cà Mau (96) of the 2025 Cà Mau
        self.parts_2025 = {
            former: (code, name) for former, code, name, counted in successors if counted and former not in self.names
        }

    def nearest(self, point: shapely.Point) -> tuple[str, float] | None:
        """The registry's province nearest ``point`` within :data:`NEAR_COAST`, and how far (metres, on the
        ellipsoid): what a site at sea is most likely off."""
        piece = self.pieces.query_nearest(point, max_distance=NEAR_COAST, all_matches=False)
        if not len(piece):
            return None
        (lon, lat), (to_lon, to_lat) = shapely.get_coordinates(
            shapely.shortest_line(point, self.pieces.geometries[piece[0]])
        )
        return self.codes[piece[0]], _GEOD.inv(lon, lat, to_lon, to_lat)[2]

    def reach_outside(self, geom: Any) -> float:
        """How far ``geom`` reaches outside the registry's provinces at most (metres, on the ellipsoid): the point of
        its outline (every :data:`ALONG_AN_OUTLINE` degrees) farthest from them. A point 0.36 m across a border and a
        dyke running 2 km into the neighbour were warned of alike (trial 52)."""
        points = shapely.points(shapely.get_coordinates(shapely.segmentize(geom, ALONG_AN_OUTLINE)))
        (which, piece), degrees = self.pieces.query_nearest(points, return_distance=True, all_matches=False)
        if not len(degrees) or degrees.max() == 0:
            return 0.0
        farthest = int(np.argmax(degrees))
        line = shapely.shortest_line(points[which[farthest]], self.pieces.geometries[piece[farthest]])
        (lon, lat), (to_lon, to_lat) = shapely.get_coordinates(line)
        return _GEOD.inv(lon, lat, to_lon, to_lat)[2]

    def far_out_at_sea(self, points: np.ndarray) -> np.ndarray:
        """Whether each point (none missing) lies farther than :data:`FAR_OUT` from every one of the registry's
        provinces: not an offshore wind farm of theirs."""
        feature, _ = self.pieces.query(points, predicate="dwithin", distance=FAR_OUT)
        far = np.ones(len(points), dtype=bool)
        far[feature] = False
        return far

    def holding(self, points: np.ndarray) -> np.ndarray:
        """The province that holds each point (None where none does, or no point)."""
        found = np.full(len(points), None, dtype=object)
        todo = np.flatnonzero(~shapely.is_missing(points))
        if not len(todo):
            return found
        feature, piece = self.pieces.query(points[todo], predicate="intersects")
        for i, code in zip(todo[feature], self.codes[piece], strict=True):
            if found[i] is None or code < found[i]:
                found[i] = code
        return found

    def _offshore_as_2025(self, codes: np.ndarray, found: np.ndarray, points: np.ndarray) -> list[tuple[int, str, str]]:
        """Set ``codes[i]`` of a site at sea (no province holds it) given a 2025 province to that province's former
        one nearest the site within :data:`FAR_OUT` (Bạc Liêu's offshore wind farms given Cà Mau's 96 since the
        reform were stored as 96, the former Cà Mau's code, with no word); return those ``(i, given, found)``."""
        todo = np.flatnonzero(
            np.equal(found, None) & ~shapely.is_missing(points) & np.isin(codes, self.codes_2025)
            & ~np.isin(codes, list(self.names))
        )  # fmt: skip
        on_land, _ = self.neighbours.query(points[todo], predicate="intersects")  # a neighbour's land: not at sea
        placed = []
        for i in map(int, np.delete(todo, on_land)):
            near = self.pieces.query(points[i], predicate="dwithin", distance=FAR_OUT)
            near = [k for k in near if self.successor.get(self.codes[k]) == codes[i]]
            if near:
                closest = min(near, key=lambda k: shapely.distance(points[i], self.pieces.geometries[k]))
                placed.append((i, codes[i], self.codes[closest]))
                codes[i] = self.codes[closest]
        return placed

    def _as_2025(self, codes: np.ndarray, found: np.ndarray) -> list[tuple[int, str, str]]:
        """Set ``codes[i]`` to ``found[i]``, one of the registry's former provinces, where the code given is not one
        of them but the 2025 province it was merged into; return those ``(i, given, found)``."""
        other = np.flatnonzero(np.not_equal(codes, None) & np.not_equal(found, None) & ~np.isin(codes, [*self.names]))
        read = [int(i) for i in other if self.successor.get(found[i]) == codes[i]]
        placed = [(i, codes[i], found[i]) for i in read]
        codes[read] = found[read]
        return placed

    def fill(self, codes: np.ndarray, geoms: np.ndarray) -> Placed:
        """Set ``codes[i]`` (None) to the province that holds the point on surface of ``geoms[i]``, where one does:
        one of the registry's, else a neighbouring former one; and ``codes[i]`` given as the 2025 province that
        succeeded the former province holding the site to that former one: one of the registry's (:meth:`_as_2025`,
        said once for the file), or a neighbouring one (a site in former Bến Tre given 86, the 2025 Vĩnh Long, is
        stored with 83, as one given none is: projects are stored with their former province).

        Returns the sites most likely given a wrong code or wrong coordinates, to be said as warnings: ``(i,
        province)`` for each lying in one of the registry's provinces and given another code (the other province's:
        a dyke along a border may rightly have its point on surface across it; a neighbour's, as Sóc Trăng's 94 for
        a site in Bạc Liêu; or a code of no province), and ``(i, (scheme, neighbour))`` for each that lies in a
        neighbouring province rather than in the registry's (a site at sea, as offshore wind farms are, lies in
        none); a 2025 neighbour's code is not a former province's, so it is never stored as one. Then the sites
        given a province that lie farther from it than :data:`ACROSS_A_BORDER` in another province, or than
        :data:`FAR_OUT` at sea."""
        points = shapely.point_on_surface(geoms)  # None where there is no geometry
        found = self.holding(points)
        as_2025 = self._as_2025(codes, found)
        offshore_2025 = self._offshore_as_2025(codes, found, points)
        missing = np.equal(codes, None)
        codes[missing] = found[missing]
        elsewhere = [
            (int(i), found[i]) for i in np.flatnonzero(~missing & ~np.equal(found, None)) if codes[i] != found[i]
        ]
        outside = np.flatnonzero(np.equal(found, None) & ~shapely.is_missing(points))
        feature, neighbour = self.neighbours.query(points[outside], predicate="intersects")
        in_neighbours: dict[int, tuple[str, str]] = {}
        for i, k in zip(outside[feature].tolist(), neighbour.tolist(), strict=True):
            key = self.neighbour_keys[k]  # a former province first (the keys' order), then the lowest code
            in_neighbours[i] = min(key, in_neighbours.get(i, key), key=lambda found: (found[0] != "pre2025", found[1]))
        for i, (scheme, code) in in_neighbours.items():  # given none, or the 2025 province merging it: the former one
            if scheme == "pre2025" and (codes[i] is None or self.successor.get(code) == codes[i]):
                codes[i] = code
        sited = ~missing & ~shapely.is_missing(points)
        landed = ~np.equal(found, None)  # on land: in one of the registry's provinces or a neighbouring one
        landed[list(in_neighbours)] = True
        outlined = np.isin(codes, list(self.names))  # a province whose outline the registry holds
        former = np.flatnonzero(sited & outlined & np.not_equal(found, codes))
        # and a 2025 province given (one not stored as a former province: the site is not in it): a Vĩnh Long office
        # writes 86 since the reform, and a file of its sites read in the wrong zone landed in Sóc Trăng with warnings
        of_2025 = np.flatnonzero(sited & np.isin(codes, self.codes_2025))
        far_out = far_from_given(self.pieces, self.codes, former, codes, landed, points)
        far_out += far_from_given(self.provinces_2025, self.codes_2025, of_2025, codes, landed, points)
        return Placed(elsewhere, sorted(in_neighbours.items()), sorted(far_out), as_2025, offshore_2025)


def far_from_given(
    tree: shapely.STRtree,
    tree_codes: np.ndarray,
    given: np.ndarray,
    codes: np.ndarray,
    landed: np.ndarray,
    points: np.ndarray,
) -> list[int]:
    """Of the sites ``given`` (indexes), those farther from the province of their code (``tree``'s geometries, coded
    ``tree_codes``) than :data:`ACROSS_A_BORDER` on land (``landed``) or :data:`FAR_OUT` at sea."""
    near = set()
    for which, reach in ((given[landed[given]], ACROSS_A_BORDER), (given[~landed[given]], FAR_OUT)):
        feature, province = tree.query(points[which], predicate="dwithin", distance=reach)
        near |= {int(which[f]) for f, p in zip(feature, province, strict=True) if tree_codes[p] == codes[which[f]]}
    return [int(i) for i in given if int(i) not in near]
