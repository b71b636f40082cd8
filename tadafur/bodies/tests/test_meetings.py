"""Meetings through the generic services: agenda, invitations, attendance by sex, quorum,
minutes (text and Arabic PDF), calendar export."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from tadafur.bodies import meetings
from tadafur.bodies.states import MeetingStatus
from tadafur.bodies.tests.pdftext import PdfText
from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 5, 12, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def meeting(ieecag, members, fatima):
    with freeze_time("2026-05-01 09:00"):
        return meetings.meeting_plan(
            organiser=ieecag,
            title="الاجتماع العادي الأول",
            starts_at=START,
            place="مقر جماعة سطات",
            is_public=True,
            agenda=["دراسة مشروع برنامج عمل الجماعة", "", "نقط مختلفة"],
            actor=fatima,
        )


def test_fatima_plans_a_meeting_with_an_ordered_agenda(meeting):
    assert meeting.status == MeetingStatus.PLANNED
    assert [(i.position, i.title) for i in meeting.agenda_items.all()] == [
        (1, "دراسة مشروع برنامج عمل الجماعة"),
        (2, "نقط مختلفة"),
    ]
    assert AuditEntry.objects.filter(action="meeting.plan", object_id=str(meeting.pk)).exists()


def test_amina_and_said_cannot_plan_a_meeting_of_the_body(ieecag, amina, said):
    for person in (amina, said):
        with pytest.raises(NotAllowed):
            meetings.meeting_plan(organiser=ieecag, title="x", starts_at=START, place="y", is_public=True, actor=person)


def test_invitations_are_emailed_to_members_with_an_account(meeting, fatima, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = meetings.meeting_invite(meeting=meeting, actor=fatima)
    # Only Fatima has an account among the five members.
    assert sent == 1
    assert [m.to for m in mail.outbox] == [[fatima.email]]
    assert "مقر جماعة سطات" in mail.outbox[0].body
    assert "1. دراسة مشروع برنامج عمل الجماعة" in mail.outbox[0].body
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None


def test_a_meeting_cannot_be_held_before_it_starts(meeting, members, fatima):
    with freeze_time(START - dt.timedelta(minutes=1)):
        with pytest.raises(InvalidTransition):
            meetings.meeting_hold(meeting=meeting, presence={members[0].participant_key: "present"}, actor=fatima)


def test_attendance_by_sex_and_quorum(meeting, members, fatima):
    presence = {m.participant_key: "present" for m in members[:3]}  # three women present
    presence[members[3].participant_key] = "excused"  # a man
    presence[members[4].participant_key] = "absent"  # a man
    with freeze_time(START + dt.timedelta(hours=1)):
        meetings.meeting_hold(meeting=meeting, presence=presence, actor=fatima)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.held_at is not None
    summary = meetings.attendance_summary(meeting, quorum=3)
    assert summary.present == 3 and summary.total == 5
    assert summary.counts["present"] == {"woman": 3}
    assert summary.counts["excused"] == {"man": 1}
    assert summary.quorum_reached is True
    assert meetings.attendance_summary(meeting, quorum=4).quorum_reached is False
    assert meetings.attendance_summary(meeting, quorum=None).quorum_reached is None


def test_attendance_refuses_someone_who_is_not_a_member(meeting, fatima):
    with pytest.raises(ValidationFailed):
        meetings.attendance_record(meeting=meeting, presence={"member:999999": "present"}, actor=fatima)


def test_minutes_are_published_once_and_the_pdf_holds_shaped_arabic(meeting, members, fatima):
    with freeze_time(START + dt.timedelta(hours=1)):
        meetings.meeting_hold(meeting=meeting, presence={m.participant_key: "present" for m in members}, actor=fatima)
        meetings.decision_add(meeting=meeting, text="المصادقة على رأي الهيئة", actor=fatima)
        with pytest.raises(ValidationFailed):
            meetings.minutes_publish(meeting=meeting, minutes="  ", actor=fatima)
        meetings.minutes_publish(meeting=meeting, minutes="ناقش الأعضاء حاجيات النساء والشباب", actor=fatima)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED
    with pytest.raises(InvalidTransition):
        meetings.decision_add(meeting=meeting, text="late", actor=fatima)

    pdf = meetings.minutes_pdf(meeting)
    assert pdf.startswith(b"%PDF-")
    text = PdfText(pdf)
    assert text.contains("ناقش الأعضاء حاجيات النساء والشباب")
    assert text.contains("المصادقة على رأي الهيئة")
    assert any("Arabic" in name for name in text.font_names)
    # Shaped, not isolated letters: the noon of "النساء" (middle) and of "ناقش" (start)
    # are drawn with different glyphs of the font.
    assert len(text.glyphs_for("ن")) >= 2


def test_cancelling_a_planned_meeting_tells_the_invited_members(meeting, fatima, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_invite(meeting=meeting, actor=fatima)
        meetings.meeting_cancel(meeting=meeting, actor=fatima)
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancelled_at is not None
    assert len(mail.outbox) == 2
    with pytest.raises(InvalidTransition):
        meetings.meeting_cancel(meeting=meeting, actor=fatima)


def test_calendar_export_is_rfc5545(meeting):
    ics = meetings.calendar_ics([meeting], name="هيئة المساواة, سطات", host="tadafur.example")
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "DTSTART:20260512T150000Z" in lines
    assert f"UID:meeting-{meeting.pk}@tadafur.example" in lines
    assert "X-WR-CALNAME:هيئة المساواة\\, سطات" in lines
    assert all(len(line.encode()) <= 75 for line in lines), "long lines are folded"
    assert "STATUS:CONFIRMED" in lines


def test_long_arabic_lines_fold_without_splitting_a_character(meeting):
    meeting.title = "اجتماع " * 30
    ics = meetings.calendar_ics([meeting], name="x", host="h")
    summary = ics.split("SUMMARY:")[1].split("\r\nLOCATION")[0]
    assert "\r\n " in summary
    assert summary.replace("\r\n ", "") == "اجتماع " * 30
