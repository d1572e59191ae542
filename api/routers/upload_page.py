"""The upload page for GIS staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.params import Language
from maps.upload_page import build_upload_page

router = APIRouter(tags=["web map"])


@router.get("/upload", response_class=HTMLResponse, summary="Upload page for GIS files (?lang=en for English)")
def upload_page(lang: Annotated[Language, Query()] = Language.vi) -> HTMLResponse:
    return HTMLResponse(build_upload_page(lang.value))
