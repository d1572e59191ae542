"""Browser tabs in contexts shared by a module's tests, one context per device (its screen, touch).

A new context a test, or a context left with no tab, cost Chromium some 0.4 s of CPU for each test's tab (its renderer
started anew); a tab opened beside a blank one kept open in a shared context does not. For pages that keep nothing in
the browser but cookies (a login's session): ``tabs`` closes a test's tabs and clears the cookies after it, so no test
sees another's session. Not for pages that keep things in localStorage or a service worker (the status report form).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, Page


@contextmanager
def shared_contexts(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """A factory of contexts, one per device asked for (``viewport``, ``is_mobile``, ``has_touch``…), each made once
    with a blank tab kept open; all closed at the end."""
    contexts: dict[str, BrowserContext] = {}

    def context(**device) -> BrowserContext:
        key = json.dumps(device, sort_keys=True)
        if key not in contexts:
            contexts[key] = browser.new_context(**device)
            contexts[key].new_page()  # about:blank, kept
        return contexts[key]

    try:
        yield context
    finally:
        for each in contexts.values():
            each.close()


@contextmanager
def tabs(contexts: Callable[..., BrowserContext]) -> Iterator[Callable[..., Page]]:
    """A factory of tabs in the shared context of the device asked for; at the end, the tabs closed and the
    contexts' cookies cleared."""
    opened: list[Page] = []

    def tab(**device) -> Page:
        opened.append(contexts(**device).new_page())
        return opened[-1]

    try:
        yield tab
    finally:
        for page in opened:
            page.close()
            page.context.clear_cookies()
