"""The field report page for phones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.params import Language
from maps.report_form import build_report_form

router = APIRouter(tags=["web map"])


@router.get("/report", response_class=HTMLResponse, summary="Field report form for phones (?lang=en for English)")
def report_form(lang: Annotated[Language, Query()] = Language.vi) -> HTMLResponse:
    return HTMLResponse(build_report_form(lang.value))
