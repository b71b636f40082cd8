"""Each organiser's meeting has a real page: Meeting.get_absolute_url (used by the calendar feeds
and the notifications) leads to the body's, the steering committee's or the council session's
page, never to a bodies page that does not know the meeting."""

import io
import logging

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve

from tadafur.bodies import meetings
from tadafur.bodies.models import Meeting

pytestmark = pytest.mark.django_db

EXPECTED_VIEW = {
    "bodies.body": "bodies:meeting",
    "steering.committee": "steering:meeting",
    "council.council": "council:session",
}


@pytest.fixture
def demo():
    logging.disable(logging.WARNING)
    try:
        call_command("load_demo", stdout=io.StringIO())
    finally:
        logging.disable(logging.NOTSET)


def _who_sees(meeting):
    """Anonymous for a public meeting; otherwise the first demo persona allowed to see it."""
    from tadafur.accounts.models import User

    if meeting.is_public:
        return None
    organiser = meetings.organiser_of(meeting)
    for user in User.objects.filter(email__endswith="@demo.tadafur.ma").order_by("pk"):
        if meetings.can_see(user, meeting, organiser):
            return user
    raise AssertionError(f"nobody in the demo may see meeting {meeting.pk}")


def test_every_demo_meeting_opens_on_its_organisers_page(demo):
    seen_kinds = set()
    for meeting in Meeting.objects.all():
        url = meeting.get_absolute_url()
        assert resolve(url).view_name == EXPECTED_VIEW[meeting.organiser_type], (meeting.organiser_type, url)
        client = Client()
        who = _who_sees(meeting)
        if who is not None:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200, (meeting.organiser_type, url, response.status_code)
        if meeting.organiser_type == "council.council":  # the session's page, which names it its own way
            from tadafur.council.models import Session

            assert resolve(url).kwargs["pk"] == Session.objects.get(meeting=meeting).pk
        else:
            assert meeting.title in response.content.decode()
        seen_kinds.add(meeting.organiser_type)
    assert seen_kinds == set(EXPECTED_VIEW)  # the demo has meetings of each of these organisers


def test_the_calendar_feed_links_each_meeting_to_its_page(demo):
    every = list(Meeting.objects.all())
    unfolded = meetings.calendar_ics(every, name="Tout", host="tadafur.ma").replace("\r\n ", "")
    for meeting in every:
        assert f"URL:https://tadafur.ma{meeting.get_absolute_url()}\r\n" in unfolded
    steering = next(m for m in every if m.organiser_type == "steering.committee")
    assert f"/steering/meetings/{steering.pk}/" in unfolded


def test_an_organiser_without_a_meeting_page_falls_back_to_its_own_page(demo):
    meeting = Meeting.objects.filter(organiser_type="bodies.body").first()
    spec = meetings.spec_for("bodies.body")
    from dataclasses import replace

    meetings.register_organiser("bodies.body", replace(spec, meeting_url=None))
    try:
        assert meeting.get_absolute_url() == meetings.organiser_of(meeting).get_absolute_url()
    finally:
        meetings.register_organiser("bodies.body", spec)


def test_the_invitation_email_links_to_the_steering_meetings_page(demo, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.core import mail

    from tadafur.accounts.models import User
    from tadafur.core import clock
    from tadafur.steering.models import Committee

    committee = Committee.objects.first()
    manager = next(
        u
        for u in User.objects.filter(email__endswith="@demo.tadafur.ma")
        if meetings.spec_for("steering.committee").can_manage(u, committee)
    )
    meeting = meetings.meeting_plan(
        organiser=committee,
        title="Suivi trimestriel",
        starts_at=clock.now() + dt.timedelta(days=7),
        place="Province de Settat",
        is_public=True,
        actor=manager,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = meetings.meeting_invite(meeting=meeting, actor=manager)
    assert sent and len(mail.outbox) == sent
    for message in mail.outbox:
        assert f"/steering/meetings/{meeting.pk}/" in message.body
        assert "/bodies/meetings/" not in message.body
