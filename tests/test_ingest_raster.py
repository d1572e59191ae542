"""GeoTIFF → Cloud-Optimised GeoTIFF with overviews, CRS checked, registered with theme, year and source."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import rasterio
from ingest_files import BUNDLED_DATA
from rio_cogeo.cogeo import cog_validate
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from geo.ingest.raster import RasterRequest, register_raster
from geo.models import IngestJob, RasterDataset
from geo.settings import Settings

SALINITY_TIF = BUNDLED_DATA / "mekong_soil_salinity_ece_xgb_2025-03.tif"


@pytest.fixture(scope="module")
def engine(make_registry):
    url = make_registry("ingest_raster")
    engine = create_engine(url)
    yield engine
    engine.dispose()


def test_salinity_geotiff_becomes_a_registered_cog_with_overviews(engine, tmp_path):
    settings = Settings(raster_dir=tmp_path / "rasters")
    request = RasterRequest(tmp_path / "in.tif", "salinity", "SoilGrids-derived ECe", year=2025)
    shutil.copy(SALINITY_TIF, request.path)

    report = register_raster(engine, request, settings)

    assert report.ok, report.errors
    assert report.crs == "EPSG:4326" and report.overviews
    valid, errors, _ = cog_validate(report.path, quiet=True)
    assert valid, errors
    with rasterio.open(SALINITY_TIF) as original, rasterio.open(report.path) as cog:
        assert cog.crs == original.crs and cog.transform == original.transform
        assert np.array_equal(cog.read(1), original.read(1), equal_nan=True)
    with Session(engine) as session:
        dataset = session.get(RasterDataset, report.raster_id)
        assert (dataset.theme, dataset.year, dataset.source) == ("salinity", 2025, "SoilGrids-derived ECe")
        assert session.get(IngestJob, dataset.ingest_job_id).state == "committed"


def test_geotiff_without_crs_is_refused_and_nothing_is_kept(engine, tmp_path):
    path = tmp_path / "no_crs.tif"
    profile = {"driver": "GTiff", "width": 8, "height": 8, "count": 1, "dtype": "uint8"}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.ones((1, 8, 8), dtype="uint8"))
    settings = Settings(raster_dir=tmp_path / "rasters")
    with Session(engine) as session:
        before = session.scalar(select(func.count()).select_from(RasterDataset))

    report = register_raster(engine, RasterRequest(path, "forest", "test", year=2020), settings)

    assert not report.ok and "no CRS" in report.errors[0].message
    assert "không có hệ tọa độ" in report.errors[0].text("vi")  # the page and --lang vi say it in Vietnamese
    assert not (tmp_path / "rasters").exists() or not any((tmp_path / "rasters").iterdir())
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(RasterDataset)) == before


def test_raster_outside_the_region_is_refused(engine, tmp_path):
    path = tmp_path / "hanoi.tif"
    transform = rasterio.transform.from_origin(105.7, 21.1, 0.01, 0.01)
    profile = {"driver": "GTiff", "width": 8, "height": 8, "count": 1, "dtype": "uint8", "crs": "EPSG:4326"}
    with rasterio.open(path, "w", transform=transform, **profile) as dst:
        dst.write(np.ones((1, 8, 8), dtype="uint8"))

    report = register_raster(engine, RasterRequest(path, "forest", "test", year=2020), Settings(raster_dir=tmp_path))

    assert not report.ok and "outside the registry's region" in report.errors[0].message
    assert "nằm ngoài vùng" in report.errors[0].text("vi") and "vĩ độ 21,02–21,1," in report.errors[0].text("vi")
