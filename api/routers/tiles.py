"""Vector tiles and TileJSON of the catalog layers (cached by layer version, with ETags)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.deps import SessionDep
from layers.cache import TileCache
from layers.sources import LayerNotFound, LayerQueryError, find_layer, layer_bounds, layer_version
from layers.vector_tiles import build_tile
from layers.versions import VersionReader

router = APIRouter(prefix="/tiles", tags=["tiles"])

MVT = "application/vnd.mapbox-vector-tile"
REVALIDATE = "public, max-age=0, must-revalidate"
FilterParam = Annotated[list[str], Query()]


def tile_cache(request: Request) -> TileCache:
    """One cache per app, made on first use."""
    if not hasattr(request.app.state, "tile_cache"):
        request.app.state.tile_cache = TileCache.from_settings()
    return request.app.state.tile_cache


def version_reader(request: Request) -> VersionReader:
    if not hasattr(request.app.state, "layer_versions"):
        request.app.state.layer_versions = VersionReader(request.app.state.engine)
    return request.app.state.layer_versions


@router.get("/{layer_id}/{z}/{x}/{y}.pbf", summary="A vector tile (MVT) of a catalog layer", response_class=Response)
def vector_tile(
    layer_id: str,
    z: int,
    x: int,
    y: int,
    request: Request,
    session: SessionDep,
    kind: FilterParam = [],  # noqa: B006
    status: FilterParam = [],  # noqa: B006
    plan: Annotated[list[str], Query(description='e.g. "148/QĐ-UBND"')] = [],  # noqa: B006
    province: Annotated[list[str], Query(description="former (95, 84) or 2025 (96, 86) code")] = [],  # noqa: B006
    plan_action: Annotated[list[str], Query(description='plan action code, e.g. "13.3"')] = [],  # noqa: B006
    agency: Annotated[list[str], Query(description="lead agency code")] = [],  # noqa: B006
    as_of: Annotated[date | None, Query(description="status as reported on or before this date (projects)")] = None,
) -> Response:
    filters = {"kind": kind, "status": status, "plan": plan, "province": province}
    filters |= {"plan_action": plan_action, "agency": agency}
    try:
        layer = find_layer(layer_id)
        version = version_reader(request).versions(layer.version_ids)
        key = (layer.id, version, z, x, y, as_of, tuple((k, tuple(sorted(v))) for k, v in filters.items()))
        tile = tile_cache(request).get_or_build(key, lambda: build_tile(session, layer, z, x, y, filters, as_of))
    except LayerNotFound as error:
        raise HTTPException(404, str(error)) from error
    except LayerQueryError as error:
        raise HTTPException(400, str(error)) from error
    return tile_response(request, tile, MVT)


@router.get("/{layer_id}.json", summary="TileJSON 3.0 of a catalog layer")
def tilejson(layer_id: str, request: Request, session: SessionDep, lang: str = "vi") -> dict[str, Any]:
    try:
        layer = find_layer(layer_id)
    except LayerNotFound as error:
        raise HTTPException(404, str(error)) from error
    filters = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    query = "?" + urlencode(filters) if filters else ""
    bounds = layer_bounds(session, layer) or (-180.0, -85.05, 180.0, 85.05)
    return {
        "tilejson": "3.0.0",
        "name": layer.title(lang),
        "description": f"{layer.title_vi} / {layer.title_en}",
        "version": ".".join(str(v) for v in layer_version(session, layer)),
        "scheme": "xyz",
        "tiles": [str(request.url_for("vector_tile", layer_id=layer.id, z="{z}", x="{x}", y="{y}")) + query],
        "minzoom": layer.min_zoom,
        "maxzoom": layer.max_zoom,
        "bounds": list(bounds),
        "center": [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, max(layer.min_zoom, 8)],
        "vector_layers": [
            {
                "id": layer.id,
                "description": layer.title(lang),
                "minzoom": layer.min_zoom,
                "maxzoom": layer.max_zoom,
                "fields": {
                    **{f.key: f.vi if lang == "vi" else f.en for f in layer.fields if f.in_tiles},
                    "n_features": "số đối tượng gộp" if lang == "vi" else "features merged at this zoom",
                },
            }
        ],
        "legend": layer.legend(lang),
    }


def tile_response(request: Request, tile: Any, media_type: str) -> Response:
    """A cached tile with its ETag; 304 when the client already holds this version (clients revalidate each time)."""
    headers = {"ETag": tile.etag, "Cache-Control": REVALIDATE}
    if tile.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(tile.body, media_type=media_type, headers=headers)
