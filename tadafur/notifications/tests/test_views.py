"""The pages, used like a person would: follow button, inbox, settings, unsubscribe links."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tadafur.notifications import services
from tadafur.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_youssef_follows_his_commune_by_sms_from_its_page(youssef, oulad_said):
    client = logged_in(youssef)
    page = client.get(f"/en/territories/{oulad_said.code}/").content.decode()
    assert 'action="/en/notifications/follow/"' in page and "Follow" in page
    response = client.post(
        "/en/notifications/follow/",
        {"target": "territories.territory", "object_id": oulad_said.pk, "channels": ["sms"], "next": "/en/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/"
    follow = Follow.objects.get(user=youssef)
    assert (follow.in_app, follow.email, follow.sms) == (False, False, True)
    youssef.refresh_from_db()
    assert youssef.notify_sms  # ticking SMS asks for SMS
    assert "Stop following" in client.get(f"/en/territories/{oulad_said.code}/").content.decode()


def test_email_cannot_be_chosen_without_an_address_and_the_page_says_why(youssef, oulad_said):
    client = logged_in(youssef)
    client.post(
        "/en/notifications/follow/",
        {"target": "territories.territory", "object_id": oulad_said.pk, "channels": ["email"], "next": "/en/me/"},
    )
    assert not Follow.objects.exists()
    assert "Add an email address" in client.get("/en/me/").content.decode()
    client.post(
        "/en/notifications/follow/",
        {"target": "territories.territory", "object_id": oulad_said.pk, "next": "/en/me/"},
    )
    assert not Follow.objects.exists()
    assert "Choose at least one way" in client.get("/en/me/").content.decode()


def test_a_visitor_is_asked_to_log_in_and_nothing_odd_can_be_followed(amina, settat):
    anonymous = Client()
    assert "Log in to follow" in anonymous.get(f"/en/territories/{settat.code}/").content.decode()
    response = anonymous.post("/en/notifications/follow/", {"target": "territories.territory", "object_id": settat.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client = logged_in(amina)
    odd = client.post("/en/notifications/follow/", {"target": "accounts.user", "object_id": amina.pk})
    assert odd.status_code == 404 and not Follow.objects.exists()
    offsite = client.post(
        "/en/notifications/follow/",
        {"target": "territories.territory", "object_id": settat.pk, "next": "https://evil.example/"},
    )
    assert offsite["Location"] == "/en/notifications/settings/"


def test_amina_reads_her_inbox_and_marks_it_read(amina, settat, django_capture_on_commit_callbacks):
    amina.preferred_language = "en"  # notifications are written in the recipient's language
    amina.save(update_fields=["preferred_language"])
    services.follow_ensure(user=amina, obj=settat)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat, context={"title": "Settat"})
    client = logged_in(amina)
    page = client.get("/en/notifications/").content.decode()
    assert "News about “Settat”" in page and "Unread: 1" in page
    assert '<span class="badge">1</span>' in client.get("/en/me/").content.decode()
    note = Notification.objects.get(user=amina)
    response = client.post("/en/notifications/read/", {"id": note.pk, "go": note.url})
    assert response.status_code == 302 and response["Location"] == f"/en/territories/{settat.code}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Unread: 0" in client.get("/en/notifications/").content.decode()


def test_someone_elses_notification_stays_unread(amina, fatima, settat, django_capture_on_commit_callbacks):
    services.follow_ensure(user=amina, obj=settat)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat)
    note = Notification.objects.get(user=amina)
    logged_in(fatima).post("/en/notifications/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


def test_the_settings_page_saves_channels_and_frequency_and_lists_follows(youssef, oulad_said):
    services.follow_ensure(user=youssef, obj=oulad_said)
    client = logged_in(youssef)
    page = client.get("/en/notifications/settings/").content.decode()
    assert oulad_said.name in page and "Stop following" in page
    refused = client.post("/en/notifications/settings/", {"email": "on", "frequency": "daily"})
    assert refused.status_code == 200 and "Add an email address" in refused.content.decode()
    saved = client.post("/en/notifications/settings/", {"sms": "on", "frequency": "daily"})
    assert saved.status_code == 302
    youssef.refresh_from_db()
    assert (youssef.notify_in_app, youssef.notify_email, youssef.notify_sms) == (False, False, True)
    assert services.preference_get(youssef).frequency == "daily"
    follow = Follow.objects.get(user=youssef)
    client.post(f"/en/notifications/settings/follows/{follow.pk}/remove/")
    assert not Follow.objects.exists()


def test_an_unsubscribe_link_works_without_logging_in_and_only_on_post(settat, person):
    reader = person(notify_email=True, notify_sms=True, phone="+212600000011")
    follow = services.follow_ensure(user=reader, obj=settat)
    visitor = Client()
    url = f"/fr/notifications/unsubscribe/{services.unsubscribe_token(reader, follow)}/"
    page = visitor.get(url)
    assert page.status_code == 200 and settat.name in page.content.decode()
    assert Follow.objects.filter(pk=follow.pk).exists()  # a mail scanner opening the link changes nothing
    visitor.post(url)
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert visitor.post(url).status_code == 200  # twice is harmless

    everything = f"/en/notifications/unsubscribe/{services.unsubscribe_token(reader)}/"
    visitor.post(everything)
    reader.refresh_from_db()
    assert not reader.notify_email and not reader.notify_sms


def test_a_tampered_unsubscribe_link_is_refused(settat, person):
    reader = person(notify_email=True)
    follow = services.follow_ensure(user=reader, obj=settat)
    token = services.unsubscribe_token(reader, follow)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = Client().post(f"/en/notifications/unsubscribe/{forged}/")
    assert response.status_code == 400 and Follow.objects.filter(pk=follow.pk).exists()
    assert mail.outbox == []
