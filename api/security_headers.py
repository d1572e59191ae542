"""Security headers on every response: a Content-Security-Policy, nosniff, no framing by other sites, a referrer
policy, and HSTS when the request came over HTTPS.

The policy lets a page run only this site's scripts and the inline scripts the page was built with: each HTML page
gets a fresh nonce, written into its ``<script>`` elements here, as it leaves the app. The pages escape every value
they show (``<`` never reaches them unescaped), so the only script elements a page holds are the ones its builder
wrote. Styles may be inline (the maps' library positions its elements with style attributes); images may come from
this site and ``data:``/``blob:`` URLs (map markers, the photo preview). Connections, forms and the page's base URL
stay on this site; no page may be framed. Only /redoc may start a web worker from a ``blob:`` URL: ReDoc's search
runs in one.
"""

from __future__ import annotations

import re
import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCRIPT_TAG = re.compile(rb"<script(?=[\s>])")
HSTS = "max-age=31536000; includeSubDomains"
# pages whose library starts a web worker from a blob: URL (ReDoc's search index)
BLOB_WORKER_PAGES = frozenset({"/redoc"})


def content_security_policy(nonce: str, blob_workers: bool = False) -> str:
    """The policy for a response whose inline scripts carry ``nonce``; ``blob_workers`` also lets the page start
    web workers from ``blob:`` URLs."""
    return "; ".join(
        (
            *(("worker-src 'self' blob:",) if blob_workers else ()),
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class SecurityHeaders:
    """ASGI middleware adding the headers, and the nonce to HTML pages' scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        is_html = False

        async def send_with_headers(message: Message) -> None:
            nonlocal is_html
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                is_html = headers.get("content-type", "").startswith("text/html")
                headers["Content-Security-Policy"] = content_security_policy(
                    nonce, blob_workers=scope.get("path") in BLOB_WORKER_PAGES
                )
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "same-origin"
                if scope.get("scheme") == "https":
                    headers["Strict-Transport-Security"] = HSTS
                if is_html and "content-length" in headers:
                    del headers["content-length"]  # the nonce makes the page longer
            elif message["type"] == "http.response.body" and is_html:
                body = SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', message.get("body", b""))
                message = {**message, "body": body}
            await send(message)

        await self.app(scope, receive, send_with_headers)
