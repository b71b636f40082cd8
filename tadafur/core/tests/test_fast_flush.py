"""The end of a transactional test leaves the database exactly as the test database was set up."""

from __future__ import annotations

import pytest

from tadafur.accounts.models import User
from tadafur.core.tests import fast_flush
from tadafur.petitions.models import PetitionRule
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_a_test_wrote_are_emptied_and_the_reference_data_stays():
    rules = PetitionRule.objects.count()
    User.objects.create_user(username="nadia", email="nadia@example.org", password="x")
    assert fast_flush.empty_what_the_test_wrote() is True
    assert not User.objects.exists()
    assert Territory.objects.count() == 1631 and PetitionRule.objects.count() == rules > 0


def test_an_edited_reference_row_is_detected_and_put_back():
    settat = Territory.objects.get(code="06.461.01.15")
    population = settat.population_2024
    Territory.objects.filter(pk=settat.pk).update(population_2024=population + 1)
    User.objects.create_user(username="nadia", email="nadia@example.org", password="x")
    assert fast_flush.empty_what_the_test_wrote() is False
    fast_flush.restore_baseline()
    assert Territory.objects.get(pk=settat.pk).population_2024 == population
    assert Territory.objects.count() == 1631 and not User.objects.exists()
    assert fast_flush.baseline_intact()
    # The restored rows keep their ids, and new rows take ids after them (sequences reset).
    assert Territory.objects.create(
        code="99.999", level=settat.level, kind=settat.kind, name_ar="س", name_fr="x"
    ).pk > max(Territory.objects.exclude(code="99.999").values_list("pk", flat=True))
