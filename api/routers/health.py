"""Liveness with a real database check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api.errors import RETRY_AFTER_SECONDS, log_outage
from api.schemas.service import Health
from geo.db import check_database
from geo.schema_version import SCHEMA_BEHIND, schema_state

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health}},
    summary="Is the service up, its database reachable and its schema up to date?",
)
def health(request: Request) -> JSONResponse:
    try:
        versions = check_database(request.app.state.engine)
        schema = schema_state(request.app.state.engine).name
    except SQLAlchemyError as error:
        log_outage(error)  # the driver's message names the database's host and port: for the log, not the public
        return JSONResponse(
            {"status": "error", "database": "unreachable", "detail": "the database (PostgreSQL) does not answer"},
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if schema != "current":  # every page and answer would fail: the database needs `georeg db migrate`
        detail = {"status": "error", "database": "ok", "schema": schema, "detail": SCHEMA_BEHIND.en}
        return JSONResponse(detail | versions, status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return JSONResponse({"status": "ok", "database": "ok", "schema": schema, **versions})
