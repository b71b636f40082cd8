"""Compute the dashboards' figures ahead of visitors, so pages are served from the cache.

    manage.py dashboards_warm                  # the nation, regions, provinces, Settat's communes
    manage.py dashboards_warm 06.461 06.461.01.15
    manage.py dashboards_warm --province 06.461 --province 04.111

Run it from cron more often than DASHBOARDS_CACHE_SECONDS (e.g. every 4 minutes for 300 s): a
page then never computes its figures on a visitor's request (docs/benchmarks-dashboards.md).
The cache must hold the entries (Redis in production; a LocMemCache keeps only 300 by default).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tadafur.dashboards import periods, selectors
from tadafur.territories.models import Level, Territory
from tadafur.territories.selectors import FEATURED_PROVINCE


class Command(BaseCommand):
    help = "Compute the dashboards' figures for the current and previous periods into the cache."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("codes", nargs="*", help="only these HCP codes (MA for the nation)")
        parser.add_argument(
            "--province",
            action="append",
            default=None,
            help="HCP code of a province whose communes' profiles to warm too (default: Settat).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        period = periods.current()
        codes = list(options["codes"])
        if not codes:
            codes = [selectors.NATIONAL]
            codes += list(
                Territory.objects.filter(level__in=[Level.REGION, Level.PROVINCE]).values_list("code", flat=True)
            )
            for province in options["province"] or [FEATURED_PROVINCE]:
                codes += list(
                    Territory.objects.filter(parent__code=province, is_collectivity=True).values_list("code", flat=True)
                )
        for code in codes:
            scope = selectors.scope_get(code)
            if scope is None:
                continue
            selectors.overview(scope, period)
            selectors.representativeness_of(scope, period)
            if scope.territory is None or scope.territory.level != Level.COMMUNE:
                selectors.comparison(scope, period)
            else:
                selectors.profile(scope, period)
        elapsed = time.monotonic() - started
        self.stdout.write(f"dashboards: warmed {len(codes)} pages for {period.key} in {elapsed:.1f} s")
