from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tadafur.core.audit import audit_verify
from tadafur.core.models import AuditEntry


class Command(BaseCommand):
    help = "Walk the audit log's hash chain and report any entry that was altered, inserted or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        breaks = list(audit_verify())
        for item in breaks:
            self.stderr.write(f"entry {item.entry_id}: {item.problem}")
        if breaks:
            raise CommandError(
                f"audit chain broken at {len(breaks)} place(s) out of {total} entries; "
                "restore the log from the last backup and investigate the entries named above."
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {total} entries verified."))
