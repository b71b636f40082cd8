"""Flows through HTTP, as the personas live them."""

from __future__ import annotations

import gzip

import pytest
from django.core.cache import cache
from django.test import Client

from tadafur.core import clock
from tadafur.petitions.models import InadmissibilityGround, Petition
from tadafur.petitions.rules import per_province_minimum
from tadafur.petitions.tests.helpers import TEXT, collecting, draft, filed, resident, seed
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_youssef_drafts_screens_and_publishes_his_petition(youssef, oulad_said):
    client = as_user(youssef)
    assert client.get("/ar/petitions/new/").status_code == 200
    response = client.post(
        "/en/petitions/new/",
        {"kind": "local_citizens", "territory_code": oulad_said.code, "title": "Bus scolaire", **TEXT},
    )
    petition = Petition.objects.get(title="Bus scolaire")
    assert response.status_code == 302 and response.url == f"/en/petitions/{petition.pk}/"
    assert Client().get(f"/en/petitions/{petition.pk}/").status_code == 404  # a draft is private
    refused = client.post(f"/en/petitions/{petition.pk}/publish/", {"within_competences": "on"})
    assert refused.status_code == 200 and "inadmissible grounds" in refused.content.decode()
    client.post(f"/en/petitions/{petition.pk}/publish/", {"within_competences": "on", "no_inadmissible_ground": "on"})
    petition.refresh_from_db()
    assert petition.status == "collecting"


def test_the_create_form_shows_why_a_draft_is_refused(amina, oulad_said):
    response = as_user(amina).post(
        "/en/petitions/new/",
        {"kind": "local_citizens", "territory_code": oulad_said.code, "title": "X", **TEXT},
    )
    assert response.status_code == 200 and "must be a verified resident" in response.content.decode()


def test_amina_signs_youssefs_petition_in_arabic_and_verifies_inclusion(amina, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 3)
    client = as_user(amina)
    page = client.get(f"/ar/petitions/{petition.pk}/sign/")
    assert page.status_code == 200 and 'lang="ar"' in page.content.decode()
    response = client.post(f"/ar/petitions/{petition.pk}/sign/", {"cnie": "ab 123456", "consent": "on"})
    assert response.status_code == 302
    receipt = client.get(response.url).content.decode()
    assert "badge ok" in receipt  # the inclusion proof is verified on the server
    detail = client.get(f"/ar/petitions/{petition.pk}/").content.decode()
    assert '<progress max="200" value="4">' in detail


def test_signing_without_consent_or_with_a_bad_cnie_shows_the_error(amina, settat):
    petition = collecting(resident(settat), settat)
    client = as_user(amina)
    response = client.post(f"/en/petitions/{petition.pk}/sign/", {"cnie": "123", "consent": "on"})
    assert response.status_code == 422 and "AB123456" in response.content.decode()
    assert not petition.signatures.exists()


def test_youssef_is_told_why_he_cannot_sign_in_settat(youssef, settat):
    petition = collecting(resident(settat), settat)
    page = as_user(youssef).get(f"/en/petitions/{petition.pk}/").content.decode()
    assert "You cannot sign:" in page and "Only residents of" in page
    assert (
        as_user(youssef).post(f"/en/petitions/{petition.pk}/sign/", {"cnie": "AB1", "consent": "on"}).status_code == 403
    )


def test_the_public_pages_are_light_and_list_petitions(client, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 30)
    for url in ("/ar/petitions/", f"/ar/petitions/?territory={settat.code}", f"/ar/petitions/{petition.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert len(gzip.compress(response.content)) < 60_000
    assert petition.title in client.get(f"/en/petitions/?territory={settat.code}").content.decode()


def test_rachid_sees_the_inbox_overdue_first_and_said_decides(rachid, said, amina, fatima, settat):
    from freezegun import freeze_time

    with freeze_time("2026-01-05 10:00:00+01:00"):
        old = filed(amina, settat, title="Souk")
    with freeze_time("2026-03-01 10:00:00+01:00"):
        recent = filed(fatima, settat, title="Bibliothèque")
    with freeze_time("2026-04-10 10:00:00+01:00"):
        page = as_user(rachid).get(f"/en/petitions/inbox/{settat.code}/").content.decode()
    assert page.index(old.title) < page.index(recent.title)
    assert "Answer overdue" in page
    assert as_user(rachid).post(f"/en/petitions/{old.pk}/council/review/").status_code == 302
    ground = InadmissibilityGround.objects.get(code="outside_competences")
    as_user(said).post(f"/en/petitions/{old.pk}/council/reject/", {"grounds": [ground.pk], "text": "Hors compétences."})
    old.refresh_from_db()
    assert old.status == "rejected"
    agent_view = as_user(amina).get(f"/en/petitions/{old.pk}/").content.decode()
    assert "Hors compétences." in agent_view and "Outside the council" in agent_view


def test_the_inbox_is_closed_to_citizens_and_other_communes(amina, rachid, oulad_said, settat):
    assert as_user(amina).get(f"/en/petitions/inbox/{settat.code}/").status_code == 403
    assert as_user(rachid).get(f"/en/petitions/inbox/{oulad_said.code}/").status_code == 403


def test_the_agent_files_and_downloads_the_receipt(youssef, oulad_said):
    petition = collecting(youssef, oulad_said)
    seed(petition, 100)
    client = as_user(youssef)
    client.post(f"/en/petitions/{petition.pk}/file/")
    petition.refresh_from_db()
    assert petition.status == "filed"
    pdf = client.get(f"/en/petitions/{petition.pk}/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_drafts_stranger_cannot_publish_it(amina, youssef, oulad_said):
    petition = draft(youssef, oulad_said)
    assert as_user(amina).post(f"/en/petitions/{petition.pk}/publish/", {}).status_code == 403


def test_rachid_invalidates_from_the_petition_page(rachid, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 3)
    code = petition.signatures.first().verification_code
    client = as_user(rachid)
    assert "Invalidate signatures" in client.get(f"/en/petitions/{petition.pk}/").content.decode()
    client.post(f"/en/petitions/{petition.pk}/invalidate/", {"codes": code.lower(), "reason": "suspected_fraud"})
    assert petition.signatures.get(verification_code=code).status == "invalidated"


def test_the_list_page_has_a_query_budget(client, settat, django_assert_max_num_queries):
    for i in range(8):
        seed(collecting(resident(settat), settat, title=f"Pétition {i}"), 2)
    cache.clear()
    with django_assert_max_num_queries(20):
        assert client.get(f"/en/petitions/?territory={settat.code}").status_code == 200


def test_amina_names_a_national_committee_by_contact(amina, fatima, khadija, youssef):
    response = as_user(amina).post(
        "/en/petitions/new/",
        {
            "kind": "national_petition",
            "addressee": "head_of_government",
            "members": f"{fatima.email}\n{khadija.email}\n{youssef.phone}",
            "title": "Transport rural",
            **TEXT,
        },
    )
    assert response.status_code == 302
    petition = Petition.objects.get(title="Transport rural")
    roles = dict(petition.members.values_list("user__username", "role"))
    assert roles == {fatima.username: "deputy", khadija.username: "committee", youssef.username: "committee"}


def test_a_co_initiator_must_be_able_to_sign(amina, youssef, settat):
    response = as_user(amina).post(
        "/en/petitions/new/",
        {
            "kind": "local_citizens",
            "territory_code": settat.code,
            "members": youssef.phone,
            "title": "X",
            **TEXT,
        },
    )
    assert response.status_code == 200
    assert "is not a verified resident who may sign this petition" in response.content.decode()
    unknown = as_user(amina).post(
        "/en/petitions/new/",
        {
            "kind": "local_citizens",
            "territory_code": settat.code,
            "members": "nobody@example.ma",
            "title": "X",
            **TEXT,
        },
    )
    assert "No account has this email or number: nobody@example.ma" in unknown.content.decode()
    assert not Petition.objects.exists()


def test_a_regional_petition_shows_each_provinces_share(amina, settat, client):
    region = Territory.objects.get(code="06")
    petition = collecting(amina, region)
    seed(petition, 30, [settat])
    html = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    minimum = per_province_minimum(region, on=clock.today())
    assert f"30 / {minimum}" in html  # Settat province
    assert f"0 / {minimum}" in html  # every other province of the region, not yet reached
    assert "Too few signatures from these prefectures or provinces" in html


def test_a_provincial_petition_shows_communes_with_small_cells_hidden(amina, settat, settat_province, client):
    petition = collecting(amina, settat_province)
    other = settat_province.children.filter(is_collectivity=True).exclude(pk=settat.pk).first()
    seed(petition, 6, [settat])
    seed(petition, 2, [other])
    html = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert "Signers by commune" in html
    assert '<td class="num">6</td>' in html and '<td class="num">&lt; 5</td>' in html
