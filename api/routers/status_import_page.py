"""The status file page for an agency's officers (/status-imports): the browser's way to POST /api/status-imports."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.params import LangParam, Language
from maps.status_import_page import build_status_import_page

router = APIRouter(tags=["web map"])


@router.get(
    "/status-imports",
    response_class=HTMLResponse,
    summary="Page to send a status file (many projects' reports at once) from a browser (?lang=en for English)",
)
def status_import_page(lang: LangParam = Language.vi) -> HTMLResponse:
    return HTMLResponse(build_status_import_page(lang.value))
