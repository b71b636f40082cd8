from __future__ import annotations

import pytest

from tadafur.territories.loader import territories_load
from tadafur.territories.models import Kind, Level, Territory

pytestmark = pytest.mark.django_db


def test_every_collectivity_of_morocco_is_loaded() -> None:
    assert Territory.objects.filter(level=Level.REGION).count() == 12
    assert Territory.objects.filter(level=Level.PROVINCE).count() == 75
    assert Territory.objects.filter(level=Level.COMMUNE).count() == 1503
    assert Territory.objects.filter(level=Level.ARRONDISSEMENT).count() == 41
    assert Territory.objects.filter(is_collectivity=True).count() == 1590


def test_settat_province_matches_the_2024_census(settat_province: Territory) -> None:
    communes = settat_province.children.all()
    assert communes.count() == 46
    assert settat_province.population_2024 == 652292
    assert sum(c.population_2024 for c in communes) == 652292
    assert communes.filter(kind=Kind.URBAN).count() == 5
    assert settat_province.parent.code == "06"
    assert settat_province.name_ar == "سطات"


def test_settat_city_has_census_figures_by_sex(settat: Territory) -> None:
    assert settat.population_2024 == 171556
    assert settat.census["women_share"] == 51.2
    assert set(settat.census["illiteracy_10_plus"]) == {"all", "male", "female"}
    assert settat.census["illiteracy_10_plus"]["female"] > settat.census["illiteracy_10_plus"]["male"]
    assert len(settat.census["age"]) == 16


def test_communes_with_arrondissements_are_marked() -> None:
    casablanca = Territory.objects.get(code="06.141.01.0")
    assert casablanca.kind == Kind.WITH_ARRONDISSEMENTS
    assert casablanca.children.filter(level=Level.ARRONDISSEMENT).count() == 16
    assert not casablanca.children.first().is_collectivity


def test_a_second_load_changes_nothing_and_a_changed_row_is_refreshed(settat: Territory) -> None:
    assert territories_load().created == 0
    Territory.objects.filter(pk=settat.pk).update(name_fr="Settat (edited)", population_2024=1)
    summary = territories_load()
    assert (summary.created, summary.updated) == (0, 1)
    settat.refresh_from_db()
    assert (settat.name_fr, settat.population_2024) == ("Settat", 171556)
