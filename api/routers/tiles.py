"""Vector tiles and TileJSON of the catalog layers (cached by layer version and edit footprints, with ETags).

TileJSON hands out tile URLs carrying the layers' version token (``?v=``), which changes whenever any tile of the
layer may have changed: a response to a URL with the current token may be kept by browsers, proxies and CDNs for a
year without asking again; any other (no token, or an old one) is revalidated with its ETag on every use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.map_filters import LayerFilters
from api.params import AsOf, BoundingBox, ColouringParam, LangParam, Language
from api.schemas.tiles import ChosenFeatures, DrawnNames, MapStyle, TileJSON
from api.tile_responses import MVT, REVALIDATE, tile_cache, tile_response
from geo.layer_versions import url_version, version_token
from geo.salinity import latest_period, zone_periods
from geo.vietnam_day import vietnam_today
from layers.cache import CachedTile
from layers.catalog import Layer
from layers.drawn_features import chosen_features, drawn_names
from layers.map_style import map_style
from layers.sources import find_layer, layer_bounds
from layers.tile_bands import draw_tile, rebuild
from layers.tile_expiry import TileExpiryReader
from layers.vector_tiles import check_tile, search_box

router = APIRouter(prefix="/tiles", tags=["tiles"])
NAMES_SHOWN = 400  # names a box answers: more than a screen holds without overlapping

VersionParam = Annotated[
    str | None, Query(description="the layer's version token from its TileJSON; makes the response cacheable for long")
]


def tile_expiry_reader(request: Request, engine: Engine) -> TileExpiryReader:
    """One reader per database read (the primary, each replica): a tile is keyed by versions of its own source."""
    if not hasattr(request.app.state, "tile_expiry_readers"):
        request.app.state.tile_expiry_readers = {}
    readers = request.app.state.tile_expiry_readers
    if engine not in readers:
        readers[engine] = TileExpiryReader(engine)
    return readers[engine]


def band_builder(request: Request) -> Callable[[Layer], None]:
    """Rebuilds a stale precomputed band (after a load) on the primary, in a transaction of its own; one request of
    this process at a time does (the others draw live meanwhile, taking no second connection)."""
    if not hasattr(request.app.state, "band_rebuild"):
        request.app.state.band_rebuild = threading.Lock()
    running: threading.Lock = request.app.state.band_rebuild

    def rebuild_band(layer: Layer) -> None:
        if not running.acquire(blocking=False):
            return
        try:
            with Session(request.app.state.engine) as primary, primary.begin():
                rebuild(primary, layer)
        finally:
            running.release()

    return rebuild_band


@router.get("/{layer_id}/{z}/{x}/{y}.pbf", summary="A vector tile (MVT) of a catalog layer", response_class=Response)
def vector_tile(
    layer_id: str,
    z: int,
    x: int,
    y: int,
    request: Request,
    session: SessionDep,
    filters: LayerFilters,
    as_of: AsOf = None,
    v: VersionParam = None,
) -> Response:
    layer = find_layer(layer_id)
    check_tile(z, x, y)
    reader = tile_expiry_reader(request, session.get_bind())
    states = dict(zip(layer.version_ids, reader.states(layer.version_ids), strict=True))
    # The layer's own edits expire tiles by footprint; another layer's edits (e.g. projects under the progress
    # choropleth) may change any of its tiles, so they are part of the key.
    versions = tuple(state.version if lid == layer.id else state for lid, state in states.items())
    # "no report for N months" is counted back from today: such a tile is kept for the day it was drawn on only
    today = vietnam_today() if filters.get("no_report_months") and as_of is None else None
    key = (layer.id, versions, z, x, y, as_of, today, tuple((k, tuple(sorted(v))) for k, v in filters.items()))
    own = states.get(layer.id)
    box = search_box(z, x, y)
    # A merged feature shows only its colour field, and the tile depends on the filtered fields too. As of a
    # date, a status report can add a project, so any edit counts.
    shown = None if as_of else frozenset([layer.colour_by, *(layer.filters.get(k, k) for k, v in filters.items() if v)])

    def expired(cached: CachedTile) -> bool:
        return reader.expired(layer.id, cached.stamp, box, shown, cached.whole_ids)

    tile, hit = tile_cache(request).get_or_build(
        key,
        lambda: draw_tile(session, layer, z, x, y, filters, as_of, rebuild_band=band_builder(request)),
        stamp=own.edits if own else 0,
        expired=expired if own else None,
    )
    immutable = v == version_token(list(states.values())) and today is None
    return tile_response(request, tile, MVT, hit, immutable=immutable)


@router.get(
    "/{layer_id}/names.json",
    response_model=DrawnNames,
    summary="Names of a layer's features in a box, filtered and as of a date as its tiles are (the web map's labels)",
)
def names(
    layer_id: str,
    session: SessionDep,
    filters: LayerFilters,
    bbox: BoundingBox,
    as_of: AsOf = None,
    lang: LangParam = Language.vi,
) -> dict[str, Any]:
    found = drawn_names(session, find_layer(layer_id), filters, as_of, bbox, NAMES_SHOWN + 1)
    shown = [
        {"label": (row["name_en"] if lang == "en" else None) or row["name_vi"], "lon": row["lon"], "lat": row["lat"]}
        for row in found[:NAMES_SHOWN]
    ]
    return {"names": shown, "more": len(found) > NAMES_SHOWN}


@router.get(
    "/{layer_id}/chosen.json",
    response_model=ChosenFeatures,
    summary="What a layer's filters choose (as of a date): how many have no site to draw, and the kinds and statuses "
    "of those drawn (the web map's legend)",
)
def chosen(layer_id: str, session: SessionDep, filters: LayerFilters, as_of: AsOf = None) -> dict[str, Any]:
    return chosen_features(session, find_layer(layer_id), filters, as_of)


# HEAD answers what GET would, without the body (proxies and CDNs ask it), for tiles and TileJSON alike; it stays
# out of the OpenAPI document.
router.add_api_route(
    "/{layer_id}/{z}/{x}/{y}.pbf", vector_tile, methods=["HEAD"], include_in_schema=False, response_class=Response
)


@router.get("/{layer_id}.json", response_model=TileJSON, summary="TileJSON 3.0 of a catalog layer")
def tilejson(
    layer_id: str,
    request: Request,
    response: Response,
    session: SessionDep,
    chosen: LayerFilters,
    lang: LangParam = Language.vi,
) -> dict[str, Any]:
    layer = find_layer(layer_id)
    token = url_version(session, layer.version_ids)
    filters = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "v")]
    query = "?" + urlencode([*filters, ("v", token)])
    # framing the period drawn (a layer's other filters leave its bounds whole: a map pans within them)
    framed = {name: values for name, values in chosen.items() if name in layer.unfiltered}
    bounds = layer_bounds(session, layer, framed) or (-180.0, -85.05, 180.0, 85.05)
    response.headers["Cache-Control"] = REVALIDATE
    return {
        "tilejson": "3.0.0",
        "name": layer.title(lang),
        "description": f"{layer.title_vi} / {layer.title_en}",
        "version": token,
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
        **_periods(session, layer, chosen),
        "style": str(request.url_for("style", layer_id=layer.id)) + _asked(request, "v"),
    }


@router.get(
    "/{layer_id}/style.json",
    response_model=MapStyle,
    summary="A Mapbox GL style of a catalog layer, coloured as the web map (QGIS: Load style, or the Style URL)",
)
def style(
    layer_id: str,
    request: Request,
    response: Response,
    chosen: LayerFilters,
    lang: LangParam = Language.vi,
    colour: ColouringParam = None,
) -> dict[str, Any]:
    layer = find_layer(layer_id)
    tilejson_url = str(request.url_for("tilejson", layer_id=layer.id)) + _asked(request, "colour")
    response.headers["Cache-Control"] = REVALIDATE
    return map_style(layer, tilejson_url, lang, colour)


def _asked(request: Request, left_out: str) -> str:
    """The request's query (its filters and language) without ``left_out``, to hand on to a linked URL."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != left_out]
    return "?" + urlencode(kept) if kept else ""


def _periods(session: Session, layer: Layer, chosen: dict[str, list[str]]) -> dict[str, Any]:
    """A layer filtered by period (the salinity zones): the periods there are, and the one its tiles draw."""
    if "period" not in layer.filters:
        return {}
    period = next(iter(chosen.get("period", [])), None)
    return {"periods": zone_periods(session), "period": period or latest_period(session)}


router.add_api_route("/{layer_id}.json", tilejson, methods=["HEAD"], include_in_schema=False, response_model=TileJSON)
