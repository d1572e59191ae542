"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import read_routing
from api.auth import public_read
from api.errors import OUTAGE, ogc_error_page, outage_reason, page_not_found, register_error_handlers
from api.request_checks import RequestChecks, known_parameters_only
from api.request_log import RequestLog
from api.routers import (
    accounts,
    accounts_page,
    agencies,
    annual_reports,
    browser_sessions,
    changes,
    forest,
    health,
    indicators,
    layer_exports,
    map_context,
    map_export,
    monitoring_page,
    ogc,
    progress,
    projects,
    raster,
    salinity,
    search,
    status_import_page,
    status_report_form,
    status_reports,
    submissions,
    tiles,
    units,
    upload_page,
    uploads,
    web_map,
)
from api.schema_check import SchemaCheck
from api.security_headers import SecurityHeaders
from geo.db import get_engine
from geo.forest_stats_queue import finish_queued_stats
from geo.ingest.jobs import DEAD_JOB_SWEEP, fail_dead_jobs
from geo.log_words import logged, where_files_are
from geo.schema_version import SCHEMA_BEHIND, schema_state
from geo.settings import Settings, get_settings
from geo.share_queue import finish_queued_shares
from maps.assets import ASSETS_URL
from maps.web_map import OWN_ASSETS_DIR, OWN_ASSETS_URL

_log = logging.getLogger(__name__)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At startup, move everything the app's imports left out of the garbage collector's walks (gc.freeze), and
    start looking for upload jobs of stopped processes (now and every few minutes). Its first line says where the
    database and the files are: a second checkout sharing the first one's .venv served the first one's files.

    Every full collection walks all tracked objects; the 220,000 left by the imports made an upload's check of
    100k features 0.4 s slower (1.7–1.8 s against 1.3–1.4 s, measured in-process).
    """
    gc.freeze()
    _log.info("%s", where_files_are(app.state.settings))
    sweeper = asyncio.create_task(_fail_dead_jobs(app.state.engine))
    yield
    sweeper.cancel()


async def _fail_dead_jobs(engine: Engine) -> None:
    """At start-up and every few minutes: upload jobs left unfinished by a process that stopped end as failed, and
    shares and forest statistics a stopped load left queued are computed (geo.share_queue, geo.forest_stats_queue).
    A database away or behind this code's schema is said in one line (each request answers 503 meanwhile), not a
    traceback."""
    while True:
        try:
            state = await asyncio.to_thread(schema_state, engine)
            if state.name == "current":
                await asyncio.to_thread(fail_dead_jobs, engine)
                await asyncio.to_thread(finish_queued_shares, engine)
                await asyncio.to_thread(finish_queued_stats, engine)
            else:
                _log.warning("%s", logged("schema", state=state.name, said=SCHEMA_BEHIND))
        except OUTAGE as error:
            reason = outage_reason(error)
            _log.warning("%s", logged("unreachable_at_start", reason=reason))
        except SQLAlchemyError:
            _log.warning("%s", logged("sweep_failed"), exc_info=True)
        await asyncio.sleep(DEAD_JOB_SWEEP.total_seconds())


async def _pages_log_in_first(request: Request, exc: StarletteHTTPException) -> Response:
    """A browser opening a page it may not read (public_reads off) is sent to /login, and back after it; an OGC API
    refusal a browser asked for is a page in its language (api.errors.ogc_error_page), and so is a registry page's
    404 (api.errors.page_not_found)."""
    wants_page = request.method == "GET" and "text/html" in request.headers.get("accept", "")
    if exc.status_code == 401 and wants_page and not request.url.path.startswith("/api/"):
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        lang = "&lang=en" if request.query_params.get("lang") == "en" else ""  # the login page in the page's language
        return RedirectResponse(f"/login?next={quote(back, safe='')}{lang}", status_code=303)
    page = await page_not_found(request, str(exc.detail)) if exc.status_code == 404 else None
    return (
        page or ogc_error_page(request, exc.status_code, str(exc.detail)) or await http_exception_handler(request, exc)
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The registry's web app: API under /api, the web map at /, its assets under /assets."""
    settings = settings or get_settings()
    app = FastAPI(
        title="georeg",
        summary="Registry of the green-growth projects of Bạc Liêu (148/QĐ-UBND) and Trà Vinh (1099/QĐ-UBND)",
        version="0.1.0",
        lifespan=_lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.effective_database_url)
    read_routing.install(app, settings)
    # reads need a token only when the setting public_reads is off; health and the form pages stay open
    open_pages = (
        health.router,
        status_report_form.router,
        status_import_page.router,
        upload_page.router,
        accounts_page.router,
        browser_sessions.router,
    )
    for router in (
        health.router,
        accounts.router,
        accounts_page.router,
        status_reports.router,
        changes.router,
        projects.router,
        units.router,
        web_map.router,
        map_context.router,
        map_export.router,
        status_report_form.router,
        status_import_page.router,
        tiles.router,
        ogc.router,
        raster.router,
        progress.router,
        salinity.router,
        forest.router,
        indicators.router,
        annual_reports.router,
        agencies.router,
        submissions.router,
        monitoring_page.router,
        layer_exports.router,
        uploads.router,
        upload_page.router,
        search.router,
        browser_sessions.router,
    ):
        closed = [] if router in open_pages else [Depends(public_read)]
        app.include_router(router, dependencies=[*closed, Depends(known_parameters_only)])
    app.add_exception_handler(StarletteHTTPException, _pages_log_in_first)
    register_error_handlers(app)
    _add_api_docs(app)
    # the app's own scripts and styles first: /assets itself is the npm packages
    app.mount(OWN_ASSETS_URL, StaticFiles(directory=OWN_ASSETS_DIR), name="own_assets")
    app.add_middleware(SchemaCheck, engine=app.state.engine)
    app.add_middleware(RequestChecks, settings=settings)
    app.add_middleware(SecurityHeaders)  # outside the checks, so that every answer carries the headers
    # JS, CSS, JSON and tiles compress well (a vector tile to about a third); small answers are left as they are.
    # Outermost: the security headers' nonces are written into the pages before they are compressed. Level 5, not
    # Starlette's 9: a unit's page (227 kB) compresses in 5.7 ms, not 26.7, to 69.0 kB, not 68.5 (session 60).
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=5)
    app.add_middleware(RequestLog)  # outside all: every answer carries its id, and every line the log writes for it
    app.mount(ASSETS_URL, StaticFiles(directory=settings.assets_dir, check_dir=False), name="assets")
    return app


_IMAGES_FROM_APP = """<meta http-equiv="Content-Security-Policy" content="img-src 'self' data: blob:">"""


def _add_api_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from the app's own /assets (npm), so they render on an intranet."""

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} — API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-dist/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui-dist/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} — API",
            redoc_js_url=f"{ASSETS_URL}/redoc/bundles/redoc.standalone.js",
            redoc_favicon_url="/favicon.ico",
            with_google_fonts=False,
        )
        # ReDoc's sidebar always shows Redocly's logo from their CDN: images only from the app keep it offline
        return HTMLResponse(page.body.decode().replace("<head>", f"<head>{_IMAGES_FROM_APP}", 1))
