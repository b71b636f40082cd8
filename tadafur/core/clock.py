"""The one clock of the platform, so that deadlines and phases can be tested at frozen times."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()


def half_year_ends(since: dt.date, before: dt.date) -> list[dt.date]:
    """The last days of the half-years (30 June, 31 December) from the half-year holding `since`
    up to, not including, the one that ends on or after `before`."""
    ends = []
    year, half = since.year, 1 if since.month <= 6 else 2
    while True:
        last_day = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        if last_day >= before:
            return ends
        ends.append(last_day)
        year, half = (year, 2) if half == 1 else (year + 1, 1)
