"""The tile cache builds a tile once for the requests that ask for it at the same time, and not after an edit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from layers.cache import TileCache


def _slow_builder(body: bytes) -> tuple[list[int], Callable[[], tuple[bytes, None]]]:
    builds: list[int] = []

    def build() -> tuple[bytes, None]:
        builds.append(1)
        time.sleep(0.3)
        return body, None

    return builds, build


def test_requests_arriving_during_a_build_share_it():
    cache = TileCache(max_bytes=2**20)
    builds, build = _slow_builder(b"tile")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: cache.get_or_build("k", build), range(8)))
    assert len(builds) == 1
    assert {tile.body for tile, _ in results} == {b"tile"}
    assert cache.get_or_build("k", build)[1] is True


def test_with_the_cache_off_simultaneous_requests_still_share_one_build():
    cache = TileCache(max_bytes=0)
    builds, build = _slow_builder(b"tile")
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: cache.get_or_build("k", build), range(4)))
    assert len(builds) == 1
    cache.get_or_build("k", build)
    assert len(builds) == 2  # nothing is kept


def test_a_waiter_does_not_take_a_build_that_an_edit_expired_meanwhile():
    cache = TileCache(max_bytes=2**20)
    edited = threading.Event()
    builds, build = _slow_builder(b"tile")

    def expired(tile) -> bool:  # an edit numbered 1 touched this tile
        return edited.is_set() and tile.stamp < 1

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get_or_build, "k", build, 0, expired)
        time.sleep(0.1)
        edited.set()
        second = pool.submit(cache.get_or_build, "k", build, 1, expired)
        first.result(), second.result()
    assert len(builds) == 2 and second.result()[0].stamp == 1
