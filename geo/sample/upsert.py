"""Insert-or-update by natural key, which makes re-loading the sample data idempotent."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session


def upsert(
    session: Session, model: type, key: tuple[str, ...], values: dict[str, Any], kept: tuple[str, ...] = ()
) -> int:
    """Insert ``values`` or update the row with the same ``key`` columns, but for the ``kept`` columns (written by an
    insert only); returns the row id."""
    statement = insert(model).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(key), set_={k: statement.excluded[k] for k in values if k not in (*key, *kept)}
    )
    return session.scalar(statement.returning(model.id))
