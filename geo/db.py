"""The database engine and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from geo.settings import get_settings

# The web app runs sync endpoints on AnyIO's 40 worker threads. A request keeps its pooled connection until its
# response is serialised, which itself needs a worker thread; with fewer connections than threads, a burst can leave
# every thread waiting for a connection that only a waiting request would give back. So the pool can serve them all.
POOL_SIZE, POOL_OVERFLOW = 10, 30


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    """One pooled engine per database URL (the settings' URL by default)."""
    return create_engine(
        url or get_settings().effective_database_url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
    )


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    factory = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def check_database(engine: Engine) -> dict[str, str]:
    """Versions of PostgreSQL and PostGIS; raises if the database cannot be reached."""
    with engine.connect() as conn:
        row = conn.execute(text("SELECT version(), postgis_lib_version()")).one()
    return {"postgresql": row[0].split(",")[0], "postgis": row[1]}
