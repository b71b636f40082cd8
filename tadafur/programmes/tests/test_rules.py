import datetime as dt

import pytest

from tadafur.programmes import rules

OPENS, CLOSES = dt.date(2022, 11, 1), dt.date(2022, 11, 30)


@pytest.mark.parametrize(
    ("level", "kind"), [("commune", "pac"), ("province", "pdp"), ("region", "pdr"), ("arrondissement", None)]
)
def test_the_programme_kind_follows_the_level(level, kind):
    rule = rules.kind_for_level(level)
    assert (rule.kind if rule else None) == kind


@pytest.mark.parametrize(
    ("phase", "today", "open_"),
    [
        ("consultation", dt.date(2022, 10, 31), False),
        ("consultation", OPENS, True),
        ("consultation", CLOSES, True),
        ("consultation", dt.date(2022, 12, 1), False),
        ("drafting", dt.date(2022, 11, 15), False),
        ("adopted", dt.date(2022, 11, 15), False),
    ],
)
def test_consultation_is_open_only_in_its_phase_and_between_its_dates(phase, today, open_):
    assert rules.consultation_open(phase=phase, opens=OPENS, closes=CLOSES, today=today) is open_


def test_no_window_means_closed():
    assert not rules.consultation_open(phase="consultation", opens=None, closes=None, today=OPENS)


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [
        (None, ""),
        (2001, "18_24"),
        (2000, "25_34"),
        (1991, "25_34"),
        (1990, "35_49"),
        (1976, "35_49"),
        (1975, "50_64"),
        (1961, "50_64"),
        (1960, "65_plus"),
    ],
)
def test_age_bands(birth_year, band):
    assert rules.age_band(birth_year, 2025) == band


@pytest.mark.parametrize(("count", "shown"), [(0, None), (4, None), (5, 5), (6, 6)])
def test_small_cells_are_suppressed_below_five(count, shown):
    assert rules.suppress(count) == shown
