from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tadafur.associations import services
from tadafur.associations.models import Association, Branch, Domain, Representative
from tadafur.associations.states import VerificationStatus
from tadafur.associations.tests.conftest import PDF_BYTES, make_association, make_user
from tadafur.core.audit import audit_verify
from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def register(actor: Any, seat: Any, **overrides: Any) -> Association:
    values: dict[str, Any] = {
        "actor": actor,
        "name_ar": "جمعية نساء سطات من أجل المساواة",
        "name_fr": "Association Nisaa Settat pour l'égalité",
        "registration_reference": "RD-SETTAT-2015-037",
        "founding_date": dt.date(2015, 3, 8),
        "seat": seat,
        "domains": [Domain.WOMEN, Domain.HUMAN_RIGHTS],
        "statutes": SimpleUploadedFile("statuts nisaa.pdf", PDF_BYTES, content_type="application/pdf"),
        "role_title": "Présidente",
    }
    values.update(overrides)
    return services.association_register(**values)


def test_khadija_registers_her_association_and_becomes_its_representative(khadija: Any, settat: Any) -> None:
    association = register(khadija, settat)
    assert association.status == VerificationStatus.UNVERIFIED
    assert association.statutes.name.startswith("associations/statutes/RD-SETTAT-2015-037-")
    assert association.statutes.name.endswith(".pdf")
    assert sorted(association.domain_list) == ["human_rights", "women"]
    rep = Representative.objects.get(association=association)
    assert rep.user == khadija and rep.until is None
    entry = AuditEntry.objects.get(action="association.register")
    assert entry.actor == khadija and entry.collectivity == settat
    assert entry.changes["after"]["registration_reference"] == "RD-SETTAT-2015-037"
    assert list(audit_verify()) == []


def test_the_same_registration_reference_cannot_be_registered_twice(khadija: Any, amina: Any, settat: Any) -> None:
    register(khadija, settat)
    with pytest.raises(ValidationFailed) as exc:
        register(amina, settat, registration_reference=" rd-settat-2015-037 ", statutes=None)
    assert "registration_reference" in exc.value.errors
    assert Association.objects.count() == 1


def test_register_refuses_future_founding_date_province_seat_and_fake_pdf(khadija: Any, settat_province: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        register(
            khadija,
            settat_province,
            founding_date=dt.date(2999, 1, 1),
            statutes=SimpleUploadedFile("statuts.pdf", b"GIF89a not a pdf", content_type="application/pdf"),
        )
    assert set(exc.value.errors) == {"founding_date", "seat", "statutes"}
    assert not Association.objects.exists()


def test_anonymous_cannot_register(settat: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        register(AnonymousUser(), settat)


def test_rachid_verifies_and_records_standing(khadija: Any, rachid: Any, settat: Any) -> None:
    association = register(khadija, settat)
    services.association_verify(
        association=association, actor=rachid, in_good_standing=True, democratic_functioning=True
    )
    association.refresh_from_db()
    assert association.status == VerificationStatus.VERIFIED
    assert association.verified_at is not None
    assert association.in_good_standing and association.democratic_functioning
    assert association.standing_checked_at is not None
    actions = list(AuditEntry.objects.filter(actor=rachid).values_list("action", flat=True))
    assert actions == ["association.standing", "association.verify"]
    with pytest.raises(InvalidTransition):
        services.association_verify(association=association, actor=rachid)


def test_rachid_of_settat_cannot_verify_an_oulad_said_association(rachid: Any, amina: Any, oulad_said: Any) -> None:
    association = register(amina, oulad_said)
    with pytest.raises(NotAllowed):
        services.association_verify(association=association, actor=rachid)
    association.refresh_from_db()
    assert association.status == VerificationStatus.UNVERIFIED


def test_rejection_needs_a_reason_and_keeps_it(khadija: Any, rachid: Any, settat: Any) -> None:
    association = register(khadija, settat)
    with pytest.raises(ValidationFailed):
        services.association_reject(association=association, actor=rachid, reason="   ")
    services.association_reject(association=association, actor=rachid, reason="Le récépissé est illisible.")
    association.refresh_from_db()
    assert association.status == VerificationStatus.REJECTED
    assert association.rejected_at is not None
    assert association.rejection_reason == "Le récépissé est illisible."


def test_khadija_correcting_a_rejected_file_sends_it_back_to_review(khadija: Any, rachid: Any, settat: Any) -> None:
    association = register(khadija, settat)
    services.association_reject(association=association, actor=rachid, reason="Récépissé illisible")
    services.association_update(association=association, actor=khadija, registration_reference="RD-SETTAT-2015-037B")
    association.refresh_from_db()
    assert association.status == VerificationStatus.UNVERIFIED
    assert AuditEntry.objects.filter(action="association.resubmit", actor=khadija).exists()


def test_changing_founding_date_of_a_verified_association_needs_new_verification(nisaa: Any, khadija: Any) -> None:
    services.association_update(association=nisaa, actor=khadija, description_fr="Nouvelle description")
    nisaa.refresh_from_db()
    assert nisaa.status == VerificationStatus.VERIFIED
    services.association_update(association=nisaa, actor=khadija, founding_date=dt.date(2014, 3, 8))
    nisaa.refresh_from_db()
    assert nisaa.status == VerificationStatus.UNVERIFIED
    entry = AuditEntry.objects.filter(action="association.update").last()
    assert entry.changes == {
        "before": {"founding_date": "2015-03-08"},
        "after": {"founding_date": "2014-03-08"},
    }


def test_staff_correcting_a_fact_keeps_the_verification(nisaa: Any, rachid: Any) -> None:
    services.association_update(association=nisaa, actor=rachid, name_fr="Association Nisaa Settat")
    nisaa.refresh_from_db()
    assert nisaa.status == VerificationStatus.VERIFIED
    assert nisaa.search_key.endswith("association nisaa settat")


def test_amina_cannot_edit_khadijas_association(nisaa: Any, amina: Any) -> None:
    with pytest.raises(NotAllowed):
        services.association_update(association=nisaa, actor=amina, description_fr="spam")


def test_the_last_representative_cannot_be_removed(nisaa: Any, khadija: Any, amina: Any) -> None:
    only = Representative.objects.get(association=nisaa)
    with pytest.raises(NotAllowed):
        services.representative_remove(representative=only, actor=khadija)
    services.representative_add(association=nisaa, actor=khadija, user=amina, role_title="Secrétaire générale")
    ended = services.representative_remove(representative=only, actor=khadija)
    assert ended.until is not None
    assert list(Representative.objects.active().filter(association=nisaa).values_list("user__username", flat=True)) == [
        "amina"
    ]


def test_branch_add_refuses_the_seat_a_duplicate_and_a_province(
    nisaa: Any, khadija: Any, settat: Any, oulad_said: Any, settat_province: Any
) -> None:
    services.branch_add(association=nisaa, actor=khadija, collectivity=oulad_said)
    for place in (settat, oulad_said, settat_province):
        with pytest.raises(ValidationFailed):
            services.branch_add(association=nisaa, actor=khadija, collectivity=place)
    assert list(Branch.objects.values_list("collectivity__code", flat=True)) == ["06.461.15.19"]
    assert AuditEntry.objects.get(action="association.branch_add").changes["after"] == {"branch": "06.461.15.19"}


def test_platform_admin_verifies_anywhere(amina: Any, oulad_said: Any) -> None:
    from tadafur.accounts.models import RoleAssignment
    from tadafur.accounts.roles import Role

    admin = make_user("hassan-admin")
    RoleAssignment.objects.create(user=admin, role=Role.PLATFORM_ADMIN)
    association = make_association(seat=oulad_said, status=VerificationStatus.UNVERIFIED, representative=amina)
    services.association_verify(association=association, actor=admin)
    assert association.status == VerificationStatus.VERIFIED
