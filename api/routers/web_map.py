"""The web map page."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from maps.web_map import build_web_map

router = APIRouter(tags=["web map"])


class Language(StrEnum):
    vi = "vi"
    en = "en"


@router.get("/", response_class=HTMLResponse, summary="The web map (Vietnamese by default, ?lang=en)")
def web_map_page(session: SessionDep, lang: Annotated[Language, Query()] = Language.vi) -> HTMLResponse:
    return HTMLResponse(build_web_map(session, lang.value).get_root().render())


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for it; answering "no content" keeps their consoles free of 404s."""
    return Response(status_code=204)
