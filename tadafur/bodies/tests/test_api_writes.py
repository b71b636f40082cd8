"""Staff, secretary and council writes through the API: the same services and rules as the pages."""

import pytest

from tadafur.bodies.models import Body, Opinion

pytestmark = pytest.mark.django_db


def post(client, user, url, payload=None):
    client.force_login(user)
    return client.post(url, payload or {}, content_type="application/json")


def test_rachid_creates_a_body_and_seats_a_member_by_api(client, settat, rachid):
    response = post(
        client,
        rachid,
        "/api/v1/bodies/",
        {"collectivity": settat.code, "kind": "ieecag", "name_ar": "هيئة المساواة", "name_fr": "IEECAG"},
    )
    assert response.status_code == 201
    body = Body.objects.get(pk=response.json()["id"])
    response = post(
        client,
        rachid,
        f"/api/v1/bodies/{body.pk}/members",
        {"display_name": "نجاة", "sex": "woman", "age_band": "35_49", "mandate_start": "2022-03-01"},
    )
    assert response.status_code == 201
    assert client.get(f"/api/v1/bodies/{body.pk}").json()["members"][0]["display_name"] == "نجاة"


def test_a_body_kind_of_another_level_is_refused_with_the_reason(client, settat, rachid):
    response = post(
        client,
        rachid,
        "/api/v1/bodies/",
        {"collectivity": settat.code, "kind": "regional_youth", "name_ar": "هيئة", "name_fr": "Instance"},
    )
    assert response.status_code == 422 and response.json()["errors"]["kind"]


def test_writes_need_a_login_and_the_right_role(client, settat, amina, oulad_said, rachid):
    payload = {"collectivity": settat.code, "kind": "ieecag", "name_ar": "هيئة", "name_fr": "Instance"}
    assert client.post("/api/v1/bodies/", payload, content_type="application/json").status_code == 401
    assert post(client, amina, "/api/v1/bodies/", payload).status_code == 403
    other = {**payload, "collectivity": oulad_said.code}
    assert post(client, rachid, "/api/v1/bodies/", other).status_code == 403
    assert not Body.objects.exists()


def test_referral_opinion_answer_and_follow_up_by_api(client, members, ieecag, fatima, said):
    referral = post(
        client,
        said,
        f"/api/v1/bodies/{ieecag.pk}/referrals",
        {"title": "الإنارة", "question": "ما رأي الهيئة؟", "deadline": "2030-06-30"},
    )
    assert referral.status_code == 201
    assert post(client, said, f"/api/v1/bodies/{ieecag.pk}/opinions", {"title": "x", "text": "y"}).status_code == 403
    draft = post(
        client,
        fatima,
        f"/api/v1/bodies/{ieecag.pk}/opinions",
        {"title": "رأي في الإنارة", "text": "توصي الهيئة...", "referral_id": referral.json()["id"]},
    )
    assert draft.status_code == 201
    opinion_id = draft.json()["id"]
    adopted = post(client, fatima, f"/api/v1/bodies/opinions/{opinion_id}/adopt")
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    assert (
        post(
            client, fatima, f"/api/v1/bodies/opinions/{opinion_id}/answer", {"verdict": "accepted", "reasons": "x"}
        ).status_code
        == 403
    )
    answered = post(
        client, said, f"/api/v1/bodies/opinions/{opinion_id}/answer", {"verdict": "accepted", "reasons": "نعم"}
    )
    assert answered.json()["answer"]["verdict"] == "accepted"
    item = post(
        client,
        said,
        f"/api/v1/bodies/opinions/{opinion_id}/followups",
        {"title": "تركيب المصابيح", "owner_label": "المصلحة التقنية", "due_date": "2030-12-31"},
    )
    assert item.status_code == 201
    done_without_evidence = post(
        client, said, f"/api/v1/bodies/followups/{item.json()['id']}/progress", {"progress": 100}
    )
    assert done_without_evidence.status_code == 422
    progress = post(client, said, f"/api/v1/bodies/followups/{item.json()['id']}/progress", {"progress": 40})
    assert progress.json()["progress"] == 40
    assert Opinion.objects.get(pk=opinion_id).followups.get().progress == 40
