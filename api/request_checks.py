"""Checks every request gets before an endpoint sees it: a body within its route's limit (413 before it is read),
and text only in the query, the path and JSON bodies (422 naming the parameter and the characters, in the request's
language: geo.plain_text's one rule, which the forms' fields and the command line's options follow too); and, on the
API, no query parameter its route does not take.

One middleware and one dependency, so that each endpoint does not have to repeat them; the limits come from the
settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request, UploadFile
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ParametersRefused, Refused, invalid_parameter
from geo.plain_text import NOT_TEXT, refused
from geo.said import Said
from geo.settings import Settings
from geo.vi_format import vi_number


def too_large_message(limit: int, vietnamese: bool = False) -> str:
    """A body over ``limit``, in Vietnamese when the request asks for it (Accept-Language: vi, as the pages do)."""
    if vietnamese:
        return f"Dữ liệu gửi lên vượt giới hạn {vi_number(limit, 0)} byte; hãy gửi ít hơn (hoặc một tệp nhỏ hơn)."
    return f"The request body is over this route's limit of {limit:,} bytes; send less (or a smaller file)."


def file_limit(settings: Settings, path: str) -> int:
    """The largest file (bytes) a form sent to ``path`` may carry: the one table of the app's file limits."""
    if path.startswith("/api/uploads"):
        return settings.upload_max_bytes
    if path.startswith("/api/indicators/values/") and path.endswith("/evidence"):
        return settings.evidence_max_bytes
    if path in ("/api/indicators/values/import", "/api/status-imports"):
        return settings.table_file_max_bytes
    return settings.photo_max_bytes


def read_file_part(request: Request, file: UploadFile) -> bytes:
    """The uploaded file's bytes, or 413 naming the file when it is over its route's limit (``file_limit``).

    The body limit has already refused a request far over it; this catches a file just over it."""
    limit = file_limit(request.app.state.settings, request.url.path)
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise Refused(
            413,
            Said(
                f"{file.filename}: lớn hơn {vi_number(limit, 0)} byte; hãy chia nhỏ tệp hoặc gửi một tệp nhỏ hơn",
                f"{file.filename}: larger than {limit:,} bytes; split it or send a smaller file",
            ),
        )
    return content


def body_limit(settings: Settings, path: str, content_type: str) -> int:
    """The largest body (bytes) a request may send: a form with its file, or anything else (JSON)."""
    if content_type.startswith("multipart/form-data"):
        return file_limit(settings, path) + settings.form_overhead_bytes
    return settings.json_body_max_bytes


def _not_text_json(value: Any, path: str = "") -> tuple[str, str] | None:
    """The dotted name of the first string (or key) in ``value`` holding characters that are not text, and that
    string, if any."""
    if isinstance(value, str):
        return (path, value) if NOT_TEXT.search(value) else None
    items: Iterable[tuple[Any, Any]] = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        name = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and NOT_TEXT.search(key):
            return name, key
        found = _not_text_json(item, name)
        if found is not None:
            return found
    return None


class RequestChecks:
    """ASGI middleware: body limits per route and storable text, before the app."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        content_type = headers.get("content-type", "")
        limit = body_limit(self.settings, scope["path"], content_type)
        declared = headers.get("content-length", "")
        vietnamese = headers.get("accept-language", "").strip().lower().startswith("vi")
        refusal: JSONResponse | None = _refuse_text(scope, vietnamese)
        if refusal is None and declared.isdigit() and int(declared) > limit:
            refusal = _too_large(limit, vietnamese)
        if refusal is None and content_type.startswith("application/json"):
            receive, refusal = await self._checked_json(receive, limit, vietnamese)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._with_limit(scope, receive, send, limit, vietnamese)

    async def _checked_json(
        self, receive: Receive, limit: int, vietnamese: bool
    ) -> tuple[Receive, JSONResponse | None]:
        """Read a JSON body (at most ``limit`` bytes) and check its text; the app then reads it as sent."""
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return receive, None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                return receive, _too_large(limit)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            found = _not_text_json(json.loads(body))
        except (ValueError, RecursionError):
            found = None  # the endpoint's own parsing says what is wrong with the JSON
        if found is not None:
            return receive, _not_text("body", *found, vietnamese)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay, None

    async def _with_limit(self, scope: Scope, receive: Receive, send: Send, limit: int, vietnamese: bool) -> None:
        """Run the app, answering 413 (an HTTPException the app's handlers turn into the response) as soon as a body
        sent without a length, or beyond it, passes ``limit``."""
        size = 0

        async def counting() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            if size > limit:
                raise HTTPException(413, too_large_message(limit, vietnamese))
            return message

        await self.app(scope, counting, send)


def _refuse_text(scope: Scope, vietnamese: bool) -> JSONResponse | None:
    """422 for the path or a query parameter (its name or value) holding characters that are not text."""
    if NOT_TEXT.search(scope["path"]):
        return _not_text("path", "", scope["path"], vietnamese)
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        for text in (name, value):
            if NOT_TEXT.search(text):
                return _not_text("query", name, text, vietnamese)
    return None


def _not_text(where: str, name: str, value: str, vietnamese: bool) -> JSONResponse:
    """422 naming the parameter and the characters of ``value`` that are not text, as a field of a form says it
    (api.params.PlainText's "not_text")."""
    said = refused(value)
    return invalid_parameter(where, name, said.vi if vietnamese else said.en, kind="not_text")


def _too_large(limit: int, vietnamese: bool = False) -> JSONResponse:
    message = too_large_message(limit, vietnamese)
    return JSONResponse({"detail": message}, status_code=413, headers={"Connection": "close"})


def known_parameters_only(request: Request) -> None:
    """On the API (``/api/…``), a query parameter the route does not take is refused, 422 naming it and those the
    route takes, rather than ignored: ``/api/projects?provice=84`` answered every project, which read as the
    province's. Pages ignore them: a link shared from a chat may carry a tracker's."""
    route = request.scope.get("route")
    if not request.url.path.startswith("/api/") or not isinstance(getattr(route, "dependant", None), Dependant):
        return
    taken = getattr(route, _TAKEN, None)
    if taken is None:  # walked once a route: its dependencies do not change while the app runs
        taken = frozenset(_query_parameters(route.dependant))
        setattr(route, _TAKEN, taken)
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in taken]
    if unknown:
        listed = ", ".join(sorted(taken)) or "—"
        said = Said(
            f"đường dẫn này không nhận tham số này; các tham số nhận: {listed}",
            f"this route takes no such parameter; it takes: {listed}",
        )
        raise ParametersRefused([(name, said) for name in unknown])


_TAKEN = "georeg_query_parameters"  # a route's attribute: the query parameters it takes, once walked


def _query_parameters(dependant: Dependant) -> set[str]:
    """The names of the query parameters a route (or a dependency of it) declares."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_parameters(sub)
    return names
