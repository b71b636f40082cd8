"""Flows through HTTP: Rachid sets up the body, Fatima runs a meeting and adopts an opinion,
Said refers a question and answers, Amina reads the public pages."""

import datetime as dt
import gzip
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time

from tadafur.bodies import meetings, services
from tadafur.bodies.models import Body, Meeting, Opinion
from tadafur.bodies.states import MeetingStatus, OpinionStatus
from tadafur.bodies.tests.conftest import PDF_BYTES
from tadafur.bodies.tests.pdftext import PdfText

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_rachid_creates_a_body_from_the_list_page(settat, rachid):
    client = logged_in(rachid)
    assert "Set up a body" in client.get(f"/en/bodies/in/{settat.code}/").content.decode()
    response = client.post(
        f"/en/bodies/in/{settat.code}/new/",
        {
            "kind": "ieecag",
            "name_ar": "هيئة المساواة",
            "name_fr": "Instance de l'égalité",
            "mission": "Avis",
            "quorum": "7",
            "rules_document": SimpleUploadedFile("reglement.pdf", PDF_BYTES),
        },
    )
    body = Body.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/bodies/{body.pk}/manage/"
    assert body.quorum == 7 and body.rules_document


def test_a_renamed_image_is_refused_as_internal_rules(settat, rachid):
    response = logged_in(rachid).post(
        f"/en/bodies/in/{settat.code}/new/",
        {
            "kind": "ieecag",
            "name_ar": "x",
            "name_fr": "x",
            "rules_document": SimpleUploadedFile("r.pdf", b"\x89PNG\r\n"),
        },
    )
    assert response.status_code == 200 and "This file is not a PDF document." in response.content.decode()
    assert not Body.objects.exists()


def test_a_commune_is_told_it_cannot_create_a_regional_body(settat, rachid):
    response = logged_in(rachid).post(
        f"/en/bodies/in/{settat.code}/new/", {"kind": "regional_youth", "name_ar": "x", "name_fr": "x"}
    )
    assert "is set up by a region (OL 111.14 art. 117), not by a commune" in response.content.decode()


def test_amina_cannot_open_the_create_form(settat, amina):
    assert logged_in(amina).get(f"/en/bodies/in/{settat.code}/new/").status_code == 403


def test_rachid_adds_fatima_as_secretary_through_the_form(ieecag, rachid, fatima):
    response = logged_in(rachid).post(
        f"/en/bodies/{ieecag.pk}/members/",
        {
            "display_name": "فاطمة الزهراء",
            "contact": fatima.email,
            "sex": "woman",
            "age_band": "35_49",
            "field": "المساواة",
            "bureau_role": "secretary",
            "mandate_start": "2022-03-01",
        },
    )
    assert "The member is added." in [str(m) for m in response.wsgi_request._messages]
    assert response.status_code == 302 and response["Location"] == f"/en/bodies/{ieecag.pk}/manage/"
    assert ieecag.members.get().user == fatima
    assert logged_in(fatima).get(f"/en/bodies/{ieecag.pk}/manage/").status_code == 200


def test_public_page_shows_public_fields_and_the_composition_warning(members, ieecag, client):
    page = client.get(f"/en/bodies/{ieecag.pk}/").content.decode()
    assert "نجاة الحمداوي" in page and "Rapporteur" in page
    assert "Unbalanced composition" in page
    assert "Fewer than half of the members come from associations." in page
    # No sex or age band per person on the public page: only the aggregates.
    assert "50–64" not in page and "35–49" not in page
    assert "Manage" not in page
    assert len(gzip.compress(page.encode())) < 60 * 1024


def test_fatima_records_a_meeting_and_adopts_an_opinion_said_answers_amina_reads(
    members, ieecag, fatima, said, amina, django_capture_on_commit_callbacks
):
    sec = logged_in(fatima)
    with freeze_time("2026-05-01 09:00"):
        sec.post(
            f"/en/bodies/{ieecag.pk}/meetings/",
            {
                "title": "الاجتماع الأول",
                "starts_at": "2026-05-12T15:00",
                "place": "مقر الجماعة",
                "is_public": "on",
                "agenda": "برنامج عمل الجماعة\nنقط مختلفة",
            },
        )
        meeting = Meeting.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            sec.post(f"/en/bodies/meetings/{meeting.pk}/invite/")
        assert [m.to for m in mail.outbox] == [[fatima.email]]
        # Before it starts the attendance form is not offered.
        assert "Record the attendance" not in sec.get(meeting.get_absolute_url()).content.decode()
    with freeze_time("2026-05-12 17:00"):
        page = sec.get(meeting.get_absolute_url()).content.decode()
        assert "Record the attendance" in page
        presence = {m.participant_key: "present" for m in members}
        presence[members[4].participant_key] = "absent"
        sec.post(f"/en/bodies/meetings/{meeting.pk}/attendance/", presence)
        sec.post(f"/en/bodies/meetings/{meeting.pk}/decisions/", {"text": "المصادقة على الرأي"})
        sec.post(f"/en/bodies/meetings/{meeting.pk}/minutes/", {"minutes": "ناقش الأعضاء برنامج عمل الجماعة"})
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.MINUTES_PUBLISHED

        sec.post(
            f"/en/bodies/{ieecag.pk}/opinions/",
            {
                "title": "رأي حول دار المرأة",
                "text": "توصي الهيئة بإحداث دار المرأة",
                "concerns_type": "programmes.project",
                "concerns_id": "3",
                "concerns_label": "دار المرأة",
                "concerns_url": "/ar/programmes/projects/3/",
            },
        )
        opinion = Opinion.objects.get()
        assert client_status(Client(), opinion.get_absolute_url()) == 404  # drafts are not public
        sec.post(f"/en/bodies/opinions/{opinion.pk}/adopt/", {"meeting": str(meeting.pk)})
        opinion.refresh_from_db()
        assert opinion.status == OpinionStatus.ADOPTED and opinion.meeting == meeting

        # Fatima cannot answer for the council; Said can.
        sec.post(f"/en/bodies/opinions/{opinion.pk}/answer/", {"verdict": "accepted", "reasons": "x"})
        opinion.refresh_from_db()
        assert opinion.status == OpinionStatus.ADOPTED
        council = logged_in(said)
        council.post(f"/en/bodies/opinions/{opinion.pk}/answer/", {"verdict": "partly", "reasons": "يقبل المجلس جزئيا"})
        council.post(
            f"/en/bodies/opinions/{opinion.pk}/followups/",
            {"title": "برمجة دار المرأة", "owner_label": "القسم الاجتماعي", "due_date": "2026-12-31"},
        )
        opinion.refresh_from_db()
        assert opinion.status == OpinionStatus.ANSWERED and opinion.followups.count() == 1

    citizen = logged_in(amina)
    with freeze_time("2027-01-05 10:00"):
        page = citizen.get(f"/ar/bodies/opinions/{opinion.pk}/").content.decode()
    assert "توصي الهيئة بإحداث دار المرأة" in page and "يقبل المجلس جزئيا" in page
    assert 'href="/ar/programmes/projects/3/"' in page
    assert "برمجة دار المرأة" in page and "badge warn" in page  # the follow-up is overdue
    body_page = citizen.get(f"/ar/bodies/{ieecag.pk}/").content.decode()
    assert "رأي حول دار المرأة" in body_page and "الاجتماع الأول" in body_page
    meeting_page = citizen.get(meeting.get_absolute_url()).content.decode()
    assert "ناقش الأعضاء برنامج عمل الجماعة" in meeting_page
    assert "Secretariat" not in meeting_page
    pdf = citizen.get(f"/en/bodies/meetings/{meeting.pk}/minutes.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert PdfText(pdf.content).contains("ناقش الأعضاء برنامج عمل الجماعة")


def client_status(client, url):
    return client.get(url).status_code


def test_amina_cannot_see_an_internal_meeting_or_post_to_it(members, ieecag, fatima, amina):
    meeting = meetings.meeting_plan(
        organiser=ieecag,
        title="داخلي",
        starts_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        place="x",
        is_public=False,
        actor=fatima,
    )
    citizen = logged_in(amina)
    assert citizen.get(meeting.get_absolute_url()).status_code == 404
    assert citizen.post(f"/en/bodies/meetings/{meeting.pk}/cancel/").status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert "داخلي" not in Client().get(f"/en/bodies/{ieecag.pk}/").content.decode()


def test_a_refused_action_is_explained_on_the_page(members, ieecag, fatima, amina):
    meeting = meetings.meeting_plan(
        organiser=ieecag,
        title="عمومي",
        starts_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        place="x",
        is_public=True,
        actor=fatima,
    )
    response = logged_in(amina).post(f"/en/bodies/meetings/{meeting.pk}/cancel/", follow=True)
    assert "Only the secretary of this body can plan and record its meetings." in response.content.decode()


def test_calendars_download_as_ics(members, ieecag, fatima, client):
    meeting = meetings.meeting_plan(
        organiser=ieecag,
        title="عمومي",
        starts_at=dt.datetime(2030, 1, 1, 14, tzinfo=dt.UTC),
        place="x",
        is_public=True,
        actor=fatima,
    )
    for url in (f"/en/bodies/{ieecag.pk}/calendar.ics", f"/en/bodies/meetings/{meeting.pk}/calendar.ics"):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        assert "DTSTART:20300101T140000Z" in response.content.decode()


def test_the_collectivity_page_lists_upcoming_public_meetings(members, ieecag, fatima, client, settat):
    meetings.meeting_plan(
        organiser=ieecag,
        title="لقاء تشاوري مفتوح",
        starts_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        place="x",
        is_public=True,
        actor=fatima,
    )
    page = client.get(settat.get_absolute_url()).content.decode()
    assert "لقاء تشاوري مفتوح" in page


def test_follow_up_update_form(members, ieecag, said, fatima, rachid):
    opinion = services.opinion_draft(body=ieecag, title="رأي", text="نص", actor=fatima)
    services.opinion_adopt(opinion=opinion, actor=fatima)
    services.opinion_answer(opinion=opinion, verdict="accepted", reasons="أسباب", actor=said)
    item = services.followup_add(
        opinion=opinion, title="نقطة", owner_label="القسم", due_date=dt.date(2030, 1, 1), actor=said
    )
    assert logged_in(fatima).get(f"/en/bodies/followups/{item.pk}/").status_code == 403
    staff = logged_in(rachid)
    response = staff.post(f"/en/bodies/followups/{item.pk}/", {"progress": "100", "evidence_text": ""})
    assert "Give evidence that the point is done." in response.content.decode()
    staff.post(f"/en/bodies/followups/{item.pk}/", {"progress": "60", "evidence_text": "بدأت الأشغال"})
    item.refresh_from_db()
    assert item.progress == 60 and item.status == "in_progress"
    assert re.search(r"60 %", Client().get(opinion.get_absolute_url()).content.decode())


def test_the_public_body_page_query_count_does_not_grow_with_content(members, ieecag, fatima, said, rachid, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/en/bodies/{ieecag.pk}/").status_code == 200
        return len(ctx.captured_queries)

    def add_content(n: int) -> None:
        opinion = services.opinion_draft(body=ieecag, title=f"رأي {n}", text="نص", actor=fatima)
        services.opinion_adopt(opinion=opinion, actor=fatima)
        services.opinion_answer(opinion=opinion, verdict="accepted", reasons="أسباب", actor=said)
        meetings.meeting_plan(
            organiser=ieecag,
            title=f"اجتماع {n}",
            starts_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            place="x",
            is_public=True,
            agenda=["أ", "ب"],
            actor=fatima,
        )
        services.member_add(
            body=ieecag,
            display_name=f"عضو {n}",
            sex="man",
            age_band="18_24",
            mandate_start=dt.date(2022, 1, 1),
            actor=rachid,
        )

    add_content(0)
    with_one = page_queries()
    for n in range(1, 5):
        add_content(n)
    assert page_queries() == with_one
