"""The field status report form for phones, at /status-report (the former /report redirects there)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.params import LangParam, Language
from maps.status_report_form import WORKER_SCRIPT, build_status_report_form

router = APIRouter(tags=["web map"])


@router.get(
    "/status-report", response_class=HTMLResponse, summary="Field status report form for phones (?lang=en for English)"
)
def status_report_form(request: Request, lang: LangParam = Language.vi) -> HTMLResponse:
    settings = request.app.state.settings  # the page makes a photo smaller than the limit, and says a site too far
    return HTMLResponse(build_status_report_form(lang.value, settings.photo_max_bytes, settings.report_distance_m))


@router.get("/report", include_in_schema=False)
def former_status_report_address(request: Request) -> RedirectResponse:
    """Phones keep the address the form had before: send them on, with their query."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/status-report{query}", status_code=308)


@router.get("/status-report-worker.js", include_in_schema=False)
def status_report_worker() -> Response:
    """The form's service worker (maps/status_report_worker.js), which keeps the page for a phone with no connection.
    Never cached by the browser's HTTP cache: a new version takes over at the next visit."""
    return Response(WORKER_SCRIPT, media_type="text/javascript", headers={"Cache-Control": "no-cache"})
