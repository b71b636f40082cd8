"""Online signing: eligibility with reasons, one signature per person, withdrawal, receipts."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction

from tadafur.core.crypto import cnie_hash
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.petitions import permissions, selectors, services
from tadafur.petitions.models import PetitionKind, Signature, SignatureLogEntry
from tadafur.petitions.services import AlreadySigned
from tadafur.petitions.tests.helpers import collecting, draft, resident, seed
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign(petition, user, cnie="AB123456", **extra):
    return services.petition_sign(petition=petition, actor=user, cnie=cnie, consent=True, **extra)


def test_amina_signs_and_gets_a_code_and_a_log_entry(amina, settat):
    petition = collecting(resident(settat), settat)
    signature = sign(petition, amina, " ab-123 456 ")
    assert len(signature.verification_code) == 10
    # Only the keyed hash of the normalised number is stored, whatever spelling was typed.
    assert signature.cnie_hash == cnie_hash("AB123456") and len(signature.cnie_hash) == 64
    assert signature.sex == "woman" and signature.age_band == "25-34" and signature.residence == settat
    entry = SignatureLogEntry.objects.get(petition=petition)
    assert entry.seq == 0 and entry.event == "sign"
    # The leaf holds only these fields: an HMAC reference, never the CNIE, the name or the residence.
    leaf = json.loads(entry.leaf)
    assert set(leaf) == {"v", "petition", "seq", "event", "sig", "at", "reason"}
    assert leaf["sig"] != signature.cnie_hash and len(leaf["sig"]) == 64
    assert selectors.signature_count_exact(petition) == 1


def test_amina_cannot_sign_twice(amina, settat):
    petition = collecting(resident(settat), settat)
    sign(petition, amina)
    assert str(permissions.can_sign(amina, petition).reason) == "You have already signed this petition."
    with pytest.raises(NotAllowed):
        sign(petition, amina, "XY9")


def test_the_same_cnie_from_another_account_is_refused(amina, fatima, settat):
    petition = collecting(resident(settat), settat)
    sign(petition, amina, "AB123456")
    with pytest.raises(AlreadySigned):
        sign(petition, fatima, "ab 123456")
    assert selectors.signature_count_exact(petition) == 1


def test_the_database_refuses_a_second_row_for_the_same_cnie(amina, settat):
    petition = collecting(resident(settat), settat)
    first = sign(petition, amina)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            petition=petition,
            cnie_hash=first.cnie_hash,
            verification_code="PAPER00001",
            channel="paper",
            created_at=first.created_at,
        )


def test_youssef_cannot_sign_a_settat_petition_and_is_told_why(youssef, settat):
    petition = collecting(resident(settat), settat)
    decision = permissions.can_sign(youssef, petition)
    assert not decision
    assert "Only residents of" in str(decision.reason) and "Settat" in str(decision.reason)
    with pytest.raises(NotAllowed):
        sign(petition, youssef)


def test_an_unverified_account_cannot_sign(settat):
    from tadafur.accounts.tests.factories import UserFactory

    petition = collecting(resident(settat), settat)
    decision = permissions.can_sign(UserFactory(), petition)
    assert not decision and "verified residents" in str(decision.reason)


def test_a_draft_or_filed_petition_takes_no_signature(amina, settat):
    petition = draft(resident(settat), settat)
    assert str(permissions.can_sign(amina, petition).reason) == "This petition is not collecting signatures."


def test_invalid_cnie_and_missing_consent_are_refused(amina, settat):
    petition = collecting(resident(settat), settat)
    with pytest.raises(ValidationFailed) as bad:
        sign(petition, amina, "123-ABC")
    assert "cnie" in bad.value.errors
    with pytest.raises(ValidationFailed) as no_consent:
        services.petition_sign(petition=petition, actor=amina, cnie="AB1", consent=False)
    assert "consent" in no_consent.value.errors
    assert not Signature.objects.exists()


def test_amina_can_sign_for_her_province_and_region_but_not_another_province(amina, settat, settat_province):
    region = Territory.objects.get(code="06")
    assert permissions.can_sign(amina, collecting(resident(settat), settat_province))
    assert permissions.can_sign(amina, collecting(resident(settat), region, title="Région"))
    elsewhere = Territory.objects.filter(level="province").exclude(code__startswith="06").first()
    other_commune = elsewhere.children.filter(is_collectivity=True).first()
    assert not permissions.can_sign(amina, collecting(resident(other_commune), elsewhere, title="Ailleurs"))


def test_a_national_petition_asks_for_the_electoral_list_attestation(amina, youssef):
    petition = collecting(youssef, None, kind=PetitionKind.NATIONAL_PETITION, addressee="head_of_government")
    assert permissions.can_sign(amina, petition)
    with pytest.raises(ValidationFailed) as missing:
        sign(petition, amina)
    assert "attests_electoral_registration" in missing.value.errors
    assert sign(petition, amina, attests_electoral_registration=True).pk


def test_amina_withdraws_her_signature_and_cannot_sign_again(amina, settat):
    petition = collecting(resident(settat), settat)
    signature = sign(petition, amina)
    services.signature_withdraw(signature=signature, actor=amina)
    signature.refresh_from_db()
    assert signature.status == "withdrawn" and signature.withdrawn_at is not None
    assert selectors.signature_count_exact(petition) == 0
    events = list(SignatureLogEntry.objects.filter(petition=petition).values_list("event", flat=True))
    assert events == ["sign", "withdraw"]
    with pytest.raises(NotAllowed):
        sign(petition, amina)


def test_a_signature_cannot_be_withdrawn_after_filing(amina, youssef, oulad_said):
    petition = collecting(youssef, oulad_said)
    signer = resident(oulad_said)
    signature = sign(petition, signer)
    seed(petition, 99, [oulad_said])
    services.petition_file(petition=petition, actor=youssef)
    with pytest.raises(NotAllowed):
        services.signature_withdraw(signature=signature, actor=signer)
    signature.refresh_from_db()
    assert signature.status == "valid"


def test_only_the_signer_can_withdraw(amina, fatima, settat):
    petition = collecting(resident(settat), settat)
    signature = sign(petition, amina)
    with pytest.raises(NotAllowed):
        services.signature_withdraw(signature=signature, actor=fatima)


def test_rachid_invalidates_signatures_in_bulk_with_a_reason(amina, rachid, settat):
    from tadafur.core.models import AuditEntry
    from tadafur.petitions import log

    petition = collecting(resident(settat), settat)
    seed(petition, 4)
    codes = list(Signature.objects.filter(petition=petition).values_list("verification_code", flat=True)[:2])
    assert services.signatures_invalidate(petition=petition, codes=codes, reason="duplicate", actor=rachid) == 2
    assert selectors.signature_count_exact(petition) == 2
    petition.refresh_from_db()
    leaves = list(SignatureLogEntry.objects.filter(petition=petition).values_list("event", "leaf"))
    assert [e for e, _ in leaves].count("invalidate") == 2 and '"reason":"duplicate"' in leaves[-1][1]
    assert log.verify(petition) == []
    entry = AuditEntry.objects.get(action="petition.signatures_invalidate")
    assert entry.changes["after"] == {"count": 2, "reason": "duplicate"}
    with pytest.raises(ValidationFailed):  # already invalidated: not a valid signature any more
        services.signatures_invalidate(petition=petition, codes=codes[:1], reason="duplicate", actor=rachid)
    with pytest.raises(NotAllowed):
        services.signatures_invalidate(petition=petition, codes=codes, reason="duplicate", actor=amina)
