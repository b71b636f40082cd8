"""The operator sees dead letters in the admin and can send them again once the gateway is back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tadafur.notifications import services
from tadafur.notifications.models import DeadLetter, Delivery
from tadafur.notifications.tests.test_delivery import DownGateway

pytestmark = pytest.mark.django_db


def test_the_operator_retries_a_dead_letter_once_the_gateway_is_back(
    youssef, settat, settings, sms_outbox, django_user_model: Any, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = f"{DownGateway.__module__}.DownGateway"
    settings.NOTIFICATIONS_FANOUT_PAUSE = 0
    services.follow_create(user=youssef, obj=settat, channels=["sms"])
    with django_capture_on_commit_callbacks(execute=True):
        services.publish("generic", settat, collectivity=settat)
    delivery = Delivery.objects.get()
    from tadafur.notifications import tasks

    for _ in range(tasks.MAX_ATTEMPTS - 1):
        tasks.attempt(delivery)
    letter = DeadLetter.objects.get()
    operator = django_user_model.objects.create_superuser("operator", "operator@example.org", "a-long-passphrase")
    client = Client()
    client.force_login(operator)
    page = client.get("/en/admin/notifications/deadletter/").content.decode()
    assert "SmsError" in page and "503" in page

    settings.SMS_BACKEND = "tadafur.accounts.sms.LocmemSmsBackend"
    client.post("/en/admin/notifications/deadletter/", {"action": "retry_now", "_selected_action": [letter.pk]})
    letter.refresh_from_db()
    delivery.refresh_from_db()
    assert letter.resolved_at is not None and delivery.status == "sent"
    assert [m.to for m in sms_outbox] == [youssef.phone]
