"""publish() → background fan-out: channels honoured, one language per recipient, batches."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from tadafur.notifications import services, tasks
from tadafur.notifications.models import Delivery, Event, Follow, Notification

pytestmark = pytest.mark.django_db


def _publish(obj, run, **kwargs):
    with run(execute=True):
        event = services.publish("generic", obj, collectivity=obj, context={"title": "Settat"}, **kwargs)
    event.refresh_from_db()
    return event


def test_each_channel_is_used_only_when_the_person_and_the_follow_both_want_it(
    settat, person, sms_outbox, django_capture_on_commit_callbacks
):
    by_email = person(notify_email=True, notify_sms=False)
    by_sms = person(notify_in_app=False, notify_sms=True, phone="+212600000001")
    silent = person(notify_in_app=False, notify_email=False, notify_sms=False, phone="+212600000002")
    inbox_only = person(notify_email=True)
    for user in (by_email, by_sms, silent):
        services.follow_ensure(user=user, obj=settat)
    services.follow_create(user=inbox_only, obj=settat, channels=["in_app"])

    event = _publish(settat, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[by_email.email]]
    assert [s.to for s in sms_outbox] == ["+212600000001"]
    assert set(Notification.objects.filter(event=event).values_list("user_id", "in_app")) == {
        (by_email.pk, True),
        (by_sms.pk, False),
        (inbox_only.pk, True),
    }
    assert event.recipients == 3 and event.fanned_out_at is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_the_email_carries_the_link_and_unsubscribe_links(settat, person, django_capture_on_commit_callbacks):
    keen = person(notify_email=True, preferred_language="fr")
    services.follow_ensure(user=keen, obj=settat)
    _publish(settat, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "http://" in message.body or "https://" in message.body
    assert f"/fr/territories/{settat.code}/" in message.body or settat.get_absolute_url()[3:] in message.body
    assert message.body.count("/fr/notifications/unsubscribe/") == 2
    assert message.extra_headers["Content-Language"] == "fr"


def test_each_follower_reads_the_news_in_their_own_language(
    amina, said, settat, person, django_capture_on_commit_callbacks
):
    from tadafur.petitions.tests.helpers import filed

    petition = filed(amina, settat)
    french = person(preferred_language="fr")
    arabic = person(preferred_language="ar")
    for user in (french, arabic):
        services.follow_create(user=user, obj=petition, channels=["in_app"])
    from tadafur.petitions import services as petitions

    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_review_start(petition=petition, actor=said)
    fr = Notification.objects.get(user=french)
    ar = Notification.objects.get(user=arabic)
    assert fr.language == "fr" and "/fr/petitions/" in fr.url
    assert ar.language == "ar" and "/ar/petitions/" in ar.url
    assert "examen" in fr.body.lower() or "bureau" in fr.body.lower()  # the French status label
    assert fr.body != ar.body


def test_the_fan_out_waits_for_the_commit_and_never_runs_in_the_request(settat, person):
    follower = person()
    services.follow_ensure(user=follower, obj=settat)
    with transaction.atomic():
        services.publish("generic", settat, collectivity=settat)
        assert not Notification.objects.exists()


def test_the_fan_out_goes_in_batches_and_resumes_after_an_interruption(settat, person, monkeypatch):
    followers = [person() for _ in range(7)]
    for user in followers:
        services.follow_ensure(user=user, obj=settat)
    monkeypatch.setattr(tasks, "BATCH_SIZE", 3)
    batches = []
    real = tasks._fan_batch
    monkeypatch.setattr(tasks, "_fan_batch", lambda e, o, f, r: batches.append(len(f)) or real(e, o, f, r))
    event = Event.objects.create(kind="generic", content_type_id=_ct(settat), object_id=settat.pk, context={})
    # A worker died after the first two follows: the rerun starts after them.
    first_two = Follow.objects.order_by("id")[:2]
    Notification.objects.bulk_create(
        [Notification(user_id=f.user_id, event=event, language="ar", subject="s", body="b", url="u") for f in first_two]
    )
    Event.objects.filter(pk=event.pk).update(fanout_cursor=first_two[1].pk, recipients=2)
    assert tasks.fanout_task.call(event.pk) == 7
    assert batches == [3, 2]
    assert Notification.objects.filter(event=event).count() == 7  # nobody twice (unique per event)
    assert tasks.fanout_task.call(event.pk) == 0  # done once, never twice


def test_people_told_directly_get_no_second_message(settat, person, django_capture_on_commit_callbacks):
    agent = person(notify_email=True)
    services.follow_ensure(user=agent, obj=settat)
    _publish(settat, django_capture_on_commit_callbacks, already_told=[agent.pk])
    assert mail.outbox == []
    assert Notification.objects.get(user=agent).in_app


def test_a_closed_account_hears_nothing(settat, person, django_capture_on_commit_callbacks):
    gone = person(notify_email=True, is_active=False)
    services.follow_ensure(user=gone, obj=settat)
    _publish(settat, django_capture_on_commit_callbacks)
    assert not Notification.objects.exists() and mail.outbox == []


def _ct(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk
