"""A selection meeting has its own page (linked from the calendar feed and notifications through
Meeting.get_absolute_url): agenda, attendance by sex, decisions, minutes, the way back to the call."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tadafur.bodies import meetings
from tadafur.cocreation import services

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def selection_meeting(in_review, submitted, rachid, fatima, said):
    services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    meeting = meetings.meeting_plan(
        organiser=in_review,
        title="Comité de sélection",
        starts_at=dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC),
        place="Salle du conseil",
        is_public=False,
        agenda=["Sélection des projets"],
        actor=said,
    )
    participants = meetings.spec_for("cocreation.call").participants(in_review)
    meetings.meeting_hold(meeting=meeting, presence={participants[0].key: "present"}, actor=said)
    services.selection_record(
        application=submitted, selected=False, reasons="Budget trop élevé.", meeting=meeting, actor=said
    )
    meetings.minutes_publish(meeting=meeting, minutes="Le comité a examiné un dossier.", actor=said)
    return meeting


def test_a_selection_meeting_links_to_its_own_page_with_agenda_attendance_and_minutes(
    selection_meeting, in_review, said
):
    url = selection_meeting.get_absolute_url()
    assert url == reverse("cocreation:meeting", args=[in_review.pk, selection_meeting.pk])
    assert url != reverse("bodies:meeting", args=[selection_meeting.pk])
    response = logged_in(said).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Comité de sélection",
        "Sélection des projets",
        "Budget trop élevé.",
        "Le comité a examiné un dossier.",
    ):
        assert text in html
    # Fatima, the one reviewer, was present: one woman in the "present" row of the table.
    assert response.context["summary"].counts["present"] == {"woman": 1}
    assert f'href="{reverse("cocreation:manage", args=[in_review.pk])}#selection"' in html  # the way back


def test_the_selection_meeting_page_is_internal(selection_meeting, amina):
    url = selection_meeting.get_absolute_url()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert logged_in(amina).get(url).status_code == 403


def test_the_calendar_feed_points_at_the_selection_meeting_page(selection_meeting):
    ics = meetings.calendar_ics([selection_meeting], name="Comité", host="tadafur.ma")
    unfolded = ics.replace("\r\n ", "")
    assert f"URL:https://tadafur.ma{selection_meeting.get_absolute_url()}\r\n" in unfolded
