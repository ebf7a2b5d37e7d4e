"""SQLite for a web server with many writers: write transactions take their turn in a
queue of the operating system, and retry when SQLite answers "busy".

SQLite has one writer at a time. With `BEGIN IMMEDIATE` (settings: `transaction_mode`) a
writer waits for the lock at the start of its transaction rather than failing half-way;
but SQLite's own wait is a loop of sleeps (its busy handler), not a queue: whoever happens
to try just after a commit gets the lock, and with 20 agents writing at once a writer
could lose that race for the whole 20 s busy timeout and fail with "database is locked"
(bench/concurrent_writers.py: 2 of 600 acts failed, p95 several seconds, before this).

Here each write transaction first takes an exclusive `flock` on a file beside the
database (`<name>-writers.lock`), which the kernel hands to the waiting processes as soon
as it is released, without polling; then `BEGIN IMMEDIATE`, retried with a short growing
pause if SQLite still answers busy (a statement in autocommit, outside any transaction,
takes SQLite's lock without the queue). The lock is released at commit or rollback, so
a transaction holds it only as long as it writes: services keep their transactions short
(the audit chain is sealed after commit, tally changes are appended, lien/stats/tally.py).
An in-memory database (some tests) has a single connection and needs no queue.
"""

import fcntl
import os
import time

from django.db.utils import OperationalError
from django_prometheus.db.backends.sqlite3 import base

# How many times BEGIN IMMEDIATE is tried again after SQLite's own busy timeout.
BUSY_RETRIES = 5


class DatabaseFeatures(base.DatabaseFeatures):
    """The same features as Django's SQLite backend."""


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock: int | None = None

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or not name:
            return None
        return f"{name}-writers.lock"

    def _take_writer_turn(self) -> None:
        path = self._lock_path()
        if path is None or self._writer_lock is not None:
            return
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._writer_lock = fd

    def _end_writer_turn(self) -> None:
        fd, self._writer_lock = self._writer_lock, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _start_transaction_under_autocommit(self):
        self._take_writer_turn()
        try:
            for attempt in range(BUSY_RETRIES + 1):
                try:
                    super()._start_transaction_under_autocommit()
                    return
                except OperationalError as error:
                    if "locked" not in str(error) or attempt == BUSY_RETRIES:
                        raise
                    time.sleep(0.05 * 2**attempt)
        except BaseException:
            self._end_writer_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_writer_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_writer_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_writer_turn()
