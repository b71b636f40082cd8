"""Lockouts on logging in and on one-time codes (issue 8 §2): guessing stops after a few tries."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tadafur.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # allauth keeps its counters in the cache (Redis in production)
    yield
    cache.clear()


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(client):
    UserFactory(email="amal@example.ma")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "amal@example.ma", "password": "wrong-guess-123"})
    response = client.post(reverse("account_login"), {"login": "amal@example.ma", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert b"Too many failed login attempts" in response.content


def test_a_login_code_sent_by_sms_is_dead_after_three_wrong_tries(client, sms_outbox):
    import re

    UserFactory(email="", phone="+212661112233", phone_verified=True)
    client.post(reverse("account_request_login_code"), {"phone": "0661112233"})
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": wrong})
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
