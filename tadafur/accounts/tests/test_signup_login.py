import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tadafur.accounts.models import User
from tadafur.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Tadafur-participation-2026"


def _code(text):
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}|\d{6})\b", text).group(1)


def test_newcomer_signs_up_with_email_and_confirms_by_code(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nadia@example.ma", "phone": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    code = _code(mail.outbox[0].body)
    response = client.get(response["Location"])
    assert response.status_code == 200
    response = client.post(reverse("account_email_verification_sent"), {"code": code}, follow=True)
    user = User.objects.get(email="nadia@example.ma")
    assert EmailAddress.objects.get(user=user).verified
    assert response.context["user"] == user


def test_youssef_like_newcomer_signs_up_with_a_mobile_number_and_confirms_by_sms(client, sms_outbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "", "phone": "06 61-23 45 67", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith(reverse("account_verify_phone"))
    user = User.objects.get(phone="+212661234567")
    assert not user.phone_verified
    assert sms_outbox[-1].to == "+212661234567"
    code = _code(sms_outbox[-1].body)
    response = client.post(reverse("account_verify_phone"), {"code": code}, follow=True)
    user.refresh_from_db()
    assert user.phone_verified
    assert response.context["user"] == user
    assert not mail.outbox  # no email verification for a phone-only account


def test_signup_needs_an_email_or_a_phone(client):
    response = client.post(
        reverse("account_signup"), {"email": "", "phone": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert "Give an email address or a mobile number" in response.content.decode()
    assert not User.objects.exists() or not User.objects.filter(email="").exists()


def test_a_landline_is_refused_with_a_clear_message(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "", "phone": "0523 40 12 34", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Enter a Moroccan mobile number" in response.content.decode()


def test_login_by_phone_accepts_any_spelling(client):
    UserFactory(email="", phone="+212612345678", phone_verified=True)
    response = client.post(reverse("account_login"), {"login": "+212 6 12-34-56-78", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "+212612345678" in response.content.decode()


def test_login_by_email(client):
    UserFactory(email="amal@example.ma")
    response = client.post(reverse("account_login"), {"login": "amal@example.ma", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_wrong_password_is_refused(client):
    UserFactory(email="amal@example.ma")
    response = client.post(reverse("account_login"), {"login": "amal@example.ma", "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_emailed_code(client):
    user = UserFactory(email="amal@example.ma")
    response = client.post(reverse("account_reset_password"), {"email": "amal@example.ma"})
    assert response.status_code == 302
    code = _code(mail.outbox[-1].body)
    response = client.post(reverse("account_confirm_password_reset_code"), {"code": code})
    assert response.status_code == 302
    response = client.post(response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_phone_user_can_sign_in_with_an_sms_code(client, sms_outbox):
    user = UserFactory(email="", phone="+212612345678", phone_verified=True)
    response = client.post(reverse("account_request_login_code"), {"phone": "0612345678"})
    assert response.status_code == 302
    code = _code(sms_outbox[-1].body)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_allauth_pages_render_inside_our_rtl_layout(client, name):
    html = client.get("/ar" + reverse(name)[3:]).content.decode()
    assert 'dir="rtl"' in html
    assert 'class="skip"' in html
    assert "css/site.css" in html
