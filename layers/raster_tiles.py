"""PNG tiles of registered COGs (table raster_dataset) with a class colour map; nodata is transparent."""

from __future__ import annotations

import functools
import io
from typing import Any

import numpy as np
from PIL import Image
from rasterio.errors import RasterioError
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader
from rio_tiler.models import ImageData
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from geo.forest import DEMO_DESCRIPTION
from geo.models import RasterDataset
from geo.said import Said
from layers.catalog import RASTER_LAYERS, RasterLayer
from layers.sources import LayerNotFound, LayerQueryError
from layers.vector_tiles import check_tile

TILE_SIZE = 256


def find_raster_layer(layer_id: str) -> RasterLayer:
    layer = RASTER_LAYERS.get(layer_id)
    if layer is None:
        known = ", ".join(sorted(RASTER_LAYERS))
        raise LayerNotFound(
            Said(
                f"Không có lớp raster {layer_id!r}; các lớp raster: {known}",
                f"No raster layer {layer_id!r}; the raster layers are: {known}",
            )
        )
    return layer


def _newest_first(layer: RasterLayer) -> Select[tuple[RasterDataset]]:
    return (
        select(RasterDataset)
        .where(RasterDataset.theme == layer.theme)
        .order_by(
            RasterDataset.year.desc().nulls_last(), RasterDataset.period.desc().nulls_last(), RasterDataset.id.desc()
        )
    )


def registered_datasets(session: Session, layer: RasterLayer) -> list[RasterDataset]:
    """The layer's registered datasets, newest first (the first is drawn unless another is asked)."""
    return list(session.scalars(_newest_first(layer)))


def readable(dataset: RasterDataset) -> bool:
    """Whether the dataset's file can be read: a raster whose file is gone or broken draws nothing but 400s, so the
    web map opens on the newest year that can be drawn and says which cannot (trial 65, F5)."""
    try:
        with Reader(dataset.path):
            return True
    except (OSError, RasterioError):
        return False


def find_dataset(session: Session, layer: RasterLayer, dataset_id: int | None) -> RasterDataset:
    """The asked dataset of the layer's theme, or its latest registered one."""
    query = _newest_first(layer)
    if dataset_id is not None:
        query = query.where(RasterDataset.id == dataset_id)
    dataset = session.scalars(query).first()
    if dataset is None:
        asked = dataset_id is not None
        raise LayerNotFound(
            Said(
                f"chưa đăng ký {f'bộ dữ liệu {dataset_id}' if asked else 'bộ dữ liệu nào'} của chủ đề "
                f"{layer.theme!r}; hãy đăng ký một COG trong raster_dataset",
                f"{f'dataset {dataset_id}' if asked else 'any dataset'} of theme {layer.theme!r} is not registered; "
                "register a COG in raster_dataset",
            )
        )
    return dataset


def _colour_map(layer: RasterLayer) -> list[tuple[tuple[float, float], tuple[int, int, int, int]]]:
    def rgba(hex_colour: str) -> tuple[int, int, int, int]:
        return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16), 255

    return [((c.low, c.high), rgba(c.colour)) for c in layer.classes]


def render_tile(layer: RasterLayer, path: str, z: int, x: int, y: int) -> bytes:
    """The PNG of tile z/x/y; a fully transparent tile outside the raster or where no pixel is of a class drawn.

    Most of a province's forest-cover tiles hold no forest (a coastal strip): they are answered with one PNG made
    once, not each coloured and encoded, which cut the rendering of the 30 tiles of the map's opening view from
    1.6 s to 0.45 s (trial 64 saw the layer's first draw take over 2.5 s)."""
    check_tile(z, x, y)
    try:
        with Reader(path) as cog:
            image = cog.tile(x, y, z, tilesize=TILE_SIZE, resampling_method="nearest")
    except TileOutsideBounds:
        return _transparent_tile()
    except OSError as error:
        said = Said(
            f"không đọc được tệp raster {path} ({error}); hãy đăng ký lại bộ dữ liệu",
            f"the raster file {path} cannot be read ({error}); re-register the dataset",
        )
        raise LayerQueryError(said) from error
    data = image.array.astype("float64")
    data.mask = np.ma.getmaskarray(data) | ~np.isfinite(data.filled(np.nan))
    if not any(((data >= c.low) & (data < c.high)).any() for c in layer.classes):
        return _transparent_tile()
    return ImageData(data).render(img_format="PNG", colormap=_colour_map(layer))


@functools.cache
def _transparent_tile() -> bytes:
    png = io.BytesIO()
    Image.new("RGBA", (TILE_SIZE, TILE_SIZE), (0, 0, 0, 0)).save(png, format="PNG")
    return png.getvalue()


def legend(layer: RasterLayer, dataset: RasterDataset, lang: str) -> dict[str, Any]:
    return {
        "id": layer.id,
        "title": layer.title(lang),
        "unit": layer.unit,
        "dataset": {
            "id": dataset.id,
            "title": dataset.title,
            "year": dataset.year,
            "period": dataset.period,
            "source": DEMO_DESCRIPTION[lang] if dataset.is_demo and dataset.theme == "forest_cover" else dataset.source,
            "is_demo": dataset.is_demo,
        },
        "classes": [
            {
                "min": c.low,
                "max": None if c.high >= 1e9 else c.high,
                "colour": c.colour,
                "label": c.vi if lang == "vi" else c.en,
            }
            for c in layer.classes
        ],
        "nodata": "trong suốt" if lang == "vi" else "transparent",
    }
