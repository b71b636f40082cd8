"""Flows through HTTP and the API: Amina reads the public page, Hassan follows up a
recommendation, Rachid may not run the committee."""

import datetime as dt

import pytest
from django.test import Client
from freezegun import freeze_time

from tadafur.bodies import meetings
from tadafur.steering.states import RecommendationStatus as S
from tadafur.steering.tests.conftest import propose

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rec(committee, members, hassan, settat):
    return propose(committee, hassan, settat, "إنارة حي السلام", dt.date(2026, 3, 31))


def test_amina_reads_the_public_committee_page(committee, members, rec, amina):
    page = logged_in(amina).get(f"/en/steering/{committee.pk}/").content.decode()
    assert "نجاة الحمداوي" in page and "إنارة حي السلام" in page and "Proposed" in page
    assert "Manage" not in page
    assert logged_in(amina).get(f"/en/steering/{committee.pk}/manage/").status_code == 403
    assert Client().get("/en/steering/").status_code == 200


def test_overdue_flag_on_the_public_page(committee, rec):
    with freeze_time("2026-04-01"):
        page = Client().get(f"/en/steering/{committee.pk}/").content.decode()
    assert "Overdue" in page


def test_hassan_moves_a_recommendation_and_records_progress(committee, rec, hassan):
    client = logged_in(hassan)
    url = f"/en/steering/recommendations/{rec.pk}/"
    client.post(url + "status/", {"to": S.ACCEPTED})
    client.post(url + "status/", {"to": S.IN_PROGRESS})
    client.post(url + "notes/", {"text": "صفقة الإنارة في طور الإعلان", "progress": "30"})
    rec.refresh_from_db()
    assert rec.status == S.IN_PROGRESS and rec.progress == 30
    page = client.get(url).content.decode()
    assert "صفقة الإنارة في طور الإعلان" in page


def test_dropping_without_a_reason_is_explained(committee, rec, hassan):
    client = logged_in(hassan)
    response = client.post(f"/en/steering/recommendations/{rec.pk}/status/", {"to": S.DROPPED}, follow=True)
    assert "Say why the recommendation is dropped." in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == S.PROPOSED


def test_rachid_cannot_change_the_status(committee, rec, rachid):
    logged_in(rachid).post(f"/en/steering/recommendations/{rec.pk}/status/", {"to": S.ACCEPTED})
    rec.refresh_from_db()
    assert rec.status == S.PROPOSED


def test_hassan_prepares_the_agenda_and_downloads_the_pack(committee, members, rec, hassan):
    with freeze_time("2026-05-01 09:00"):
        meeting = meetings.meeting_plan(
            organiser=committee,
            title="الاجتماع الأول",
            starts_at=dt.datetime(2026, 5, 12, 9, 0, tzinfo=dt.UTC),
            place="العمالة",
            is_public=True,
            actor=hassan,
        )
        client = logged_in(hassan)
        client.post(f"/en/steering/meetings/{meeting.pk}/prepare/")
        page = client.get(f"/en/steering/meetings/{meeting.pk}/").content.decode()
    assert "Follow-up (overdue): إنارة حي السلام" in page
    assert page.count("إنارة حي السلام") >= 2  # on the agenda and in the follow-up table


def test_api_reads_and_writes(committee, members, rec, hassan, amina):
    public = Client()
    assert public.get("/api/v1/steering/committees").json()[0]["province"] == "06.461"
    recs = public.get(f"/api/v1/steering/committees/{committee.pk}/recommendations").json()
    assert recs[0]["title"] == "إنارة حي السلام" and recs[0]["status"] == S.PROPOSED
    url = f"/api/v1/steering/recommendations/{rec.pk}"
    assert public.post(url + "/status", {"to": "accepted"}, content_type="application/json").status_code in (401, 403)
    denied = logged_in(amina).post(url + "/status", {"to": "accepted"}, content_type="application/json")
    assert denied.status_code == 403
    client = logged_in(hassan)
    dropped = client.post(url + "/status", {"to": "dropped"}, content_type="application/json")
    assert dropped.status_code == 422
    assert (
        client.post(url + "/status", {"to": "accepted"}, content_type="application/json").json()["status"] == "accepted"
    )
    note = client.post(url + "/notes", {"text": "انطلاق", "progress": 10}, content_type="application/json")
    assert note.status_code == 201
    assert public.get(url).json()["notes"][0]["text"] == "انطلاق"


def test_api_note_with_pdf_evidence(committee, rec, hassan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tadafur.steering.tests.test_services import PDF_BYTES

    client = logged_in(hassan)
    url = f"/api/v1/steering/recommendations/{rec.pk}/notes/with-evidence"
    ok = client.post(
        url, {"text": "محضر التسليم", "progress": "60", "evidence": SimpleUploadedFile("pv.pdf", PDF_BYTES)}
    )
    assert ok.status_code == 201 and ok.json()["evidence_url"].endswith(".pdf")
    bad = client.post(url, {"text": "x", "evidence": SimpleUploadedFile("pv.pdf", b"not a pdf")})
    assert bad.status_code == 422 and "evidence" in bad.json()["errors"]


def test_the_public_page_costs_the_same_queries_for_more_recommendations(committee, members, hassan, settat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = f"/en/steering/{committee.pk}/"
    propose(committee, hassan, settat, "أولى", dt.date(2030, 1, 1))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        propose(committee, hassan, settat, f"توصية {i}", dt.date(2030, 1, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 12


def test_the_registry_lists_the_module_and_its_stats(committee, rec, settat):
    from tadafur.core import registry

    module = registry.get("steering")
    assert module.public_stats(settat) == {"Steering recommendations concerning it": 1}
    assert set(module.permissions) == {"steering.manage", "steering.report_progress"}


def test_hassan_sets_up_the_committee_through_its_pages(settat_province, hassan, said, settat):
    from tadafur.steering.models import Committee

    client = logged_in(hassan)
    response = client.post(
        f"/en/steering/in/{settat_province.code}/new/",
        {"name_ar": "لجنة التتبع", "name_fr": "Comité de suivi", "programme": "", "meetings_per_year": "2"},
    )
    committee = Committee.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/steering/{committee.pk}/manage/"
    manage = f"/en/steering/{committee.pk}/"
    client.post(manage + "members/", {"contact": said.email, "role": "council_president", "sex": "man"})
    client.post(manage + "members/", {"display_name": "Partenaire UE", "role": "partner", "sex": "woman"})
    client.post(
        manage + "meetings/",
        {"title": "Réunion", "starts_at": "2030-05-12T10:00", "place": "Province", "is_public": "on"},
    )
    client.post(
        manage + "recommendations/",
        {
            "title": "Guichet des pétitions",
            "text": "Ouvrir un guichet.",
            "collectivity": str(settat.pk),
            "responsible": "DGS",
            "due_date": "2030-03-31",
            "source_kind": "collectivity",
        },
    )
    assert [m.display_name for m in committee.members.order_by("pk")] == [str(said), "Partenaire UE"]
    assert committee.recommendations.get().collectivity == settat
    page = client.get(manage + "manage/").content.decode()
    assert "Réunion" in page and "Partenaire UE" in page
    # Rachid, staff of Settat commune, is not staff of the province.
    assert logged_in_rachid_status(manage + "manage/") == 403


def logged_in_rachid_status(url):
    from tadafur.conftest import _persona

    return logged_in(_persona("rachid")).get(url).status_code


def test_another_province_committee_form_is_refused_to_hassan(hassan):
    from tadafur.territories.models import Territory

    other = Territory.objects.filter(level="province").exclude(code="06.461").first()
    assert logged_in(hassan).get(f"/en/steering/in/{other.code}/new/").status_code == 403


def test_an_internal_meeting_is_hidden_from_the_public_but_not_from_members(committee, members, hassan, said, amina):
    with freeze_time("2026-05-01 09:00"):
        meeting = meetings.meeting_plan(
            organiser=committee,
            title="اجتماع تحضيري داخلي",
            starts_at=dt.datetime(2026, 5, 12, 9, 0, tzinfo=dt.UTC),
            place="العمالة",
            is_public=False,
            actor=hassan,
        )
    url = f"/en/steering/meetings/{meeting.pk}/"
    assert logged_in(amina).get(url).status_code == 404
    assert logged_in(amina).get(url + "pack.pdf").status_code == 404
    assert "اجتماع تحضيري داخلي" not in Client().get(f"/en/steering/{committee.pk}/").content.decode()
    assert logged_in(said).get(url).status_code == 200  # a member with an account
    assert "اجتماع تحضيري داخلي" in logged_in(said).get(f"/en/steering/{committee.pk}/").content.decode()
