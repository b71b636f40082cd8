from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from tadafur.core import clock
from tadafur.petitions import rules
from tadafur.petitions.models import PetitionRule
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@dataclass
class Place:
    """A collectivity as the rules see it: level, kind and 2024 population."""

    level: str
    population_2024: int | None
    kind: str = ""
    code: str = "00.000"
    is_collectivity: bool = True

    def __str__(self) -> str:
        return self.code


@pytest.mark.parametrize(
    ("population", "expected"),
    [(1, 100), (34_999, 100), (35_000, 200), (35_001, 200), (171_556, 200), (5_000_000, 200)],
)
def test_commune_minimum_changes_at_35000_inhabitants(population: int, expected: int) -> None:
    commune = Place("commune", population, kind="urban")
    assert rules.required_signatures(commune, on=TODAY) == expected


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (219_965, 300),
        (999_999, 300),
        (1_000_000, 400),
        (1_000_001, 400),
        (2_999_999, 400),
        (3_000_000, 400),
        (3_000_001, 500),
        (7_688_967, 500),
    ],
)
def test_region_minimum_bands_around_one_and_three_million(population: int, expected: int) -> None:
    assert rules.required_signatures(Place("region", population, kind="region"), on=TODAY) == expected


@pytest.mark.parametrize("kind", ["province", "prefecture"])
@pytest.mark.parametrize("population", [50_000, 652_292, 4_000_000])
def test_every_prefecture_and_province_needs_300(kind: str, population: int) -> None:
    assert rules.required_signatures(Place("province", population, kind=kind), on=TODAY) == 300


def test_casablanca_with_arrondissements_needs_400_whatever_its_population() -> None:
    casablanca = Territory.objects.get(code="06.141.01.0")
    assert casablanca.population_2024 > 3_000_000
    assert rules.required_signatures(casablanca, on=TODAY) == 400
    assert rules.required_signatures(Place("commune", 20_000, kind="with_arrondissements"), on=TODAY) == 400


def test_settat_city_needs_200_and_rural_oulad_said_100(settat: Territory, oulad_said: Territory) -> None:
    assert rules.required_signatures(settat, on=TODAY) == 200
    assert rules.required_signatures(oulad_said, on=TODAY) == 100


@pytest.mark.parametrize(("count", "reached"), [(199, False), (200, True), (201, True)])
def test_amina_petition_to_settat_reaches_its_threshold_at_exactly_200(
    settat: Territory, count: int, reached: bool
) -> None:
    assert rules.threshold_reached(settat, count, on=TODAY) is reached


@pytest.mark.parametrize(("count", "reached"), [(99, False), (100, True), (101, True)])
def test_youssef_petition_to_oulad_said_reaches_its_threshold_at_100(
    oulad_said: Territory, count: int, reached: bool
) -> None:
    assert rules.threshold_reached(oulad_said, count, on=TODAY) is reached


def test_an_arrondissement_has_no_council_to_petition() -> None:
    arrondissement = Territory.objects.filter(level="arrondissement").first()
    assert arrondissement is not None
    with pytest.raises(rules.NotACollectivity, match=arrondissement.code):
        rules.required_signatures(arrondissement, on=TODAY)


@pytest.mark.parametrize(("population", "minimum"), [(800_000, 15), (2_294_665, 20), (7_688_967, 25)])
def test_regional_per_province_minimum_is_5_percent_of_the_minimum(population: int, minimum: int) -> None:
    assert rules.per_province_minimum(Place("region", population, kind="region"), on=TODAY) == minimum


def test_per_province_minimum_is_none_below_regions(settat: Territory, settat_province: Territory) -> None:
    assert rules.per_province_minimum(settat, on=TODAY) is None
    assert rules.per_province_minimum(settat_province, on=TODAY) is None


def test_per_province_minimum_rounds_up() -> None:
    # A jurist corrects the middle band to 350: 5% is 17.5, so 18 signatures per province.
    PetitionRule.objects.filter(key="min_signatures", level="region", population_min=1_000_000).update(value=350)
    rules.invalidate()
    assert rules.per_province_minimum(Place("region", 2_000_000, kind="region"), on=TODAY) == 18


def test_oriental_region_petition_fails_naming_the_province_with_19_of_20() -> None:
    oriental = Territory.objects.get(code="02")
    assert rules.required_signatures(oriental, on=TODAY) == 400
    provinces = list(oriental.children.filter(level="province"))
    assert len(provinces) > 2
    counts = {p.code: 20 for p in provinces}
    short = provinces[1]
    counts[short.code] = 19
    check = rules.distribution_satisfied(oriental, counts, on=TODAY)
    assert not check
    assert check.minimum == 20
    assert [s.code for s in check.shortfalls] == [short.code]
    assert str(short) in check.reason and "19/20" in check.reason

    counts[short.code] = 20
    assert rules.distribution_satisfied(oriental, counts, on=TODAY).ok


def test_a_province_with_no_signer_counts_as_zero() -> None:
    region = Territory.objects.get(code="12")
    provinces = list(region.children.filter(level="province"))
    counts = {p.code: 100 for p in provinces[1:]}
    check = rules.distribution_satisfied(region, counts, on=TODAY)
    assert [(s.code, s.count) for s in check.shortfalls] == [(provinces[0].code, 0)]


def test_distribution_does_not_apply_to_communes(settat: Territory) -> None:
    assert rules.distribution_satisfied(settat, {}, on=TODAY).ok


@pytest.mark.parametrize(
    ("day", "petition", "motion", "committee"),
    [
        (dt.date(2019, 5, 1), 5_000, 25_000, 9),
        (dt.date(2021, 6, 30), 5_000, 25_000, 9),
        (dt.date(2021, 7, 1), 4_000, 20_000, 5),
        (dt.date(2026, 1, 1), 4_000, 20_000, 5),
    ],
)
def test_national_thresholds_before_and_after_the_2021_amendment(
    day: dt.date, petition: int, motion: int, committee: int
) -> None:
    assert rules.national_threshold("petition", on=day) == petition
    assert rules.national_threshold("motion", on=day) == motion
    assert rules.committee_size("petition", on=day) == committee
    assert rules.committee_size("motion", on=day) == 5


def test_motion_deadlines_are_15_and_60_days() -> None:
    deadlines = rules.motion_deadlines(on=TODAY)
    assert (TODAY + deadlines.admissibility - TODAY).days == 15
    assert (TODAY + deadlines.substance - TODAY).days == 60


@pytest.mark.parametrize(
    ("code", "filed", "due"),
    [
        ("06.461.01.15", dt.date(2026, 1, 31), dt.date(2026, 4, 30)),  # commune, 3 months, month end
        ("06.461.01.15", dt.date(2026, 3, 15), dt.date(2026, 6, 15)),
        ("06.461.01.15", dt.date(2027, 11, 30), dt.date(2028, 2, 29)),  # into a leap February
        ("06.461", dt.date(2026, 1, 31), dt.date(2026, 3, 31)),  # province, 2 months
        ("06.461", dt.date(2025, 12, 31), dt.date(2026, 2, 28)),
        ("06", dt.date(2026, 12, 31), dt.date(2027, 2, 28)),  # region, 2 months
    ],
)
def test_answer_due_counts_calendar_months_from_filing(code: str, filed: dt.date, due: dt.date) -> None:
    assert rules.answer_due(Territory.objects.get(code=code), filed) == due


def test_answer_due_accepts_a_filing_time_in_morocco(settat: Territory) -> None:
    filed_at = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC)  # 1 February 00:30 in Casablanca
    assert rules.answer_due(settat, filed_at) == dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("now", "answered", "overdue"),
    [
        ("2026-04-30 12:00", False, False),  # the due day is still in time
        ("2026-05-01 09:00", False, True),
        ("2026-05-01 09:00", True, False),
    ],
)
def test_said_council_is_overdue_the_day_after_the_due_date(
    settat: Territory, now: str, answered: bool, overdue: bool
) -> None:
    with freeze_time(now):
        today = clock.today()
        assert rules.answer_overdue(settat, dt.date(2026, 1, 31), today=today, answered=answered) is overdue


def test_missing_rule_names_its_key_and_scope(settat: Territory) -> None:
    PetitionRule.objects.filter(key="min_signatures", level="commune").delete()
    with pytest.raises(rules.RuleNotConfigured) as raised:
        rules.required_signatures(settat, on=TODAY)
    assert "min_signatures" in raised.value.message
    assert "commune" in raised.value.message


def test_no_rule_before_the_2015_organic_laws(settat: Territory) -> None:
    with pytest.raises(rules.RuleNotConfigured, match="2015-07-22"):
        rules.required_signatures(settat, on=dt.date(2015, 7, 22))
    assert rules.required_signatures(settat, on=dt.date(2015, 7, 23)) == 200


def test_a_saved_rule_changes_the_answer_at_once(oulad_said: Territory) -> None:
    assert rules.required_signatures(oulad_said, on=TODAY) == 100
    rule = PetitionRule.objects.get(key="min_signatures", level="commune", population_max=35_000)
    rule.value = 120
    rule.save()
    assert rules.required_signatures(oulad_said, on=TODAY) == 120


def test_a_correction_can_take_effect_on_a_date(oulad_said: Territory) -> None:
    old = PetitionRule.objects.get(key="min_signatures", level="commune", population_max=35_000)
    old.valid_to = dt.date(2026, 6, 30)
    old.save()
    PetitionRule.objects.create(
        key="min_signatures", level="commune", population_max=35_000, value=150, unit="signatures",
        valid_from=dt.date(2026, 7, 1), citation="test amendment", reliability="verify",
    )  # fmt: skip
    assert rules.required_signatures(oulad_said, on=dt.date(2026, 6, 30)) == 100
    assert rules.required_signatures(oulad_said, on=dt.date(2026, 7, 1)) == 150


def test_an_overlapping_rule_is_refused() -> None:
    clash = PetitionRule(
        key="min_signatures", level="commune", population_min=30_000, population_max=40_000, value=150,
        unit="signatures", valid_from=dt.date(2026, 1, 1), citation="x", reliability="verify",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="min_signatures · commune/petition"):
        clash.full_clean()
    clash.valid_from = dt.date(2010, 1, 1)
    clash.valid_to = dt.date(2015, 7, 22)
    clash.full_clean()  # ends the day before the seeded rows start


def test_seeded_rows_are_cited_and_tagged() -> None:
    rows = list(PetitionRule.objects.all())
    assert len(rows) == 20
    assert all(r.citation and r.reliability in {"law", "press", "verify"} for r in rows)
    assert {r.reliability for r in rows if r.level == "region" and r.key == "min_signatures"} == {"law"}
