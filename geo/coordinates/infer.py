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
    crs_title,
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
    A reading that nearly all the features fit (:func:`_mostly_fit`) is taken, the features that do not fit it
    returned as ``strays`` with what is wrong with each (a swapped row, a row in Hà Nội): told as their own errors,
    with the file's other problems, in one round. Coordinates that mostly fit no reading, or mostly swapped columns,
    raise :class:`CoordinateError`, naming the first features outside the reading most of them fit by ``name``
    ("feature 3" by default).
    """
    name = name or _numbered
    x, y = _coordinates(xs, ys, name)
    ranges = _ranges(x, y)
    swapped = _swapped(x, y)
    if _mostly_fit(swapped):
        raise CoordinateError(said("swapped", ranges=ranges), np.flatnonzero(swapped)[:5].tolist())
    in_degrees = in_region(x, y)
    if _mostly_fit(in_degrees):
        return _read_as_degrees(x, y, in_degrees)
    if np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90):
        raise _outside_region(x, y, said("read_as_degrees", ranges=ranges), name)
    in_tm3 = _in_tm3(x, y)
    if not _mostly_fit(in_tm3):
        raise _fitting_neither(x, y, in_degrees, in_tm3, ranges, name)
    return _read_as_tm3(x, y, in_tm3, province_code, name)


#: Features that may miss the reading the others fit, told each as its own error: at most this many, or at most
#: :data:`STRAY_SHARE` of the file. More, and the reading itself is in doubt: the file is refused as a whole.
FEW_STRAYS = 3
STRAY_SHARE = 0.2


def _mostly_fit(fits: np.ndarray) -> bool:
    """Whether the features that ``fits`` marks are nearly all of them: those that do not fit are fewer than those
    that do, and a few (:data:`FEW_STRAYS`) or a small share (:data:`STRAY_SHARE`). An officer's sheet of eight rows
    with one swapped and one in Hà Nội was one refusal of the whole file, naming its good rows as outside."""
    strays = fits.size - int(np.count_nonzero(fits))
    return strays < fits.size - strays and (strays <= FEW_STRAYS or strays <= STRAY_SHARE * fits.size)


def _coordinates(xs: Sequence[float], ys: Sequence[float], name: FeatureName) -> tuple[np.ndarray, np.ndarray]:
    """``xs`` and ``ys`` as arrays of numbers; refused when there are none, or some are not numbers."""
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
    return x, y


def _read_as_degrees(x: np.ndarray, y: np.ndarray, fits: np.ndarray) -> CrsDecision:
    """WGS 84, as the features that ``fits`` marks are longitude/latitude degrees in the region."""
    strays = tuple((int(i), _stray_from_degrees(x[i], y[i])) for i in np.flatnonzero(~fits))
    return CrsDecision(
        crs=CRS.from_epsg(WGS84_EPSG),
        epsg=WGS84_EPSG,
        how=_with_strays(said("inferred_degrees", ranges=_ranges(x[fits], y[fits])), strays, x.size),
        warnings=(said("maybe_vn2000_degrees"),),
        strays=strays,
    )


def _read_as_tm3(
    x: np.ndarray, y: np.ndarray, in_tm3: np.ndarray, province_code: str | None, name: FeatureName
) -> CrsDecision:
    """The province's TM-3 zone, as the features that ``in_tm3`` marks are metres in its ranges; refused when too
    many of them, read in it, lie outside the region."""
    ranges = _ranges(x[in_tm3], y[in_tm3])
    code = (province_code or "").strip()
    zone = PROVINCE_ZONES.get(code)
    if zone is None:
        _undecided_zone(code, ranges, x[in_tm3], y[in_tm3])
    lons, lats = (np.asarray(v) for v in to_wgs84(zone.epsg).transform(x, y))
    fits = in_tm3 & in_region(lons, lats)
    if not _mostly_fit(fits):
        raise _outside_region(lons, lats, said("transformed_from", epsg=str(zone.epsg), ranges=ranges), name)
    strays = tuple((int(i), _stray_from_metres(x[i], y[i], lons[i], lats[i], in_tm3[i])) for i in np.flatnonzero(~fits))
    crs = CRS.from_epsg(zone.epsg)
    ranges = _ranges(x[fits], y[fits])
    how = said("inferred_tm3", ranges=ranges, code=code, name=zone.name, epsg=str(zone.epsg), crs=crs_title(crs))
    notes = (zone.note,) if zone.note else ()
    return CrsDecision(
        crs=crs,
        epsg=zone.epsg,
        how=_with_strays(how, strays, x.size),
        warnings=(said("zone_inferred"), *notes),
        strays=strays,
    )


def _stray_from_degrees(x: float, y: float) -> Said:
    """What is wrong with one feature of a file read as degrees that lies outside the region."""
    at = {"x": _fmt(x), "y": _fmt(y)}
    if _swapped(x, y):
        return said("stray_swapped", **at)
    if abs(x) <= 180 and abs(y) <= 90:
        return said("stray_far", **at, **_REGION_WORDS, where=_from_region(x, y))
    if _in_tm3(x, y):
        return said("stray_other_reading", **at, other=said("reading_tm3"), reading=said("reading_degrees"))
    return said("stray_not_like", **at, reading=said("reading_degrees"))


def _stray_from_metres(x: float, y: float, lon: float, lat: float, in_tm3: bool) -> Said:
    """What is wrong with one feature of a file read as TM-3 metres that lies outside the region (at ``lon``,
    ``lat`` when read so)."""
    at = {"x": _fmt(x), "y": _fmt(y)}
    if in_tm3:
        return said("stray_far", **at, **_REGION_WORDS, where=_from_region(lon, lat))
    if in_region(x, y):
        return said("stray_other_reading", **at, other=said("reading_degrees"), reading=said("reading_tm3"))
    return said("stray_not_like", **at, reading=said("reading_tm3"))


def _with_strays(how: Said, strays: tuple[tuple[int, Said], ...], total: int) -> Said:
    """How the CRS was decided, saying the features that do not fit it, if any."""
    return how.then(said("strays_told", count=_count(len(strays)), total=_count(total))) if strays else how


def _fitting_neither(
    x: np.ndarray, y: np.ndarray, in_degrees: np.ndarray, in_tm3: np.ndarray, ranges: Said, name: FeatureName
) -> CoordinateError:
    """The refusal of coordinates that mostly fit neither reading, naming the first features outside the one that
    the most of them fit (a file's good rows are not named as outside: a trial's officer was told so of five)."""
    degrees = np.count_nonzero(in_degrees) >= np.count_nonzero(in_tm3)
    fits = in_degrees if degrees else in_tm3
    outside = np.flatnonzero(~fits)
    message = said(
        "neither_degrees_nor_tm3",
        ranges=ranges,
        north=figure(1300, "1,300"),
        fit=_count(int(np.count_nonzero(fits))),
        total=_count(x.size),
        reading=said("reading_degrees" if degrees else "reading_tm3"),
        listed=_list_indexes(outside, x, y, name),
        hint=_swap_hint(_swapped(x, y), x, y, name),
    )
    return CoordinateError(message, outside[:5].tolist())


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


#: The refusals of one feature lying outside the region that :func:`placed_outside_region` can place.
OUTSIDE_REGION = ("stray_far", "feature_outside_region")


def feature_outside_region(lon: float, lat: float) -> Said | None:
    """What is wrong with one feature's WGS 84 point outside :data:`REGION_BOUNDS` (how far, what to correct); None
    when it is inside. For a file's features one by one, once its CRS is decided: a few stray points are the
    features' own fault, not the CRS's."""
    if in_region(lon, lat):
        return None
    swapped = in_region(lat, lon)
    if not swapped and not (abs(lon) <= 180 and abs(lat) <= 90):  # not degrees: said alike, so told once for all
        zones = joined([said("zone_choice", epsg=str(c), zone=z) for c, z in CANDIDATE_ZONES.items()], "; ", "; ")
        return said("not_degrees_tm3", zones=zones) if _in_tm3(lon, lat) else said("not_degrees")
    return said(
        "feature_outside_region",
        **_REGION_WORDS,
        lon=_fmt(lon),
        lat=_fmt(lat),
        where=_from_region(lon, lat),
        hint=said("swapped_feature" if swapped else "check_feature"),
    )


def placed_outside_region(told: Said, x: float, y: float, lon: float, lat: float, where: Said) -> Said:
    """``told``, a feature's refusal for lying outside the region (:data:`OUTSIDE_REGION`: its file's coordinates
    ``x``, ``y``, at ``lon``, ``lat``), saying ``where`` it lies (the province holding it, the registry's nearest)
    rather than how far from the region's box, which is not the provinces (trial 69: "7.9 km", 37.5 km from the
    2025 Vĩnh Long); a feature whose latitude and longitude look swapped is told so, as before."""
    if told.key not in OUTSIDE_REGION or in_region(lat, lon):
        return told
    if told.key == "stray_far":
        return said("stray_far", x=_fmt(x), y=_fmt(y), **_REGION_WORDS, where=where)
    at = {"lon": _fmt(lon), "lat": _fmt(lat)}
    return said("feature_outside_region", **_REGION_WORDS, **at, where=where, hint=said("check_feature"))


def _from_region(lon: float, lat: float) -> Said:
    """How far a point lies from the region's box, where nothing better is known."""
    return said("from_region", km=_km(_km_outside(np.array([lon]), np.array([lat]))[0]))


def _outside_region(lons: np.ndarray, lats: np.ndarray, context: Said, name: FeatureName) -> CoordinateError:
    """The refusal of a file whose features, read as ``context`` says, too often lie outside the region."""
    bad = np.flatnonzero(~in_region(lons, lats))
    distances = _km_outside(lons[bad], lats[bad])
    points = [
        said("outside_point", feature=name(i), lon=_fmt(lons[i]), lat=_fmt(lats[i]), km=_km(d))
        for i, d in zip(bad[:5].tolist(), distances[:5], strict=True)
    ]
    message = said(
        "outside_region",
        prefix=Said(f"{context.vi}: ", f"{context.en}: "),
        count=_count(bad.size),
        total=_count(lons.size),
        **_REGION_WORDS,
        farthest=_km(np.nanmax(distances)),
        listed=joined(points, "; ", "; "),
        more=and_more(_count(bad.size - 5)) if bad.size > 5 else "",
        hint=said("some_swapped" if np.any(in_region(lats[bad], lons[bad])) else "check_crs"),
    )
    return CoordinateError(message, bad[:5].tolist())


def northing_first(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether coordinates are VN-2000 metres written the Vietnamese survey way, X the northing and Y the easting
    (a cadastral sheet's "X (m)", "Y (m)"): every point's x in the region's northings and y in its eastings. Such
    values cannot be the other way round: no easting of the region is 900 km or more."""
    finite = np.isfinite(x) & np.isfinite(y)
    return bool(finite.any() and np.all(_in_tm3(y[finite], x[finite])))


def in_region(lons: Any, lats: Any) -> Any:
    """Whether ``lons``/``lats`` (numbers, or arrays of them) lie in :data:`REGION_BOUNDS`."""
    west, south, east, north = REGION_BOUNDS
    return (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)


def _swapped(x: Any, y: Any) -> Any:
    """Whether ``x``/``y`` (numbers, or arrays of them) look like the region's latitudes and longitudes."""
    return (x >= 8) & (x <= 12) & (y >= 102) & (y <= 110)


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


def _ranges(x: np.ndarray, y: np.ndarray) -> Said:
    return said("ranges", x0=_fmt(x.min()), x1=_fmt(x.max()), y0=_fmt(y.min()), y1=_fmt(y.max()))


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
