"""How the tile routers (vector and raster) answer: one tile cache per app, and a cached tile with its ETag, cache
headers and, for vector tiles, gzip."""

from __future__ import annotations

from fastapi import Request, Response

from layers.cache import CachedTile, TileCache

MVT = "application/vnd.mapbox-vector-tile"
REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"


def tile_cache(request: Request) -> TileCache:
    """One cache per app, made on first use."""
    if not hasattr(request.app.state, "tile_cache"):
        request.app.state.tile_cache = TileCache.from_settings(request.app.state.settings)
    return request.app.state.tile_cache


def tile_response(request: Request, tile: CachedTile, media_type: str, hit: bool, immutable: bool = False) -> Response:
    """A cached tile with its ETag and whether the cache held it (X-Cache); 304 when the client holds this one.

    ``immutable`` for a URL carrying the layer's current version token: its content never changes. A vector tile
    goes gzipped to a client that accepts it (browsers, Varnish), compressed once per cached tile rather than by
    the app's GZip middleware on every answer (level 9 on the event loop: a few hundred tiles a second became a
    few dozen); the gzipped one has an ETag of its own."""
    gzipped = media_type == MVT and "gzip" in request.headers.get("accept-encoding", "") and len(tile.body) >= 1000
    etag = tile.gzipped_etag if gzipped else tile.etag
    headers = {
        "ETag": etag,
        "Cache-Control": IMMUTABLE if immutable else REVALIDATE,
        "X-Cache": "HIT" if hit else "MISS",
        "Vary": "Accept-Encoding",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if gzipped:
        return Response(tile.gzipped(), media_type=media_type, headers=headers | {"Content-Encoding": "gzip"})
    return Response(tile.body, media_type=media_type, headers=headers)
