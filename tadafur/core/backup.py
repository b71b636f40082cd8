"""Backing up and restoring the whole database (`manage.py backup` / `manage.py restore`).

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), which copies a consistent
snapshot while the site keeps writing (WAL mode: the copy holds a read transaction, writers are
not blocked), and restores the same way, page by page into the live file, so no stale `-wal`
file can survive a restore. PostgreSQL: `pg_dump` in custom format and `pg_restore`.

Media files and the three secrets are not in the database: docs/operations.md says how to back
them up alongside.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or a restore could not be made; the message says why and what to do."""


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups of {vendor} databases are not supported (SQLite and PostgreSQL are).")
    return vendor


def default_filename(alias: str, stamp: str) -> str:
    return f"tadafur-{stamp}.{'sqlite3' if _vendor(alias) == 'sqlite' else 'dump'}"


def table_counts(alias: str = "default") -> dict[str, int]:
    """Row count of every table of the database: what a round trip must keep."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_backup(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # pages=-1 copies everything in one step, inside one read transaction: a consistent
        # snapshot even while other connections write.
        connection.connection.backup(destination, pages=-1)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        _sqlite_check(destination, target)
    finally:
        destination.close()


def _sqlite_check(db: sqlite3.Connection, path: Path) -> None:
    result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {result}")


def _sqlite_restore(alias: str, source: Path) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("cannot restore inside a transaction.")
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _sqlite_check(origin, source)
        connection.ensure_connection()
        # The backup API replaces the live database page by page, under its write lock, and
        # keeps the database's journal mode: readers see the old or the new content, never a mix.
        origin.backup(connection.connection, pages=-1)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} could not be restored: {exc}") from exc
    finally:
        origin.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_command(name: str, settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    program = shutil.which(name)
    if program is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (postgresql-client).")
    args = [program]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _pg_backup(alias: str, target: Path) -> None:
    settings_dict = connections[alias].settings_dict
    args, env = _pg_command("pg_dump", settings_dict)
    # Custom format: compressed, and pg_restore can restore it selectively. pg_dump takes a
    # consistent snapshot (one repeatable-read transaction) without blocking writers.
    args += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target), str(settings_dict["NAME"])]
    _run(args, env)


def _pg_restore(alias: str, source: Path) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("cannot restore inside a transaction.")
    connection.close()  # our own session would hold locks on the tables pg_restore drops
    args, env = _pg_command("pg_restore", connection.settings_dict)
    # One transaction: either the whole dump replaces the tables it holds, or nothing changes.
    args += [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        str(connection.settings_dict["NAME"]),
        str(source),
    ]
    _run(args, env)


# --- Entry points ---------------------------------------------------------------------------


def backup_create(*, output: Path, alias: str = "default") -> Path:
    """Write a backup of the database to `output` (written to a temporary name, then renamed)."""
    vendor = _vendor(alias)
    if connections[alias].in_atomic_block:
        # SQLite: our own open write transaction would make the copy wait for itself forever;
        # PostgreSQL: pg_dump would not see what this transaction wrote.
        raise BackupError("cannot back up inside a transaction.")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            _sqlite_backup(alias, partial)
        else:
            _pg_backup(alias, partial)
        partial.chmod(0o600)  # a backup is personal data
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def backup_restore(*, source: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup at `source`."""
    vendor = _vendor(alias)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    with source.open("rb") as handle:
        head = handle.read(16)
    if vendor == "sqlite" and head != SQLITE_MAGIC:
        raise BackupError(f"{source} is not a SQLite backup (the database is SQLite).")
    if vendor == "postgresql" and not head.startswith(PGDUMP_MAGIC):
        raise BackupError(f"{source} is not a pg_dump custom-format backup (the database is PostgreSQL).")
    if vendor == "sqlite":
        _sqlite_restore(alias, source)
    else:
        _pg_restore(alias, source)
