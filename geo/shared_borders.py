"""Neighbouring units made to share their borders: one line where two units meet, not two.

The 2025 communes of the sample (gis.vn polygons, via vietnam-3d-map) were simplified each on its own: two
neighbours' borders run side by side a few to tens of metres apart, one crossing the other, so that they overlap in
places and leave thin gaps in others (about 2 km² of overlaps over 155 pairs, 190 gaps). Close in (zoom 14–15) the
map drew every commune border twice, two lines a few pixels apart (trial 67); the units' areas, the project shares
and the crosswalk counted the overlaps twice too.

GEOS's coverage cleaner (``shapely.coverage_clean``) gives each overlap and each gap narrower than ``GAP_WIDTH_DEG``
to the neighbour along most of its edge, and makes shared edges the same vertices. It leaves gaps open to the
outside of the units, as the wedge between two coastal communes (4 km long between Hưng Hội and Vĩnh Trạch): the
part of such a gap narrower than ``GAP_WIDTH_DEG`` that lies between two units or more is closed off from the
outside first, so that the cleaner treats it as the gaps inside. A bay of one unit's edge is left as it is.

:func:`border_faults` finds what the cleaner would mend (and the gaps too wide for it), for a units file checked
before it is loaded (geo.ingest.unit_borders). It uses GEOS's coverage validation, through shapely, as the cleaner
does: PostGIS has it only from 3.4 (``ST_CoverageInvalidEdges``, with GEOS 3.12), and Debian 12's is 3.3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

#: A gap between units narrower than this (degrees, about 110 m in Vietnam) is an artefact of the units'
#: generalisation, given to a neighbour; the sample's are at most 40 m wide.
GAP_WIDTH_DEG = 0.001
#: An overlap or gap smaller than this (m²) is the rounding of two drawings of one border, not a fault.
LEAST_FAULT_M2 = 1.0
#: How near (degrees, about a metre) a fault's width is measured: closer took twice as long for nothing said.
WIDTH_TOLERANCE_DEG = 1e-5
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class BorderFault:
    """Where units overlap, or leave a gap between them: the units (their places in the list checked), its area
    (m², on the ellipsoid), its width where widest (m: the largest circle that fits in it), a point in its largest
    piece, and whether it is ``thin``: narrower than ``GAP_WIDTH_DEG``, as the cleaner measures a gap it closes."""

    units: tuple[int, ...]
    area_m2: float
    width_m: float
    lon: float
    lat: float
    thin: bool


@dataclass(frozen=True)
class Borders:
    """The overlaps and the gaps of a set of units, each list the largest first."""

    overlaps: list[BorderFault]
    gaps: list[BorderFault]


def share_borders(units: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """``units`` (polygons, lon/lat) made a coverage without overlaps nor thin gaps, in the same order."""
    outside = _outside(units)
    cleaned = shapely.coverage_clean([*units, outside], gap_width=GAP_WIDTH_DEG)
    return list(cleaned[: len(units)])


def border_faults(units: Sequence[BaseGeometry]) -> Borders:
    """The overlaps between ``units`` (valid polygons, lon/lat) and the gaps they leave: the holes amid them, and
    the thin gaps open to the outside between two of them or more (as :func:`share_borders` closes them). Units
    GEOS finds a coverage (no overlaps, no gap thinner than ``GAP_WIDTH_DEG``) are looked at for holes alone."""
    geoms = np.asarray(units, dtype=object)
    if shapely.coverage_is_valid(geoms, gap_width=GAP_WIDTH_DEG):
        return Borders([], _gaps(geoms, shapely.coverage_union_all(geoms), open_too=False))
    first, second = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = first < second
    first, second = first[pairs], second[pairs]
    shared = shapely.intersection(geoms[first], geoms[second])
    overlaps = _faults([(int(a), int(b)) for a, b in zip(first, second, strict=True)], shared)
    # their union as GEOS's buffer builds it: the same area as union_all's, in half the time (bench/unit_borders.py)
    whole = shapely.buffer(shapely.multipolygons(shapely.get_parts(geoms)), 0)
    return Borders(overlaps, _gaps(geoms, whole, open_too=True))


def _gaps(geoms: np.ndarray, whole: BaseGeometry, open_too: bool) -> list[BorderFault]:
    """The holes of ``whole`` (the units' union), and where ``open_too`` the thin gaps open to the outside."""
    polygons = _polygons(whole)
    rings, owner = shapely.get_rings(polygons, return_index=True)
    holes = shapely.polygons(rings[np.r_[False, owner[1:] == owner[:-1]]])  # each polygon's rings but its first
    shells = shapely.polygons(shapely.get_exterior_ring(polygons))
    pieces = np.array([*holes, *(_between(geoms, shapely.union_all(shells)) if open_too else [])], dtype=object)
    touching, touched = shapely.STRtree(geoms).query(pieces, predicate="dwithin", distance=1e-9)
    around = np.split(touched, np.searchsorted(touching, np.arange(1, len(pieces))))  # by piece (query sorts them)
    return _faults([tuple(int(u) for u in units) for units in around], pieces)


def _faults(units: list[tuple[int, ...]], shapes: np.ndarray) -> list[BorderFault]:
    """The fault each of ``shapes`` makes between its ``units``, the largest first; none where a shape has no area to
    speak of (two units touching). Measured all at once: a province's communes drawn unit by unit have thousands."""
    pieces, owner = _pieces(shapes)
    areas = areas_m2(pieces)
    pieces, owner, areas = pieces[areas > 0], owner[areas > 0], areas[areas > 0]
    if not len(pieces):
        return []
    radii = shapely.maximum_inscribed_circle(pieces, tolerance=WIDTH_TOLERANCE_DEG)  # centre to the nearest edge
    centres, edges = shapely.get_point(radii, 0), shapely.get_point(radii, -1)
    ends = (shapely.get_x(centres), shapely.get_y(centres), shapely.get_x(edges), shapely.get_y(edges))
    widths = np.nan_to_num(2 * np.asarray(_GEOD.inv(*ends)[2]))
    thin = 2 * shapely.length(radii) < GAP_WIDTH_DEG
    order = np.lexsort((-areas, owner))  # by shape, its largest piece first
    first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    total = np.bincount(owner, areas, minlength=len(shapes))
    widest = np.zeros(len(shapes))
    np.maximum.at(widest, owner, widths)
    all_thin = np.ones(len(shapes), dtype=bool)
    np.logical_and.at(all_thin, owner, thin)
    where = shapely.get_coordinates(shapely.point_on_surface(pieces[first]))
    faults = [
        BorderFault(units[o], float(total[o]), float(widest[o]), float(x), float(y), bool(all_thin[o]))
        for o, (x, y) in zip(owner[first], where, strict=True)
        if total[o] >= LEAST_FAULT_M2
    ]
    return sorted(faults, key=lambda f: -f.area_m2)


def _pieces(shapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The polygons of ``shapes`` (an intersection's lines and points left out), and the shape each comes from."""
    parts, owner = shapely.get_parts(shapes, return_index=True)
    parts, inner = shapely.get_parts(parts, return_index=True)  # a collection's multipolygons
    owner = owner[inner]
    polygons = shapely.get_type_id(parts) == 3
    return parts[polygons], owner[polygons]


def areas_m2(shapes: np.ndarray) -> np.ndarray:
    """The areas of ``shapes`` (lon/lat) in m², in a Lambert equal-area projection centred on them: within a
    hundredth of a percent of the ellipsoid's over a province, and all at once (pyproj's Geod goes one by one)."""
    if not len(shapes):
        return np.zeros(0)
    west, south, east, north = shapely.total_bounds(shapes)
    crs = CRS.from_proj4(f"+proj=laea +lat_0={(south + north) / 2} +lon_0={(west + east) / 2} +ellps=WGS84")
    to_metres = Transformer.from_crs(CRS.from_epsg(4326), crs, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(to_metres.transform(xy[:, 0], xy[:, 1]))

    return shapely.area(shapely.transform(shapes, project))


def _polygons(shape: BaseGeometry) -> np.ndarray:
    """The polygons of ``shape``."""
    parts = shapely.get_parts(shape)
    return parts[shapely.get_type_id(parts) == 3]


def _between(units: Sequence[BaseGeometry], whole: BaseGeometry) -> list[BaseGeometry]:
    """The pieces of thin gaps (narrower than ``GAP_WIDTH_DEG``) open to the outside of ``whole`` (the units'
    union) that lie between two units or more."""
    reach = GAP_WIDTH_DEG / 2
    closed = whole.buffer(reach).buffer(-reach)
    pieces = shapely.get_parts(closed.difference(whole))
    touched = shapely.STRtree(units).query(pieces, predicate="dwithin", distance=1e-9)[0]
    return [piece for i, piece in enumerate(pieces) if (touched == i).sum() >= 2]


def _outside(units: Sequence[BaseGeometry]) -> BaseGeometry:
    """A polygon round the units, up to their edge but for the thin gaps between units open to the outside."""
    whole = shapely.union_all(units)
    frame = shapely.box(*whole.buffer(10 * GAP_WIDTH_DEG).bounds)
    return frame.difference(shapely.union_all([whole, *_between(units, whole)]))
