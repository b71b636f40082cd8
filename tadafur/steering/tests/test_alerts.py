"""A semester that ends without a held meeting raises one alert, emailed to the members."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from tadafur.bodies import meetings
from tadafur.steering.models import Alert
from tadafur.steering.services import alerts_raise

pytestmark = pytest.mark.django_db


def hold(committee, members, actor, when):
    with freeze_time(when - dt.timedelta(days=10)):
        meeting = meetings.meeting_plan(
            organiser=committee, title="اجتماع", starts_at=when, place="مقر العمالة", is_public=True, actor=actor
        )
    with freeze_time(when + dt.timedelta(hours=2)):
        meetings.meeting_hold(meeting=meeting, presence={m.participant_key: "present" for m in members}, actor=actor)
    return meeting


def test_alert_when_a_semester_passes_without_a_meeting(
    committee, members, hassan, said, django_capture_on_commit_callbacks
):
    # Committee active from 2025-03-01; first semester 2025 H1 held a meeting, 2025 H2 did not.
    hold(committee, members, hassan, dt.datetime(2025, 5, 20, 10, 0, tzinfo=dt.UTC))
    mail.outbox.clear()
    with freeze_time("2025-12-31 20:00"):
        assert alerts_raise() == []  # the semester has not ended yet
    with freeze_time("2026-01-02 08:00"), django_capture_on_commit_callbacks(execute=True):
        raised = alerts_raise()
    assert [(a.period_start, a.period_end) for a in raised] == [(dt.date(2025, 7, 1), dt.date(2026, 1, 1))]
    # Hassan and Said have accounts among the members; the free-name members have no address.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([hassan.email, said.email])
    assert raised[0].recipients == 2


def test_no_alert_when_a_meeting_was_held(committee, members, hassan):
    hold(committee, members, hassan, dt.datetime(2025, 5, 20, 10, 0, tzinfo=dt.UTC))
    hold(committee, members, hassan, dt.datetime(2025, 11, 4, 10, 0, tzinfo=dt.UTC))
    with freeze_time("2026-01-05 08:00"):
        assert alerts_raise() == []
    assert not Alert.objects.exists()


def test_a_planned_but_not_held_meeting_does_not_count(committee, members, hassan):
    hold(committee, members, hassan, dt.datetime(2025, 5, 20, 10, 0, tzinfo=dt.UTC))
    with freeze_time("2025-10-01"):
        meetings.meeting_plan(
            organiser=committee,
            title="اجتماع مؤجل",
            starts_at=dt.datetime(2025, 11, 4, 10, 0, tzinfo=dt.UTC),
            place="مقر العمالة",
            is_public=True,
            actor=hassan,
        )
    with freeze_time("2026-01-05 08:00"):
        assert len(alerts_raise()) == 1


def test_alerts_are_idempotent(committee, members, hassan, django_capture_on_commit_callbacks):
    with freeze_time("2026-01-02 08:00"), django_capture_on_commit_callbacks(execute=True):
        first = alerts_raise()
    sent = len(mail.outbox)
    assert sent == 4  # two periods, two members with an account
    with freeze_time("2026-03-02 08:00"), django_capture_on_commit_callbacks(execute=True):
        call_command("steering_alerts", stdout=io.StringIO())
    assert len(first) == 2  # 2025 H1 and 2025 H2
    assert Alert.objects.count() == 2 and len(mail.outbox) == sent


def test_the_alert_shows_on_the_committee_page(client, committee, members, hassan):
    with freeze_time("2025-07-02 08:00"):
        alerts_raise()
    page = client.get(f"/en/steering/{committee.pk}/").content.decode()
    assert "No meeting held" in page
