"""`manage.py notifications_send --digest` (daily, from cron) and `--retries` (every few minutes).

The digest groups each person's pending notifications into one email and/or one SMS; the retry
sweep re-sends deliveries whose backoff is over when the task backend cannot defer a task.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tadafur.notifications.tasks import digest_task, retry_due_task


class Command(BaseCommand):
    help = "Send the daily notification digests and/or retry failed deliveries that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--digest", action="store_true", help="send the daily digests")
        parser.add_argument("--retries", action="store_true", help="retry failed deliveries that are due")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["digest"] and not options["retries"]:
            self.stderr.write("Say --digest, --retries or both.")
            return
        if options["retries"]:
            self.stdout.write(f"retries sent: {retry_due_task.call()}")
        if options["digest"]:
            self.stdout.write(f"digest messages sent: {digest_task.call()}")
