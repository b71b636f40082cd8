"""Periods of the dashboards: calendar years ("2026") and semesters ("2026-S1", "2026-S2").

A period is [start, end) in dates, as core.indicators' compute functions take it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tadafur.core import clock

FIRST_YEAR = 2020
_KEY = re.compile(r"^(?P<year>\d{4})(?:-S(?P<half>[12]))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date  # exclusive

    def __str__(self) -> str:
        return self.label

    @property
    def is_semester(self) -> bool:
        return "-S" in self.key

    @property
    def label(self) -> str:
        year = self.key[:4]
        if self.key.endswith("-S1"):
            return _("First half of %(year)s") % {"year": year}
        if self.key.endswith("-S2"):
            return _("Second half of %(year)s") % {"year": year}
        return year

    @property
    def short_label(self) -> str:
        return self.key.replace("-S", " S")

    @property
    def previous(self) -> Period:
        year = self.start.year
        if not self.is_semester:
            return year_period(year - 1)
        if self.key.endswith("-S2"):
            return semester_period(year, 1)
        return semester_period(year - 1, 2)

    @property
    def is_running(self) -> bool:
        return self.start <= clock.today() < self.end


def year_period(year: int) -> Period:
    return Period(str(year), dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


def semester_period(year: int, half: int) -> Period:
    if half == 1:
        return Period(f"{year}-S1", dt.date(year, 1, 1), dt.date(year, 7, 1))
    return Period(f"{year}-S2", dt.date(year, 7, 1), dt.date(year + 1, 1, 1))


def parse(key: str | None) -> Period | None:
    """The period named by `key`, None for anything else (including years outside the platform's)."""
    match = _KEY.match((key or "").strip())
    if not match:
        return None
    year = int(match["year"])
    if not FIRST_YEAR <= year <= clock.today().year + 1:
        return None
    return semester_period(year, int(match["half"])) if match["half"] else year_period(year)


def current() -> Period:
    return year_period(clock.today().year)


def choices() -> list[Period]:
    """Years and semesters offered in the period picker, most recent first."""
    out: list[Period] = []
    for year in range(clock.today().year, FIRST_YEAR - 1, -1):
        out.append(year_period(year))
        out.extend([semester_period(year, 2), semester_period(year, 1)])
    return out


def series(period: Period, count: int) -> list[Period]:
    """`count` periods of the same length ending with `period`, oldest first."""
    out = [period]
    while len(out) < count and out[-1].start.year > FIRST_YEAR - 1:
        previous = out[-1].previous
        if previous.start.year < FIRST_YEAR:
            break
        out.append(previous)
    return list(reversed(out))
