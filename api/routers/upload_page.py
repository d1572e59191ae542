"""The upload page for GIS staff."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.params import LangParam, Language
from maps.upload_page import build_upload_page

router = APIRouter(tags=["web map"])


@router.get("/upload", response_class=HTMLResponse, summary="Upload page for GIS files (?lang=en for English)")
def upload_page(lang: LangParam = Language.vi) -> HTMLResponse:
    return HTMLResponse(build_upload_page(lang.value))
