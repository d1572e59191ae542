"""Expiring cached map layers: edits bump a layer's version in the same transaction.

Anything that changes a layer's data (a status event, an ingest, a recomputed overlay)
calls :func:`bump`; anything that caches a layer's output keys it by :func:`current`.
Because the bump commits or rolls back with the edit, a cache never shows an edit that
did not happen, and never misses one that did.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from geo.models.layer_versions import LayerVersion


def bump(session: Session, *layer_ids: str) -> None:
    """Mark ``layer_ids`` as changed by the current transaction."""
    for layer_id in sorted(set(layer_ids)):
        statement = insert(LayerVersion).values(layer_id=layer_id, version=2)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["layer_id"], set_={"version": LayerVersion.version + 1, "changed_at": func.now()}
            )
        )


def current(session: Session, layer_id: str) -> int:
    """The layer's version (1 for a layer never edited)."""
    return session.scalar(select(LayerVersion.version).where(LayerVersion.layer_id == layer_id)) or 1
