"""Raster tiles of a registered COG: colour classes, transparent nodata, legend."""

from __future__ import annotations

import io

import morecantile
import numpy as np
import pytest
import rasterio
from fastapi.testclient import TestClient
from PIL import Image
from rio_cogeo.cogeo import cog_translate, cog_validate
from rio_cogeo.profiles import cog_profiles
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.main import create_app
from geo.models import RasterDataset
from geo.settings import PROJECT_ROOT, Settings
from layers.catalog import SOIL_SALINITY

SALINITY = str(PROJECT_ROOT / "data" / "mekong_soil_salinity_ece_xgb_2025-03.tif")
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


@pytest.fixture(scope="module")
def raster_client(make_registry, tmp_path_factory):
    """An app on a database where a COG made from the real salinity prediction is registered."""
    cog = tmp_path_factory.mktemp("cog") / "salinity_ece_2025-03.tif"
    cog_translate(SALINITY, cog, cog_profiles.get("deflate"), quiet=True)
    assert cog_validate(cog)[0]
    url = make_registry("raster")
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        session.add(
            RasterDataset(
                theme="salinity",
                title="Soil salinity ECe (dS/m), XGBoost prediction, March 2025 — quanguet0409/SalinityCygnss (MIT)",
                year=2025,
                period="2025-03",
                path=str(cog),
                crs="EPSG:4326",
                source="ML prediction, not official isohalines: github.com/quanguet0409/SalinityCygnss (MIT)",
            )
        )
    engine.dispose()
    return TestClient(create_app(Settings(database_url=url))), cog


def _rgba(response) -> np.ndarray:
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    return np.asarray(Image.open(io.BytesIO(response.content)).convert("RGBA"))


def _class_colour(value: float) -> tuple[int, int, int]:
    colour = next(c.colour for c in SOIL_SALINITY.classes if c.low <= value < c.high)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_a_tile_colours_the_values_by_class_and_leaves_nodata_transparent(raster_client):
    client, cog = raster_client
    lon, lat = 105.75, 9.28  # near Bạc Liêu city, ECe about 9 dS/m per the data's notes
    with rasterio.open(cog) as source:
        value = next(source.sample([(lon, lat)]))[0]
    tile = WEB_MERCATOR.tile(lon, lat, 9)
    pixels = _rgba(client.get(f"/raster/soil_salinity/9/{tile.x}/{tile.y}.png"))
    west, south, east, north = WEB_MERCATOR.bounds(tile)
    col = int((lon - west) / (east - west) * 256)
    row = _row_in_tile(tile, lat)
    assert tuple(pixels[row, col][:3]) == _class_colour(value) and pixels[row, col][3] == 255
    sea = WEB_MERCATOR.tile(106.7, 8.5, 9)  # open sea: NaN in the raster
    assert (_rgba(client.get(f"/raster/soil_salinity/9/{sea.x}/{sea.y}.png"))[..., 3] == 0).mean() > 0.5
    outside = WEB_MERCATOR.tile(0.0, 0.0, 9)
    assert _rgba(client.get(f"/raster/soil_salinity/9/{outside.x}/{outside.y}.png"))[..., 3].max() == 0


def _row_in_tile(tile: morecantile.Tile, lat: float) -> int:
    top = WEB_MERCATOR.xy_bounds(tile)
    y = WEB_MERCATOR.xy(0, lat).y
    return int((top.top - y) / (top.top - top.bottom) * 256)


def test_legend_and_errors(raster_client):
    client, _ = raster_client
    legend = client.get("/raster/soil_salinity/legend?lang=en").json()
    assert [c["colour"] for c in legend["classes"]] == [c.colour for c in SOIL_SALINITY.classes]
    assert legend["dataset"]["period"] == "2025-03" and "MIT" in legend["dataset"]["source"]
    assert client.get("/raster/soil_salinity/legend").json()["classes"][0]["label"].startswith("Không mặn")
    assert "forest_cover" in client.get("/raster/forest_cover/8/203/121.png").json()["detail"]
    assert client.get("/raster/nope/8/203/121.png").status_code == 404
