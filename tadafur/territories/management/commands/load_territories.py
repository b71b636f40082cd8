from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tadafur.territories.loader import CREDIT, territories_load


class Command(BaseCommand):
    help = "Load or refresh Morocco's regions, provinces, communes and arrondissements with census figures."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        done = 0

        def progress(level: str, count: int, total: int) -> None:
            nonlocal done
            done += count
            self.stdout.write(f"  {level:<15} {count:>5}   ({done}/{total})")

        summary = territories_load(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"territories: {summary.collectivities} collectivities ({summary.regions} regions, "
                f"{summary.provinces} prefectures/provinces, {summary.communes} communes) and "
                f"{summary.arrondissements} arrondissements; {summary.created} created, {summary.updated} "
                f"updated, {summary.unchanged} unchanged in {time.monotonic() - started:.1f}s. Source: {CREDIT}."
            )
        )
