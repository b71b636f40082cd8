import pytest
from django.urls import reverse

from tadafur.accounts.tests.factories import UserFactory
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_profile_form_shows_the_law_09_08_notice(client, amina):
    client.force_login(amina)
    html = client.get(reverse("accounts:profile_edit")).content.decode()
    assert "Law 09-08" in html
    assert "aggregate figures" in html
    assert "Oulad Said" in html or "أولاد سعيد" in html  # communes of Settat province


def test_nadia_fills_her_profile(client, settat):
    nadia = UserFactory()
    client.force_login(nadia)
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "display_name": "Nadia",
            "sex": "woman",
            "birth_year": "1990",
            "residence_code": settat.code,
            "preferred_language": "fr",
            "notify_in_app": "on",
            "notify_sms": "on",
        },
    )
    assert response.status_code == 302
    nadia.refresh_from_db()
    assert (nadia.display_name, nadia.sex, nadia.birth_year, nadia.residence, nadia.preferred_language) == (
        "Nadia",
        "woman",
        1990,
        settat,
        "fr",
    )
    assert nadia.notify_sms and not nadia.notify_email
    entry = AuditEntry.objects.get(action="accounts.profile_update")
    assert entry.changes["after"]["birth_year"] == "changed"  # never the value itself
    assert "1990" not in str(entry.changes)


def test_another_province_commune_by_hcp_code(client):
    nadia = UserFactory()
    client.force_login(nadia)
    client.post(reverse("accounts:profile_edit"), {"preferred_language": "ar", "residence_other": "06.461.15.19"})
    nadia.refresh_from_db()
    assert nadia.residence.code == "06.461.15.19"
    response = client.post(reverse("accounts:profile_edit"), {"preferred_language": "ar", "residence_other": "99.999"})
    assert "No commune has this HCP code." in response.content.decode()


@pytest.mark.parametrize("year", ["1899", "2030"])
def test_birth_year_out_of_range_is_explained(client, year):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:profile_edit"), {"preferred_language": "ar", "birth_year": year})
    assert "Give a year between 1900 and" in response.content.decode()


def test_sex_and_birth_year_are_optional(client):
    nadia = UserFactory()
    client.force_login(nadia)
    response = client.post(reverse("accounts:profile_edit"), {"preferred_language": "ar"})
    assert response.status_code == 302
    nadia.refresh_from_db()
    assert nadia.sex == "" and nadia.birth_year is None
