"""Expiring cached map layers: edits bump a layer's version, or expire its tiles by footprint, in their transaction.

Anything that changes a whole layer's data (an ingest, a recomputed overlay) calls :func:`bump`; an edit of a few
features (a retirement, a geometry change) calls :func:`expire_footprints` (or :func:`expire_projects`) with the
bounding boxes of what it changed, before and after, so only the tiles they touch expire; an edit of some fields
only (a status event) calls :func:`expire_fields`, which spares the tiles where those features are merged. Caches
key their output by :func:`current` and check footprints newer than what they hold (layers.versions).
Because both commit or roll back with the edit, a cache never shows an edit that did not happen, and never misses
one that did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.orm import Session

from geo.models.layer_versions import LayerVersion, TileExpiry

Box = tuple[float, float, float, float]  # west, south, east, north (WGS 84 degrees)

# An edit with more footprints than this expires the whole layer instead (a load, not an edit).
MAX_FOOTPRINTS = 1000
# Footprints of the last KEPT_EDITS edits of a layer stay in tile_expiry; a reader further behind drops its cache.
KEPT_EDITS = 10_000


def bump(session: Session, *layer_ids: str) -> None:
    """Mark ``layer_ids`` as changed as a whole by the current transaction (every tile of them expires)."""
    for layer_id in sorted(set(layer_ids)):
        statement = upsert(LayerVersion).values(layer_id=layer_id, version=2)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["layer_id"], set_={"version": LayerVersion.version + 1, "changed_at": func.now()}
            )
        )


def expire_footprints(session: Session, layer_id: str, boxes: Iterable[Box]) -> None:
    """Expire, at every zoom, only the tiles of ``layer_id`` that ``boxes`` (old and new footprints) touch.

    The edit counter is taken with a row lock held to the commit, so edits of a layer commit in counter order and a
    reader that has seen edit n has seen every footprint of edits up to n.
    """
    _record(session, layer_id, [(box, None) for box in boxes], None)


def expire_fields(session: Session, layer_id: str, footprints: Mapping[int, Box], fields: Sequence[str]) -> None:
    """Expire the tiles of ``layer_id`` where the features ``footprints`` (id: box) show, when the edit changed only
    their ``fields`` (no geometry, no feature added or removed): a tile where such a feature is merged into a point
    of its colour stays cached unless it shows one of ``fields`` (the colour, or a field it is filtered by)."""
    _record(session, layer_id, [(box, feature_id) for feature_id, box in footprints.items()], sorted(fields))


def _record(
    session: Session, layer_id: str, footprints: list[tuple[Box, int | None]], fields: list[str] | None
) -> None:
    if len(footprints) > MAX_FOOTPRINTS:
        bump(session, layer_id)
        return
    statement = upsert(LayerVersion).values(layer_id=layer_id, edits=1)
    edit = session.execute(
        statement.on_conflict_do_update(
            index_elements=["layer_id"], set_={"edits": LayerVersion.edits + 1, "changed_at": func.now()}
        ).returning(LayerVersion.edits)
    ).scalar_one()
    if footprints:
        rows = [
            dict(layer_id=layer_id, edit=edit, west=w, south=s, east=e, north=n, fields=fields, feature_id=feature_id)
            for (w, s, e, n), feature_id in footprints
        ]
        session.execute(insert(TileExpiry), rows)
    session.execute(
        TileExpiry.__table__.delete().where(TileExpiry.layer_id == layer_id, TileExpiry.edit <= edit - KEPT_EDITS)
    )


def project_footprints(session: Session, project_ids: Sequence[int]) -> dict[int, Box]:
    """The bounding boxes of the projects' current geometries by id (projects without one are not drawn)."""
    rows = session.execute(
        text(
            "SELECT id, ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM project "
            "WHERE id = ANY(:ids) AND geom IS NOT NULL"
        ),
        {"ids": list(project_ids)},
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def expire_projects(
    session: Session, project_ids: Sequence[int], *old_footprints: Box, fields: Sequence[str] | None = None
) -> None:
    """Expire the ``projects`` tiles the projects touch now (flushed state) and, for a moved geometry, touched;
    with ``fields``, the edit changed only those (see :func:`expire_fields`)."""
    session.flush()
    now = project_footprints(session, project_ids)
    if fields is None:
        expire_footprints(session, "projects", [*old_footprints, *now.values()])
    else:
        expire_fields(session, "projects", now, fields)


def current(session: Session, layer_id: str) -> int:
    """The layer's version (1 for a layer never edited)."""
    return session.scalar(select(LayerVersion.version).where(LayerVersion.layer_id == layer_id)) or 1


def url_version(session: Session, layer_ids: Sequence[str]) -> str:
    """A token that changes whenever any tile of a layer keyed by ``layer_ids`` may have changed (for URLs)."""
    query = select(LayerVersion.layer_id, LayerVersion.version, LayerVersion.edits)
    rows = {
        layer_id: (version, edits)
        for layer_id, version, edits in session.execute(query.where(LayerVersion.layer_id.in_(layer_ids)))
    }
    return version_token([rows.get(layer_id, (1, 0)) for layer_id in layer_ids])


def version_token(states: Sequence[tuple[int, int]]) -> str:
    """``version.edits`` per layer, joined by ``-`` (e.g. ``3.17-1.0``)."""
    return "-".join(f"{version}.{edits}" for version, edits in states)
