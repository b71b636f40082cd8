from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from tadafur.core import clock
from tadafur.core.backup import BackupError, backup_create, default_filename


class Command(BaseCommand):
    help = (
        "Back up the whole database while the site runs: SQLite's online backup API, or pg_dump "
        "(custom format) on PostgreSQL. Media files and secrets are backed up separately "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="File to write (default: var/backups/tadafur-<UTC time>.sqlite3 or .dump); replaced if it exists.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        started = time.monotonic()
        try:
            if options["output"]:
                output = Path(options["output"])
            else:
                stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
                output = Path(settings.BASE_DIR) / "var" / "backups" / default_filename(alias, stamp)
            backup_create(output=output, alias=alias)
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        size, seconds = output.stat().st_size / 1_048_576, time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"backup written: {output} ({size:.1f} MiB in {seconds:.1f}s)."))
