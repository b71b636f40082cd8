"""SQLite writers queue for the write lock instead of polling it (tadafur/core/sqlite/base.py,
decision 0111): a second writer goes in as soon as the first commits or rolls back, and a
killed process leaves no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tadafur.core.sqlite.base import DatabaseWrapper

GENEROUS = 30  # seconds: a bound for a busy machine, never a wait the test relies on


def _wrapper(path: Path, alias: str) -> DatabaseWrapper:
    settings_dict = {
        **connection.settings_dict,
        "ENGINE": "tadafur.core.sqlite",
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": GENEROUS},
        "TEST": {},
    }
    return DatabaseWrapper(settings_dict, alias=alias)


def _begin(w: DatabaseWrapper) -> None:
    """What `transaction.atomic()` does first on SQLite: BEGIN IMMEDIATE, after the queue."""
    w.ensure_connection()
    w._start_transaction_under_autocommit()


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker: Any) -> Iterator[None]:
    # These tests open their own SQLite files, never the test database.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "queue.sqlite3"
    setup = _wrapper(path, "setup")
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    return path


def _write_in_thread(path: Path, n: int, entered: threading.Event, done: threading.Event) -> threading.Thread:
    def run() -> None:
        w = _wrapper(path, f"writer{n}")
        try:
            _begin(w)
            entered.set()
            with w.cursor() as cursor:
                cursor.execute("INSERT INTO t VALUES (%s)", [n])
            w.commit()
        finally:
            w.close()
            done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _rows(path: Path) -> list[int]:
    reader = _wrapper(path, "reader")
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT n FROM t ORDER BY n")
            return [row[0] for row in cursor.fetchall()]
    finally:
        reader.close()


def test_a_second_writer_waits_for_the_first_and_goes_in_when_it_commits(db_file: Path) -> None:
    first = _wrapper(db_file, "first")
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    assert Path(f"{db_file}-writer.lock").exists()
    entered, done = threading.Event(), threading.Event()
    thread = _write_in_thread(db_file, 2, entered, done)
    assert not entered.wait(0.3)  # queued behind the first writer
    first.commit()
    assert done.wait(GENEROUS)
    thread.join(GENEROUS)
    first.close()
    assert _rows(db_file) == [1, 2]


def test_a_rolled_back_writer_lets_the_next_one_in(db_file: Path) -> None:
    first = _wrapper(db_file, "first")
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    entered, done = threading.Event(), threading.Event()
    thread = _write_in_thread(db_file, 2, entered, done)
    assert not entered.wait(0.3)
    first.rollback()
    assert done.wait(GENEROUS)
    thread.join(GENEROUS)
    first.close()
    assert _rows(db_file) == [2]


def test_a_process_killed_while_writing_leaves_no_stale_lock(db_file: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(db_file) + '-writer.lock'!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        entered, done = threading.Event(), threading.Event()
        thread = _write_in_thread(db_file, 7, entered, done)
        assert not entered.wait(0.3)  # another process holds the write lock
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(GENEROUS)
        assert done.wait(GENEROUS)  # the kernel released the dead process's lock
        thread.join(GENEROUS)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert _rows(db_file) == [7]


def test_in_memory_databases_are_not_queued() -> None:
    memory = _wrapper(Path(":memory:"), "memory")
    assert memory._writer_lock_path() is None
