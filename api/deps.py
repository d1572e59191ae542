"""Request dependencies: a database session per request (a transaction for writes); the client's address."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.read_routing import request_session
from geo.db import REQUEST_SESSIONS


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session per request, opened and closed on the event loop.

    At most ``REQUEST_SESSIONS`` at once, the others waiting without a worker thread: a session keeps its connection
    until the response is serialised, which needs a worker thread; without the limit a burst left every thread
    waiting for a connection held by a request waiting for a thread, until the pool timed out (geo.db). Closed on the
    loop rather than in a thread for the same reason. GET and HEAD read a replica when there are any
    (api.read_routing).
    """
    with request_session(request) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function", max_concurrency=REQUEST_SESSIONS)]


async def get_transaction(request: Request) -> AsyncIterator[Session]:
    """A session in a transaction for a write: committed when the route returns, rolled back if it raises.

    The commit runs before the response is sent (scope "function"), so a client that got its answer reads its write.
    """
    with Session(request.app.state.engine) as session, session.begin():
        yield session


TransactionDep = Annotated[Session, Depends(get_transaction, scope="function", max_concurrency=REQUEST_SESSIONS)]


def client_address(request: Request) -> str | None:
    """The client's address as the audit log records it (None when the server does not know it)."""
    return request.client.host if request.client else None
