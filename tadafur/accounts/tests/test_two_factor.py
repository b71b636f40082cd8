import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tadafur.accounts.roles import Role
from tadafur.accounts.services import role_grant
from tadafur.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_agent(settat, platform_admin):
    user = UserFactory()
    role_grant(user=user, role=Role.STAFF_AGENT, collectivity=settat, actor=platform_admin)
    return user


def _login(client, user):
    from tadafur.accounts.tests.factories import PASSWORD

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_staff_without_totp_is_sent_to_set_it_up_with_a_reason(client, new_agent):
    _login(client, new_agent)
    response = client.get(reverse("accounts:profile"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before adding an authenticator; the message waits.
    response = client.get(response["Location"], follow=True)
    assert "two-factor authentication" in response.content.decode()
    assert 'class="skip"' in response.content.decode()  # inside our layout


def test_staff_without_totp_may_still_log_out_and_reach_account_pages(client, new_agent):
    _login(client, new_agent)
    assert client.get(reverse("account_change_password")).status_code in (200, 302)
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    assert client.get(reverse("mfa_index")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_with_totp_go_where_they_want(client, rachid):
    assert Authenticator.objects.filter(user=rachid, type="totp").exists()
    client.force_login(rachid)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_citizens_are_not_asked_for_two_factor(client, amina):
    client.force_login(amina)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_revoked_staff_role_no_longer_requires_two_factor(client, new_agent, settat, platform_admin):
    from tadafur.accounts.services import role_revoke

    role_revoke(assignment=new_agent.role_assignments.get(), actor=platform_admin)
    client.force_login(new_agent)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_rachid_signs_in_with_password_then_totp(client, rachid):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD

    response = client.post(reverse("account_login"), {"login": rachid.email, "password": PASSWORD})
    assert response["Location"].endswith(reverse("mfa_authenticate"))
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(rachid.pk)
