"""An in-memory LRU cache of tiles keyed by layer version, with content ETags.

Keys include the layer's versions (geo.layer_versions), so an edit that bumps a layer makes every cached tile of
it unreachable at once — in every process, because the version lives in the database — and the stale entries age
out of the LRU. An edit that expires footprints only is checked on a hit: each entry carries the edit number it is
known fresh at (its ``stamp``), and ``expired(tile)`` says whether a later edit touched it (layers.tile_expiry).
Requests for a tile that is being built wait for that build instead of starting their own (one build per tile at
a time): after an edit, the many clients of a low-zoom tile would otherwise each rebuild it at once.
``GEOREG_TILE_CACHE_MB`` sets the size; 0 turns the cache off (the benchmark's "cold" run).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass

from geo.settings import Settings


@dataclass
class CachedTile:
    body: bytes
    etag: str
    stamp: int = 0  # the layer's edit number this tile is known fresh at
    whole_ids: Collection[int] | None = None  # features drawn whole (their fields show); None: any may be
    _gzipped: bytes | None = None

    @property
    def gzipped_etag(self) -> str:
        return self.etag[:-1] + '.gz"'

    def gzipped(self) -> bytes:
        """The body gzipped, compressed on first use and kept with the tile (two requests may both compress it; not
        counted in the cache's size: about a third of the body's)."""
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


# Builds a tile: its body and the ids of the features it draws whole (None: too many to list).
Build = Callable[[], tuple[bytes, Collection[int] | None]]


@dataclass
class _Build:
    """A build in progress; ``tile`` is set when it succeeded."""

    done: threading.Event
    tile: CachedTile | None = None


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class TileCache:
    """Thread-safe LRU bounded by total bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, CachedTile] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._building: dict[Hashable, _Build] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> TileCache:
        return cls(int(settings.tile_cache_mb * 2**20))

    def get_or_build(
        self,
        key: Hashable,
        build: Build,
        stamp: int = 0,
        expired: Callable[[CachedTile], bool] | None = None,
    ) -> tuple[CachedTile, bool]:
        """The cached tile for ``key`` and True, or ``build()`` it (outside the lock), keep it, and False.

        ``build`` gives the body and the ids of the features it draws whole (see CachedTile).
        ``stamp`` is the edit number read before building; a cached tile for which ``expired(tile)`` is
        dropped and built again, one that is not is known fresh at ``stamp`` from then on. A request arriving while
        the same key is being built waits for that build and takes its tile, unless an edit expired it meanwhile.
        """
        while True:
            with self._lock:
                hit = self._entries.get(key)
                if hit is not None and (expired is None or not expired(hit)):
                    hit.stamp = max(hit.stamp, stamp)
                    self._entries.move_to_end(key)
                    return hit, True
                if hit is not None:
                    del self._entries[key]
                    self._size -= _size(hit)
                running = self._building.get(key)
                if running is None:
                    running = self._building[key] = _Build(threading.Event())
                    break
            running.done.wait()
            shared = running.tile
            if shared is not None and (expired is None or not expired(shared)):
                return shared, False
        try:
            running.tile = self._build(key, build, stamp)
        finally:
            with self._lock:
                del self._building[key]
            running.done.set()
        return running.tile, False

    def _build(self, key: Hashable, build: Build, stamp: int) -> CachedTile:
        body, whole = build()
        tile = CachedTile(body, etag_of(body), stamp, whole)
        if _size(tile) <= self.max_bytes:
            with self._lock:
                old = self._entries.get(key)
                if old is None or old.stamp < stamp:
                    self._size += _size(tile) - (_size(old) if old else 0)
                    self._entries[key] = tile
                while self._size > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self._size -= _size(dropped)
        return tile


def _size(tile: CachedTile) -> int:
    """The bytes a cached tile is counted for: its body and its list of features drawn whole."""
    return len(tile.body) + 8 * len(tile.whole_ids or ())
