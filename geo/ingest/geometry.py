"""Geometry checks, vectorised over a chunk: empty, non-finite, Z/M, invalid (repaired), multi-part promotion (or,
for sites, a one-part multi-geometry as its part), polygons too thin to be drawn on purpose (warned of)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from pyproj import Geod, Transformer

from geo.ingest.messages import Said, said
from geo.vi_format import local_number

MULTI_TYPES = (4, 5, 6)  # shapely's type ids of MultiPoint, MultiLineString, MultiPolygon
#: A geometry of each dimension, as a message names it (Vietnamese, English).
_SHAPE_WORDS = {0: ("điểm", "point"), 1: ("đường", "line"), 2: ("vùng", "polygon")}


@dataclass
class GeometryCheck:
    """The checked geometries (None where rejected or absent) and what was done, by feature index in the chunk."""

    geoms: np.ndarray
    errors: dict[int, Said] = field(default_factory=dict)
    repaired: dict[int, Said] = field(default_factory=dict)
    dropped_z: list[int] = field(default_factory=list)
    thin: dict[int, Said] = field(default_factory=dict)  # polygons loaded, but likely a digitising slip: thin()


def check(geoms: np.ndarray, *, polygons_only: bool, allow_null: bool) -> GeometryCheck:
    """Validate ``geoms``; repairs invalid ones with make_valid and, for ``polygons_only``, makes all MultiPolygons;
    otherwise a multi-geometry of one part is that part (an export writes a site as a one-point MultiPoint when its
    layer holds multi-site projects too: loaded back, it is the Point it was)."""
    geoms = np.asarray(geoms, dtype=object).copy()
    result = GeometryCheck(geoms)
    missing = shapely.is_missing(geoms)
    if not allow_null:
        for i in np.flatnonzero(missing):
            result.errors[int(i)] = said("no_geometry")
    present = ~missing
    for i in np.flatnonzero(present & shapely.is_empty(geoms)):
        result.errors[int(i)] = said("empty_geometry")
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    for i in np.unique(owner[~np.isfinite(coords).all(axis=1)]):
        result.errors[int(i)] = said("non_finite")
    has_z = present & shapely.has_z(geoms)
    if has_z.any():
        result.dropped_z = np.flatnonzero(has_z).tolist()
        geoms[has_z] = shapely.force_2d(geoms[has_z])
    ok = present & ~np.isin(np.arange(len(geoms)), list(result.errors))
    invalid = ok & ~shapely.is_valid(geoms)
    for i in np.flatnonzero(invalid):
        reason = shapely.is_valid_reason(geoms[i])
        repaired = shapely.make_valid(geoms[i])
        if shapely.get_dimensions(repaired) < shapely.get_dimensions(geoms[i]):  # a canal made a point: not a repair
            was, now = (_SHAPE_WORDS[shapely.get_dimensions(g)] for g in (geoms[i], repaired))
            result.errors[int(i)] = said("collapsed", reason=reason, was=Said(*was), now=Said(*now))
            geoms[i] = None
            continue
        geoms[i] = repaired
        result.repaired[int(i)] = said("repaired", reason=reason, repair=said("repair_to_come"))
    if polygons_only:
        _to_multipolygons(geoms, ok, result)
    else:
        one_part = ok & np.isin(shapely.get_type_id(geoms), MULTI_TYPES) & (shapely.get_num_geometries(geoms) == 1)
        geoms[one_part] = shapely.get_geometry(geoms[one_part], 0)
    return result


def _to_multipolygons(geoms: np.ndarray, ok: np.ndarray, result: GeometryCheck) -> None:
    types = shapely.get_type_id(geoms)
    single = np.flatnonzero(ok & (types == 3))  # Polygon
    if single.size:
        geoms[single] = shapely.multipolygons(geoms[single], indices=np.arange(single.size))
    for i in np.flatnonzero(ok & (types != 3) & (types != 6)):
        parts = [p for p in shapely.get_parts(geoms[i]) if shapely.get_type_id(p) in (3, 6)]
        polygons = [q for p in parts for q in shapely.get_parts(p)]
        if types[i] == 7 and polygons:  # a GeometryCollection from make_valid: keep its polygons
            geoms[i] = shapely.multipolygons(polygons)
            note, dropped = result.repaired.get(int(i)), said("parts_dropped", dropped=said("parts_to_drop"))
            result.repaired[int(i)] = note.then(dropped) if note else dropped
        else:
            result.errors[int(i)] = said("polygon_needed", kind=geoms[i].geom_type)
            geoms[i] = None


#: A polygon smaller than this (m²), or narrower on average than THIN_WIDTH_M, is no site drawn on purpose: most
#: likely a digitising slip (a trial's "Reservoir" was 660 m long and 1.5 mm wide, area_m2 = 0). A survey in VN-2000
#: is good to centimetres, a digitised map to metres: 10 cm is far below either.
THIN_AREA_M2 = 1.0
THIN_WIDTH_M = 0.1
_GEOD = Geod(ellps="WGS84")
#: Square metres in a square degree at the equator: a first cheap look, a few per cent off in the region; the polygons
#: it finds below twice the floors are then measured on the ellipsoid.
_M2_PER_DEG2 = 111_320.0**2


def thin(result: GeometryCheck, wgs84: np.ndarray) -> None:
    """Note each polygon of ``wgs84`` (the checked geometries, in WGS 84) whose area is below THIN_AREA_M2 or whose
    mean width (twice its area over its perimeter: a strip's width) is below THIN_WIDTH_M, with its figures: loaded
    as it is, its officer told to check the digitising. An exactly flat one is refused already (``collapsed``)."""
    polygons = np.flatnonzero(np.isin(shapely.get_type_id(wgs84), (3, 6)))
    polygons = polygons[~np.isin(polygons, list(result.errors))]  # refused already
    if not polygons.size:
        return
    area = shapely.area(wgs84[polygons]) * _M2_PER_DEG2
    width = 2 * area / np.maximum(shapely.length(wgs84[polygons]) * 111_320.0, 1e-9)
    for i in polygons[(area < 2 * THIN_AREA_M2) | (width < 2 * THIN_WIDTH_M)]:
        area_m2, perimeter = (abs(v) for v in _GEOD.geometry_area_perimeter(wgs84[i]))
        mean_width = 2 * area_m2 / perimeter if perimeter else 0.0
        if area_m2 < THIN_AREA_M2 or mean_width < THIN_WIDTH_M:
            told = {"area": _figure(area_m2, 2), "width": _width(mean_width), "perimeter": round(perimeter)}
            result.thin[int(i)] = said("thin_polygon", **told)


def _figure(value: float, digits: int, unit: str = "") -> Said:
    return Said(local_number(value, "vi", digits) + unit, local_number(value, "en", digits) + unit)


def _width(metres: float) -> Said:
    """A small width in the unit that reads: millimetres under 10 cm, else metres."""
    return _figure(metres * 1000, 1, " mm") if metres < 0.1 else _figure(metres, 2, " m")


def transform(geoms: np.ndarray, transformer: Transformer) -> np.ndarray:
    """``geoms`` transformed with ``transformer`` (x/y order); None stays None."""

    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, apply)


def representative_xy(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One point per present geometry (its centroid): (indexes, x, y), for CRS inference and the region check."""
    present = np.flatnonzero(~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    points = shapely.centroid(geoms[present]) if present.size else np.array([], dtype=object)
    return present, shapely.get_x(points), shapely.get_y(points)
