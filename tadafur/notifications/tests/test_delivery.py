"""Deliveries: retried with backoff, then a dead letter; the daily digest groups a person's news."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from tadafur.accounts.sms import SmsBackend, SmsError
from tadafur.notifications import services, tasks
from tadafur.notifications.models import DeadLetter, Delivery, Frequency, Notification

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


class DownGateway(SmsBackend):
    calls = 0

    def send(self, to, body):
        DownGateway.calls += 1
        raise SmsError("SMS gateway answered HTTP 503")


@pytest.fixture
def down_gateway(settings):
    DownGateway.calls = 0
    settings.SMS_BACKEND = f"{__name__}.DownGateway"
    return DownGateway


def test_a_failing_sms_is_retried_with_backoff_then_given_up_as_a_dead_letter(
    youssef, settat, down_gateway, django_capture_on_commit_callbacks
):
    services.follow_create(user=youssef, obj=settat, channels=["sms"])
    with freeze_time(START), django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("retry", 1)
    assert delivery.next_attempt_at == START + dt.timedelta(minutes=1)
    with freeze_time(START + dt.timedelta(seconds=59)):
        assert tasks.retry_due_task.call() == 0
    assert down_gateway.calls == 1  # not yet due: not tried again
    at = START
    for wait in tasks.BACKOFF:
        at += wait
        with freeze_time(at):
            tasks.retry_due_task.call()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, down_gateway.calls) == ("dead", tasks.MAX_ATTEMPTS, 5)
    letter = DeadLetter.objects.get(delivery=delivery)
    assert letter.channel == "sms" and "503" in letter.error
    with freeze_time(at + dt.timedelta(days=1)):
        assert tasks.retry_due_task.call() == 0
    assert down_gateway.calls == 5


def test_a_retry_that_succeeds_is_sent_once(
    youssef, settat, down_gateway, settings, sms_outbox, django_capture_on_commit_callbacks
):
    services.follow_create(user=youssef, obj=settat, channels=["sms"])
    with freeze_time(START), django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat)
    settings.SMS_BACKEND = "tadafur.accounts.sms.LocmemSmsBackend"
    with freeze_time(START + dt.timedelta(minutes=2)):
        assert tasks.retry_due_task.call() == 1
        assert tasks.retry_due_task.call() == 0
    assert len(sms_outbox) == 1 and Delivery.objects.get().status == "sent"
    assert not DeadLetter.objects.exists()


def test_the_daily_digest_groups_a_persons_news_in_one_email_and_one_sms(
    settat, oulad_said, person, sms_outbox, django_capture_on_commit_callbacks
):
    reader = person(notify_email=True, notify_sms=True, phone="+212600000009", preferred_language="fr")
    services.preference_update(user=reader, in_app=True, email=True, sms=True, frequency=Frequency.DAILY)
    at_once = person(notify_email=True)
    for place in (settat, oulad_said):
        services.follow_ensure(user=reader, obj=place)
    services.follow_ensure(user=at_once, obj=settat)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat, context={"title": "Settat"})
        services.publish("generic", oulad_said, collectivity=oulad_said, context={"title": "Oulad Said"})
    assert [m.to for m in mail.outbox] == [[at_once.email]]  # the digest reader waits
    assert sms_outbox == []
    assert Notification.objects.filter(user=reader, in_app=True).count() == 2  # the inbox does not wait

    mail.outbox.clear()
    assert tasks.digest_task.call() == 2
    (digest,) = mail.outbox
    assert digest.to == [reader.email] and "2" in digest.subject
    assert "Settat" in digest.body and "Oulad Said" in digest.body
    assert "/fr/notifications/unsubscribe/" in digest.body
    (sms,) = sms_outbox
    assert "2" in sms.body and sms.body.endswith("/fr/notifications/")
    assert tasks.digest_task.call() == 0  # nothing is sent twice


def test_no_digest_on_a_channel_switched_off_since(settat, person, django_capture_on_commit_callbacks):
    reader = person(notify_email=True)
    services.preference_update(user=reader, in_app=True, email=True, sms=False, frequency=Frequency.DAILY)
    services.follow_ensure(user=reader, obj=settat)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat)
    services.preference_update(user=reader, in_app=True, email=False, sms=False, frequency=Frequency.DAILY)
    assert tasks.digest_task.call() == 0 and mail.outbox == []


def test_the_cron_command_sends_digests_and_due_retries(settat, person, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    reader = person(notify_email=True)
    services.preference_update(user=reader, in_app=True, email=True, sms=False, frequency=Frequency.DAILY)
    services.follow_ensure(user=reader, obj=settat)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat)
    out = StringIO()
    call_command("notifications_send", "--digest", "--retries", stdout=out)
    assert "digest messages sent: 1" in out.getvalue() and len(mail.outbox) == 1
