"""Shares recomputed after a load's commit: the projects show at the commit, their shares follow.

A projects load writes its projects, and queues their ids (``project_share_queue``, geo.ingest.project_writes), in
its one transaction; once it has committed, :func:`finish_queued_shares` recomputes the queued projects' shares
batch by batch, two batches at once on connections of their own (the database's cores work side by side), each
batch in a transaction of its own that takes its ids off the queue. So a load's projects are in
the lists, tiles and OGC API as soon as it commits, and the progress figures say "recomputing" (:func:`share_state`)
until the queue is empty.

A process that stops mid-way loses only its current batch (rolled back with its connection, whose query the server
cancels within seconds: ``client_connection_check_interval``); the ids stay queued, and the next load, or the app at
its start and every few minutes (api.main), finishes them. Batches are taken with ``SKIP LOCKED``: two processes
finishing the queue share the work instead of waiting for each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from geo.apportion import recompute_shares
from geo.vi_format import local_number

BATCH = 10_000  # projects per transaction: a batch of 10,000 takes a few seconds on a small server
SMALLEST_BATCH = 100
WORKERS = 2  # batches recomputed at once
DEAD_CLIENT_CHECK = "2s"  # how soon the server cancels the batch of a process that stopped

MESSAGES = {
    "vi": "Đang tính lại phần của {count} dự án vừa nạp hoặc cập nhật trong các đơn vị; tiến độ theo đơn vị chưa "
    "tính chúng như tệp đã nạp",
    "en": "Recomputing the unit shares of {count} projects just loaded or updated; progress by unit does not count "
    "them as loaded yet",
}


@dataclass(frozen=True)
class ShareState:
    """Whether the shares (and so the progress per unit) are up to date, and if not, how many projects wait."""

    waiting: int

    @property
    def state(self) -> str:
        return "recomputing" if self.waiting else "current"

    def message(self, lang: str) -> str | None:
        if not self.waiting:
            return None
        return MESSAGES[lang].format(count=local_number(self.waiting, lang, 0))

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "projects_waiting": self.waiting,
            "message_vi": self.message("vi"),
            "message_en": self.message("en"),
        }


def share_state(session: Session) -> ShareState:
    return ShareState(session.scalar(text("SELECT count(*) FROM project_share_queue")) or 0)


def batch_for_tenths(waiting: int) -> int:
    """A batch of about a tenth of ``waiting`` projects (from :data:`SMALLEST_BATCH` to :data:`BATCH`), so that how
    far the recompute has got can be said at each tenth (a command's progress lines)."""
    return max(SMALLEST_BATCH, min(BATCH, -(-waiting // 10)))


def finish_queued_shares(
    engine: Engine, batch: int = BATCH, workers: int = WORKERS, progress: Callable[[int], None] | None = None
) -> int:
    """Recompute the shares of the queued projects, one committed batch at a time, ``workers`` batches at once (each
    on a connection of its own, so that the database's cores work side by side); returns the projects done.
    ``progress`` is told the projects done so far after each batch's commit (one call at a time).

    Returns when the queue is empty or what is left is being done by another process."""
    counted = _Counted(progress)
    if workers == 1:
        return _finish_batches(engine, batch, counted)
    with ThreadPoolExecutor(workers, thread_name_prefix="georeg-shares") as pool:
        return sum(pool.map(lambda _: _finish_batches(engine, batch, counted), range(workers)))


class _Counted:
    """The projects the workers have done together, told to ``progress`` after each batch."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress, self.done, self.lock = progress, 0, threading.Lock()

    def add(self, count: int) -> None:
        with self.lock:
            self.done += count
            if self.progress:
                self.progress(self.done)


def _finish_batches(engine: Engine, batch: int, counted: _Counted) -> int:
    done = 0
    while True:
        with Session(engine) as session, session.begin():
            session.execute(text(f"SET LOCAL client_connection_check_interval = '{DEAD_CLIENT_CHECK}'"))
            ids = session.scalars(
                text(
                    "SELECT project_id FROM project_share_queue ORDER BY project_id LIMIT :batch FOR UPDATE SKIP LOCKED"
                ),
                {"batch": batch},
            ).all()
            if not ids:
                return done
            recompute_shares(session, ids)
            session.execute(text("DELETE FROM project_share_queue WHERE project_id = ANY(:ids)"), {"ids": list(ids)})
        done += len(ids)
        counted.add(len(ids))
