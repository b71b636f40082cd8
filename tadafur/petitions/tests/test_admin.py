from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tadafur.core.models import AuditEntry
from tadafur.petitions import rules
from tadafur.petitions.models import InadmissibilityGround, PetitionRule
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 15)

FIELDS = (
    "key", "value", "unit", "level", "instrument", "kind", "population_min", "population_max",
    "valid_from", "valid_to", "citation", "source_note", "reliability", "notes",
)  # fmt: skip


@pytest.fixture
def jurist_client(client: Client, django_user_model: Any) -> Client:
    jurist = django_user_model.objects.create_superuser("jurist", "jurist@example.org", "a-long-passphrase")
    client.force_login(jurist)
    return client


def _form(rule: PetitionRule, **changes: Any) -> dict[str, Any]:
    data = {name: getattr(rule, name) for name in FIELDS}
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_jurist_corrects_the_small_commune_minimum_and_the_answer_and_audit_follow(
    jurist_client: Client,
) -> None:
    oulad_said = Territory.objects.get(code="06.461.15.19")
    assert rules.required_signatures(oulad_said, on=DAY) == 100
    rule = PetitionRule.objects.get(key="min_signatures", level="commune", population_max=35_000)

    response = jurist_client.post(
        f"/fr/admin/petitions/petitionrule/{rule.pk}/change/",
        _form(rule, value=120, source_note="Bulletin officiel n° 6380, read by the jurist"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert rules.required_signatures(oulad_said, on=DAY) == 120
    assert jurist_client.get("/api/v1/petition-rules/06.461.15.19").json()["required_signatures"] == 120
    entry = AuditEntry.objects.filter(action="petitions.rule.update", object_id=str(rule.pk)).get()
    assert entry.actor_label
    assert entry.changes["before"] == {"value": 100, "source_note": "Tadafur SPEC §3 table"}
    assert entry.changes["after"] == {
        "value": 120,
        "source_note": "Bulletin officiel n° 6380, read by the jurist",
    }


def test_an_overlapping_rule_is_refused_in_the_admin_and_not_audited(jurist_client: Client) -> None:
    rule = PetitionRule.objects.get(key="min_signatures", level="commune", population_max=35_000)
    response = jurist_client.post(
        "/fr/admin/petitions/petitionrule/add/", _form(rule, value=90, population_max=30_000, valid_to="")
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
    assert PetitionRule.objects.count() == 20
    assert not AuditEntry.objects.filter(action__startswith="petitions.").exists()


def test_deleting_a_ground_is_audited_with_its_values(jurist_client: Client) -> None:
    ground = InadmissibilityGround.objects.get(code="partisan_or_union")
    response = jurist_client.post(f"/fr/admin/petitions/inadmissibilityground/{ground.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not InadmissibilityGround.objects.filter(code="partisan_or_union").exists()
    entry = AuditEntry.objects.get(action="petitions.ground.delete")
    assert entry.changes["before"]["reliability"] == "press"


def test_a_citizen_cannot_open_the_rulebook_admin(client: Client, django_user_model: Any) -> None:
    amina = django_user_model.objects.create_user("amina", "amina@example.org", "a-long-passphrase")
    client.force_login(amina)
    response = client.get("/fr/admin/petitions/petitionrule/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
