import pytest
from django.test import Client

from tadafur.council import services
from tadafur.council.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_only_published_sessions_are_read_with_their_agenda(settat, rachid, february):
    client = Client()
    assert client.get(f"/api/v1/council/sessions?collectivity={settat.code}").json() == []
    assert client.get(f"/api/v1/council/sessions/{february.pk}").status_code == 404
    services.agenda_publish(session=february, actor=rachid)
    data = client.get(f"/api/v1/council/sessions/{february.pk}").json()
    assert data["kind"] == "ordinary" and data["notice_days"] == 10
    assert [p["title"] for p in data["points"]] == ["دراسة الحساب الإداري"]


def test_staff_record_an_outcome_and_bad_votes_are_422(settat, rachid, amina, february, frozen):
    services.agenda_publish(session=february, actor=rachid)
    frozen.move_to(at(2026, 2, 3, 12))
    services.session_hold(session=february, members_present=10, actor=rachid)
    point = february.points.get()
    url = f"/api/v1/council/points/{point.pk}/outcome"
    assert Client().post(url, {"outcome": "adopted"}, content_type="application/json").status_code == 401
    citizen = Client()
    citizen.force_login(amina)
    assert citizen.post(url, {"outcome": "adopted"}, content_type="application/json").status_code == 403
    staff = Client()
    staff.force_login(rachid)
    bad = staff.post(url, {"outcome": "adopted", "votes_for": 11}, content_type="application/json")
    assert bad.status_code == 422
    ok = staff.post(url, {"outcome": "rejected", "votes_for": 3, "votes_against": 6}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["outcome"] == "rejected"
