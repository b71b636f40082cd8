from __future__ import annotations

import gzip

import pytest
from django.test import Client
from freezegun import freeze_time

from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_rules_page_lists_the_rules_in_force_with_citations_and_tags(client: Client) -> None:
    response = client.get("/fr/petitions/rules/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Loi organique n° 113.14 relative aux communes, art. 123" in html
    assert "Loi organique n° 111.14" in html
    assert "4,000" in html or "4 000" in html or "4\u00a0000" in html
    assert "5,000" not in html and "25,000" not in html  # pre-2021 history is not in force
    for tag in ("law", "press", "verify"):
        assert f">{tag}</span>" in html
    assert "Constitution" in html  # inadmissibility grounds


def test_amina_checks_what_a_petition_to_settat_needs(client: Client) -> None:
    with freeze_time("2026-01-31 10:00:00+01:00"):
        html = client.get("/fr/petitions/rules/", {"code": "06.461.01.15"}).content.decode()
    assert "Settat" in html
    assert "171" in html
    assert ">200<" in html
    assert "89" in html  # days to 30 April 2026
    assert "113.14" in html


def test_a_regional_check_shows_the_per_province_minimum(client: Client) -> None:
    html = client.get("/fr/petitions/rules/", {"code": "06"}).content.decode()
    assert ">500<" in html
    assert "25" in html


def test_an_arrondissement_code_is_explained_not_an_error_page(client: Client) -> None:
    arrondissement = Territory.objects.filter(level="arrondissement").first()
    assert arrondissement is not None
    response = client.get("/fr/petitions/rules/", {"code": arrondissement.code})
    assert response.status_code == 404
    assert "Arrondissements" in response.content.decode() or "arrondissement" in response.content.decode().lower()


def test_arabic_rules_page_is_right_to_left_and_light(client: Client) -> None:
    response = client.get("/ar/petitions/rules/", {"code": "06.461.15.19"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "<script" not in html
    assert len(gzip.compress(response.content)) < 60_000


def test_a_code_with_markup_is_escaped(client: Client) -> None:
    html = client.get("/fr/petitions/rules/", {"code": "<b>x</b>"}).content.decode()
    assert "<b>x</b>" not in html
