"""Small questions asked of a pyproj CRS: its datum, ellipsoid, units, Transverse Mercator parameters, TM-3 zone."""

from __future__ import annotations

import math
import re

from pyproj import CRS

from geo.coordinates.zones import (
    VN2000_DATUM_EPSG,
    VN2000_GEOGRAPHIC_EPSG,
    VN2000_TM3_ZONES,
    VN2000_UTM_ZONES,
)
from geo.text_encoding import fold

#: "VN-2000" as datum and CRS names write it ("VN_2000", "Vietnam 2000", "vn2000"), once folded.
VN2000_NAME = re.compile(r"(?<![a-z0-9])(vn|vietnam)[\s_-]*2000(?!\d)")


def horizontal(crs: CRS) -> CRS:
    if crs.is_compound:
        return crs.sub_crs_list[0]
    return crs


def _datum_id(crs: CRS) -> int | None:
    datum = crs.datum
    if datum is None:
        return None
    ident = datum.to_json_dict().get("id") or {}
    return int(ident["code"]) if ident.get("authority") == "EPSG" and "code" in ident else None


def is_vn2000_datum(crs: CRS) -> bool:
    if _datum_id(crs) == VN2000_DATUM_EPSG:
        return True
    return crs.datum is not None and bool(VN2000_NAME.search(fold(crs.datum.name)))


def is_wgs84_datum(crs: CRS) -> bool:
    if _datum_id(crs) == 6326:
        return True
    name = crs.datum.name if crs.datum is not None else ""
    return name.startswith("World Geodetic System 1984") or name.upper() in {"WGS84", "WGS_1984", "D_WGS_1984"}


def has_wgs84_ellipsoid(crs: CRS) -> bool:
    ellipsoid = crs.ellipsoid
    return (
        ellipsoid is not None
        and math.isclose(ellipsoid.semi_major_metre, 6378137.0, abs_tol=1e-3)
        and math.isclose(ellipsoid.inverse_flattening, 298.257223563, abs_tol=1e-6)
    )


def in_metres(crs: CRS) -> bool:
    return all(axis.unit_name in {"metre", "meter", "Meter"} for axis in crs.axis_info[:2])


def tm_params(crs: CRS) -> dict[str, float] | None:
    operation = crs.coordinate_operation
    if not crs.is_projected or operation is None or operation.method_name != "Transverse Mercator":
        return None
    by_code = {p.code: p.value for p in operation.params}
    keys = {"8801": "lat_0", "8802": "lon_0", "8805": "k", "8806": "x_0", "8807": "y_0"}
    if not set(keys) <= set(by_code):
        return None
    return {name: float(by_code[code]) for code, name in keys.items()}


def vn2000_zone(crs: CRS) -> int | None:
    """The EPSG code of the VN-2000 CRS with the same coordinate system as ``crs`` (datum aside), if any."""
    if not has_wgs84_ellipsoid(crs):
        return None
    if crs.is_geographic:
        return VN2000_GEOGRAPHIC_EPSG
    params = tm_params(crs)
    if params is None or not in_metres(crs):
        return None
    standard = (params["lat_0"], params["x_0"], params["y_0"]) == (0.0, 500000.0, 0.0)
    if not standard:
        return None
    if math.isclose(params["k"], 0.9999):
        return VN2000_TM3_ZONES.get(round(params["lon_0"], 6))
    if math.isclose(params["k"], 0.9996):
        return VN2000_UTM_ZONES.get(round(params["lon_0"], 6))
    return None


def is_tm3(crs: CRS) -> bool:
    params = tm_params(crs)
    return params is not None and math.isclose(params["k"], 0.9999)
