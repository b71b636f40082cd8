from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tadafur.associations.models import AssociationRule
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_jurist_edits_the_three_year_rule_in_the_admin_and_it_is_audited(django_user_model: Any) -> None:
    jurist = django_user_model.objects.create_superuser(
        username="jurist", email="j@example.ma", password="pw-1-tadafur"
    )
    client = Client()
    client.force_login(jurist)
    rule = AssociationRule.objects.get(key="min_years_constituted")
    url = f"/en/admin/associations/associationrule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "key": rule.key,
            "value": 4,
            "valid_from": rule.valid_from.isoformat(),
            "valid_until": "",
            "citation": rule.citation,
            "source_note": rule.source_note,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.value == 4
    entry = AuditEntry.objects.get(action="association_rule.change")
    assert entry.actor == jurist
    assert entry.changes == {"before": {"value": 3}, "after": {"value": 4}}


def test_admin_lists_and_opens_an_association(django_user_model: Any, nisaa: Any) -> None:
    admin = django_user_model.objects.create_superuser(username="root", email="r@example.ma", password="pw-1-tadafur")
    client = Client()
    client.force_login(admin)
    listing = client.get("/en/admin/associations/association/")
    assert listing.status_code == 200 and "RD-SETTAT-2015-037" in listing.content.decode()
    assert client.get(f"/en/admin/associations/association/{nisaa.pk}/change/").status_code == 200
