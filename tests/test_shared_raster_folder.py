"""Two registries served from one checkout share its raster folder (``GEOREG_RASTER_DIR``) unless each sets its own.
The same forest raster loaded into both was one file, and ``georeg forest remove`` in one deleted the file the other
still registered: its forest layer, tiles and figures broke (session 66). Each registry now names its own file (a hard
link to one copy) and a removal deletes only its own name; a restore of one registry's backup into another gives it
its own names too.
"""

from __future__ import annotations

import math
import os
import shutil

import numpy as np
import pytest
import rasterio
from fastapi.testclient import TestClient
from ingest_files import forest_tif
from rasterio.warp import transform
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app
from geo.db import get_engine
from geo.forest import FOREST, register_demo_raster
from geo.ingest.raster import RasterRequest, register_raster
from geo.settings import Settings
from layers.raster_tiles import _transparent_tile

SOURCE = "Chi cục Kiểm lâm"


@pytest.fixture(scope="module")
def two_registries(make_registry, tmp_path_factory):
    """Two sample registries' URLs, by name, and the raster folder they share."""
    folder = tmp_path_factory.mktemp("shared") / "rasters"
    return {name: make_registry(f"shared_rasters_{name}", sample=True) for name in ("office", "test")}, folder


@pytest.fixture
def georeg(commands_use, monkeypatch, two_registries):
    """``georeg`` in the registry named (office or test), with the shared raster folder."""
    urls, folder = two_registries
    monkeypatch.setenv("GEOREG_RASTER_DIR", str(folder))

    def run(registry: str, *args: str):
        commands_use(urls[registry])
        result = CliRunner().invoke(app, [*args, "--lang", "en"], input="y\n")
        get_engine().dispose()
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    return run


def _path(url: str, raster: int) -> str:
    engine = create_engine(url)
    with engine.connect() as connection:
        path = connection.scalar(text("SELECT path FROM raster_dataset WHERE id = :id"), {"id": raster})
    engine.dispose()
    return path


def _reads_and_draws(url: str, folder, raster: int) -> None:
    """The raster's file reads (rasterio) and the map's tile over one of its forest pixels is drawn."""
    with rasterio.open(_path(url, raster)) as cog:
        row, col = np.argwhere(cog.read(1) == FOREST)[0]
        east, north = cog.xy(row, col)
        (lon,), (lat,) = transform(cog.crs, "EPSG:4326", [east], [north])
    z, lat = 11, math.radians(lat)
    x, y = int((lon + 180) / 360 * 2**z), int((1 - math.asinh(math.tan(lat)) / math.pi) / 2 * 2**z)
    with TestClient(create_app(Settings(database_url=url, raster_dir=folder))) as client:
        tile = client.get(f"/raster/forest_cover/{z}/{x}/{y}.png", params={"dataset": raster})
    assert tile.status_code == 200 and tile.content != _transparent_tile()


def test_a_raster_loaded_into_two_registries_is_one_file_each_removal_deletes_only_its_own_name(
    two_registries, georeg, tmp_path
):
    urls, folder = two_registries
    tif = forest_tif(tmp_path / "rung_dong_hai.tif", 5897)
    loaded = {}
    for name, url in urls.items():
        engine = create_engine(url)
        report = register_raster(engine, RasterRequest(tif, "forest", SOURCE, 2024), Settings(raster_dir=folder))
        engine.dispose()
        assert report.ok, report.errors
        loaded[name] = report.raster_id
    office, test = (_path(urls[name], loaded[name]) for name in ("office", "test"))
    assert office != test and os.path.samefile(office, test)  # two names, one copy on the disk

    said = georeg("office", "forest", "remove", "--raster", str(loaded["office"]))
    assert f"deleted the file {office}" in said and not os.path.exists(office)
    _reads_and_draws(urls["test"], folder, loaded["test"])

    said = georeg("test", "forest", "remove", "--raster", str(loaded["test"]))
    assert f"deleted the file {test}" in said and not any(folder.glob("forest_cover_2024_*"))


def test_the_demo_raster_of_two_registries_is_each_ones_own(two_registries, georeg):
    urls, folder = two_registries
    demos = {}
    for name, url in urls.items():
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            demos[name] = register_demo_raster(session, folder, 2022).id
        engine.dispose()
    georeg("office", "forest", "remove", "--raster", str(demos["office"]))
    _reads_and_draws(urls["test"], folder, demos["test"])
    georeg("test", "forest", "remove", "--raster", str(demos["test"]))
    assert not any(folder.glob("forest_cover_2022_*"))


def test_a_file_named_before_each_registry_had_its_own_is_kept_and_still_drawn(two_registries, georeg):
    """A raster the two registries loaded before this change shares one name: removed in one, the file stays for the
    other, and the officer is told why and when to delete it."""
    urls, folder = two_registries
    shared, rasters = folder / "forest_cover_2020_synthetic_demo.tif", {}
    for name, url in urls.items():
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            own = register_demo_raster(session, folder, 2020)
            if not shared.exists():
                shutil.move(own.path, shared)
            else:
                os.unlink(own.path)
            own.path, rasters[name] = str(shared), own.id
        engine.dispose()
    said = georeg("office", "forest", "remove", "--raster", str(rasters["office"]))
    assert f"its file {shared} is kept: its name does not carry this registry's" in said and shared.exists()
    _reads_and_draws(urls["test"], folder, rasters["test"])
