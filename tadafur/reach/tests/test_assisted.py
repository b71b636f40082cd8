"""The help desk acts for a person: identity checked, consent recorded, both names audited, time-limited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tadafur.comments.models import Comment
from tadafur.core.models import AuditEntry
from tadafur.reach.middleware import SESSION_KEY
from tadafur.reach.models import AssistedSession

pytestmark = pytest.mark.django_db

DESK = "/s/desk/"


@pytest.fixture
def client():
    """The desk lives outside the language prefixes: the browser's language picks the interface."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})


def start(client, contact="amina@demo.tadafur.ma", settat=None, **overrides):
    data = {
        "contact": contact,
        "collectivity": settat.pk,
        "identity_checked": "on",
        "consent_method": "signed_paper",
        "consent_given": "on",
        "purpose": "Commenter une pétition",
    }
    data.update(overrides)
    return client.post(DESK, {k: v for k, v in data.items() if v is not None})


def test_consent_and_identity_check_are_required(client, rachid, amina, settat):
    client.force_login(rachid)
    no_consent = start(client, settat=settat, consent_given=None)
    assert no_consent.status_code == 422 and "must agree" in no_consent.content.decode()
    no_id = start(client, settat=settat, identity_checked=None)
    assert no_id.status_code == 422 and "CNIE" in no_id.content.decode()
    assert not AssistedSession.objects.exists() and SESSION_KEY not in client.session


def test_rachid_acts_for_amina_and_every_audit_entry_names_both(client, rachid, amina, settat, petition):
    client.force_login(rachid)
    response = start(client, settat=settat)
    assert response.status_code == 302
    session = AssistedSession.objects.get()
    assert session.person == amina and session.consent_method == "signed_paper" and session.consent_at
    assert session.expires_at - session.started_at == dt.timedelta(minutes=30)
    started = AuditEntry.objects.get(action="assisted.start")
    assert started.actor == rachid and "أمينة" in started.changes["after"]["person"]

    page = client.get(petition.get_absolute_url()).content.decode()
    assert 'id="assisted-banner"' in page and "is acting for" in page

    client.post(
        reverse("comments:post", args=["petitions.petition", petition.pk]), {"text": "Au nom d'Amina, au guichet."}
    )
    comment = Comment.objects.get()
    assert comment.author == amina
    entry = AuditEntry.objects.get(action="comment.post")
    assert entry.actor == amina
    assert entry.changes["assisted"] == {
        "staff": rachid.audit_label,
        "person": amina.audit_label,
        "session": session.pk,
    }


def test_the_desk_itself_runs_as_the_agent_who_can_stop(client, rachid, amina, settat):
    client.force_login(rachid)
    start(client, settat=settat)
    desk = client.get(DESK)
    assert desk.status_code == 200 and "You are acting for" in desk.content.decode()
    client.post("/s/desk/stop/")
    session = AssistedSession.objects.get()
    assert session.ended_at is not None and SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(action="assisted.stop", actor=rachid).exists()
    assert 'id="assisted-banner"' not in client.get("/fr/petitions/").content.decode()


def test_the_session_expires_after_thirty_minutes(client, rachid, amina, settat, petition):
    with freeze_time("2026-03-02 09:00:00"):
        client.force_login(rachid)
        start(client, settat=settat)
    with freeze_time("2026-03-02 09:31:00"):
        page = client.get(petition.get_absolute_url()).content.decode()
        assert 'id="assisted-banner"' not in page
        client.post(reverse("comments:post", args=["petitions.petition", petition.pk]), {"text": "trop tard"})
    assert not Comment.objects.filter(author=amina).exists()
    session = AssistedSession.objects.get()
    assert session.ended_at == session.expires_at
    assert AuditEntry.objects.filter(action="assisted.expire").exists()


def test_only_residents_of_the_agents_collectivity_and_never_staff(client, rachid, youssef, said, settat):
    client.force_login(rachid)
    other_commune = start(client, contact="+212612345678", settat=settat)
    assert other_commune.status_code == 422 and "does not live in this collectivity" in other_commune.content.decode()
    staff = start(client, contact="said@demo.tadafur.ma", settat=settat)
    assert staff.status_code == 422 and "Staff accounts" in staff.content.decode()
    assert not AssistedSession.objects.exists()


def test_citizens_and_other_roles_have_no_desk(client, amina, said):
    for person in (amina, said):
        client.force_login(person)
        assert client.get(DESK).status_code == 403


def test_the_person_receives_a_receipt_of_the_session(
    client, rachid, amina, settat, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(rachid)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, settat=settat)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["amina@demo.tadafur.ma"]
    assert rachid.public_name in mailoutbox[0].body
