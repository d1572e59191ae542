"""Layer versions: what they mean, how edits change them, how caches read them (the one module that owns them).

A map layer's state is two counters in ``layer_version`` (:class:`LayerState`): its **version**, which changes
when the whole layer may have changed, and its **edits**, which counts the smaller edits whose footprints (boxes)
are kept in ``tile_expiry``. Written as ``version.edits`` (:func:`version_token`, e.g. ``3.17``), it is the token
in tile URLs. Every cache of a layer's output keys it by the version; the tile cache also checks a cached tile
against the footprints of later edits (per-tile expiry, layers.tile_expiry).

Anything that changes a whole layer's data (an ingest, a recomputed overlay) calls :func:`bump`; an edit of a few
features (a retirement, a geometry change) calls :func:`expire_footprints` (or :func:`expire_projects`) with the
bounding boxes of what it changed, before and after, so only the tiles they touch expire; an edit of some fields
only (a status event) calls :func:`expire_fields`, which spares the tiles where those features are merged.
Because both commit or roll back with the edit, a cache never shows an edit that did not happen, and never misses
one that did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.orm import Session

from geo.models.layer_versions import LayerVersion, TileExpiry

Box = tuple[float, float, float, float]  # west, south, east, north (WGS 84 degrees)

#: The administrative units' layers, one a scheme and level: a write of units bumps the layer of each level it writes
#: (a load of the sample, all four), and caches of what is drawn from units are keyed by their versions (tiles; the
#: maps' context and the former provinces of geo.former_parts).
UNIT_LAYERS = ("units_pre2025_province", "units_pre2025_district", "units_2025_province", "units_2025_commune")

# An edit with more footprints than this expires the whole layer instead (a load, not an edit).
MAX_FOOTPRINTS = 1000
# Footprints of the last KEPT_EDITS edits of a layer stay in tile_expiry; a reader further behind drops its cache.
KEPT_EDITS = 10_000


class LayerState(NamedTuple):
    version: int  # changes when the whole layer may have changed
    edits: int  # counts footprint edits


NEVER_EDITED = LayerState(1, 0)
STATES = text("SELECT layer_id, version, edits FROM layer_version WHERE layer_id = ANY(:ids)")
FOOTPRINTS = text(
    "SELECT edit, west, south, east, north, fields, feature_id FROM tile_expiry "
    "WHERE layer_id = :layer_id AND edit > :after AND edit <= :upto AND west IS NOT NULL ORDER BY edit"
)


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


def expire_fields(session: Session, layer_id: str, footprints: Mapping[int, Box | None], fields: Sequence[str]) -> None:
    """Expire the tiles of ``layer_id`` where the features ``footprints`` (id: box) show, when the edit changed only
    their ``fields`` (no geometry, no feature added or removed): a tile where such a feature is merged into a point
    of its colour stays cached unless it shows one of ``fields`` (the colour, or a field it is filtered by). A feature
    without a box (no site) expires no tile; its id is written, so that what changed since a page's version names it."""
    _record(session, layer_id, [(box, feature_id) for feature_id, box in footprints.items()], sorted(fields))


def _record(
    session: Session, layer_id: str, footprints: list[tuple[Box | None, int | None]], fields: list[str] | None
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
            for (w, s, e, n), feature_id in ((box or (None,) * 4, feature_id) for box, feature_id in footprints)
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
    with ``fields``, the edit changed only those (see :func:`expire_fields`). A project without a site expires no
    tile but is written without a box: an open page told what changed names it as the others (it was only counted)."""
    session.flush()
    drawn = project_footprints(session, project_ids)
    now: dict[int, Box | None] = {pid: drawn.get(pid) for pid in project_ids}
    if fields is None:  # each project's id beside its footprint now: what changed since a page's version names it
        footprints = [(box, None) for box in old_footprints] + [(box, pid) for pid, box in now.items()]
        _record(session, "projects", footprints, None)
    else:
        expire_fields(session, "projects", now, fields)


def version_of(session: Session, layer_id: str) -> int:
    """The layer's version (1 for a layer never edited)."""
    return session.scalar(select(LayerVersion.version).where(LayerVersion.layer_id == layer_id)) or 1


def versions_of(session: Session, layer_ids: Sequence[str]) -> tuple[int, ...]:
    """The version of each of ``layer_ids`` (a catalog layer's ``version_ids``): what its cached output is keyed by."""
    return tuple(version_of(session, layer_id) for layer_id in layer_ids)


def url_version(session: Session, layer_ids: Sequence[str]) -> str:
    """A token that changes whenever any tile of a layer keyed by ``layer_ids`` may have changed (for URLs)."""
    return version_token(read_states(session.connection(), layer_ids))


def version_token(states: Sequence[tuple[int, int]]) -> str:
    """``version.edits`` per layer, joined by ``-`` (e.g. ``3.17-1.0``)."""
    return "-".join(f"{version}.{edits}" for version, edits in states)


def read_states(connection: Connection, layer_ids: Sequence[str]) -> tuple[LayerState, ...]:
    """The state of each of ``layer_ids`` as ``connection`` sees it (one indexed SELECT; on the tiles' hot path)."""
    rows = {
        row.layer_id: LayerState(row.version, row.edits) for row in connection.execute(STATES, {"ids": list(layer_ids)})
    }
    return tuple(rows.get(layer_id, NEVER_EDITED) for layer_id in layer_ids)


def read_footprints(
    connection: Connection, layer_id: str, after: int, upto: int
) -> Iterator[tuple[int, Box, frozenset[str] | None, int | None]]:
    """The footprints of the layer's edits numbered ``after`` (excluded) to ``upto``, in edit order: edit number,
    box, the fields it changed (None: anything) and the feature whose fields they are."""
    rows = connection.execute(FOOTPRINTS, {"layer_id": layer_id, "after": after, "upto": upto})
    for edit, west, south, east, north, fields, feature_id in rows:
        yield edit, (west, south, east, north), None if fields is None else frozenset(fields), feature_id
