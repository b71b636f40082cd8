"""`manage.py petition_verify ID [ID ...]`: recompute a petition's signature log and report tampering.

Exit status 0 when every log is intact, 1 when any problem is found (or a petition is unknown).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tadafur.petitions import log
from tadafur.petitions.models import Petition


class Command(BaseCommand):
    help = "Recompute the Merkle root of petitions' signature logs and report any tampering."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="+", type=int, help="petition ids")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for pk in options["ids"]:
            petition = Petition.objects.filter(pk=pk).first()
            if petition is None:
                self.stderr.write(f"petition {pk}: not found")
                failed = True
                continue
            problems = log.verify(petition)
            if problems:
                failed = True
                self.stderr.write(f"petition {pk}: TAMPERED ({len(problems)} problem(s))")
                for problem in problems:
                    self.stderr.write(f"  - {problem}")
            else:
                self.stdout.write(f"petition {pk}: OK, {petition.log_size} leaves, root {log.current_root(petition)}")
        if failed:
            raise CommandError("signature log verification failed", returncode=1)
