import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_calls_and_one_call_with_its_grid(call):
    listing = Client().get("/api/v1/cocreation/calls").json()
    assert [c["id"] for c in listing] == [call.pk] and listing[0]["phase"] == "submission"
    detail = Client().get(f"/api/v1/cocreation/calls/{call.pk}").json()
    assert [c["weight"] for c in detail["criteria"]] == [40, 30, 30]
    assert detail["required_documents"] == ["Statuts"] and detail["results"] == []


def test_a_draft_call_is_a_json_404(settat, rachid):
    from tadafur.cocreation.tests.conftest import make_call

    call = make_call(settat, rachid, publish=False)
    response = Client().get(f"/api/v1/cocreation/calls/{call.pk}")
    assert response.status_code == 404 and response.json()["detail"]


def test_asking_needs_a_session_and_an_open_period(call, amina):
    assert (
        Client()
        .post(f"/api/v1/cocreation/calls/{call.pk}/questions", {"text": "?"}, content_type="application/json")
        .status_code
        == 401
    )
    client = Client()
    client.force_login(amina)
    response = client.post(
        f"/api/v1/cocreation/calls/{call.pk}/questions", {"text": "Quel calendrier ?"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert call.questions.count() == 1


def test_figures_of_a_collectivity(submitted, settat):
    figures = Client().get(f"/api/v1/cocreation/collectivities/{settat.code}/figures").json()
    assert figures["applications"] == 1 and figures["share_women_led"] == 100
