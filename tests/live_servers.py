"""Serving the app for real on a free loopback port, for tests that need HTTP from outside the process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from api.main import create_app
from geo.settings import Settings


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app on ``settings``' database, served by uvicorn in a thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(settings)
    # keep-alive longer than any test: at uvicorn's 5 s the server could close an idle connection just as a test's
    # client (Playwright's request context) sent a POST on it, which the client does not retry (ECONNRESET)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=600)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        # its pool's idle connections closed (the engine is cached per database, kept for the worker's session): a
        # full run's servers left up to ten each open, and PostgreSQL's 300 ran out ("too many clients already")
        app.state.engine.dispose()
