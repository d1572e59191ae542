"""Forest cover: zonal statistics of a forest raster per admin unit and year, and the plans' forest-cover indicator.

The same path serves a real raster and the synthetic demo one:

- a real Global Mangrove Watch extent (1 = mangrove) or Hansen Global Forest Change ``treecover2000`` (0–100 %,
  use ``threshold`` = the canopy % that counts as forest, e.g. 30) is registered as a COG with
  ``georeg ingest FILE.tif --into forest --year Y --source …`` (or on /upload), which computes the statistics after
  its commit (geo.forest_stats_queue); ``georeg forest stats --raster ID`` computes them again (another threshold);
- ``georeg forest demo --year Y`` writes :func:`write_demo_raster`'s synthetic raster as a COG into the raster folder
  (git-ignored), registers it with ``is_demo`` = true and computes the same statistics.

A pixel counts as forest when its value is at least ``threshold``; its area is measured on the WGS 84 ellipsoid
(geographic rasters) or in the raster's metric CRS. Cover % = forest area / the unit's area. Every plan with an
indicator ``forest_cover`` gets the cover % of its province as an observed value for the raster's year (flagged
demo when the raster is).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
import shapely
from pyproj import Geod
from rasterio.features import geometry_mask, rasterize
from rasterio.transform import from_origin
from rasterio.warp import transform_bounds, transform_geom
from rasterio.windows import Window, from_bounds
from rio_cogeo.cogeo import cog_translate
from rio_cogeo.profiles import cog_profiles
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from geo.environment_messages import THEMES, said
from geo.indicator_values import record_computed
from geo.layer_versions import bump
from geo.models import ForestUnitStat, RasterDataset
from geo.registry_files import own_raster, registry_mark
from geo.said import Said, SaidError

INDICATOR_CODE = "forest_cover"
DEMO_STRIP_M = 800.0
DEMO_PIXEL_DEG = 0.0005
DEMO_RIVER_GAP_M = 3000.0
NOT_FOREST, FOREST, OUTSIDE = 0, 1, 255
DEMO_SOURCE = (
    "SYNTHETIC DEMO, not observed: georeg geo/forest.py write_demo_raster — 1 (forest) on a strip {width:.0f} m wide "
    "inland of the sea coast of the former provinces Bạc Liêu and Trà Vinh (their outline minus the borders with "
    "neighbouring provinces, widened by {gap:.0f} m for river mouths), 0 elsewhere in them; {pixel}° pixels"
)
#: What a reader is told of the demo raster instead of DEMO_SOURCE (which says how it was made, for developers).
DEMO_DESCRIPTION = {
    "vi": "Ảnh tổng hợp để minh họa, không phải số liệu quan trắc: một dải rừng rộng 800 m dọc bờ biển Bạc Liêu và "
    "Trà Vinh.",
    "en": "A synthetic raster for illustration, not observed: a forest strip 800 m wide along the coast of Bạc Liêu "
    "and Trà Vinh.",
}
GEOD = Geod(ellps="WGS84")

_COAST_STRIP = """
WITH prov AS (SELECT ST_Union(geom) AS g FROM admin_unit
              WHERE scheme = 'pre2025' AND level = 'province' AND NOT is_context),
     nb AS (SELECT COALESCE(ST_Union(geom), 'SRID=4326;POLYGON EMPTY'::geometry) AS g FROM admin_unit
            WHERE scheme = 'pre2025' AND level = 'province' AND is_context),
     coast AS (SELECT ST_Difference(ST_Boundary(prov.g), ST_Buffer(nb.g::geography, :gap)::geometry) AS g FROM prov, nb)
SELECT ST_AsBinary(prov.g), ST_AsBinary(ST_Intersection(ST_Buffer(coast.g::geography, :width)::geometry, prov.g))
FROM prov, coast
"""


class ForestError(SaidError):
    """A forest raster or request that cannot be used; the message says what to do, in Vietnamese and English."""


def write_demo_raster(session: Session, target: Path, width_m: float = DEMO_STRIP_M) -> str:
    """Write the synthetic forest raster (uint8, 255 = outside the provinces) as a COG; returns its source text."""
    row = session.execute(text(_COAST_STRIP), {"gap": DEMO_RIVER_GAP_M, "width": width_m}).one()
    if row[0] is None:
        raise ForestError(said("no_provinces", what=Said("vẽ rừng minh họa", "draw the demo forest in")))
    provinces, strip = shapely.from_wkb(row[0]), shapely.from_wkb(row[1])
    west, south, east, north = provinces.bounds
    width, height = int(np.ceil((east - west) / DEMO_PIXEL_DEG)), int(np.ceil((north - south) / DEMO_PIXEL_DEG))
    transform = from_origin(west, north, DEMO_PIXEL_DEG, DEMO_PIXEL_DEG)
    shapes = [(provinces, NOT_FOREST), (strip, FOREST)]
    data = rasterize(shapes, out_shape=(height, width), transform=transform, fill=OUTSIDE, dtype="uint8")
    profile = {"driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "uint8"}
    profile |= {"crs": "EPSG:4326", "transform": transform, "nodata": OUTSIDE}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        plain = Path(work) / "plain.tif"
        with rasterio.open(plain, "w", **profile) as dst:
            dst.write(data, 1)
        cog_profile = cog_profiles.get("deflate") | {"blockxsize": 256, "blockysize": 256}
        written = Path(work) / "cog.tif"
        cog_translate(plain, written, cog_profile, overview_resampling="nearest", quiet=True, in_memory=False)
        partial = target.with_suffix(".partial")
        shutil.move(written, partial)
        partial.replace(target)  # a new file: one hard-linked by another registry (a restore's) stays as it was
    return DEMO_SOURCE.format(width=width_m, gap=DEMO_RIVER_GAP_M, pixel=DEMO_PIXEL_DEG)


def register_demo_raster(session: Session, raster_dir: Path, year: int) -> RasterDataset:
    """Write the demo raster into ``raster_dir`` under the registry's own name (geo.registry_files) and register it
    as forest cover of ``year``, flagged demo; one registered under its former name is written again there."""
    stem = f"forest_cover_{year}_synthetic_demo"
    names = [str(own_raster(raster_dir, stem, registry_mark(session))), str(raster_dir / f"{stem}.tif")]
    found = session.scalars(select(RasterDataset).where(RasterDataset.path.in_(names))).first()
    target = Path(found.path if found is not None else names[0])
    source = write_demo_raster(session, target)
    if found is not None:  # written again in place: same file, same registration
        return found
    dataset = RasterDataset(
        theme="forest_cover",
        title=f"Che phủ rừng MINH HỌA (ảnh tổng hợp, không quan trắc) {year}",
        year=year,
        path=str(target),
        crs="EPSG:4326",
        source=source,
        is_demo=True,
        footprint=raster_footprint(target),
    )
    session.add(dataset)
    session.flush()
    bump(session, "raster_forest_cover")
    return dataset


def raster_footprint(path: Path) -> str:
    """The box of a raster's extent in WGS 84 (EWKT), stored at its registration: which provinces a raster touches
    before it has figures, or when they could not be computed and its file is gone (/changes)."""
    with rasterio.open(path) as src:
        west, south, east, north = transform_bounds(src.crs, "EPSG:4326", *src.bounds)
    return f"SRID=4326;{shapely.box(west, south, east, north).wkt}"


def compute_unit_stats(session: Session, dataset: RasterDataset, threshold: float = 1.0) -> int:
    """Replace ``dataset``'s statistics for every unit of both schemes; record the forest-cover indicator values."""
    if dataset.theme != "forest_cover":
        raise ForestError(said("not_forest", raster=str(dataset.id), theme=THEMES.get(dataset.theme, dataset.theme)))
    if dataset.year is None:
        raise ForestError(said("forest_no_year", raster=str(dataset.id)))
    units = session.execute(
        text("SELECT id, area_m2, ST_AsBinary(geom) AS wkb FROM admin_unit WHERE NOT is_context")
    ).mappings()
    session.execute(delete(ForestUnitStat).where(ForestUnitStat.raster_id == dataset.id))
    written = 0
    with rasterio.open(dataset.path) as src:
        if src.crs is None:
            raise ForestError(said("raster_no_crs", name=Path(dataset.path).name))
        for unit in units:
            forest_m2, covered_m2 = _forest_m2(src, shapely.from_wkb(unit["wkb"]), threshold)
            if covered_m2 == 0:
                continue  # a raster of one province says nothing of the other (trial 58)
            whole = covered_m2 >= COVERED_AT_LEAST * unit["area_m2"]
            session.add(
                ForestUnitStat(
                    raster_id=dataset.id,
                    unit_id=unit["id"],
                    forest_m2=forest_m2 if whole else None,
                    unit_m2=unit["area_m2"],
                    cover_percent=100 * forest_m2 / unit["area_m2"] if whole else None,
                    covered_m2=covered_m2,
                )
            )
            written += int(whole)
    session.flush()
    record_indicator(session, dataset)
    return written


#: A unit gets figures when the raster has values (forest or not) over at least this share of it; its sliver the
#: raster misses (a border drawn a little differently, a cloud mask) counts as not forest, which can lower the cover
#: by at most 5 points. Covered less, the unit has no figures but the share covered: a raster of a quarter of Bạc
#: Liêu gave the province 8,33 % and the plan's indicator "đạt" (trial 59, F-j), Giá Rai 0 ha at 17 % covered.
COVERED_AT_LEAST = 0.95


def _forest_m2(src: rasterio.DatasetReader, geom: shapely.Geometry, threshold: float) -> tuple[float, float]:
    """The forest in ``geom`` (m²) and the area of it the raster has values for."""
    if src.crs.to_epsg() != 4326:
        geom = shapely.geometry.shape(transform_geom("EPSG:4326", src.crs, shapely.geometry.mapping(geom)))
    bounds = from_bounds(*geom.bounds, transform=src.transform)
    col, row = int(np.floor(bounds.col_off)), int(np.floor(bounds.row_off))
    right, bottom = int(np.ceil(bounds.col_off + bounds.width)), int(np.ceil(bounds.row_off + bounds.height))
    window = Window(col, row, right - col, bottom - row)
    try:
        window = window.intersection(Window(0, 0, src.width, src.height))
    except rasterio.errors.WindowError:
        return 0.0, 0.0  # the unit lies outside the raster
    data = src.read(1, window=window, masked=True)
    transform = src.window_transform(window)
    inside = geometry_mask([geom], data.shape, transform, invert=True)
    valued = inside & ~np.ma.getmaskarray(data)
    forest = valued & (data.filled(threshold - 1) >= threshold)
    pixel_m2 = _row_pixel_m2(src.crs, transform, data.shape[0])
    return float((forest.sum(axis=1) * pixel_m2).sum()), float((valued.sum(axis=1) * pixel_m2).sum())


def _row_pixel_m2(crs: rasterio.crs.CRS, transform: rasterio.Affine, rows: int) -> np.ndarray:
    """The area of one pixel in each row: on the ellipsoid for lon/lat rasters (it shrinks towards the poles)."""
    if not crs.is_geographic:
        return np.full(rows, abs(transform.a * transform.e))
    west, dx, dy = transform.c, transform.a, transform.e
    tops = transform.f + dy * np.arange(rows)
    return np.array(
        [abs(GEOD.polygon_area_perimeter([west, west + dx, west + dx, west], [t, t, t + dy, t + dy])[0]) for t in tops]
    )


_PROVINCE_COVER = """
SELECT i.id AS indicator_id, u.id AS unit_id, s.cover_percent
FROM indicator i JOIN plan pl ON pl.id = i.plan_id
JOIN admin_unit u ON u.scheme = 'pre2025' AND u.level = 'province' AND u.code = pl.province_code
JOIN forest_unit_stat s ON s.unit_id = u.id AND s.raster_id = :raster_id AND s.cover_percent IS NOT NULL
WHERE i.code = :code
"""


def record_indicator(session: Session, dataset: RasterDataset) -> None:
    """The plans' forest-cover value of ``dataset``'s year, from its statistics (a correction when it differs)."""
    rows = session.execute(text(_PROVINCE_COVER), {"raster_id": dataset.id, "code": INDICATOR_CODE}).mappings()
    for row in rows:
        record_cover(session, dataset, row["indicator_id"], row["unit_id"], row["cover_percent"])


def record_cover(session: Session, dataset: RasterDataset, indicator_id: int, unit_id: int, cover: float) -> None:
    """A plan's forest-cover value of ``dataset``'s year for its province (``unit_id``): ``cover`` %, from it."""
    record_computed(
        session,
        indicator_id,
        unit_id,
        str(dataset.year),
        round(cover, 3),
        # the raster's title and how it was read, in a director's words (no "raster 3", no module: trial 63);
        # in English: geo.source_labels.SOURCE_PHRASES_EN
        source=dataset.title,
        method="thống kê vùng của ảnh rừng trên toàn tỉnh",
        is_demo=dataset.is_demo,
    )


def latest_dataset(session: Session, year: int | None = None) -> RasterDataset | None:
    """The latest registered forest raster (of ``year``) that has statistics."""
    query = select(RasterDataset).where(
        RasterDataset.theme == "forest_cover", RasterDataset.id.in_(select(ForestUnitStat.raster_id))
    )
    if year is not None:
        query = query.where(RasterDataset.year == year)
    return session.scalars(query.order_by(RasterDataset.year.desc(), RasterDataset.id.desc())).first()


_PROVINCE_MEASURE = """
SELECT r.year, r.title, r.is_demo, round(s.cover_percent::numeric, 2)::float AS cover_percent
FROM forest_unit_stat s JOIN raster_dataset r ON r.id = s.raster_id AND r.theme = 'forest_cover' AND r.year <= :year
     AND s.cover_percent IS NOT NULL
JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = 'pre2025' AND u.level = 'province' AND u.code = :province
ORDER BY r.year DESC, r.id DESC LIMIT 1
"""


def province_cover(session: Session, province: str, year: int) -> dict[str, Any] | None:
    """The forest cover % of the former (pre-2025) ``province`` from the latest raster of ``year`` or before (its
    year, title, demo flag); None when no raster has statistics then."""
    found = session.execute(text(_PROVINCE_MEASURE), {"province": province, "year": year}).mappings().first()
    return dict(found) if found else None


_UNIT_STATS = """
SELECT u.id, u.code, u.name_vi, u.name_en, round((s.forest_m2 / 10000)::numeric, 1)::float AS forest_ha,
       round((s.unit_m2 / 10000)::numeric, 1)::float AS unit_ha,
       round(s.cover_percent::numeric, 3)::float AS cover_percent,
       round((100 * coalesce(s.covered_m2, s.unit_m2) / s.unit_m2)::numeric, 1)::float AS covered_percent,
       CASE WHEN s.id IS NULL THEN 'not_covered' WHEN s.cover_percent IS NULL THEN 'partly_covered' END AS no_data
FROM admin_unit u LEFT JOIN forest_unit_stat s ON s.unit_id = u.id AND s.raster_id = :raster_id
WHERE u.scheme = :scheme AND u.level = :level AND NOT u.is_context ORDER BY u.code
"""


def unit_forest(session: Session, dataset: RasterDataset, scheme: str, level: str) -> dict[str, Any]:
    """The dataset (with its demo flag and source) and the forest ha and cover % of each unit."""
    params = {"raster_id": dataset.id, "scheme": scheme, "level": level}
    rows = [dict(r) for r in session.execute(text(_UNIT_STATS), params).mappings()]
    about = {k: getattr(dataset, k) for k in ("id", "title", "year", "source", "is_demo")}
    return {"dataset": about, "scheme": scheme, "level": level, "units": rows}
