"""What the maps draw under the registry's layers, served by the app itself: the sea and the neighbouring provinces
(maps.context), and the office's own basemap file (the setting ``basemap_pmtiles``) read in byte ranges.

Every web map asks for the context: each process keeps its answer per language and scheme while the units' versions
stay (maps.context.context_version), as the tile cache keeps tiles, so a page load costs one read of the versions;
the former provinces cut on the 2025 boundaries are kept in the database for the other processes
(geo.former_parts)."""

from __future__ import annotations

import hashlib
import json
import threading
from typing import NamedTuple

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.errors import NotFound
from api.paging import GEOJSON
from api.params import DEFAULT_SCHEME, LangParam, Language, SchemeParam
from api.schemas.geojson import MapContext
from geo.former_parts import Keep, Parts, keep_parts
from geo.said import Said
from maps.context import SeaMissing, context_version, map_context

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
    version = context_version(session)
    answers = _answers(request.app)
    answer = answers.get((lang.value, scheme.value))
    cached = answer is not None and answer.version == version
    if not cached:
        answer = answers[lang.value, scheme.value] = _built(request.app, session, lang.value, scheme.value, version)
    headers = {"ETag": answer.etag, "Cache-Control": REVALIDATE, "X-Cache": "HIT" if cached else "MISS"}
    if answer.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type=GEOJSON, headers=headers)


class _Answer(NamedTuple):
    version: str  # the units' versions it was built at (maps.context.context_version)
    body: bytes
    etag: str


def _built(app: FastAPI, session: Session, lang: str, scheme: str, version: str) -> _Answer:
    """The context's answer as the units are at ``version``, with its content's ETag."""
    try:
        collection = map_context(session, app.state.settings, lang, scheme, parts=True, keep=_keeper(app))
    except SeaMissing as missing:
        raise NotFound(missing.said) from missing
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return _Answer(version, body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def _answers(app: FastAPI) -> dict[tuple[str, str], _Answer]:
    """This app's context answers by language and scheme (four at most)."""
    if not hasattr(app.state, "context_answers"):
        app.state.context_answers = {}
    return app.state.context_answers


def _keeper(app: FastAPI) -> Keep:
    """Keeps former provinces cut by a read (which may be on a replica) on the primary, in a transaction of its own;
    one request of this process at a time does (the others, cutting at once after a load, answer with what they cut,
    taking no second connection)."""
    if not hasattr(app.state, "parts_keeping"):
        app.state.parts_keeping = threading.Lock()
    keeping: threading.Lock = app.state.parts_keeping

    def keep(key: str, parts: Parts) -> None:
        if not keeping.acquire(blocking=False):
            return
        try:
            with Session(app.state.engine) as primary, primary.begin():
                keep_parts(primary, key, parts)
        finally:
            keeping.release()

    return keep


@router.get(
    "/basemap.pmtiles",
    summary="The office's offline basemap (setting GEOREG_BASEMAP_PMTILES), with HTTP range requests",
    response_class=FileResponse,
    responses={200: {"content": {PMTILES: {}}}},
)
def basemap(request: Request) -> FileResponse:
    path = request.app.state.settings.basemap_pmtiles
    if path is None:
        raise NotFound(
            Said(
                "Không có bản đồ nền: hãy đặt GEOREG_BASEMAP_PMTILES là một tệp PMTiles (docs/administrator.md).",
                "No basemap: set GEOREG_BASEMAP_PMTILES to a PMTiles file (docs/administrator.md).",
            )
        )
    if not path.is_file():
        raise NotFound(
            Said(
                f"Bản đồ nền GEOREG_BASEMAP_PMTILES={path} không phải là một tệp; hãy kiểm tra thiết lập này.",
                f"The basemap GEOREG_BASEMAP_PMTILES={path} is not a file; check the setting.",
            )
        )
    return FileResponse(path, media_type=PMTILES, headers={"Cache-Control": REVALIDATE})
