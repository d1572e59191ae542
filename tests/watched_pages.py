"""Browser pages under watch: what a page must never do, collected for the test to assert empty."""

from __future__ import annotations

from urllib.parse import urlparse

#: An init script that keeps the page's Content-Security-Policy violations in ``window.__violations``
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watch(page) -> list[str]:
    """Start recording ``page``'s console errors, uncaught exceptions and every request leaving the app (anything
    not on 127.0.0.1: the maps and forms must work offline; ``blob:`` and ``data:`` URLs are the page's own memory);
    returns the list they are appended to."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append(r.url) if _leaves_the_app(r.url) else None)
    return problems


def _leaves_the_app(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme not in ("blob", "data") and parsed.hostname != "127.0.0.1"
