"""GET /api/v1/petitions/, /petitions/{id}, /petitions/{id}/log and POST /petitions/{id}/signatures."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tadafur.petitions import merkle
from tadafur.petitions.tests.helpers import collecting, draft, resident, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def logged_in(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def post_signature(client: Client, petition, **body):
    payload = {"cnie": "AB123456", "consent": True, **body}
    return client.post(f"/api/v1/petitions/{petition.pk}/signatures", payload, content_type="application/json")


def test_the_list_filters_by_territory_and_state_and_hides_drafts(client, settat, oulad_said, youssef):
    open_here = collecting(resident(settat), settat, title="Ici")
    draft(resident(settat), settat, title="Brouillon")
    collecting(youssef, oulad_said, title="Là-bas")
    data = client.get("/api/v1/petitions/", {"territory": settat.code}).json()
    assert [p["title"] for p in data] == ["Ici"]
    assert data[0]["id"] == open_here.pk and data[0]["state"] == "collecting"
    assert client.get("/api/v1/petitions/", {"state": "filed"}).json() == []
    assert client.get("/api/v1/petitions/", {"state": "nonsense"}).status_code == 422
    assert client.get("/api/v1/petitions/", {"territory": "99.999"}).status_code == 404


def test_the_detail_has_counts_with_small_cells_suppressed(client, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 12)
    data = client.get(f"/api/v1/petitions/{petition.pk}").json()
    assert data["signature_count"] == 12 and data["required_signatures"] == 200
    assert data["counts_by_sex"] == {"woman": 5, "man": 5, "undisclosed": None}
    assert data["counts_by_channel"] == {"online": 10, "paper": None}
    assert data["log_size"] == 12 and len(data["log_root"]) == 64
    assert data["answer_due"] is None and data["answer_overdue"] is False
    assert client.get(f"/api/v1/petitions/{draft(resident(settat), settat).pk}").status_code == 404


def test_amina_signs_through_the_api_then_a_second_time_gets_409(amina, settat):
    petition = collecting(resident(settat), settat)
    client = logged_in(amina)
    created = post_signature(client, petition)
    assert created.status_code == 201
    body = created.json()
    assert len(body["verification_code"]) == 10 and body["log_index"] == 0
    again = post_signature(client, petition, cnie="ZZ1")
    assert again.status_code == 403  # the account already signed: a reason, in JSON
    assert again.json()["detail"] == "You have already signed this petition."
    same_cnie = post_signature(logged_in(resident(settat)), petition)
    assert same_cnie.status_code == 409 and same_cnie.json()["code"] == "already_signed"


def test_errors_are_json_with_a_reason(youssef, amina, settat):
    petition = collecting(resident(settat), settat)
    assert post_signature(Client(headers={"accept-language": "en"}), petition).status_code == 401
    refused = post_signature(logged_in(youssef), petition)
    assert refused.status_code == 403 and "Only residents of" in refused.json()["detail"]
    invalid = post_signature(logged_in(amina), petition, cnie="1234")
    assert invalid.status_code == 422 and "cnie" in invalid.json()["errors"]


def test_signing_is_rate_limited_per_account(settings, amina, settat):
    settings.PETITION_SIGN_RATE_PER_ACCOUNT = 2
    client = logged_in(amina)
    petitions = [collecting(resident(settat), settat, title=f"P{i}") for i in range(3)]
    assert post_signature(client, petitions[0], cnie="AB1").status_code == 201
    assert post_signature(client, petitions[1], cnie="AB1").status_code == 201
    limited = post_signature(client, petitions[2], cnie="AB1")
    assert limited.status_code == 429 and "Too many" in limited.json()["detail"]


def test_signing_is_rate_limited_per_address(settings, settat):
    settings.PETITION_SIGN_RATE_PER_IP = 1
    petition = collecting(resident(settat), settat)
    assert post_signature(logged_in(resident(settat)), petition, cnie="AB1").status_code == 201
    assert post_signature(logged_in(resident(settat)), petition, cnie="AB2").status_code == 429


def test_anyone_can_recompute_the_root_from_the_log(client, amina, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 9)
    data = client.get(f"/api/v1/petitions/{petition.pk}/log").json()
    assert data["size"] == 9 == len(data["leaves"])
    assert merkle.root([leaf.encode() for leaf in data["leaves"]]).hex() == data["root"]
    assert all("cnie" not in leaf for leaf in data["leaves"])
    assert data["next"] is None


def test_a_large_log_is_read_page_by_page_and_still_recomputes(client, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 9)
    url, leaves = f"/api/v1/petitions/{petition.pk}/log?limit=4", []
    pages = 0
    while url:
        data = client.get(url).json()
        leaves += data["leaves"]
        url, pages = data["next"], pages + 1
    assert pages == 3 and len(leaves) == 9 == data["size"]
    assert merkle.root([leaf.encode() for leaf in leaves]).hex() == data["root"]
    assert client.get(f"/api/v1/petitions/{petition.pk}/log?offset=-1").status_code == 422


def test_errors_speak_the_requests_language(youssef, settat):
    petition = collecting(resident(settat), settat)
    client = Client(headers={"accept-language": "ar"})
    client.force_login(youssef)
    refused = post_signature(client, petition)
    assert refused.status_code == 403
    assert "Only residents of" not in refused.json()["detail"] and "سطات" in refused.json()["detail"]
