"""The steering committee's rules, as pure functions.

The Tadafur programme's technical steering and monitoring committee (اللجنة التقنية للتتبع
والمواكبة / comité technique de pilotage et de suivi) meets twice a year. That rhythm is data:
each committee carries `meetings_per_year`, and the year is cut into as many equal periods
(2 → semesters, 4 → quarters). A period that ends without a held meeting raises an alert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from tadafur.steering.states import RECOMMENDATION_OPEN

# The year divides into equal whole-month periods only for these rhythms.
ALLOWED_MEETINGS_PER_YEAR = (1, 2, 3, 4, 6, 12)
DEFAULT_MEETINGS_PER_YEAR = 2  # "twice a year" (Tadafur programme announcement, seed/)


@dataclass(frozen=True)
class Period:
    start: dt.date  # inclusive
    end: dt.date  # exclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day < self.end


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(day: dt.date, meetings_per_year: int) -> Period:
    """The period containing `day`: with 2 meetings a year, the semester (Jan–Jun or Jul–Dec)."""
    if meetings_per_year not in ALLOWED_MEETINGS_PER_YEAR:
        raise ValueError(f"meetings_per_year must be one of {ALLOWED_MEETINGS_PER_YEAR}")
    months = 12 // meetings_per_year
    first_month = ((day.month - 1) // months) * months + 1
    start = dt.date(day.year, first_month, 1)
    return Period(start, _add_months(start, months))


def ended_periods(since: dt.date, today: dt.date, meetings_per_year: int) -> Iterator[Period]:
    """Every period that ended on or before `today` and was not over yet on `since` (the day the
    committee started), oldest first. A committee set up mid-semester answers for that semester."""
    period = period_of(since, meetings_per_year)
    while period.end <= today:
        yield period
        period = Period(period.end, _add_months(period.end, 12 // meetings_per_year))


def recommendation_overdue(*, status: str, due_date: dt.date | None, today: dt.date) -> bool:
    """Overdue: still open the day after its due date."""
    return status in RECOMMENDATION_OPEN and due_date is not None and today > due_date


def done_on_time(*, done_on: dt.date | None, due_date: dt.date) -> bool:
    return done_on is not None and done_on <= due_date
