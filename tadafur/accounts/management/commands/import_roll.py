"""Import a collectivity's electoral roll or census list from CSV: `import_roll <code> <file.csv>`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tadafur.accounts.services import RollRejected, roll_import
from tadafur.territories.models import Territory


class Command(BaseCommand):
    help = "Replace a collectivity's roll with a CSV file (columns cnie, birth_date); only keyed hashes are kept."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", help="HCP code of the collectivity, e.g. 06.461.01.15")
        parser.add_argument("file", help="CSV file, UTF-8, with columns cnie and birth_date")

    def handle(self, *args: Any, code: str, file: str, **options: Any) -> None:
        started = time.monotonic()
        collectivity = Territory.objects.filter(code=code, is_collectivity=True).first()
        if collectivity is None:
            raise CommandError(f"No collectivity has the code {code}: check it with the territories search page.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r  {done:,}/{total:,} lines written", ending="")
            self.stdout.flush()

        try:
            roll = roll_import(
                collectivity=collectivity,
                data=path.read_bytes(),
                actor=None,
                source_name=path.name,
                progress=progress,
                check_permission=False,
            )
        except RollRejected as exc:
            for line in exc.rejected[:50]:
                self.stderr.write(f"  line {line.line}: {line.reason}")
            if len(exc.rejected) > 50:
                self.stderr.write(f"  … and {len(exc.rejected) - 50} more")
            raise CommandError(
                f"Nothing imported: {len(exc.rejected)} bad line(s). Fix them and run the command again."
            ) from exc
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {roll.line_count:,} lines for {collectivity.name_fr} ({code}) in "
                f"{time.monotonic() - started:.1f}s; the previous roll is replaced."
            )
        )
