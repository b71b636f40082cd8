"""The comments API: public reads, authenticated writes, domain errors as JSON."""

from __future__ import annotations

import pytest

from tadafur.comments import services

pytestmark = pytest.mark.django_db


def url(obj):
    return f"/api/v1/comments/on/{obj._meta.label_lower}/{obj.pk}"


def test_public_list_hides_the_text_of_hidden_comments(client, petition, amina, rachid):
    kept = services.comment_post(target=petition, text="Bonne initiative", actor=amina)
    hidden = services.comment_post(target=petition, text="insulte", actor=amina)
    services.comment_hide(comment=hidden, reason="insult", note="Insulte.", actor=rachid)
    rows = client.get(url(petition)).json()
    assert [(r["id"], r["text"], r["hidden"]) for r in rows] == [
        (kept.pk, "Bonne initiative", False),
        (hidden.pk, "", True),
    ]
    assert rows[1]["hidden_reason"] == "insult" and rows[0]["author_level"] == "resident"


def test_unknown_or_private_objects_are_404(client, amina, settat):
    from tadafur.petitions.tests.helpers import draft

    assert client.get(url(draft(amina, settat))).status_code == 404
    assert client.get("/api/v1/comments/on/auth.user/1").status_code == 404


def test_create_flag_and_hide_through_the_api(client, petition, amina, youssef, rachid):
    assert client.post(url(petition), {"text": "x"}, content_type="application/json").status_code == 401
    client.force_login(amina)
    created = client.post(url(petition), {"text": "Je soutiens"}, content_type="application/json")
    assert created.status_code == 201
    cid = created.json()["id"]
    client.force_login(youssef)
    assert (
        client.post(f"/api/v1/comments/{cid}/flag", {"reason": "spam"}, content_type="application/json").status_code
        == 201
    )
    denied = client.post(
        f"/api/v1/comments/{cid}/hide", {"reason": "spam", "note": "x"}, content_type="application/json"
    )
    assert denied.status_code == 403 and denied.json()["code"] == "not_allowed"
    client.force_login(rachid)
    hidden = client.post(
        f"/api/v1/comments/{cid}/hide", {"reason": "spam", "note": "pub"}, content_type="application/json"
    )
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True


def test_rate_limit_is_429_in_the_api(client, petition, amina, settings):
    settings.COMMENTS_PER_10_MINUTES = 1
    client.force_login(amina)
    assert client.post(url(petition), {"text": "un"}, content_type="application/json").status_code == 201
    over = client.post(url(petition), {"text": "deux"}, content_type="application/json")
    assert over.status_code == 429 and over.json()["code"] == "rate_limited"


def test_the_moderation_queue_api_is_for_staff_and_lists_flagged_first(
    client, petition, amina, youssef, rachid, settat
):
    services.comment_post(target=petition, text="premier", actor=amina)
    flagged = services.comment_post(target=petition, text="Appelez le 0611223344", actor=youssef)
    services.comment_flag(comment=flagged, reason="personal_data", actor=amina)
    url = f"/api/v1/comments/moderation/{settat.code}"
    client.force_login(amina)
    assert client.get(url).status_code == 403
    client.force_login(rachid)
    rows = client.get(url).json()
    assert rows[0]["id"] == flagged.pk and rows[0]["open_flags"] == 1 and rows[0]["flag_reasons"] == ["personal_data"]
    assert rows[0]["target"] == f"petitions.petition:{petition.pk}"
