import json

import pytest
from django.urls import reverse

from tadafur.accounts import services
from tadafur.accounts.models import IdentityLevel, RoleAssignment, User
from tadafur.accounts.tests.factories import PASSWORD
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_amina_downloads_her_data_without_any_cnie(client, amina, settat):
    services.profile_update(user=amina, changes={"display_name": "Amina E."}, actor=amina)
    client.force_login(amina)
    response = client.get(reverse("accounts:data_export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "amina@demo.tadafur.ma"
    assert data["profile"]["sex"] == "woman" and data["profile"]["birth_year"] == 1992
    assert data["verification"]["identity_level"] == "resident_verified"
    assert data["verification"]["resident_of"]["code"] == settat.code
    assert [a["action"] for a in data["actions"]] == ["accounts.profile_update"]
    assert "cnie" not in json.dumps(data).lower()


def test_rachid_export_lists_his_roles(client, rachid, settat):
    client.force_login(rachid)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["roles"][0]["role"] == "staff_agent" and data["roles"][0]["collectivity"] == settat.code


def test_closing_needs_the_password(client, amina):
    client.force_login(amina)
    response = client.post(reverse("accounts:close"), {"password": "wrong-password", "confirm": "on"})
    assert response.status_code == 200
    assert "This is not your password." in response.content.decode()
    amina.refresh_from_db()
    assert amina.is_active


def test_khadija_closes_her_account_and_her_personal_data_is_erased(client, khadija):
    client.force_login(khadija)
    response = client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=khadija.pk)
    assert not user.is_active and user.closed_at
    assert (user.email, user.phone, user.first_name, user.last_name, user.display_name) == ("", "", "", "", "")
    assert user.sex == "" and user.birth_year is None and user.residence is None and user.resident_of is None
    assert user.identity_level == IdentityLevel.ACCOUNT
    assert not user.has_usable_password()
    assert user.public_name == "Former participant"
    assert not RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="accounts.account_close", object_id=str(user.pk)).exists()
    # She can no longer sign in, and her email is free for a new account.
    assert (
        client.post(reverse("account_login"), {"login": "khadija@demo.tadafur.ma", "password": PASSWORD}).status_code
        == 200
    )
