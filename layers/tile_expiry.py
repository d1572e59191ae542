"""Per-tile expiry for the tile cache: which cached tiles the edits since their build have touched.

The layers' versions (geo.layer_versions) expire a layer's tiles all at once; the footprints of smaller edits
expire only the tiles they touch. On a cache hit the tile cache asks :class:`TileExpiryReader` for the layers'
current states and whether a later edit touched the cached tile. That costs one indexed SELECT of
``layer_version`` (plus one of ``tile_expiry`` when the layer was edited since the last request). Done over a
pooled session per request, 16 concurrent clients churn the pool's overflow connections (a new PostgreSQL backend
per request), which is what made warm tail latency high; one autocommit connection, used under a lock, answers
each lookup in a fraction of a millisecond and always sees the latest committed edit. The footprints read are kept
in memory, so checking whether a cached tile has expired is a few box comparisons (:meth:`TileExpiryReader.expired`).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from geo.layer_versions import KEPT_EDITS, Box, LayerState, read_footprints, read_states

# Footprints kept in memory per layer; beyond this the older half is dropped and tiles older than it expire.
KEPT_IN_MEMORY = 20_000


@dataclass
class FootprintLog:
    """The footprints of a layer's edits after ``floor`` up to ``seen``, in edit order."""

    floor: int
    seen: int
    edits: list[int] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


class Change(NamedTuple):
    """What an edit changed inside a footprint: only ``fields`` of feature ``feature_id``, or (None) anything."""

    fields: frozenset[str] | None
    feature_id: int | None

    def shows_in(self, shown: frozenset[str] | None, whole_ids: Collection[int] | None) -> bool:
        """Whether it can change a tile drawing ``whole_ids`` whole and showing ``shown`` of merged ones (None:
        unknown, so yes)."""
        if self.fields is None or shown is None or whole_ids is None or self.feature_id in whole_ids:
            return True
        return not self.fields.isdisjoint(shown)


class TileExpiryReader:
    """The layers' states and the footprints of their recent edits, read over one connection to one database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._lock = threading.Lock()
        self._logs: dict[str, FootprintLog] = {}

    def states(self, layer_ids: tuple[str, ...]) -> tuple[LayerState, ...]:
        """The current version and edit count of each layer id, as committed now, with their footprints read."""
        with self._lock:
            try:
                return self._read(layer_ids)
            except DBAPIError:
                self._close()
                return self._read(layer_ids)

    def expired(
        self,
        layer_id: str,
        since: int,
        box: Box,
        shown: frozenset[str] | None = None,
        whole_ids: Collection[int] | None = None,
    ) -> bool:
        """Whether an edit of ``layer_id`` after edit number ``since`` touched ``box`` (as of the last states()) and
        can show in a tile drawing ``whole_ids`` whole and the fields ``shown`` of merged features."""
        with self._lock:
            log = self._logs.get(layer_id)
            if log is None or since < log.floor:
                return True
            start = bisect.bisect_right(log.edits, since)
            return any(
                _overlap(footprint, box) and change.shows_in(shown, whole_ids)
                for footprint, change in zip(log.boxes[start:], log.changes[start:], strict=True)
            )

    def _read(self, layer_ids: tuple[str, ...]) -> tuple[LayerState, ...]:
        connection = self._connect()
        states = read_states(connection, layer_ids)
        for layer_id, state in zip(layer_ids, states, strict=True):
            self._catch_up(connection, layer_id, state.edits)
        return states

    def _catch_up(self, connection: Connection, layer_id: str, edits: int) -> None:
        log = self._logs.get(layer_id)
        if log is None or edits - log.seen > KEPT_EDITS // 2 or edits < log.seen:
            self._logs[layer_id] = FootprintLog(floor=edits, seen=edits)
            return
        if edits == log.seen:
            return
        for edit, box, changed, feature_id in read_footprints(connection, layer_id, log.seen, edits):
            log.edits.append(edit)
            log.boxes.append(box)
            log.changes.append(Change(changed, feature_id))
        log.seen = edits
        if len(log.edits) > KEPT_IN_MEMORY:
            half = len(log.edits) // 2
            log.floor = log.edits[half - 1]
            del log.edits[:half], log.boxes[:half], log.changes[:half]

    def _connect(self) -> Connection:
        if self._connection is None:
            self._connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._connection

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()
            self._connection.close()
            self._connection = None


def _overlap(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
