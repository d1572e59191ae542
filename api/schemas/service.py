"""The service's own state."""

from __future__ import annotations

from pydantic import Field

from api.schemas import Schema


class Health(Schema):
    status: str = Field(description="ok, or error (with status 503)")
    database: str = Field(description="ok or unreachable")
    schema_: str | None = Field(
        None,
        alias="schema",
        description="current, or (with status 503) missing or behind: the database needs `georeg db migrate`",
    )
    postgresql: str | None = None
    postgis: str | None = None
    detail: str | None = None
