"""Request dependencies: a database session per request; the client's address for the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session per request, closed on the event loop.

    As a sync dependency its clean-up would wait for a free worker thread; under a burst
    every thread can be waiting for a pooled connection that only that clean-up returns,
    and the app deadlocks. Closing here hands the connection back as soon as the response
    is done.
    """
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def client_address(request: Request) -> str | None:
    """The client's address as the audit log records it (None when the server does not know it)."""
    return request.client.host if request.client else None
