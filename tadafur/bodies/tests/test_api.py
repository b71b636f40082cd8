import datetime as dt

import pytest

from tadafur.bodies import meetings, services

pytestmark = pytest.mark.django_db


def test_api_messages_follow_the_request_language(members, ieecag, client):
    arabic = client.get(f"/api/v1/bodies/{ieecag.pk}", HTTP_ACCEPT_LANGUAGE="ar").json()
    french = client.get(f"/api/v1/bodies/{ieecag.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert arabic["composition"]["warnings"] == ["أقل من نصف الأعضاء ينتمون إلى جمعيات."]
    assert french["composition"]["warnings"] != arabic["composition"]["warnings"]


def test_bodies_of_a_collectivity(ieecag, client, settat, oulad_said):
    assert [b["id"] for b in client.get(f"/api/v1/bodies/?collectivity={settat.code}").json()] == [ieecag.pk]
    assert client.get(f"/api/v1/bodies/?collectivity={oulad_said.code}").json() == []


def test_body_members_carry_public_fields_only(members, ieecag, client):
    data = client.get(f"/api/v1/bodies/{ieecag.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["legal_basis"] == "OL 113.14 art. 120"
    assert set(data["members"][0]) == {
        "display_name",
        "bureau_role",
        "field",
        "association_id",
        "association",
    }
    assert data["composition"] == {
        "members": 5,
        "women": 3,
        "young": 1,
        "from_associations": 0,
        "balanced": False,
        "warnings": ["Fewer than half of the members come from associations."],
    }
    assert client.get("/api/v1/bodies/999999").status_code == 404


def test_meetings_are_public_ones_only(members, ieecag, fatima, client):
    for public in (True, False):
        meetings.meeting_plan(
            organiser=ieecag,
            title=f"public={public}",
            starts_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            place="x",
            is_public=public,
            agenda=["أ"],
            actor=fatima,
        )
    data = client.get(f"/api/v1/bodies/{ieecag.pk}/meetings").json()
    assert [m["title"] for m in data] == ["public=True"] and data[0]["agenda"] == ["أ"] and data[0]["present"] is None


def test_opinion_with_its_answer_and_drafts_hidden(members, ieecag, fatima, said, client):
    opinion = services.opinion_draft(body=ieecag, title="رأي", text="نص", actor=fatima)
    assert client.get(f"/api/v1/bodies/opinions/{opinion.pk}").status_code == 404
    services.opinion_adopt(opinion=opinion, actor=fatima)
    assert client.get(f"/api/v1/bodies/opinions/{opinion.pk}").json()["answer"] is None
    services.opinion_answer(opinion=opinion, verdict="rejected", reasons="خارج الاختصاص", actor=said)
    data = client.get(f"/api/v1/bodies/opinions/{opinion.pk}").json()
    assert data["status"] == "answered" and data["answer"]["verdict"] == "rejected"
    assert data["answer"]["reasons"] == "خارج الاختصاص"
