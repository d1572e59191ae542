"""The server's log: a timestamp and the request's id on every line, one access line per request.

Times are Vietnam's with their offset (``2026-12-05T22:53:29+07:00``) whatever the machine's clock zone, so that the
lines of servers in different zones compare, and read as the audit log's. An error the app did not handle is logged
here, while the request's id is still bound, and answered 500 with that id (Starlette's own last-resort handler sits
outside this middleware, where the id is gone: its lines said ``[-]``).

Each request gets an id (the proxy's ``X-Request-ID`` when it sends a plain one, else a new one), answered in the
``X-Request-ID`` header and shown on error pages, so that what a user quotes finds its lines in the log. The
access line is written here rather than by uvicorn, to leave out what the log must not keep: a field officer's
position (``/api/projects/near?lon=…&lat=…``) and a token a client put in the URL have their values replaced. It is
written when the answer's last byte is sent, with the time to it: work a route leaves to run after its answer (an
upload's check, a load) is not the request's time, and logs its own lines.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from contextvars import ContextVar
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.log_words import logged
from geo.vi_format import VIETNAM_TIME

HEADER = "X-Request-ID"
#: Query parameters whose values the log never holds: where someone stands, and secrets.
REDACTED_PARAMETERS = frozenset({"lon", "lat", "token", "access_token", "api_key", "key", "password"})
REDACTED = "REDACTED"
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_request_id: ContextVar[str] = ContextVar("request_id", default="-")
_access = logging.getLogger("georeg.access")
_log = logging.getLogger("georeg.errors")
INTERNAL_ERROR = (
    "Lỗi máy chủ: sổ đăng ký không trả lời được yêu cầu này. Hãy báo quản trị viên mã yêu cầu {id}.\n"
    "Internal server error: the registry could not answer this request. Tell the administrator its request id {id}.\n"
)

#: uvicorn's logging, with the time and the request's id on every line (``georeg serve`` passes it to uvicorn).
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "api.request_log.RequestIdFilter"}},
    "formatters": {
        "line": {
            "()": "api.request_log.VietnamTimeFormatter",
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},  # libraries' chatter (Alembic's at each check) left out
    "loggers": {name: {"level": "INFO"} for name in ("uvicorn.error", "georeg", "api", "geo", "layers", "cli")},
}


def current_request_id() -> str:
    """The id of the request being answered ("-" outside a request)."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each log record (``%(request_id)s``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class VietnamTimeFormatter(logging.Formatter):
    """Writes ``%(asctime)s`` as ISO 8601 in Vietnam's time with its offset, e.g. ``2026-12-05T22:53:29+07:00``."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's name)
        return datetime.fromtimestamp(record.created, VIETNAM_TIME).isoformat(timespec="seconds")


def redacted_query(query: str) -> str:
    """``query`` with the values of :data:`REDACTED_PARAMETERS` replaced."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(name, REDACTED if name.lower() in REDACTED_PARAMETERS else value) for name, value in pairs])


def _given_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name.lower() == b"x-request-id":
            given = value.decode("latin-1")
            return given if _PLAIN_ID.fullmatch(given) else None
    return None


class RequestLog:
    """ASGI middleware: the request's id set for its log lines and answered in its header; one access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _request_id.set(_given_id(scope) or secrets.token_hex(6))
        started = time.monotonic()
        status = 500  # unless the app answers
        started_answer = told = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started_answer, told
            if message["type"] == "http.response.start":
                status, started_answer = message["status"], True
                MutableHeaders(scope=message)[HEADER] = _request_id.get()
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                # the time to the answer, written as it goes: a "202, checked in the background" upload's line gave
                # the check's 20 s, its answer having left in 0.2 s (trial s69)
                _access_line(scope, status, time.monotonic() - started)
                told = True

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            _log.exception("%s", logged("internal_error", method=scope["method"], path=scope["path"]))
            if not started_answer:
                answer = PlainTextResponse(INTERNAL_ERROR.format(id=_request_id.get()), status_code=500)
                await answer(scope, receive, send_with_id)
        finally:
            if not told:  # no answer, or not all of it: the client went away
                _access_line(scope, status, time.monotonic() - started)
            _request_id.reset(token)


def _access_line(scope: Scope, status: int, seconds: float) -> None:
    query = redacted_query(scope.get("query_string", b"").decode("latin-1"))
    target = scope["path"] + (f"?{query}" if query else "")
    client = scope.get("client")
    _access.info('%s "%s %s" %d %.0f ms', client[0] if client else "-", scope["method"], target, status, seconds * 1000)
