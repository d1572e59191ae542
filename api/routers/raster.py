"""Raster tiles (PNG) of the registered COGs and their legends."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.deps import SessionDep
from api.params import LangParam, Language
from api.schemas.tiles import RasterLegend
from api.tile_responses import tile_cache, tile_response
from geo.layer_versions import versions_of
from layers.raster_tiles import find_dataset, find_raster_layer, legend, render_tile

router = APIRouter(prefix="/raster", tags=["raster tiles"])
DatasetParam = Annotated[int | None, Query(description="raster_dataset id; the latest of the layer's theme if unset")]


@router.get("/{layer_id}/{z}/{x}/{y}.png", summary="A PNG tile of a registered raster", response_class=Response)
def raster_tile(
    layer_id: str, z: int, x: int, y: int, request: Request, session: SessionDep, dataset: DatasetParam = None
) -> Response:
    layer = find_raster_layer(layer_id)
    found = find_dataset(session, layer, dataset)
    key = ("raster", layer.id, found.id, found.path, versions_of(session, layer.version_ids), z, x, y)
    tile, hit = tile_cache(request).get_or_build(key, lambda: (render_tile(layer, found.path, z, x, y), None))
    return tile_response(request, tile, "image/png", hit)


@router.get(
    "/{layer_id}/legend", response_model=RasterLegend, summary="The colour classes of a raster layer, in vi or en"
)
def raster_legend(
    layer_id: str, session: SessionDep, dataset: DatasetParam = None, lang: LangParam = Language.vi
) -> dict[str, Any]:
    layer = find_raster_layer(layer_id)
    return legend(layer, find_dataset(session, layer, dataset), lang)
