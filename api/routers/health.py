"""Liveness with a real database check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from geo.db import check_database

router = APIRouter(tags=["health"])


@router.get("/health", summary="Is the service up and its database reachable?")
def health(request: Request) -> JSONResponse:
    try:
        versions = check_database(request.app.state.engine)
    except SQLAlchemyError as error:
        return JSONResponse(
            {"status": "error", "database": "unreachable", "detail": str(error.__cause__ or error).splitlines()[0]},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok", **versions})
