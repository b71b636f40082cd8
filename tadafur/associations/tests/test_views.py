from __future__ import annotations

import datetime as dt
import gzip
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from tadafur.associations.models import Association, Branch, Domain
from tadafur.associations.states import VerificationStatus
from tadafur.associations.tests.conftest import PDF_BYTES, make_association
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST = "/en/associations/"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register_data(seat_code: str = "06.461.01.15", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_ar": "جمعية نساء سطات من أجل المساواة",
        "name_fr": "Association Nisaa Settat pour l'égalité",
        "registration_reference": "RD-SETTAT-2015-037",
        "founding_date": "2015-03-08",
        "seat": seat_code,
        "domains": [Domain.WOMEN],
        "description_ar": "",
        "description_fr": "",
        "role_title": "Présidente",
        "attest": "on",
        "statutes": SimpleUploadedFile("statuts.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_public_list_shows_only_verified_associations(client: Client, nisaa: Any, oulad_said: Any) -> None:
    make_association(
        seat=oulad_said, status=VerificationStatus.UNVERIFIED, reference="X-1", name_fr="Jeunes en attente"
    )
    page = client.get(LIST).content.decode()
    assert "Association Nisaa Settat" in page
    assert "Jeunes en attente" not in page


def test_search_is_tolerant_of_arabic_spelling_and_french_accents(client: Client, nisaa: Any) -> None:
    # hamza-less alef and no accent still find the association
    assert "Nisaa" in client.get(LIST, {"q": "المساواه"}).content.decode()
    assert "Nisaa" in client.get(LIST, {"q": "EGALITE"}).content.decode()
    assert "No verified association matches" in client.get(LIST, {"q": "football"}).content.decode()


def test_filter_by_collectivity_code_and_domain(client: Client, nisaa: Any, oulad_said: Any) -> None:
    make_association(
        seat=oulad_said,
        reference="RD-OS-2024-011",
        name_fr="Chabab Oulad Said",
        domains=(Domain.YOUTH,),
        founding_date=dt.date(2024, 1, 20),
    )
    by_commune = client.get(LIST, {"collectivity": "06.461.15.19"}).content.decode()
    assert "Chabab Oulad Said" in by_commune and "Nisaa" not in by_commune
    by_province = client.get(LIST, {"collectivity": "06.461"}).content.decode()
    assert "Chabab Oulad Said" in by_province and "Nisaa" in by_province
    by_domain = client.get(LIST, {"domain": Domain.WOMEN}).content.decode()
    assert "Nisaa" in by_domain and "Chabab" not in by_domain
    Branch.objects.create(association=nisaa, collectivity=oulad_said)
    assert "Nisaa" in client.get(LIST, {"collectivity": "06.461.15.19"}).content.decode()


def test_list_query_count_does_not_grow_with_associations(
    client: Client, nisaa: Any, settat: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(15):
        make_association(seat=settat, reference=f"R-{i}", name_fr=f"Association {i}")
    with django_assert_max_num_queries(8):
        client.get(LIST)


def test_detail_page_shows_eligibility_and_no_activity(client: Client, nisaa: Any) -> None:
    response = client.get(nisaa.get_absolute_url().replace("/ar/", "/en/"))
    page = response.content.decode()
    assert "Verified by its seat collectivity" in page
    assert "2015" in page
    assert "Women&#x27;s rights and gender equality" in page
    assert "meets the legal conditions" in page
    assert "No public activity yet." in page
    assert "Khadija" not in page  # a representative's name is not public
    assert len(gzip.compress(response.content)) < 60_000


def test_young_association_shows_why_it_cannot_petition_yet(client: Client, oulad_said: Any) -> None:
    association = make_association(
        seat=oulad_said,
        reference="RD-OS-2024-011",
        founding_date=dt.date(2024, 1, 20),
        domains=(Domain.YOUTH,),
    )
    page = client.get(f"/en/associations/{association.pk}/").content.decode()
    assert "Not yet" in page
    with translation.override("en"):
        assert f"more than 3 years (eligible from {date_format(dt.date(2027, 1, 21), 'DATE_FORMAT')})" in page


def test_unverified_association_is_hidden_from_amina_but_seen_by_khadija(amina: Any, khadija: Any, settat: Any) -> None:
    association = make_association(seat=settat, status=VerificationStatus.UNVERIFIED, representative=khadija)
    url = f"/en/associations/{association.pk}/"
    assert Client().get(url).status_code == 404
    assert logged_in(amina).get(url).status_code == 404
    page = logged_in(khadija).get(url).content.decode()
    assert "Awaiting verification" in page


def test_register_requires_login(client: Client) -> None:
    response = client.get("/en/associations/register/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_khadija_registers_through_the_form(khadija: Any) -> None:
    client = logged_in(khadija)
    response = client.post("/en/associations/register/", register_data())
    association = Association.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/associations/{association.pk}/"
    assert association.status == VerificationStatus.UNVERIFIED
    assert association.representatives.get().user == khadija
    assert association.statutes.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("statuts.pdf", b"\x89PNG\r\n\x1a\n fake", content_type="application/pdf"),
            "not a PDF document",
        ),
        (SimpleUploadedFile("statuts.docx", PDF_BYTES, content_type="application/pdf"), "must be a PDF file"),
        (
            SimpleUploadedFile("statuts.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024), content_type="application/pdf"),
            "larger than 5 MB",
        ),
    ],
)
def test_statutes_must_be_a_real_pdf_of_at_most_5_mb(khadija: Any, upload: Any, message: str) -> None:
    response = logged_in(khadija).post("/en/associations/register/", register_data(statutes=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Association.objects.exists()


def test_form_explains_each_rejected_field(khadija: Any) -> None:
    data = register_data(seat="99.999", founding_date="2999-01-01", domains=[], name_fr="")
    data.pop("attest")
    page = logged_in(khadija).post("/en/associations/register/", data).content.decode()
    assert "No commune has this HCP code" in page
    assert "This field is required." in page
    assert "Confirm that you represent the association" in page
    assert 'aria-invalid="true"' in page
    page = (
        logged_in(khadija)
        .post("/en/associations/register/", register_data(founding_date="2999-01-01"))
        .content.decode()
    )
    assert "cannot be in the future" in page


def test_khadija_edits_and_adds_a_branch(nisaa: Any, khadija: Any) -> None:
    client = logged_in(khadija)
    assert client.get(f"/en/associations/{nisaa.pk}/edit/").status_code == 200
    data = register_data(description_fr="Permanences juridiques chaque mardi.")
    data.pop("statutes")
    response = client.post(f"/en/associations/{nisaa.pk}/edit/", data)
    assert response.status_code == 302
    nisaa.refresh_from_db()
    assert nisaa.description_fr == "Permanences juridiques chaque mardi."
    assert nisaa.status == VerificationStatus.VERIFIED
    response = client.post(f"/en/associations/{nisaa.pk}/branches/", {"collectivity": "06.461.15.19"})
    assert response.status_code == 302
    assert nisaa.branches.get().collectivity.code == "06.461.15.19"
    response = client.post(f"/en/associations/{nisaa.pk}/branches/", {"collectivity": "06.461.01.15"})
    assert response.status_code == 422
    assert "already the association" in response.content.decode()


def test_amina_cannot_open_the_edit_form(nisaa: Any, amina: Any) -> None:
    assert logged_in(amina).get(f"/en/associations/{nisaa.pk}/edit/").status_code == 403


def test_rachid_verifies_from_the_queue(khadija: Any, rachid: Any, settat: Any) -> None:
    association = make_association(
        seat=settat, status=VerificationStatus.UNVERIFIED, representative=khadija, good=False
    )
    client = logged_in(rachid)
    queue = client.get("/en/associations/review/06.461.01.15/")
    assert queue.status_code == 200
    assert "Association Nisaa Settat" in queue.content.decode()
    prefix = f"v{association.pk}"
    response = client.post(
        f"/en/associations/{association.pk}/verify/",
        {f"{prefix}-in_good_standing": "on", f"{prefix}-democratic_functioning": "on"},
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.status == VerificationStatus.VERIFIED
    assert association.in_good_standing
    assert AuditEntry.objects.filter(actor=rachid, action="association.verify").exists()
    assert "No association is waiting" in client.get("/en/associations/review/06.461.01.15/").content.decode()


def test_rachid_must_give_a_reason_to_reject(khadija: Any, rachid: Any, settat: Any) -> None:
    association = make_association(seat=settat, status=VerificationStatus.UNVERIFIED, representative=khadija)
    client = logged_in(rachid)
    response = client.post(f"/en/associations/{association.pk}/reject/", {f"r{association.pk}-reason": ""})
    assert response.status_code == 422
    assert "Give the reason for the rejection" in response.content.decode()
    association.refresh_from_db()
    assert association.status == VerificationStatus.UNVERIFIED
    client.post(f"/en/associations/{association.pk}/reject/", {f"r{association.pk}-reason": "Statuts non signés"})
    association.refresh_from_db()
    assert association.status == VerificationStatus.REJECTED
    page = logged_in(khadija).get(f"/en/associations/{association.pk}/").content.decode()
    assert "Statuts non signés" in page


def test_amina_and_rachid_elsewhere_cannot_review(amina: Any, rachid: Any, settat: Any, khadija: Any) -> None:
    association = make_association(seat=settat, status=VerificationStatus.UNVERIFIED, representative=khadija)
    assert logged_in(amina).get("/en/associations/review/06.461.01.15/").status_code == 403
    assert logged_in(rachid).get("/en/associations/review/06.461.15.19/").status_code == 403
    assert logged_in(amina).post(f"/en/associations/{association.pk}/verify/", {}).status_code == 403
    assert Client().get("/en/associations/review/06.461.01.15/").status_code == 302
    association.refresh_from_db()
    assert association.status == VerificationStatus.UNVERIFIED


def test_verify_is_post_only_and_needs_csrf(rachid: Any, khadija: Any, settat: Any) -> None:
    association = make_association(seat=settat, status=VerificationStatus.UNVERIFIED, representative=khadija)
    client = logged_in(rachid)
    assert client.get(f"/en/associations/{association.pk}/verify/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(rachid)
    assert strict.post(f"/en/associations/{association.pk}/verify/", {}).status_code == 403


def test_arabic_pages_are_right_to_left(client: Client, nisaa: Any) -> None:
    page = client.get(f"/ar/associations/{nisaa.pk}/").content.decode()
    assert 'dir="rtl"' in page
    assert "جمعية نساء سطات من أجل المساواة" in page
