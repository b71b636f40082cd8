"""Every status change of a petition reaches its followers; the agent is not told twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tadafur.accounts.sms import sms_parts
from tadafur.notifications import services
from tadafur.notifications.models import Event, Follow, Notification
from tadafur.petitions import services as petitions
from tadafur.petitions.tests.helpers import filed

pytestmark = pytest.mark.django_db


def test_youssef_hears_by_sms_of_each_step_of_a_petition_he_follows(
    amina, youssef, rachid, said, settat, sms_outbox, django_capture_on_commit_callbacks
):
    petition = filed(amina, settat)
    assert Follow.objects.get(user=amina).automatic  # the agent follows her own petition
    services.follow_create(user=youssef, obj=petition, channels=["sms", "in_app"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_review_start(petition=petition, actor=rachid)
    (sms,) = sms_outbox
    assert sms.to == youssef.phone
    assert sms.body.endswith(f"/ar/petitions/{petition.pk}/") and sms_parts(sms.body) <= 2
    assert [m.to for m in mail.outbox] == [[amina.email]]  # her usual message, not a second one
    assert Notification.objects.filter(user=amina, in_app=True).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_accept(
            petition=petition, actor=said, session_date=dt.date(2027, 2, 3), agenda_point="7", committee="Social"
        )
    with django_capture_on_commit_callbacks(execute=True):
        petition = petitions.petition_deliberate(
            petition=petition,
            actor=said,
            outcome="adopted",
            votes_for=20,
            votes_against=1,
            votes_abstain=0,
            minutes="",
        )
        petitions.petition_close(petition=petition, actor=said)
    assert len(sms_outbox) == 4
    statuses = list(Event.objects.order_by("id").values_list("context__status", flat=True))
    assert statuses[-4:] == ["under_review", "accepted", "deliberated", "closed"]


def test_an_agent_who_stops_following_is_not_followed_again_by_the_next_step(
    youssef, oulad_said, django_capture_on_commit_callbacks
):
    from tadafur.petitions.tests.helpers import draft

    petition = draft(youssef, oulad_said)
    follow = Follow.objects.get(user=youssef, object_id=petition.pk)
    services.follow_delete(user=youssef, follow=follow)
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_publish(
            petition=petition, actor=youssef, within_competences=True, no_inadmissible_ground=True
        )
    assert not Follow.objects.filter(user=youssef).exists()
    assert not Notification.objects.filter(user=youssef).exists()
