"""The database engine and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from geo.settings import get_settings

# The web app runs sync endpoints on AnyIO's 40 worker threads, and the pool can serve them all at once. A request's
# session (api.deps.get_session) keeps its connection until its response is serialised, which needs a worker thread
# of its own; so at most REQUEST_SESSIONS sessions exist at once (more requests wait without a thread), and the other
# connections are always free for endpoints that run: no thread waits for a connection that only a thread can free.
POOL_SIZE, POOL_OVERFLOW = 10, 30
REQUEST_SESSIONS = POOL_SIZE + POOL_OVERFLOW - 10
# A database host that stops answering (rather than refusing) would otherwise hold each request until the operating
# system gives up on the connection, minutes later; after this many seconds the app answers 503 (api/errors.py).
CONNECT_TIMEOUT_S = 5


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    """One pooled engine per database URL (the settings' URL by default)."""
    return create_engine(
        url or get_settings().effective_database_url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
    )


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    factory = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def check_database(engine: Engine) -> dict[str, str | None]:
    """Versions of PostgreSQL and PostGIS (None where the database has no PostGIS yet: never migrated); raises if
    the database cannot be reached."""
    postgis = "SELECT extversion FROM pg_extension WHERE extname = 'postgis'"
    with engine.connect() as conn:
        row = conn.execute(text(f"SELECT version(), ({postgis})")).one()
    return {"postgresql": row[0].split(",")[0], "postgis": row[1]}
