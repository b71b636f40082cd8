from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils.formats import date_format

from tadafur.associations.models import AssociationRule, Branch, RuleKey
from tadafur.associations.rules import add_years, petition_eligibility, rule_value
from tadafur.associations.states import VerificationStatus
from tadafur.associations.tests.conftest import make_association
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db

FOUNDED = dt.date(2021, 5, 10)


@pytest.mark.parametrize(
    ("on", "eligible"),
    [
        (dt.date(2024, 5, 9), False),  # one day short of three years
        (dt.date(2024, 5, 10), False),  # exactly three years: not MORE than three
        (dt.date(2024, 5, 11), True),  # more than three years
    ],
)
def test_three_year_boundary(settat: Any, on: dt.date, eligible: bool) -> None:
    association = make_association(seat=settat, founding_date=FOUNDED)
    decision = petition_eligibility(association, settat, on=on)
    assert decision.ok is eligible
    if not eligible:
        assert "more than 3 years" in str(decision.reasons[0])
        assert date_format(dt.date(2024, 5, 11), "DATE_FORMAT") in str(decision.reasons[0])


def test_founded_on_29_february_qualifies_only_after_1_march() -> None:
    assert add_years(dt.date(2016, 2, 29), 3) == dt.date(2019, 3, 1)
    assert add_years(dt.date(2015, 3, 8), 3) == dt.date(2018, 3, 8)


def test_young_oulad_said_association_lists_every_failing_reason(oulad_said: Any, settat: Any) -> None:
    association = make_association(
        seat=oulad_said,
        founding_date=dt.date(2024, 1, 20),
        status=VerificationStatus.UNVERIFIED,
        good=False,
        reference="RD-OS-2024-011",
    )
    decision = petition_eligibility(association, settat, on=dt.date(2026, 1, 1))
    assert not decision.ok
    text = " | ".join(str(r) for r in decision.reasons)
    assert len(decision.reasons) == 5
    assert "not been verified" in text
    assert "more than 3 years" in text
    assert "democratically" in text
    assert "good standing" in text
    assert "neither its seat nor a branch" in text


def test_commune_seat_counts_for_its_province_and_region_but_not_a_neighbour(
    nisaa: Any, settat_province: Any, oulad_said: Any
) -> None:
    on = dt.date(2026, 1, 1)
    region = settat_province.parent
    assert petition_eligibility(nisaa, settat_province, on=on).ok
    assert petition_eligibility(nisaa, region, on=on).ok
    assert not petition_eligibility(nisaa, oulad_said, on=on).ok
    casablanca_region = Territory.objects.filter(level="region").exclude(pk=region.pk).first()
    assert not petition_eligibility(nisaa, casablanca_region, on=on).ok


def test_a_branch_in_oulad_said_makes_khadijas_association_eligible_there(nisaa: Any, oulad_said: Any) -> None:
    on = dt.date(2026, 1, 1)
    assert not petition_eligibility(nisaa, oulad_said, on=on).ok
    Branch.objects.create(association=nisaa, collectivity=oulad_said)
    assert petition_eligibility(nisaa, oulad_said, on=on).ok


def test_the_three_years_are_data_picked_by_date(settat: Any) -> None:
    assert rule_value(RuleKey.MIN_YEARS_CONSTITUTED, on=dt.date(2026, 1, 1)) == 3
    AssociationRule.objects.create(
        key=RuleKey.MIN_YEARS_CONSTITUTED,
        value=2,
        valid_from=dt.date(2030, 1, 1),
        citation="hypothetical amendment",
    )
    assert rule_value(RuleKey.MIN_YEARS_CONSTITUTED, on=dt.date(2029, 12, 31)) == 3
    assert rule_value(RuleKey.MIN_YEARS_CONSTITUTED, on=dt.date(2030, 1, 1)) == 2
    # Founded 2028-03-01: under the 2-year row it qualifies on 2030-03-02, a year earlier than under 3.
    association = make_association(seat=settat, founding_date=dt.date(2028, 3, 1))
    assert petition_eligibility(association, settat, on=dt.date(2030, 3, 1)).ok is False
    assert petition_eligibility(association, settat, on=dt.date(2030, 3, 2)).ok is True


def test_no_rule_in_force_is_an_error_not_a_guess() -> None:
    with pytest.raises(LookupError):
        rule_value(RuleKey.MIN_YEARS_CONSTITUTED, on=dt.date(2000, 1, 1))
