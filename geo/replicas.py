"""Reads from PostgreSQL streaming replicas, and the write positions that let a writer read its own writes.

Each replica is checked once a second (``CHECK_EVERY_S``) by a background thread, so choosing one never waits
for a database: a replica that cannot be reached, is not streaming from the primary, or has replayed nothing for
longer than the allowed lag while WAL waits to be replayed (nothing replayed since it started counts as too long)
is left out until a later check finds it well. A reader that wrote passes the primary's WAL position after its
write (:func:`primary_position`); only replicas that have replayed that far serve it, else the primary.

A URL naming a server that is not in recovery (the primary, or a promoted standby, given by mistake) is never
chosen; the first check that finds it so logs a warning, since reads would otherwise quietly all go to the primary.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from geo.db import POOL_OVERFLOW, POOL_SIZE
from geo.log_words import logged

_log = logging.getLogger(__name__)
CHECK_EVERY_S = 1.0
HEALTH = text(
    """SELECT pg_is_in_recovery(),
              pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),
              pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint,
              CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                   ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 'Infinity') END"""
)
POSITION = text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")


@dataclass
class ReplicaHealth:
    usable: bool = False
    replayed: int = 0  # WAL position replayed, in bytes
    lag_s: float = float("inf")


class ReadReplicas:
    """The replicas of ``urls``; :meth:`choose` gives a usable one in turn, or None (then read the primary)."""

    def __init__(self, urls: Sequence[str], max_lag_s: float) -> None:
        self.max_lag_s = max_lag_s
        self.engines = [
            create_engine(
                url,
                pool_pre_ping=True,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                connect_args={"connect_timeout": 2},
            )
            for url in urls
        ]
        self._health = {engine: ReplicaHealth() for engine in self.engines}
        self._warned: set[Engine] = set()
        self._turn = itertools.count()
        self._stopped = threading.Event()
        for engine in self.engines:
            self._check(engine)
        self._checker = threading.Thread(target=self._check_until_stopped, daemon=True, name="replica-checks")
        self._checker.start()

    def choose(self, written_at: int = 0) -> Engine | None:
        """A replica within the allowed lag that has replayed the WAL position ``written_at``, else None."""
        usable = [engine for engine in self.engines if self._usable(engine, written_at)]
        return usable[next(self._turn) % len(usable)] if usable else None

    def stop(self) -> None:
        """Stop the checks and close the replicas' connections."""
        self._stopped.set()
        self._checker.join(timeout=10)
        for engine in self.engines:
            engine.dispose()

    def left_out(self, engine: Engine) -> None:
        """Leave ``engine`` out until its next check finds it well (a request could not reach it)."""
        self._health[engine] = ReplicaHealth()

    def _usable(self, engine: Engine, written_at: int) -> bool:
        health = self._health[engine]
        return health.usable and health.lag_s <= self.max_lag_s and health.replayed >= written_at

    def _check_until_stopped(self) -> None:
        while not self._stopped.wait(CHECK_EVERY_S):
            for engine in self.engines:
                self._check(engine)

    def _check(self, engine: Engine) -> None:
        try:
            with engine.connect() as connection:
                in_recovery, usable, replayed, lag = connection.execute(HEALTH).one()
            self._health[engine] = ReplicaHealth(bool(usable), int(replayed or 0), float(lag or 0))
        except SQLAlchemyError:
            self._health[engine] = ReplicaHealth()
            return
        if not in_recovery:
            self._warn_not_a_standby(engine)

    def _warn_not_a_standby(self, engine: Engine) -> None:
        if engine not in self._warned:
            self._warned.add(engine)
            _log.warning("%s", logged("not_a_standby", url=engine.url.render_as_string(hide_password=True)))


def primary_position(engine: Engine) -> int:
    """The primary's current WAL position (bytes): a replica that has replayed it shows every write committed."""
    with engine.connect() as connection:
        return int(connection.execute(POSITION).scalar_one())
