"""Output coordinate systems of OGC API – Features (Part 2): CRS84, EPSG:4326 and the VN-2000 TM-3 zones.

VN-2000 coordinates are computed in Python with geo.coordinates.from_wgs84, which applies the official
Decision 05/2007/QĐ-BTNMT parameters; PostGIS ST_Transform would let PROJ pick another operation (~0.9 m off).
Coordinates follow each CRS's axis order, as Part 2 requires: EPSG:4326 is latitude, longitude.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import CRS

from geo.coordinates import VN2000_TM3_ZONES, from_wgs84, to_wgs84
from geo.said import Said, SaidError

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{}"
OUTPUT_EPSG = (4326, *sorted(set(VN2000_TM3_ZONES.values())))
SUPPORTED = (CRS84, *(EPSG_URI.format(code) for code in OUTPUT_EPSG))


class UnsupportedCrs(SaidError):
    """A CRS the layers are not offered in, said with those they are."""


def epsg_of(uri: str | None) -> int | None:
    """The EPSG code of a supported CRS URI (None for CRS84); raises UnsupportedCrs otherwise."""
    if uri in (None, "", CRS84):
        return None
    for code in OUTPUT_EPSG:
        if uri in (EPSG_URI.format(code), f"EPSG:{code}", f"[EPSG:{code}]"):
            return code
    offered = ", ".join(SUPPORTED)
    raise UnsupportedCrs(
        Said(
            f"không cung cấp hệ tọa độ {uri!r}; hãy dùng một trong: {offered}",
            f"crs {uri!r} is not offered; use one of: {offered}",
        )
    )


def uri_of(epsg: int | None) -> str:
    return CRS84 if epsg is None else EPSG_URI.format(epsg)


def _north_first(epsg: int) -> bool:
    return CRS.from_epsg(epsg).axis_info[0].direction == "north"


def reproject(geometry: dict[str, Any] | None, epsg: int | None) -> dict[str, Any] | None:
    """A GeoJSON geometry (CRS84) in ``epsg``, axes in that CRS's order; unchanged for CRS84."""
    if geometry is None or epsg is None:
        return geometry
    transformer = from_wgs84(epsg)
    north_first = _north_first(epsg)

    def convert(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack((y, x) if north_first else (x, y))

    return shapely.geometry.mapping(shapely.transform(shapely.geometry.shape(geometry), convert))


def to_crs84(geometry: shapely.Geometry, epsg: int | None) -> shapely.Geometry:
    """A geometry given in ``epsg`` (axes in that CRS's order) as longitude/latitude; unchanged for CRS84."""
    if epsg is None:
        return geometry
    transformer = to_wgs84(epsg)
    north_first = _north_first(epsg)

    def convert(xy: np.ndarray) -> np.ndarray:
        x, y = (xy[:, 1], xy[:, 0]) if north_first else (xy[:, 0], xy[:, 1])
        return np.column_stack(transformer.transform(x, y))

    return shapely.transform(geometry, convert)


def bbox_to_crs84(bbox: tuple[float, float, float, float], epsg: int | None) -> tuple[float, float, float, float]:
    """The CRS84 box around a box given in ``epsg`` (its edges densified, as a projected box is curved in degrees)."""
    box = shapely.segmentize(shapely.box(*bbox), max(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 16 or 1)
    west, south, east, north = to_crs84(box, epsg).bounds
    return west, south, east, north
