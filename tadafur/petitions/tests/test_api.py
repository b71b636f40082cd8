from __future__ import annotations

import datetime as dt
import math
import time

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from freezegun import freeze_time

from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


def expected_from_spec(t: Territory, on: dt.date) -> dict[str, object]:
    """SPEC §3's table, written out independently of rules.py."""
    per_province = None
    if t.level == "commune":
        if t.kind == "with_arrondissements":
            minimum = 400
        else:
            minimum = 100 if t.population_2024 < 35_000 else 200
        months = 3
    elif t.level == "province":
        minimum, months = 300, 2
    else:
        if t.population_2024 < 1_000_000:
            minimum = 300
        elif t.population_2024 <= 3_000_000:
            minimum = 400
        else:
            minimum = 500
        per_province = math.ceil(minimum * 5 / 100)
        months = 2
    return {
        "territory": t.code,
        "level": t.level,
        "required_signatures": minimum,
        "population": t.population_2024,
        "per_province_minimum": per_province,
        "answer_deadline_days": (on + relativedelta(months=months) - on).days,
    }


def test_every_one_of_the_1590_collectivities_gets_the_law_s_answer(client: Client) -> None:
    on = dt.date(2026, 1, 31)
    collectivities = list(Territory.objects.filter(is_collectivity=True).order_by("code"))
    assert len(collectivities) == 1590
    # CPU time of this process: the budget holds on a shared, loaded machine too.
    started = time.process_time()
    wrong = []
    for t in collectivities:
        data = client.get(f"/api/v1/petition-rules/{t.code}", {"on": on.isoformat()}).json()
        reference = data.pop("legal_reference")
        if data != expected_from_spec(t, on) or not reference:
            wrong.append((t.code, data))
    assert wrong == []
    assert time.process_time() - started < 10


def test_settat_answer_cites_the_communes_law(client: Client) -> None:
    data = client.get("/api/v1/petition-rules/06.461.01.15", {"on": "2026-01-31"}).json()
    assert data["required_signatures"] == 200
    assert data["population"] == 171_556
    assert data["answer_deadline_days"] == 89  # to 30 April, not a nominal 90
    assert "113.14" in data["legal_reference"]


def test_the_date_defaults_to_today_in_morocco(client: Client) -> None:
    with freeze_time("2026-04-30 23:30:00+00:00"):  # already 1 May in Casablanca (UTC+1)
        data = client.get("/api/v1/petition-rules/06.461.15.19").json()
    assert data["answer_deadline_days"] == (dt.date(2026, 8, 1) - dt.date(2026, 5, 1)).days  # not 91 from 30 April


def test_regions_carry_their_per_province_minimum(client: Client) -> None:
    data = client.get("/api/v1/petition-rules/06").json()
    assert (data["level"], data["required_signatures"], data["per_province_minimum"]) == ("region", 500, 25)
    assert "111.14" in data["legal_reference"]


@pytest.mark.parametrize("code", ["99.999", "06.141.01.0.999"])
def test_unknown_code_is_a_json_404_with_a_message(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/petition-rules/{code}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert code in response.json()["detail"]


def test_an_arrondissement_is_a_404_not_a_collectivity(client: Client) -> None:
    arrondissement = Territory.objects.filter(level="arrondissement").first()
    assert arrondissement is not None
    response = client.get(f"/api/v1/petition-rules/{arrondissement.code}")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_bad_date_is_refused(client: Client) -> None:
    assert client.get("/api/v1/petition-rules/06", {"on": "31/01/2026"}).status_code == 422


def test_before_the_organic_laws_the_rulebook_says_it_has_no_rule(client: Client) -> None:
    response = client.get("/api/v1/petition-rules/06", {"on": "2014-01-01"})
    assert response.status_code == 404  # a day the caller chose: not a 5xx (decision 0811)
    assert response.json()["code"] == "rule_not_configured"


@pytest.mark.parametrize(
    ("on", "petition", "motion", "committee"),
    [("2021-06-30", 5000, 25000, 9), ("2021-07-01", 4000, 20000, 5)],
)
def test_national_thresholds_and_committees(
    client: Client, on: str, petition: int, motion: int, committee: int
) -> None:
    data = client.get("/api/v1/petition-rules/national", {"on": on}).json()
    assert data["petition"]["min_supporters"] == petition
    assert data["petition"]["committee_size"] == committee
    assert data["motion"]["min_supporters"] == motion
    assert data["motion"]["committee_size"] == 5
    assert (data["motion"]["admissibility_deadline_days"], data["motion"]["substance_deadline_days"]) == (
        15,
        60,
    )
    assert "44.14" in data["petition"]["legal_reference"]


def test_openapi_documents_the_rules_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/petition-rules/{territory_code}" in paths
    assert "/api/v1/petition-rules/national" in paths
    description = paths["/api/v1/petition-rules/{territory_code}"]["get"]["description"]
    assert "answer_deadline_days" in description
