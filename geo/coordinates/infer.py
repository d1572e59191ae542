"""Working out the likely CRS of coordinates without a .prj, and refusing coordinates outside the region."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from pyproj import CRS, Geod

from geo.coordinates.datum_shift import (
    to_wgs84,
)
from geo.coordinates.zones import (
    CANDIDATE_ZONES,
    PROVINCE_ZONES,
    REGION_BOUNDS,
    WGS84_EPSG,
    AmbiguousCrsError,
    CoordinateError,
    CrsDecision,
)

_TM3_EASTING = (400_000.0, 700_000.0)
_TM3_NORTHING = (900_000.0, 1_300_000.0)
_GEOD = Geod(ellps="WGS84")


def infer_crs(xs: Sequence[float], ys: Sequence[float], province_code: str | None) -> CrsDecision:
    """Work out the likely CRS of data without a .prj from the ranges of its coordinates.

    Longitude/latitude degrees in the region → WGS 84 (EPSG:4326), with a warning that they could be VN-2000
    geographic. Metres in the TM-3 ranges (E 400–700 km, N 900–1 300 km) → the province's TM-3 zone
    (:data:`PROVINCE_ZONES`); without a province that settles it, :class:`AmbiguousCrsError` lists the candidates.
    Swapped latitude/longitude columns, and points outside the region once transformed, raise
    :class:`CoordinateError`.
    """
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"xs and ys must be two sequences of the same length, got {x.shape} and {y.shape}")
    if x.size == 0:
        raise CoordinateError("no coordinates to infer a CRS from")
    bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
    if bad.size:
        raise CoordinateError(
            f"{bad.size} feature(s) have missing or non-numeric coordinates: {_list_indexes(bad, x, y)}; "
            "fix or drop them before import",
            bad[:5].tolist(),
        )
    ranges = f"x {_fmt(x.min())}–{_fmt(x.max())}, y {_fmt(y.min())}–{_fmt(y.max())}"

    swapped = (x >= 8) & (x <= 12) & (y >= 102) & (y <= 110)
    if np.all(swapped):
        raise CoordinateError(
            f"latitude and longitude look swapped ({ranges}: x looks like latitude, y like longitude); swap the "
            "columns, or map x to the longitude column and y to the latitude column",
            range(min(5, x.size)),
        )
    if np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90):
        _check_region(x, y, f"read as WGS 84 longitude/latitude ({ranges})")
        return CrsDecision(
            crs=CRS.from_epsg(WGS84_EPSG),
            epsg=WGS84_EPSG,
            how=f"inferred from the coordinate ranges (no .prj): {ranges} are longitude/latitude degrees in the "
            "region → EPSG:4326 (WGS 84 assumed)",
            warnings=(
                "degrees could also be VN-2000 geographic (EPSG:4756), ~225 m from WGS 84; WGS 84 was assumed — "
                "pass --crs EPSG:4756 if the data come from a VN-2000 survey",
            ),
        )

    in_tm3 = (x >= _TM3_EASTING[0]) & (x <= _TM3_EASTING[1]) & (y >= _TM3_NORTHING[0]) & (y <= _TM3_NORTHING[1])
    if not np.all(in_tm3):
        outside = np.flatnonzero(~in_tm3)
        raise CoordinateError(
            f"the coordinates ({ranges}) are neither longitude/latitude degrees in the region nor VN-2000 TM-3 "
            f"metres (E 400–700 km, N 900–1,300 km); first features outside: {_list_indexes(outside, x, y)}. "
            f"Pass the CRS with --crs, or check the x/y columns{_swap_hint(swapped, x, y)}",
            outside[:5].tolist(),
        )

    code = (province_code or "").strip()
    zone = PROVINCE_ZONES.get(code)
    if zone is None:
        candidates = (5897, 9207) if code == "96" else tuple(CANDIDATE_ZONES)
        why = (
            "province 96 (Cà Mau since 2025) mixes former Bạc Liêu data (TM-3 105°00') and former Cà Mau data "
            "(104°30', HCMGIS's choice), ~55 km apart"
            if code == "96"
            else f"no TM-3 zone is known for province {code!r}"
            if code
            else "no province was given"
        )
        raise AmbiguousCrsError(
            f"the coordinates ({ranges}) are VN-2000 TM-3 metres, but the zone cannot be decided: {why}. Pass "
            f"--crs with one of: {_describe_candidates(candidates, x, y)}",
            candidates,
        )
    _check_region_projected(x, y, zone.epsg, ranges)
    warnings = [
        "the zone was inferred, not read: overlay the result on the commune boundaries; another zone moves "
        "points by tens of kilometres, UTM 48N (EPSG:3405) by a few hundred metres",
    ]
    if zone.note:
        warnings.append(zone.note)
    crs = CRS.from_epsg(zone.epsg)
    return CrsDecision(
        crs=crs,
        epsg=zone.epsg,
        how=f"inferred from the coordinate ranges (no .prj): {ranges} are VN-2000 TM-3 metres; province {code} "
        f"({zone.name}) → EPSG:{zone.epsg} ({crs.name})",
        warnings=tuple(warnings),
    )


def check_in_region(lons: Sequence[float], lats: Sequence[float]) -> None:
    """Raise :class:`CoordinateError` if any WGS 84 point is outside :data:`REGION_BOUNDS` (or not a number).

    The message lists the first offending feature indexes, their values and how far out they are.
    """
    _check_region(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float), "")


def _check_region(lons: np.ndarray, lats: np.ndarray, context: str) -> None:
    west, south, east, north = REGION_BOUNDS
    inside = (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
    bad = np.flatnonzero(~inside)
    if bad.size == 0:
        return
    distances = _km_outside(lons[bad], lats[bad])
    listed = "; ".join(
        f"#{i} (lon {_fmt(lons[i])}, lat {_fmt(lats[i])}) {_km(d)} out"
        for i, d in zip(bad[:5].tolist(), distances[:5], strict=True)
    )
    more = f" and {bad.size - 5} more" if bad.size > 5 else ""
    swapped = (lats[bad] >= west) & (lats[bad] <= east) & (lons[bad] >= south) & (lons[bad] <= north)
    hint = (
        "latitude and longitude look swapped for some of them: swap the columns"
        if np.any(swapped)
        else "check the CRS (pass --crs) and the x/y columns"
    )
    prefix = f"{context}: " if context else ""
    raise CoordinateError(
        f"{prefix}{bad.size} of {lons.size} features lie outside the Bạc Liêu / Trà Vinh region (lon {west}–{east}, "
        f"lat {south}–{north}), up to {_km(np.nanmax(distances))} out: {listed}{more}; {hint}",
        bad[:5].tolist(),
    )


def _check_region_projected(x: np.ndarray, y: np.ndarray, epsg: int, ranges: str) -> None:
    lons, lats = to_wgs84(epsg).transform(x, y)
    _check_region(np.asarray(lons), np.asarray(lats), f"transformed from EPSG:{epsg} ({ranges})")


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


def _describe_candidates(candidates: Sequence[int], x: np.ndarray, y: np.ndarray) -> str:
    """Each candidate zone with where the data's centre would land in it."""
    cx, cy = float(np.median(x)), float(np.median(y))
    parts = []
    for code in candidates:
        lon, lat = to_wgs84(code).transform(cx, cy)
        parts.append(f"EPSG:{code} ({CANDIDATE_ZONES[code]}: centre at lon {lon:.3f}, lat {lat:.3f})")
    return "; ".join(parts)


def _swap_hint(swapped: np.ndarray, x: np.ndarray, y: np.ndarray) -> str:
    if not swapped.any():
        return ""
    return f" (latitude and longitude look swapped in {_list_indexes(np.flatnonzero(swapped), x, y)}: swap them)"


def _list_indexes(indexes: np.ndarray, x: np.ndarray, y: np.ndarray, limit: int = 5) -> str:
    listed = ", ".join(f"#{i} ({_fmt(x[i])}, {_fmt(y[i])})" for i in indexes[:limit].tolist())
    return listed + (f" and {indexes.size - limit} more" if indexes.size > limit else "")


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.5g}"


def _km(value: float) -> str:
    return "?" if not math.isfinite(value) else f"{value:,.1f} km" if value < 100 else f"{value:,.0f} km"
