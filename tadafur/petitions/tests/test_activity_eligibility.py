"""Signing a local petition on an approved economic or professional activity (SPEC §3 "citizens",
issue 3 §4): the declaration, the commune staff's review, and what `can_sign` then allows."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tadafur.accounts import services as accounts_services
from tadafur.accounts.models import ActivityDeclaration, DeclarationStatus
from tadafur.core.audit import AuditEntry
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.petitions import permissions, services
from tadafur.petitions.models import PetitionKind, Signature
from tadafur.petitions.tests.helpers import collecting, resident
from tadafur.territories.models import Level, Territory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def far_commune(settat_province):
    """A commune outside Settat province (and outside its region)."""
    return (
        Territory.objects.filter(level=Level.COMMUNE)
        .exclude(parent__parent_id=settat_province.parent_id)
        .order_by("code")
        .first()
    )


@pytest.fixture
def trader(far_commune):
    """Verified as a resident of a far commune, with a shop in Settat."""
    return resident(far_commune)


def declare(user, commune, kind="economic"):
    return accounts_services.activity_declare(
        user=user,
        commune=commune,
        kind=kind,
        description="Épicerie, avenue Hassan II",
        document=SimpleUploadedFile("registre.pdf", PDF, content_type="application/pdf"),
    )


def approved(user, commune, rachid):
    return accounts_services.activity_review(declaration=declare(user, commune), approve=True, actor=rachid)


def test_an_approved_activity_in_settat_lets_a_non_resident_sign_its_petition(trader, settat, rachid):
    petition = collecting(resident(settat), settat)
    refused = permissions.can_sign(trader, petition)
    assert not refused
    assert "declare it with a supporting document from your account page" in str(refused.reason)

    approved(trader, settat, rachid)
    assert permissions.can_sign(trader, petition)
    signature = services.petition_sign(petition=petition, actor=trader, cnie="AB1", consent=True)
    assert Signature.objects.filter(petition=petition, user=trader).get() == signature


def test_a_pending_declaration_does_not_let_anyone_sign(trader, settat):
    petition = collecting(resident(settat), settat)
    declaration = declare(trader, settat)
    assert declaration.status == DeclarationStatus.PENDING
    assert not permissions.can_sign(trader, petition)
    with pytest.raises(NotAllowed, match="Only residents of"):
        services.petition_sign(petition=petition, actor=trader, cnie="AB1", consent=True)


def test_a_rejected_declaration_does_not_let_anyone_sign_and_the_person_may_declare_again(trader, settat, rachid):
    petition = collecting(resident(settat), settat)
    with pytest.raises(ValidationFailed) as no_reason:
        accounts_services.activity_review(declaration=declare(trader, settat), approve=False, actor=rachid)
    assert "reason" in no_reason.value.errors
    declaration = ActivityDeclaration.objects.get(user=trader)
    accounts_services.activity_review(
        declaration=declaration, approve=False, reason="Le document est illisible.", actor=rachid
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.REJECTED and declaration.reviewed_by == rachid
    assert not permissions.can_sign(trader, petition)
    assert declare(trader, settat).status == DeclarationStatus.PENDING  # a new, clearer document


def test_an_open_declaration_for_the_same_commune_is_refused(trader, settat):
    declare(trader, settat)
    with pytest.raises(ValidationFailed) as twice:
        declare(trader, settat)
    assert "commune" in twice.value.errors
    assert ActivityDeclaration.objects.filter(user=trader).count() == 1


def test_an_approved_activity_in_another_commune_does_not_count(trader, settat, oulad_said, said):
    accounts_services.role_grant(
        user=said, role="staff_agent", collectivity=oulad_said, actor=None, check_permission=False
    )
    approved(trader, oulad_said, said)
    assert not permissions.can_sign(trader, collecting(resident(settat), settat))


def test_an_activity_in_a_commune_of_the_province_counts_for_the_province_and_region(
    trader, settat, settat_province, rachid
):
    approved(trader, settat, rachid)
    assert permissions.can_sign(trader, collecting(resident(settat), settat_province, title="Province"))
    region = settat_province.parent
    assert permissions.can_sign(trader, collecting(resident(settat), region, title="Région"))


def test_an_activity_does_not_replace_the_identity_check(settat, rachid):
    from tadafur.accounts.tests.factories import UserFactory

    unverified = UserFactory()
    approved(unverified, settat, rachid)
    decision = permissions.can_sign(unverified, collecting(resident(settat), settat))
    assert not decision and "Only verified residents can sign" in str(decision.reason)


def test_national_petitions_are_unaffected_by_declarations(trader, youssef, settat, rachid):
    petition = collecting(youssef, None, kind=PetitionKind.NATIONAL_PETITION, addressee="head_of_government")
    with CaptureQueriesContext(connection) as ctx:
        assert permissions.can_sign(trader, petition, check_signed=False)
    assert not any("activitydeclaration" in q["sql"] for q in ctx.captured_queries)
    approved(trader, settat, rachid)
    assert permissions.can_sign(trader, petition)


def test_residents_never_pay_for_the_declaration_query(amina, settat, settat_province):
    for territory in (settat, settat_province):
        petition = collecting(resident(settat), territory, title=f"P{territory.pk}")
        with CaptureQueriesContext(connection) as ctx:
            assert permissions.can_sign(amina, petition, check_signed=False)
        assert not any("activitydeclaration" in q["sql"] for q in ctx.captured_queries)


def test_staff_of_another_commune_cannot_review_and_nobody_reviews_their_own(trader, settat, oulad_said, rachid):
    elsewhere = declare(trader, oulad_said)
    with pytest.raises(NotAllowed, match="help-desk staff"):
        accounts_services.activity_review(declaration=elsewhere, approve=True, actor=rachid)
    assert ActivityDeclaration.objects.get(pk=elsewhere.pk).status == DeclarationStatus.PENDING

    own = declare(rachid, settat)
    with pytest.raises(NotAllowed):
        accounts_services.activity_review(declaration=own, approve=True, actor=rachid)


def test_declaring_and_reviewing_are_audited_without_the_description(trader, settat, rachid):
    declaration = approved(trader, settat, rachid)
    entries = AuditEntry.objects.filter(object_id=str(declaration.pk), action__startswith="accounts.activity_")
    assert sorted(e.action for e in entries) == ["accounts.activity_declare", "accounts.activity_review"]
    assert all("Épicerie" not in str(e.changes) + e.object_label for e in entries)


def test_only_a_pdf_is_accepted(trader, settat):
    with pytest.raises(ValidationFailed) as bad:
        accounts_services.activity_declare(
            user=trader,
            commune=settat,
            kind="economic",
            description="Boutique",
            document=SimpleUploadedFile("registre.pdf", b"GIF89a not a pdf"),
        )
    assert "document" in bad.value.errors
    assert not ActivityDeclaration.objects.exists()


# --- Pages --------------------------------------------------------------------------------------


def _client(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_a_person_declares_from_the_account_page_and_the_staff_approve_in_their_queue(trader, settat, rachid):
    client = _client(trader)
    assert "/en/me/activity/" in client.get("/en/me/").content.decode()
    petition = collecting(resident(settat), settat)
    refusal = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert "You cannot sign:" in refusal and 'href="/en/me/activity/"' in refusal
    response = client.post(
        "/en/me/activity/",
        {
            "commune_code": settat.code,
            "kind": "professional",
            "description": "Médecin au centre de santé",
            "document": SimpleUploadedFile("attestation.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    declaration = ActivityDeclaration.objects.get(user=trader)
    assert declaration.status == DeclarationStatus.PENDING and declaration.kind == "professional"
    assert "Waiting for review" in client.get("/en/me/activity/").content.decode()

    staff = _client(rachid)
    queue = staff.get(f"/en/me/collectivities/{settat.code}/activity/").content.decode()
    assert "Médecin au centre de santé" in queue
    document = staff.get(f"/en/me/activity/{declaration.pk}/document.pdf")
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF-")

    prefix = f"d{declaration.pk}"
    unchecked = staff.post(
        f"/en/me/collectivities/{settat.code}/activity/",
        {"declaration": declaration.pk, f"{prefix}-decision": "approve"},
    )
    assert unchecked.status_code == 422 and "Confirm that you have read the document" in unchecked.content.decode()
    ok = staff.post(
        f"/en/me/collectivities/{settat.code}/activity/",
        {"declaration": declaration.pk, f"{prefix}-decision": "approve", f"{prefix}-checked_document": "on"},
    )
    assert ok.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.APPROVED and declaration.reviewed_by == rachid
    assert permissions.can_sign(trader, collecting(resident(settat), settat))


def test_a_declaration_without_a_commune_or_pdf_is_explained(trader):
    response = _client(trader).post(
        "/en/me/activity/",
        {"kind": "economic", "description": "x", "document": SimpleUploadedFile("a.txt", b"hello")},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Choose the commune where the activity is exercised." in page
    assert "The document must be a PDF file" in page


def test_staff_of_another_commune_see_neither_the_queue_nor_the_document(trader, settat, oulad_said, rachid, amina):
    declaration = declare(trader, oulad_said)
    staff = _client(rachid)
    assert staff.get(f"/en/me/collectivities/{oulad_said.code}/activity/").status_code == 403
    assert staff.get(f"/en/me/activity/{declaration.pk}/document.pdf").status_code == 403
    assert _client(amina).get(f"/en/me/activity/{declaration.pk}/document.pdf").status_code == 403
    assert _client(trader).get(f"/en/me/activity/{declaration.pk}/document.pdf").status_code == 200


def test_closing_the_account_erases_the_declarations_and_their_documents(
    trader, settat, rachid, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    declaration = approved(trader, settat, rachid)
    name = declaration.document.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.account_close(user=trader, actor=trader)
    assert not ActivityDeclaration.objects.filter(pk=declaration.pk).exists()
    assert not default_storage.exists(name)


def test_staff_withdraw_an_approval_when_the_activity_ends_and_signing_stops(trader, settat, rachid):
    declaration = approved(trader, settat, rachid)
    petition = collecting(resident(settat), settat)
    assert permissions.can_sign(trader, petition)
    staff = _client(rachid)
    url = f"/en/me/collectivities/{settat.code}/activity/"
    assert "Withdraw the approval" in staff.get(url).content.decode()
    staff.post(url, {"revoke": declaration.pk, "reason": ""})
    assert ActivityDeclaration.objects.get(pk=declaration.pk).status == DeclarationStatus.APPROVED
    assert staff.post(url, {"revoke": declaration.pk, "reason": "Le commerce est fermé."}).status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.REJECTED and declaration.reason == "Le commerce est fermé."
    assert not permissions.can_sign(trader, petition)
    assert "Le commerce est fermé." in _client(trader).get("/en/me/activity/").content.decode()
