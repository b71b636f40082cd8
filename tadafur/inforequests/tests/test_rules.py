"""Law 31.13 deadlines as pure functions: working days skip weekends, fixed and lunar holidays."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tadafur.inforequests import rules

D = dt.date


def test_the_day_of_receipt_is_not_counted_and_weekends_are_skipped():
    assert rules.add_working_days(D(2026, 12, 1), 1, set()) == D(2026, 12, 2)  # Tuesday -> Wednesday
    assert rules.add_working_days(D(2026, 12, 4), 1, set()) == D(2026, 12, 7)  # Friday -> Monday


def test_twenty_working_days_without_holidays_are_four_weeks():
    assert rules.add_working_days(D(2026, 12, 1), 20, set()) == D(2026, 12, 29)


def test_fixed_holidays_are_skipped_without_any_row():
    # Friday 6 November 2026 (Green March) and Wednesday 18 November (Independence Day).
    assert not rules.is_working_day(D(2026, 11, 6), set())
    assert rules.add_working_days(D(2026, 11, 5), 1, set()) == D(2026, 11, 9)
    assert rules.add_working_days(D(2026, 11, 17), 1, set()) == D(2026, 11, 19)


def test_yennayer_counts_only_from_2024():
    assert D(2024, 1, 14) in rules.fixed_holidays(2024)
    assert D(2023, 1, 14) not in rules.fixed_holidays(2023)


def test_a_lunar_holiday_moves_the_deadline_by_its_working_days():
    eid = {D(2026, 3, 20), D(2026, 3, 21)}  # Friday and Saturday
    assert rules.add_working_days(D(2026, 3, 19), 20, set()) == D(2026, 4, 16)
    assert rules.add_working_days(D(2026, 3, 19), 20, eid) == D(2026, 4, 17)


def test_overdue_just_below_at_and_above_the_deadline():
    due = D(2026, 4, 17)
    assert not rules.answer_overdue(is_open=True, due_on=due, today=D(2026, 4, 16))
    assert not rules.answer_overdue(is_open=True, due_on=due, today=due)
    assert rules.answer_overdue(is_open=True, due_on=due, today=D(2026, 4, 18))
    assert not rules.answer_overdue(is_open=False, due_on=due, today=D(2026, 5, 1))


def test_on_time_at_the_deadline_late_the_day_after():
    due = D(2026, 4, 17)
    assert rules.answered_on_time(responded_on=due, due_on=due)
    assert not rules.answered_on_time(responded_on=D(2026, 4, 18), due_on=due)


def test_every_refusal_ground_cites_the_law():
    assert all("art." in str(label) or value == "not_held" for value, label in rules.RefusalGround.choices)
    assert not rules.refusal_ground_valid("")
    assert not rules.refusal_ground_valid("because")


@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 6, 30)),
    days=st.integers(min_value=1, max_value=45),
    holidays=st.sets(st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)), max_size=20),
)
def test_the_deadline_is_a_working_day_exactly_n_working_days_later(start, days, holidays):
    due = rules.add_working_days(start, days, holidays)
    assert rules.is_working_day(due, holidays)
    assert rules.working_days_between(start, due, holidays) == days
    assert rules.working_days_between(start, due - dt.timedelta(days=1), holidays) == days - 1
