from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from tadafur.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by `manage.py backup`. Stop the app "
        "servers and workers first; then run `manage.py migrate` and `manage.py audit_verify`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Backup file (.sqlite3 for SQLite, pg_dump custom format for PostgreSQL).")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        source = Path(options["path"])
        name = connections[alias].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"This replaces the content of the database {name} with {source}. "
                "Type 'yes' to continue, or anything else to cancel: "
            )
            if answer != "yes":
                raise CommandError("restore cancelled.")
        try:
            backup_restore(source=source, alias=alias)
        except BackupError as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {source} into {name}. Next: `manage.py migrate`, then `manage.py audit_verify`."
            )
        )
