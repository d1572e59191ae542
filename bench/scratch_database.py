"""A fresh, migrated database in the local cluster for one benchmark run, dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from geo import migrations
from geo.local_cluster import LocalCluster
from geo.settings import get_settings


@contextmanager
def scratch_database(name: str) -> Iterator[str]:
    """Yield the URL of database ``name``, created empty and migrated; it is dropped however the run ends."""
    cluster = LocalCluster.from_settings(get_settings())
    cluster.ensure_running()
    cluster.drop_database(name)
    cluster.ensure_database(name)
    try:
        url = cluster.url(name)
        migrations.upgrade(url)
        yield url
    finally:
        cluster.drop_database(name)
