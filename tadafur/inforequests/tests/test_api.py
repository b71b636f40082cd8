"""The API: the public register without personal data; authenticated filing; staff transitions."""

import pytest
from django.test import Client

from tadafur.inforequests.tests.conftest import file_request

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_register_api_has_no_personal_data(settat, amina, rachid, client):
    request = file_request(settat, amina)
    response = client.get(f"/api/v1/information-requests/?collectivity={settat.code}")
    assert response.status_code == 200
    [entry] = response.json()
    assert entry["reference"] == request.reference and entry["subject"] == ""
    body = response.content.decode()
    for personal in ("Amina", "El Idrissi", "06 11 22 33 44", amina.email):
        assert personal not in body
    assert client.get("/api/v1/information-requests/?collectivity=99.999").status_code == 404


def test_filing_needs_a_session_and_staff_act_through_the_api(settat, amina, rachid, client):
    payload = {"collectivity": settat.code, "subject": "Budget", "text": "The budget"}
    assert client.post("/api/v1/information-requests/", payload, content_type="application/json").status_code == 401
    created = logged_in(amina).post("/api/v1/information-requests/", payload, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = logged_in(amina).post(
        f"/api/v1/information-requests/{pk}/acknowledge", {"public_subject": "B"}, content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    staff = logged_in(rachid)
    ack = staff.post(
        f"/api/v1/information-requests/{pk}/acknowledge", {"public_subject": "Budget"}, content_type="application/json"
    )
    assert ack.json()["status"] == "acknowledged"
    no_ground = staff.post(
        f"/api/v1/information-requests/{pk}/refuse", {"ground": "", "reasons": "x"}, content_type="application/json"
    )
    assert no_ground.status_code == 422
    answered = staff.post(
        f"/api/v1/information-requests/{pk}/answer", {"answer_text": "Here"}, content_type="application/json"
    )
    assert answered.json()["status"] == "answered" and answered.json()["answer"] == "Here"
    twice = staff.post(f"/api/v1/information-requests/{pk}/extend", {"reason": "x"}, content_type="application/json")
    assert twice.status_code == 409
