"""The server errors and schema mix-ups the API fuzz found (docs/decisions/0811), each pinned by
the request that showed it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tadafur.api.api import api
from tadafur.programmes import services
from tadafur.programmes.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/petition-rules/national", "/api/v1/petition-rules/06.461.01.15"])
def test_asking_the_petition_rules_of_a_day_before_the_laws_is_a_404_not_a_503(client: Client, path: str) -> None:
    response = client.get(path, {"on": "2000-01-01"})
    assert response.status_code == 404
    assert response.json()["code"] == "rule_not_configured"
    assert "on=2000-01-01" in response.json()["detail"]
    assert client.get(path).status_code == 200  # today's rules are there


def test_a_workshop_with_a_negative_head_count_is_refused_with_a_422(client: Client, settat: Any, rachid: Any) -> None:
    programme = services.programme_create(collectivity=settat, start_year=2028, actor=rachid)
    services.programme_advance(programme=programme, to="diagnosis", actor=rachid)
    client.force_login(rachid)
    workshop = {"held_on": "2028-02-10", "place": "Dar Chabab", "needs": "Lighting", "men_35_plus": -1}
    response = client.post(f"/api/v1/programmes/{programme.pk}/workshops", workshop, content_type="application/json")
    assert response.status_code == 422
    assert not Workshop.objects.exists()


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/programmes/1/axes", {"title_ar": "محور", "title_fr": "Axe", "order": -1}),
        ("/api/v1/programmes/1/axes", {"title_ar": "محور", "title_fr": "Axe", "order": 40000}),
        ("/api/v1/programmes/1/workshops", {"held_on": "2028-02-10", "place": "", "needs": "", "men_35_plus": 32768}),
        ("/api/v1/programmes/indicators/1", {"actual": "1000000000000"}),
        ("/api/v1/programmes/projects/1/progress", {"status": "ongoing", "progress": 10, "executed": "0.001"}),
    ],
)
def test_values_past_a_programme_column_are_refused_before_the_database(
    client: Client, rachid: Any, path: str, payload: dict[str, Any]
) -> None:
    """On PostgreSQL these were 500s (smallint out of range, CHECK constraint, numeric overflow)."""
    client.force_login(rachid)
    assert client.post(path, payload, content_type="application/json").status_code == 422


def test_the_openapi_document_describes_each_module_with_its_own_schemas() -> None:
    """Steering's members have no `organisation`-less twin from the bodies module any more, and a
    body's follow-up progress is not described with the budget's follow-up."""
    schema = json.loads(json.dumps(api.get_openapi_schema()))  # as published: string status keys
    components = schema["components"]["schemas"]
    assert "organisation" in components["SteeringMemberOut"]["properties"]
    assert "organisation" not in components["MemberOut"]["properties"]
    progress = schema["paths"]["/api/v1/bodies/followups/{item_id}/progress"]["post"]["responses"]["200"]
    assert progress["content"]["application/json"]["schema"]["$ref"].endswith("/BodyFollowUpOut")
    assert "funded" in components["FollowUpOut"]["properties"]  # the budget's


def test_a_member_with_an_unknown_sex_is_refused_before_the_database(client: Client, rachid: Any) -> None:
    """`"sex": "0000000000000"` was a 500 on PostgreSQL (value too long for varchar(12))."""
    client.force_login(rachid)
    member = {"display_name": "Nadia", "sex": "0000000000000", "age_band": "18_24", "mandate_start": "2026-01-01"}
    response = client.post("/api/v1/bodies/1/members", member, content_type="application/json")
    assert response.status_code == 422


def test_a_value_the_database_refuses_is_a_422_logged_without_the_value(caplog: pytest.LogCaptureFixture) -> None:
    """The safety net for the columns no schema bounds yet (PostgreSQL's DataError)."""
    from django.db import DataError
    from django.test import RequestFactory

    from tadafur.api.api import data_error

    request = RequestFactory().post("/api/v1/bodies/1/members")
    response = data_error(request, DataError('value too long for type character varying(12): "secret"'))
    assert response.status_code == 422
    assert json.loads(response.content)["code"] == "value_out_of_range"
    assert "POST /api/v1/bodies/1/members (DataError)" in caplog.text and "secret" not in caplog.text
