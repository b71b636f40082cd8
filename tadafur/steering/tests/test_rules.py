"""Periods (semesters by default) and the overdue flag, at their boundaries."""

import datetime as dt

import pytest

from tadafur.steering import rules

D = dt.date


@pytest.mark.parametrize(
    ("day", "per_year", "start", "end"),
    [
        (D(2026, 1, 1), 2, D(2026, 1, 1), D(2026, 7, 1)),
        (D(2026, 6, 30), 2, D(2026, 1, 1), D(2026, 7, 1)),
        (D(2026, 7, 1), 2, D(2026, 7, 1), D(2027, 1, 1)),
        (D(2026, 12, 31), 2, D(2026, 7, 1), D(2027, 1, 1)),
        (D(2026, 5, 15), 4, D(2026, 4, 1), D(2026, 7, 1)),
        (D(2026, 5, 15), 1, D(2026, 1, 1), D(2027, 1, 1)),
        (D(2026, 12, 5), 12, D(2026, 12, 1), D(2027, 1, 1)),
    ],
)
def test_period_of(day, per_year, start, end):
    assert rules.period_of(day, per_year) == rules.Period(start, end)


def test_an_unsupported_rhythm_is_refused():
    with pytest.raises(ValueError):
        rules.period_of(D(2026, 1, 1), 5)


def test_ended_periods_start_with_the_committees_first_period():
    periods = list(rules.ended_periods(D(2025, 3, 1), D(2026, 7, 1), 2))
    assert [(p.start, p.end) for p in periods] == [
        (D(2025, 1, 1), D(2025, 7, 1)),
        (D(2025, 7, 1), D(2026, 1, 1)),
        (D(2026, 1, 1), D(2026, 7, 1)),
    ]
    # The day before the semester ends, it has not ended yet.
    assert len(list(rules.ended_periods(D(2025, 3, 1), D(2026, 6, 30), 2))) == 2


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        ("accepted", D(2026, 3, 31), False),
        ("accepted", D(2026, 4, 1), True),
        ("proposed", D(2026, 4, 1), True),
        ("in_progress", D(2026, 4, 1), True),
        ("done", D(2026, 4, 1), False),
        ("dropped", D(2026, 4, 1), False),
    ],
)
def test_overdue_the_day_after_the_due_date_while_open(status, today, overdue):
    assert rules.recommendation_overdue(status=status, due_date=D(2026, 3, 31), today=today) is overdue
