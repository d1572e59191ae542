"""What the maps draw under the registry's layers, served by the app itself: the sea and the neighbouring provinces
(maps.context), and the office's own basemap file (the setting ``basemap_pmtiles``) read in byte ranges."""

from __future__ import annotations

import hashlib
import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response

from api.deps import SessionDep
from api.paging import GEOJSON
from api.params import DEFAULT_SCHEME, LangParam, Language, SchemeParam
from api.schemas.geojson import MapContext
from maps.context import SeaMissing, map_context

router = APIRouter(prefix="/map", tags=["web map"])

REVALIDATE = "public, max-age=0, must-revalidate"
PMTILES = "application/vnd.pmtiles"


@router.get(
    "/context.geojson",
    summary="The sea, the registry's provinces and their neighbours with names, for the maps' background",
    response_model=MapContext,
)
def context(
    request: Request, session: SessionDep, lang: LangParam = Language.vi, scheme: SchemeParam = DEFAULT_SCHEME
) -> Response:
    try:
        collection = map_context(session, request.app.state.settings, lang.value, scheme.value, parts=True)
    except SeaMissing as missing:
        raise HTTPException(404, str(missing)) from missing
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": REVALIDATE}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=GEOJSON, headers=headers)


@router.get(
    "/basemap.pmtiles",
    summary="The office's offline basemap (setting GEOREG_BASEMAP_PMTILES), with HTTP range requests",
    response_class=FileResponse,
    responses={200: {"content": {PMTILES: {}}}},
)
def basemap(request: Request) -> FileResponse:
    path = request.app.state.settings.basemap_pmtiles
    if path is None:
        raise HTTPException(404, "No basemap: set GEOREG_BASEMAP_PMTILES to a PMTiles file (docs/administrator.md).")
    if not path.is_file():
        raise HTTPException(404, f"The basemap GEOREG_BASEMAP_PMTILES={path} is not a file; check the setting.")
    return FileResponse(path, media_type=PMTILES, headers={"Cache-Control": REVALIDATE})
