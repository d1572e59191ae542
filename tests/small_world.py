"""A hand-checkable world for the raster tests: one former province "95" (lon 105.0–105.2, lat 9.0–9.1) of two
districts A (105.0–105.1) and B (105.1–105.2), and small GeoTIFFs written at test time on a 0.05° grid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from pyproj import Geod
from rasterio.transform import from_origin
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from geo.models import AdminUnit, Project

WEST, EAST, SOUTH, NORTH = 105.0, 105.2, 9.0, 9.1
PIXEL = 0.05
GEOD = Geod(ellps="WGS84")


def box(x0: float, x1: float, y0: float = SOUTH, y1: float = NORTH) -> str:
    return f"SRID=4326;MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))"


def box_m2(x0: float, x1: float, y0: float = SOUTH, y1: float = NORTH) -> float:
    """The area of a lon/lat box on the WGS 84 ellipsoid, computed apart from PostGIS."""
    area, _ = GEOD.polygon_area_perimeter([x0, x1, x1, x0], [y0, y0, y1, y1])
    return abs(area)


UNITS = (("95", "province", "Tỉnh Thử", box(WEST, EAST)), ("A", "district", "Huyện A", box(105.0, 105.1)))
UNITS += (("B", "district", "Huyện B", box(105.1, 105.2)),)


def make_world(make_registry, label: str, projects: dict[str, str] | None = None):
    """A migrated database with the three units and ``projects`` (code → WKT); returns its engine."""
    url = make_registry(label)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        for code, level, name, geom in UNITS:
            session.add(
                AdminUnit(
                    code=code, scheme="pre2025", level=level, name_vi=name, name_en=name, source="test", geom=geom
                )
            )
        session.flush()
        session.execute(
            text(
                "UPDATE admin_unit SET parent_id = (SELECT id FROM admin_unit WHERE code = '95') "
                "WHERE level = 'district'"
            )
        )
        for code, wkt in (projects or {}).items():
            session.add(
                Project(
                    code=code,
                    name_vi=code,
                    name_en=code,
                    kind="other",
                    province_code="95",
                    location_precision="surveyed",
                    geom=f"SRID=4326;{wkt}",
                )
            )
    return engine


def write_raster(
    path: Path,
    values: list[list[float]],
    dtype: str = "float32",
    nodata: float | None = None,
    crs: str | None = "EPSG:4326",
) -> Path:
    """A GeoTIFF (EPSG:4326 unless ``crs``); rows of ``values`` from the north-west corner, 0.05° per pixel."""
    data = np.array(values, dtype=dtype)
    profile = {"driver": "GTiff", "width": data.shape[1], "height": data.shape[0], "count": 1, "dtype": dtype}
    profile |= {"crs": crs, "transform": from_origin(WEST, NORTH, PIXEL, PIXEL), "nodata": nodata}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
    return path
