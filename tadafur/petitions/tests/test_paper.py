"""Paper signatures (issue 3 §5): Rachid types a sheet; lines are checked at once, duplicates are
refused with where the first signature came from, and a sheet counts only once reconciled."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.petitions import log, paper, selectors, services
from tadafur.petitions.models import Channel, PaperLine, PaperSheet, Signature, SignatureLogEntry
from tadafur.petitions.services import AlreadySigned
from tadafur.petitions.states import SignatureStatus
from tadafur.petitions.tests.helpers import collecting, resident

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def scan(content: bytes = PNG, name: str = "my-sheet.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def new_sheet(petition, staff, lines=3, **extra) -> PaperSheet:
    return paper.paper_sheet_create(petition=petition, actor=staff, scan=scan(), declared_lines=lines, **extra)


def type_line(sheet, staff, n, cnie, residence, name="Zineb Ouali", **extra):
    return paper.paper_line_type(
        sheet=sheet,
        actor=staff,
        line_number=n,
        full_name=name,
        cnie=cnie,
        address=extra.pop("address", "12 rue des Orangers, Settat"),
        residence=residence,
        **extra,
    )


def test_lines_count_only_once_the_sheet_is_reconciled(rachid, settat, oulad_said):
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=3)
    assert (
        sheet.number == 1
        and sheet.scan.name.startswith("petitions/sheets/")
        and "sheet" not in sheet.scan.name.rsplit("/", 1)[1]
    )
    assert type_line(sheet, rachid, 1, "AB100001", settat).status == "accepted"
    assert type_line(sheet, rachid, 2, "AB100002", settat).status == "accepted"
    refused = type_line(sheet, rachid, 3, "AB100003", oulad_said)
    assert refused.status == "refused"
    assert "outside" in refused.refusal and refused.signature is None
    assert selectors.signature_count_exact(petition) == 0
    assert Signature.objects.filter(petition=petition, status=SignatureStatus.PENDING).count() == 2
    assert log.verify(petition) == []

    paper.paper_sheet_reconcile(sheet=sheet, actor=rachid)

    sheet.refresh_from_db()
    assert sheet.status == "reconciled" and sheet.reconciled_at is not None
    assert selectors.signature_count_exact(petition) == 2
    assert set(Signature.objects.filter(petition=petition).values_list("channel", flat=True)) == {Channel.PAPER}
    assert SignatureLogEntry.objects.filter(petition=petition, event="sign").count() == 2
    petition.refresh_from_db()
    assert log.verify(petition) == []
    audit = AuditEntry.objects.filter(action="petition.paper_sheet.reconcile").get()
    assert audit.changes["after"] == {"sheet": 1, "accepted": 2, "refused": 1}


def test_a_sheet_cannot_be_reconciled_before_every_line_is_typed(rachid, settat):
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=2)
    type_line(sheet, rachid, 1, "AB100001", settat)
    with pytest.raises(ValidationFailed, match="1 of the 2 lines"):
        paper.paper_sheet_reconcile(sheet=sheet, actor=rachid)
    with pytest.raises(ValidationFailed, match="from 1 to 2"):
        type_line(sheet, rachid, 3, "AB100003", settat)
    with pytest.raises(ValidationFailed, match="already typed"):
        type_line(sheet, rachid, 1, "AB100009", settat)
    assert selectors.signature_count_exact(petition) == 0


def test_paper_line_duplicating_an_online_signature_is_refused_with_its_date(amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    sheet = new_sheet(petition, rachid, lines=1)
    line = type_line(sheet, rachid, 1, "ab 123456", settat, name="Amina El Idrissi")
    assert line.status == "refused"
    assert line.refusal.startswith("Already signed online on ")
    assert Signature.objects.filter(petition=petition).count() == 1


def test_paper_duplicates_name_the_first_sheet_and_line(rachid, settat):
    petition = collecting(resident(settat), settat)
    first = new_sheet(petition, rachid, lines=2)
    type_line(first, rachid, 2, "AB100001", settat)
    second = new_sheet(petition, rachid, lines=1)
    line = type_line(second, rachid, 1, "AB100001", settat)
    assert line.status == "refused" and line.refusal == "Already on paper sheet #1, line 2."


def test_online_signing_after_a_paper_line_is_refused(amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=1)
    type_line(sheet, rachid, 1, "AB123456", settat, name="Amina El Idrissi")
    with pytest.raises(AlreadySigned):
        services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)


def test_each_line_is_checked_for_format_age_and_roll(rachid, settat):
    from tadafur.accounts.services import roll_import

    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=5)
    assert type_line(sheet, rachid, 1, "123", settat).refusal.startswith("A CNIE number is")
    assert type_line(sheet, rachid, 2, "AB1", None).refusal.startswith("The commune of residence is unknown")
    teen = type_line(sheet, rachid, 3, "AB2", settat, birth_date=dt.date.today() - dt.timedelta(days=365 * 17))
    assert teen.refusal == "The signer is under 18."
    roll_import(collectivity=settat, data="cnie,birth_date\nAB4,1980-05-04\n", actor=rachid, check_permission=False)
    off_roll = type_line(sheet, rachid, 4, "AB4", settat, birth_date=dt.date(1980, 5, 5))
    assert "not on the roll" in off_roll.refusal
    on_roll = type_line(sheet, rachid, 5, "AB4", settat, birth_date=dt.date(1980, 5, 4))
    assert on_roll.status == "accepted" and on_roll.signature.age_band == "35-49"


def test_names_addresses_and_cnie_are_encrypted_at_rest(amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    sheet = new_sheet(petition, rachid, lines=1)
    type_line(sheet, rachid, 1, "ZX987654", settat, name="Zineb Ouali", address="12 rue des Orangers")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_enc, address_enc, cnie_enc, cnie_hash FROM petitions_paperline")
        line_rows = cursor.fetchall()
        cursor.execute("SELECT name_enc, address_enc, cnie_enc, cnie_hash FROM petitions_signature")
        signature_rows = cursor.fetchall()
    raw = json.dumps([line_rows, signature_rows])
    for clear in ("Zineb", "Ouali", "Orangers", "ZX987654", "987654", "AB123456", "Amina", "Idrissi"):
        assert clear not in raw, clear
    audit = json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))
    for clear in ("Zineb", "Orangers", "ZX987654"):
        assert clear not in audit
    # ... and the council copy can read them back.
    from tadafur.core import crypto

    online = Signature.objects.get(petition=petition, channel=Channel.ONLINE)
    assert crypto.decrypt(online.cnie_enc) == "AB123456"
    assert crypto.decrypt(online.name_enc) == "Amina El Idrissi"
    assert crypto.decrypt(PaperLine.objects.get().name_enc) == "Zineb Ouali"


def test_double_entry_reconciles_only_when_both_agents_agree(rachid, settat):
    from tadafur.accounts.roles import Role
    from tadafur.accounts.services import role_grant
    from tadafur.accounts.tests.factories import UserFactory

    second_agent = UserFactory()
    role_grant(user=second_agent, role=Role.STAFF_AGENT, collectivity=settat, actor=None, check_permission=False)
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=2, double_entry=True)
    type_line(sheet, rachid, 1, "AB100001", settat, name="Zineb Ouali")
    type_line(sheet, rachid, 2, "AB100002", settat, name="Omar Kettani")
    with pytest.raises(NotAllowed, match="another agent"):
        type_line(sheet, rachid, 1, "AB100001", settat, entry=2)
    type_line(sheet, second_agent, 1, "ab-100001", settat, name="ZINEB  ouali", entry=2)
    with pytest.raises(ValidationFailed, match="1 of the 2"):
        paper.paper_sheet_reconcile(sheet=sheet, actor=rachid)
    typo = type_line(sheet, second_agent, 2, "AB100003", settat, name="Omar Kettani", entry=2)
    with pytest.raises(ValidationFailed, match="differ on lines 2"):
        paper.paper_sheet_reconcile(sheet=sheet, actor=rachid)
    assert selectors.signature_count_exact(petition) == 0
    paper.paper_line_delete(line=typo, actor=second_agent)
    type_line(sheet, second_agent, 2, "AB100002", settat, name="Omar Kettani", entry=2)
    paper.paper_sheet_reconcile(sheet=sheet, actor=second_agent)
    assert selectors.signature_count_exact(petition) == 2


def test_a_rejected_sheet_counts_nothing_and_frees_its_signers(amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=1)
    type_line(sheet, rachid, 1, "AB123456", settat, name="Amina El Idrissi")
    with pytest.raises(ValidationFailed):
        paper.paper_sheet_reject(sheet=sheet, actor=rachid, reason=" ")
    paper.paper_sheet_reject(sheet=sheet, actor=rachid, reason="Sheet not on the petition's form")
    assert not Signature.objects.filter(petition=petition).exists()
    with pytest.raises(NotAllowed):
        type_line(sheet, rachid, 1, "AB100002", settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    assert selectors.signature_count_exact(petition) == 1


def test_only_the_councils_staff_agents_type_paper_while_collecting(amina, said, rachid, settat, oulad_said):
    petition = collecting(resident(settat), settat)
    for person in (amina, said):
        with pytest.raises(NotAllowed):
            new_sheet(petition, person)
    other = collecting(resident(oulad_said), oulad_said)
    with pytest.raises(NotAllowed, match="staff agents of this council"):
        new_sheet(other, rachid)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a scan", "PDF, JPEG or PNG"),
        (b"%PDF-1.7" + b"\0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ],
)
def test_the_scan_must_be_a_real_pdf_jpeg_or_png_under_10_mb(rachid, settat, content, message):
    petition = collecting(resident(settat), settat)
    with pytest.raises(ValidationFailed, match=message):
        paper.paper_sheet_create(petition=petition, actor=rachid, scan=scan(content, "sheet.pdf"), declared_lines=1)
    assert not PaperSheet.objects.exists()


def test_jpeg_and_pdf_scans_are_accepted(rachid, settat):
    petition = collecting(resident(settat), settat)
    jpeg = paper.paper_sheet_create(
        petition=petition, actor=rachid, scan=scan(b"\xff\xd8\xff\xe0" + b"\0" * 10, "x.png"), declared_lines=1
    )
    pdf = paper.paper_sheet_create(petition=petition, actor=rachid, scan=scan(b"%PDF-1.4\n", "x"), declared_lines=1)
    assert jpeg.scan_type == "image/jpeg" and jpeg.scan.name.endswith(".jpg")
    assert pdf.scan_type == "application/pdf" and pdf.number == 2


# --- Pages ---------------------------------------------------------------------------------


def test_rachid_types_a_duplicate_line_on_the_page_and_sees_it_refused(client, amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    client.force_login(rachid)
    inbox = client.get(f"/en/petitions/inbox/{settat.code}/")
    assert f"/en/petitions/{petition.pk}/paper/" in inbox.content.decode()
    response = client.post(f"/en/petitions/{petition.pk}/paper/", {"scan": scan(), "declared_lines": 2}, follow=True)
    assert response.status_code == 200
    sheet = PaperSheet.objects.get(petition=petition)
    url = f"/en/petitions/{petition.pk}/paper/{sheet.number}/"
    page = client.post(
        url,
        {"line_number": 1, "full_name": "Amina El Idrissi", "cnie": "AB123456", "commune": settat.code},
        follow=True,
    ).content.decode()
    assert "Line 1 is refused: Already signed online on" in page
    page = client.post(
        url, {"line_number": 2, "full_name": "Zineb Ouali", "cnie": "ZX1", "commune": settat.code}, follow=True
    ).content.decode()
    assert "Line 2 is accepted." in page and "Zineb Ouali" in page
    client.post(f"{url}reconcile/", follow=True)
    assert selectors.signature_count_exact(petition) == 2
    scan_response = client.get(f"{url}scan")
    assert scan_response.status_code == 200 and b"".join(scan_response.streaming_content).startswith(b"\x89PNG")


def test_citizens_cannot_open_the_paper_pages_or_the_scan(client, amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=1)
    client.force_login(amina)
    for url in (
        f"/en/petitions/{petition.pk}/paper/",
        f"/en/petitions/{petition.pk}/paper/{sheet.number}/",
        f"/en/petitions/{petition.pk}/paper/{sheet.number}/scan",
    ):
        assert client.get(url).status_code == 403, url


def test_the_bulk_invalidation_form_works_for_staff(client, amina, said, settat):
    petition = collecting(resident(settat), settat)
    signature = services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    client.force_login(said)
    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert f"/en/petitions/{petition.pk}/invalidate/" in page
    client.post(
        f"/en/petitions/{petition.pk}/invalidate/",
        {"codes": f"{signature.verification_code}", "reason": "suspected_fraud"},
    )
    signature.refresh_from_db()
    assert signature.status == "invalidated"
    assert SignatureLogEntry.objects.filter(petition=petition, event="invalidate").count() == 1


def test_the_second_agent_does_not_see_the_first_entry(client, rachid, settat):
    from allauth.mfa.totp.internal.auth import TOTP

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.roles import Role
    from tadafur.accounts.services import role_grant
    from tadafur.accounts.tests.factories import UserFactory

    second_agent = UserFactory()
    role_grant(user=second_agent, role=Role.STAFF_AGENT, collectivity=settat, actor=None, check_permission=False)
    TOTP.activate(second_agent, DEMO_TOTP_SECRET)  # staff roles need two-factor authentication
    petition = collecting(resident(settat), settat)
    sheet = new_sheet(petition, rachid, lines=1, double_entry=True)
    type_line(sheet, rachid, 1, "AB100001", settat, name="Zineb Ouali")
    client.force_login(second_agent)
    url = f"/en/petitions/{petition.pk}/paper/{sheet.number}/"
    second_page = client.get(url + "?entry=2")
    assert second_page.status_code == 200 and "Second entry: type a line again" in second_page.content.decode()
    assert "Zineb" not in second_page.content.decode()
    page = client.post(
        url,
        {"entry": "2", "line_number": 1, "full_name": "Zineb Wali", "cnie": "AB100001", "commune": settat.code},
        follow=True,
    ).content.decode()
    assert "Zineb Wali" in page and "Zineb Ouali" not in page
    client.post(f"{url}reconcile/")
    sheet.refresh_from_db()
    assert sheet.status == "typing" and selectors.signature_count_exact(petition) == 0
    assert "The two entries differ on these lines: 1" in client.get(url).content.decode()
