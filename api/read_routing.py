"""Which database a request reads: a replica for GET and HEAD (when GEOREG_READ_DATABASE_URLS is set), the primary
for writes and for a client whose own last write a replica has not replayed yet.

After a successful write the response carries the primary's WAL position in a cookie; the client's next reads go to
a replica only once it has replayed that far (read-your-writes), else to the primary. ``X-Read-From`` says which.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from anyio import to_thread
from fastapi import FastAPI, Request, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from geo.replicas import ReadReplicas, primary_position
from geo.settings import Settings

READS = frozenset({"GET", "HEAD"})
WROTE_AT = "georeg_wrote_at"
# A writer's reads follow its write this long; replicas lagging more than that are left out anyway.
WROTE_AT_MAX_AGE_S = 300


def install(app: FastAPI, settings: Settings) -> None:
    """Route reads to the settings' replicas, if any."""
    app.state.replicas = (
        ReadReplicas(settings.read_urls, settings.replica_max_lag_seconds) if settings.read_urls else None
    )
    if app.state.replicas is not None:
        app.middleware("http")(_remember_writes)


def request_session(request: Request) -> Session:
    """A session on the database this request reads: a usable replica for a read, else the primary.

    A replica's connection is taken at once (a pooled, pinged connection: a round trip), so a replica that went
    down since its last check is left out and the primary answers instead of an error."""
    primary = request.app.state.engine
    replicas: ReadReplicas | None = getattr(request.app.state, "replicas", None)
    if replicas is None or request.method not in READS:
        return Session(primary)
    written = request.cookies.get(WROTE_AT, "")
    engine = replicas.choose(int(written) if written.isdigit() else 0)
    if engine is not None:
        session = Session(engine)
        try:
            session.connection()
            request.state.read_from = "replica"
            return session
        except OperationalError:
            session.close()
            replicas.left_out(engine)
    request.state.read_from = "primary"
    return Session(primary)


async def _remember_writes(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    if request.method in READS:
        response.headers["X-Read-From"] = getattr(request.state, "read_from", "primary")
    elif request.method != "OPTIONS" and response.status_code < 400:
        position = await to_thread.run_sync(primary_position, request.app.state.engine)
        response.set_cookie(WROTE_AT, str(position), max_age=WROTE_AT_MAX_AGE_S, httponly=True, samesite="lax")
    return response
