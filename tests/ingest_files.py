"""Building test inputs at test time from the bundled boundary files: VN-2000 shapefiles with legacy text, CSVs."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import rasterio
import shapely
from pyproj import CRS
from rasterio.features import rasterize

from geo.coordinates import from_wgs84
from geo.text_encoding import encode

BUNDLED_DATA = Path(__file__).resolve().parents[1] / "data"
DISTRICTS = BUNDLED_DATA / "boundaries" / "vn_districts_baclieu_travinh.geojson"
COMMUNES = BUNDLED_DATA / "boundaries" / "vn_communes_2025_camau_vinhlong.geojson"


def districts(province_code: str) -> gpd.GeoDataFrame:
    """The former districts of one province (WGS 84), as published."""
    frame = pyogrio.read_dataframe(DISTRICTS)
    return frame[frame["province_code"] == province_code].reset_index(drop=True)


def communes_file(folder: Path, *, buffered: int | None = None, parents: bool = True) -> Path:
    """The 66 communes of former Bạc Liêu and Trà Vinh as published (each simplified on its own: their borders
    overlap and gap by tens of metres), as an office's GeoPackage (ma_xa, ten_xa, and ma_tinh where ``parents``);
    the commune at ``buffered`` grown by 0.005° (about 550 m) over its neighbours."""
    frame = pyogrio.read_dataframe(COMMUNES)
    frame = frame[frame["in_old_baclieu_or_travinh"]].reset_index(drop=True)
    columns = {"commune_code": "ma_xa", "commune_name": "ten_xa"}
    columns |= {"province_2025_code": "ma_tinh"} if parents else {}
    office = gpd.GeoDataFrame(frame[list(columns)].rename(columns=columns), geometry=frame.geometry.values, crs=4326)
    if buffered is not None:
        office.loc[buffered, "geometry"] = office.geometry[buffered].buffer(0.005)
    path = folder / f"xa_{buffered}_{parents}.gpkg"
    office.to_file(path, driver="GPKG")
    return path


def to_crs(geoms: np.ndarray, epsg: int) -> np.ndarray:
    """WGS 84 geometries in a VN-2000 CRS, with the official shift (geo.coordinates.from_wgs84)."""
    transformer = from_wgs84(epsg)
    return shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def legacy_shapefile(folder: Path, frame: gpd.GeoDataFrame, encoding: str, prj: str | None, name: str = "data") -> Path:
    """A shapefile whose DBF text is in ``encoding`` with no .cpg, and ``prj`` (or no .prj) as given."""
    folder.mkdir(parents=True, exist_ok=True)
    table = frame.copy()
    for column in table.columns:
        if column != "geometry" and table[column].dtype == object or str(table[column].dtype).startswith("str"):
            table[column] = [encode(v, encoding).decode("latin-1") if isinstance(v, str) else v for v in table[column]]
    path = folder / f"{name}.shp"
    pyogrio.write_dataframe(gpd.GeoDataFrame(table, geometry="geometry", crs=None), path, encoding="latin1")
    for sidecar in (".cpg", ".prj"):
        path.with_suffix(sidecar).unlink(missing_ok=True)
    if prj is not None:
        path.with_suffix(".prj").write_text(prj, encoding="utf-8")
    return path


def esri_prj(epsg: int) -> str:
    return CRS.from_epsg(epsg).to_wkt("WKT1_ESRI")


WINDOW = (105.5, 9.2, 105.6, 9.3)  # a lon/lat box in Bạc Liêu


def salinity_squares(folder: Path, count: int, *, outside: bool = False, period: str = "2025-03") -> tuple[Path, int]:
    """``count`` 100 m squares of ``period`` over Bạc Liêu (the last one far outside the region if ``outside``), and
    how many of them intersect WINDOW. The same cells each time: files of one registry repeating them take their own
    period, or the load is refused for zones another load holds."""
    rng = np.random.default_rng(7)
    cells = rng.choice(250 * 200, count, replace=False)  # cells of a 0.002° grid: zones of one period do not overlap
    lon, lat = 105.3 + 0.002 * (cells % 250), 9.1 + 0.002 * (cells // 250)
    if outside:
        lon[-1], lat[-1] = 100.0, 20.0
    boxes = shapely.box(lon, lat, lon + 0.001, lat + 0.001)
    path = folder / f"man_{count}_{outside}.gpkg"
    frame = gpd.GeoDataFrame({"cap_man": ["8-16"] * count, "ky": [period] * count}, geometry=boxes, crs="EPSG:4326")
    frame.to_file(path)
    return path, int(shapely.intersects(boxes, shapely.box(*WINDOW)).sum())


KINDS_BY_SHAPE = {"point": "sluice", "line": "canal", "polygon": "forest_planting"}
STATUSES = [None, "operating", "under_construction", "preparing"]


def project_mix(count: int, prefix: str, *, seed: int = 11) -> gpd.GeoDataFrame:
    """``count`` projects (60 % points, 25 % lines, 15 % polygons) well inside the districts of both provinces, WGS 84;
    every third without a province column value (placed by its geometry), statuses and percents now and then.
    ``attrs["provinces"]`` holds the province of each."""
    frame = pyogrio.read_dataframe(DISTRICTS)
    inner = shapely.buffer(frame.geometry.values, -0.01)  # about 1 km inside: clear of every province border
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(frame), count * 4)
    west, south, east, north = shapely.bounds(inner[which]).T
    xs, ys = rng.uniform(west, east), rng.uniform(south, north)
    inside = shapely.contains_xy(inner[which], xs, ys)
    which, xs, ys = which[inside][:count], xs[inside][:count], ys[inside][:count]
    shapes = np.array(["point"] * count, dtype=object)
    shapes[int(count * 0.6) : int(count * 0.85)] = "line"
    shapes[int(count * 0.85) :] = "polygon"
    shapes = rng.permutation(shapes)
    size = 0.002  # about 200 m
    geoms = np.where(
        shapes == "point",
        shapely.points(xs, ys),
        np.where(
            shapes == "line",
            shapely.linestrings(np.stack([np.column_stack([xs, ys]), np.column_stack([xs + size, ys + size])], 1)),
            shapely.box(xs, ys, xs + size, ys + size),
        ),
    )
    provinces = frame["province_code"].to_numpy()[which]
    status = [STATUSES[i % 4] for i in range(count)]
    mix = gpd.GeoDataFrame(
        {
            "MA_DA": [f"{prefix}-{i:06d}" for i in range(count)],
            "TEN_DA": [f"Công trình số {i}" for i in range(count)],
            "LOAI": [KINDS_BY_SHAPE[s] for s in shapes],
            "province": [None if i % 3 == 0 else p for i, p in enumerate(provinces)],
            "TRANG_THAI": status,
            "TIEN_DO": [None if s is None else float(i % 100) for i, s in enumerate(status)],
        },
        geometry=geoms,
        crs="EPSG:4326",
    )
    mix.attrs["provinces"] = list(provinces)  # where each one lies, also for those without a province value
    return mix


def forest_tif(path: Path, epsg_said: int) -> Path:
    """Forest (1) over Đông Hải at 100 m, its pixels in TM-3 105°00' (EPSG:5897), its CRS said ``epsg_said``."""
    frame = districts("95")
    (district,) = to_crs(frame.geometry.values[frame["district_name"] == "Đông Hải"], 5897)
    west, south, east, north = district.bounds
    transform = rasterio.transform.from_origin(west, north, 100, 100)
    shape = (int((north - south) / 100) + 1, int((east - west) / 100) + 1)
    forest = rasterize([(district, 1)], out_shape=shape, transform=transform, dtype="uint8")
    profile = {"driver": "GTiff", "width": shape[1], "height": shape[0], "count": 1, "dtype": "uint8"}
    with rasterio.open(path, "w", crs=f"EPSG:{epsg_said}", transform=transform, nodata=255, **profile) as dst:
        dst.write(forest[np.newaxis])
    return path
