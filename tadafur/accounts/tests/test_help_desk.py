import pytest
from django.urls import reverse

from tadafur.accounts.models import IdentityLevel, VerificationMethod
from tadafur.accounts.tests.factories import UserFactory
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_rachid_finds_a_newcomer_by_phone_and_verifies_her_in_person(client, settat, rachid):
    nadia = UserFactory(email="", phone="+212661234567", display_name="Nadia")
    client.force_login(rachid)
    url = reverse("accounts:help_desk", args=[settat.code])
    response = client.get(url, {"contact": "06 61 23 45 67"})
    assert "Nadia" in response.content.decode()
    response = client.post(url, {"user_id": nadia.pk})  # without ticking the card check
    assert response.status_code == 200
    nadia.refresh_from_db()
    assert nadia.identity_level == IdentityLevel.ACCOUNT
    response = client.post(url, {"user_id": nadia.pk, "checked_card": "on"})
    assert response.status_code == 302
    nadia.refresh_from_db()
    assert nadia.identity_level == IdentityLevel.RESIDENT_VERIFIED
    assert nadia.resident_method == VerificationMethod.IN_PERSON and nadia.resident_verified_by == rachid
    entry = AuditEntry.objects.get(action="accounts.resident_verify")
    assert entry.actor == rachid and entry.collectivity == settat


def test_rachid_cannot_use_the_help_desk_of_oulad_said(client, oulad_said, rachid):
    client.force_login(rachid)
    response = client.get(reverse("accounts:help_desk", args=[oulad_said.code]))
    assert response.status_code == 403
    assert "help-desk staff of this collectivity" in response.content.decode()


def test_amina_cannot_use_the_help_desk(client, settat, amina):
    client.force_login(amina)
    assert client.get(reverse("accounts:help_desk", args=[settat.code])).status_code == 403
