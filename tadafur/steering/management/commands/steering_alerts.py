"""Alert the committees' members when a period (a semester by default) ended without a held
meeting. Run it daily (cron) or schedule steering_alerts_task; running it again raises nothing
more for a period already alerted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tadafur.steering.services import alerts_raise


class Command(BaseCommand):
    help = "Raise an alert for every period that ended without a steering committee meeting."

    def handle(self, *args: Any, **options: Any) -> None:
        alerts = alerts_raise()
        self.stdout.write(f"steering alerts raised: {len(alerts)}")
