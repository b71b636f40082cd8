"""The personal API: only with a session, only one's own rows."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tadafur.notifications import services
from tadafur.notifications.models import Follow

pytestmark = pytest.mark.django_db
API = "/api/v1/notifications"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def _json(client, method, path, payload=None):
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, data=json.dumps(payload or {}), content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


def test_the_api_needs_a_session(settat):
    assert Client().get(f"{API}/follows").status_code == 401
    assert Client().get(f"{API}/inbox").status_code == 401


def test_amina_follows_lists_and_unfollows_through_the_api(amina, fatima, settat):
    client = logged_in(amina)
    status, body = _json(client, "post", f"{API}/follows", {"target": "territories.territory", "object_id": settat.pk})
    assert status == 201 and body["title"] == settat.name and set(body["channels"]) == {"in_app", "email", "sms"}
    status, rows = _json(client, "get", f"{API}/follows")
    assert [r["object_id"] for r in rows] == [settat.pk]
    assert _json(logged_in(fatima), "delete", f"{API}/follows/{body['id']}")[0] == 404
    assert _json(client, "delete", f"{API}/follows/{body['id']}")[0] == 204
    assert not Follow.objects.exists()
    status, _ = _json(client, "post", f"{API}/follows", {"target": "accounts.user", "object_id": amina.pk})
    assert status == 404


def test_inbox_and_preferences_through_the_api(youssef, oulad_said, django_capture_on_commit_callbacks):
    services.follow_create(user=youssef, obj=oulad_said, channels=["in_app"])
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", oulad_said, collectivity=oulad_said)
    client = logged_in(youssef)
    status, inbox = _json(client, "get", f"{API}/inbox")
    assert status == 200 and inbox["unread"] == 1 and inbox["items"][0]["kind"] == "generic"
    assert _json(client, "post", f"{API}/inbox/read", {"ids": None})[1] == {"marked": 1}
    assert _json(client, "get", f"{API}/inbox?unread_only=true")[1]["items"] == []
    status, error = _json(
        client, "put", f"{API}/preferences", {"in_app": True, "email": True, "sms": True, "frequency": "daily"}
    )
    assert status == 422 and "email" in error["errors"]
    status, prefs = _json(
        client, "put", f"{API}/preferences", {"in_app": True, "email": False, "sms": True, "frequency": "daily"}
    )
    assert status == 200 and prefs == {"in_app": True, "email": False, "sms": True, "frequency": "daily"}
