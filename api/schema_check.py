"""Every page and API answer is a 503 saying "run georeg db migrate" while the database's schema is not this
code's (a database never migrated, or one left behind by an upgrade of georeg), rather than answers read from — or
writes into — an old schema. ``/health`` says it in its own words, and the pages' files are served.

What was found is kept a few seconds (one small query per ``SCHEMA_RECHECK_S`` per process, not one per request),
so a ``georeg db migrate`` run while serving is seen within seconds, without a restart.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import unavailable_response
from geo.schema_version import SCHEMA_BEHIND, schema_state
from maps.assets import ASSETS_URL

SCHEMA_RECHECK_S = 5.0
#: Answered whatever the schema: the health check (its own 503 says "behind") and the pages' files.
NOT_CHECKED = ("/health", f"{ASSETS_URL}/", "/favicon.ico")


class SchemaWatch:
    """Whether an engine's database has this code's schema, as found at most ``SCHEMA_RECHECK_S`` ago."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.behind = False
        self._found_at = -float("inf")

    def stale(self) -> bool:
        return time.monotonic() - self._found_at >= SCHEMA_RECHECK_S

    def look(self) -> None:
        """Ask the database (a database that does not answer is no schema behind: each request says it is down)."""
        try:
            self.behind = schema_state(self.engine).name != "current"
        except SQLAlchemyError:
            self.behind = False
        self._found_at = time.monotonic()


class SchemaCheck:
    """ASGI middleware: a 503 naming ``georeg db migrate`` (a page for a browser) while the schema is behind."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app = app
        self.watch = SchemaWatch(engine)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NOT_CHECKED):
            await self.app(scope, receive, send)
            return
        if self.watch.stale():
            await asyncio.to_thread(self.watch.look)
        if self.watch.behind:
            await unavailable_response(Request(scope), SCHEMA_BEHIND)(scope, receive, send)
            return
        await self.app(scope, receive, send)
