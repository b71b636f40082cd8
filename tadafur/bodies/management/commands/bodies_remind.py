"""Notify overdue referrals, overdue council answers and overdue follow-up. Run it daily (cron);
running it twice on the same day sends nothing more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tadafur.bodies.services import reminders_send


class Command(BaseCommand):
    help = "Send today's reminders about overdue referrals, answers and follow-up of the consultative bodies."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reminders_send()
        self.stdout.write(
            f"reminders sent: {counts['referral']} referral(s), {counts['answer']} answer(s), "
            f"{counts['followup']} follow-up item(s)"
        )
