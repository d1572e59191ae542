"""The upload page for GIS staff."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from api.params import LangParam, Language
from geo.queries.map_choices import registry_provinces
from maps.upload_page import build_upload_page

router = APIRouter(tags=["web map"])


@router.get("/upload", response_class=HTMLResponse, summary="Upload page for GIS files (?lang=en for English)")
def upload_page(session: SessionDep, lang: LangParam = Language.vi) -> HTMLResponse:
    return HTMLResponse(build_upload_page(lang.value, registry_provinces(session)))
