"""Working out the likely CRS of coordinates without a .prj, and refusing coordinates outside the region."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import numpy as np
from pyproj import CRS, Geod

from geo.coordinates.datum_shift import (
    to_wgs84,
)
from geo.coordinates.messages import said
from geo.coordinates.zones import (
    CANDIDATE_ZONES,
    PROVINCE_ZONES,
    REGION_BOUNDS,
    WGS84_EPSG,
    AmbiguousCrsError,
    CoordinateError,
    CrsDecision,
)
from geo.said import Said, and_more, figure, joined
from geo.vi_format import local_number

_TM3_EASTING = (400_000.0, 700_000.0)
_TM3_NORTHING = (900_000.0, 1_300_000.0)
_GEOD = Geod(ellps="WGS84")
#: How a message names the feature at a (0-based) position: "feature 3" by default; a load names a CSV's rows too.
FeatureName = Callable[[int], Said | str]
#: The region's bounds as its messages write them.
_REGION_WORDS = {
    side: figure(bound, str(bound), 2)
    for side, bound in zip(("west", "south", "east", "north"), REGION_BOUNDS, strict=True)
}


def infer_crs(
    xs: Sequence[float], ys: Sequence[float], province_code: str | None, name: FeatureName | None = None
) -> CrsDecision:
    """Work out the likely CRS of data without a .prj from the ranges of its coordinates.

    Longitude/latitude degrees in the region → WGS 84 (EPSG:4326), with a warning that they could be VN-2000
    geographic. Metres in the TM-3 ranges (E 400–700 km, N 900–1 300 km) → the province's TM-3 zone
    (:data:`PROVINCE_ZONES`); without a province that settles it, :class:`AmbiguousCrsError` lists the candidates.
    Swapped latitude/longitude columns, and points outside the region once transformed, raise
    :class:`CoordinateError`, naming the first features by ``name`` ("feature 3" by default).
    """
    name = name or _numbered
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"xs and ys must be two sequences of the same length, got {x.shape} and {y.shape}")
    if x.size == 0:
        raise CoordinateError(said("no_coordinates"))
    bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
    if bad.size:
        raise CoordinateError(
            said("not_numbers", count=_count(bad.size), listed=_list_indexes(bad, x, y, name)), bad[:5].tolist()
        )
    ranges = said("ranges", x0=_fmt(x.min()), x1=_fmt(x.max()), y0=_fmt(y.min()), y1=_fmt(y.max()))

    swapped = (x >= 8) & (x <= 12) & (y >= 102) & (y <= 110)
    if np.all(swapped):
        raise CoordinateError(said("swapped", ranges=ranges), range(min(5, x.size)))
    if np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90):
        _check_region(x, y, said("read_as_degrees", ranges=ranges), name)
        return CrsDecision(
            crs=CRS.from_epsg(WGS84_EPSG),
            epsg=WGS84_EPSG,
            how=said("inferred_degrees", ranges=ranges),
            warnings=(said("maybe_vn2000_degrees"),),
        )

    in_tm3 = _in_tm3(x, y)
    if not np.all(in_tm3):
        outside = np.flatnonzero(~in_tm3)
        listed, hint = _list_indexes(outside, x, y, name), _swap_hint(swapped, x, y, name)
        north = figure(1300, "1,300")
        message = said("neither_degrees_nor_tm3", ranges=ranges, north=north, listed=listed, hint=hint)
        raise CoordinateError(message, outside[:5].tolist())

    code = (province_code or "").strip()
    zone = PROVINCE_ZONES.get(code)
    if zone is None:
        _undecided_zone(code, ranges, x, y)
    _check_region_projected(x, y, zone.epsg, ranges, name)
    crs = CRS.from_epsg(zone.epsg)
    how = said("inferred_tm3", ranges=ranges, code=code, name=zone.name, epsg=str(zone.epsg), crs=crs.name)
    notes = (zone.note,) if zone.note else ()
    return CrsDecision(crs=crs, epsg=zone.epsg, how=how, warnings=(said("zone_inferred"), *notes))


def _undecided_zone(code: str, ranges: Said, x: np.ndarray, y: np.ndarray) -> NoReturn:
    """Raise :class:`AmbiguousCrsError`: TM-3 metres, but ``code`` names no province whose zone settles it."""
    candidates = (5897, 9207) if code == "96" else tuple(CANDIDATE_ZONES)
    why = (
        said("province_96")
        if code == "96"
        else said("province_unknown", code=code)
        if code
        else said("province_missing")
    )
    message = said("zone_undecided", ranges=ranges, why=why, candidates=_describe_candidates(candidates, x, y))
    raise AmbiguousCrsError(message, candidates)


def feature_outside_region(lon: float, lat: float) -> Said | None:
    """What is wrong with one feature's WGS 84 point outside :data:`REGION_BOUNDS` (how far, what to correct); None
    when it is inside. For a file's features one by one, once its CRS is decided: a few stray points are the
    features' own fault, not the CRS's."""
    west, south, east, north = REGION_BOUNDS
    if west <= lon <= east and south <= lat <= north:
        return None
    swapped = west <= lat <= east and south <= lon <= north
    if not swapped and not (abs(lon) <= 180 and abs(lat) <= 90):  # not degrees: said alike, so told once for all
        zones = joined([said("zone_choice", epsg=str(c), zone=z) for c, z in CANDIDATE_ZONES.items()], "; ", "; ")
        return said("not_degrees_tm3", zones=zones) if _in_tm3(lon, lat) else said("not_degrees")
    return said(
        "feature_outside_region",
        **_REGION_WORDS,
        lon=_fmt(lon),
        lat=_fmt(lat),
        km=_km(_km_outside(np.array([lon]), np.array([lat]))[0]),
        hint=said("swapped_feature" if swapped else "check_feature"),
    )


def _check_region(lons: np.ndarray, lats: np.ndarray, context: Said | None, name: FeatureName) -> None:
    west, south, east, north = REGION_BOUNDS
    inside = (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
    bad = np.flatnonzero(~inside)
    if bad.size == 0:
        return
    distances = _km_outside(lons[bad], lats[bad])
    points = [
        said("outside_point", feature=name(i), lon=_fmt(lons[i]), lat=_fmt(lats[i]), km=_km(d))
        for i, d in zip(bad[:5].tolist(), distances[:5], strict=True)
    ]
    swapped = (lats[bad] >= west) & (lats[bad] <= east) & (lons[bad] >= south) & (lons[bad] <= north)
    message = said(
        "outside_region",
        prefix=Said(f"{context.vi}: ", f"{context.en}: ") if context else "",
        count=_count(bad.size),
        total=_count(lons.size),
        **_REGION_WORDS,
        farthest=_km(np.nanmax(distances)),
        listed=joined(points, "; ", "; "),
        more=and_more(_count(bad.size - 5)) if bad.size > 5 else "",
        hint=said("some_swapped" if np.any(swapped) else "check_crs"),
    )
    raise CoordinateError(message, bad[:5].tolist())


def _check_region_projected(x: np.ndarray, y: np.ndarray, epsg: int, ranges: Said, name: FeatureName) -> None:
    lons, lats = to_wgs84(epsg).transform(x, y)
    context = said("transformed_from", epsg=str(epsg), ranges=ranges)
    _check_region(np.asarray(lons), np.asarray(lats), context, name)


def northing_first(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether coordinates are VN-2000 metres written the Vietnamese survey way, X the northing and Y the easting
    (a cadastral sheet's "X (m)", "Y (m)"): every point's x in the region's northings and y in its eastings. Such
    values cannot be the other way round: no easting of the region is 900 km or more."""
    finite = np.isfinite(x) & np.isfinite(y)
    return bool(finite.any() and np.all(_in_tm3(y[finite], x[finite])))


def _in_tm3(x: Any, y: Any) -> Any:
    """Whether ``x``/``y`` (numbers, or arrays of them) lie in the VN-2000 TM-3 metre ranges of the region."""
    return (x >= _TM3_EASTING[0]) & (x <= _TM3_EASTING[1]) & (y >= _TM3_NORTHING[0]) & (y <= _TM3_NORTHING[1])


def _km_outside(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Geodesic distance in km from each point to the nearest point of the region box (NaN for non-numbers)."""
    west, south, east, north = REGION_BOUNDS
    lons_c = np.clip(lons, west, east)
    lats_c = np.clip(np.clip(lats, -90, 90), south, north)
    finite = np.isfinite(lons) & np.isfinite(lats) & (np.abs(lats) <= 90)
    out = np.full(lons.shape, np.nan)
    if finite.any():
        _, _, metres = _GEOD.inv(lons_c[finite], lats_c[finite], lons[finite], lats[finite])
        out[finite] = np.asarray(metres) / 1000.0
    return out


def _describe_candidates(candidates: Sequence[int], x: np.ndarray, y: np.ndarray) -> Said:
    """Each candidate zone with where the data's centre would land in it."""
    cx, cy = float(np.median(x)), float(np.median(y))
    parts = []
    for code in candidates:
        lon, lat = to_wgs84(code).transform(cx, cy)
        centre = {"lon": figure(lon, f"{lon:.3f}", 3), "lat": figure(lat, f"{lat:.3f}", 3)}
        parts.append(said("candidate", code=str(code), zone=CANDIDATE_ZONES[code], **centre))
    return joined(parts, "; ", "; ")


def _swap_hint(swapped: np.ndarray, x: np.ndarray, y: np.ndarray, name: FeatureName) -> Said | str:
    if not swapped.any():
        return ""
    return said("swapped_in", listed=_list_indexes(np.flatnonzero(swapped), x, y, name))


def _list_indexes(indexes: np.ndarray, x: np.ndarray, y: np.ndarray, name: FeatureName, limit: int = 5) -> Said:
    points = [said("point", feature=name(i), x=_fmt(x[i]), y=_fmt(y[i])) for i in indexes[:limit].tolist()]
    listed = joined(points, ", ", ", ")
    more = and_more(_count(indexes.size - limit)) if indexes.size > limit else Said("", "")
    return Said(listed.vi + more.vi, listed.en + more.en)


def _numbered(index: int) -> Said:
    return said("feature_number", index=str(index))


def _count(count: int) -> Said:
    return figure(count, str(count))


def _fmt(value: float) -> Said:
    if not math.isfinite(value):
        return Said(str(value), str(value))
    if abs(value) >= 1000:
        return figure(value, f"{value:,.0f}")
    return figure(value, f"{value:.5g}", max(0, 4 - math.floor(math.log10(abs(value)))) if value else 0)


def _km(value: float) -> Said:
    if not math.isfinite(value):
        return Said("?", "?")
    digits = 1 if value < 100 else 0
    return Said(f"{local_number(value, 'vi', digits)} km", f"{value:,.{digits}f} km")
