"""An in-memory LRU cache of tiles keyed by layer version, with content ETags.

Keys include the layer's versions (geo.layer_versions), so an edit that bumps a layer makes every cached tile of
it unreachable at once — in every process, because the version lives in the database — and the stale entries age
out of the LRU. ``GEOREG_TILE_CACHE_MB`` sets the size; 0 turns the cache off (the benchmark's "cold" run).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TileCacheSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GEOREG_", env_file=".env", extra="ignore")

    tile_cache_mb: float = Field(
        default=256.0, description="size of the in-memory tile cache per process; 0 turns it off"
    )


@dataclass(frozen=True)
class CachedTile:
    body: bytes
    etag: str


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class TileCache:
    """Thread-safe LRU bounded by total bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, CachedTile] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls) -> TileCache:
        return cls(int(TileCacheSettings().tile_cache_mb * 2**20))

    def get_or_build(self, key: Hashable, build: Callable[[], bytes]) -> CachedTile:
        """The cached tile for ``key``, or ``build()`` it (outside the lock) and keep it."""
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit
        tile = CachedTile(body := build(), etag_of(body))
        if len(body) <= self.max_bytes:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = tile
                    self._size += len(body)
                while self._size > self.max_bytes:
                    _, old = self._entries.popitem(last=False)
                    self._size -= len(old.body)
        return tile
