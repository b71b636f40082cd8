"""Django's SQLite backend, with write transactions queued instead of polled (decision 0111).

SQLite lets one writer in at a time. With `transaction_mode="IMMEDIATE"` (decision 0003) every
`atomic` block takes the write lock at `BEGIN`; a connection that finds it taken retries in
SQLite's busy handler, which *sleeps* between attempts (1, 2, 5, 10, 15, 20, 25, ... 100 ms).
Under load the lock is free most of the time while the waiters sleep: on 2 cores, 8 gunicorn
threads signing one petition got 55 signatures/s with a p50 of 280 ms.

This backend queues the writers before `BEGIN IMMEDIATE`:

- in the process, on a `threading.Lock` per database file (threads wake up as soon as it is
  released, no polling);
- across processes (app-server workers, management commands), on an exclusive `flock` of
  `<database>-writer.lock`. The kernel releases it when a process dies, so a `kill -9` in the
  middle of a transaction leaves no stale lock.

Both are released right after `COMMIT` or `ROLLBACK` (or when the connection closes). The wait
on the in-process lock is bounded by SQLite's busy timeout (`OPTIONS["timeout"]`, 20 s): after
it the transaction goes on to `BEGIN IMMEDIATE` and SQLite's own busy handling decides, as
before. The wait on another process's `flock` is not bounded: it lasts as long as that process's
write transaction (a migration or a bulk import can hold one for minutes; web writers then wait
instead of failing with "database is locked" after 20 s). Writes outside `atomic` (autocommit)
and in-memory databases (tests) are not queued.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import threading
import time

from django.db.backends.sqlite3 import base

_process_locks: dict[str, threading.Lock] = {}
# TADAFUR_SQLITE_WRITE_STATS=<file>: each process appends its queue waits and lock hold times
# (bench/signing.py reads them); off unless set.
_STATS: list[tuple[float, float, float]] | None = None  # (unix time, wait s, hold s)
if os.environ.get("TADAFUR_SQLITE_WRITE_STATS"):
    _STATS = []

    def _dump_stats() -> None:
        import json

        rows, _STATS[:] = list(_STATS), []  # type: ignore[index]
        try:
            with open(os.environ["TADAFUR_SQLITE_WRITE_STATS"], "a") as out:
                out.writelines(json.dumps(row) + "\n" for row in rows)
        except OSError:
            pass  # the benchmark's directory is gone

    atexit.register(_dump_stats)
_process_locks_guard = threading.Lock()


def _process_lock(path: str) -> threading.Lock:
    with _process_locks_guard:
        return _process_locks.setdefault(path, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writer_held: threading.Lock | None = None
    _writer_flocked = False
    _writer_since = 0.0
    _writer_wait = 0.0

    def _writer_lock_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{os.path.abspath(str(self.settings_dict['NAME']))}-writer.lock"

    def _queue_for_write(self) -> None:
        path = self._writer_lock_path()
        if path is None:
            return
        started = time.perf_counter()
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        lock = _process_lock(path)
        if not lock.acquire(timeout=timeout):
            return  # SQLite's busy timeout decides, as without the queue
        self._writer_held = lock
        try:
            if self._writer_fd is None:
                self._writer_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(self._writer_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # Another process writes: wait in the kernel, woken as soon as it lets go (one
                # thread per process waits here; the GIL is released while it does).
                fcntl.flock(self._writer_fd, fcntl.LOCK_EX)
            self._writer_flocked = True
        except BaseException:
            self._leave_write_queue()
            raise
        self._writer_since = time.perf_counter()
        self._writer_wait = self._writer_since - started

    def _leave_write_queue(self) -> None:
        held, self._writer_held = self._writer_held, None
        hold = time.perf_counter() - self._writer_since
        if self._writer_flocked:
            self._writer_flocked = False
            try:
                fcntl.flock(self._writer_fd, fcntl.LOCK_UN)  # type: ignore[arg-type]
            except OSError:
                pass
        if held is not None:
            held.release()
            if _STATS is not None:
                _STATS.append((time.time(), self._writer_wait, hold))
                if len(_STATS) >= 50:
                    _dump_stats()

    def _start_transaction_under_autocommit(self) -> None:
        self._queue_for_write()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_write_queue()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._leave_write_queue()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._leave_write_queue()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._leave_write_queue()
            if self._writer_fd is not None:
                fd, self._writer_fd = self._writer_fd, None
                try:
                    os.close(fd)
                except OSError:
                    pass
