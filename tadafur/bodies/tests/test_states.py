"""Every allowed and forbidden move of every state table, through core.states.transition."""

import datetime as dt
import itertools

import pytest

from tadafur.bodies.models import FollowUp, Meeting, Opinion, Referral
from tadafur.bodies.states import (
    FOLLOWUP_TRANSITIONS,
    MEETING_TRANSITIONS,
    OPINION_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    FollowUpStatus,
    MeetingStatus,
    OpinionStatus,
    ReferralStatus,
)
from tadafur.core import clock
from tadafur.core.errors import InvalidTransition
from tadafur.core.models import AuditEntry
from tadafur.core.states import transition


def _make(kind, body, status):
    if kind == "meeting":
        return Meeting.objects.create(
            collectivity=body.collectivity,
            organiser_type="bodies.body",
            organiser_id=body.pk,
            title="t",
            starts_at=clock.now(),
            place="p",
            status=status,
        )
    if kind == "referral":
        return Referral.objects.create(body=body, title="t", question="q", deadline=dt.date(2030, 1, 1), status=status)
    opinion = Opinion.objects.create(body=body, title="t", text="x", status=status if kind == "opinion" else "answered")
    if kind == "opinion":
        return opinion
    return FollowUp.objects.create(
        opinion=opinion, title="t", owner_label="o", due_date=dt.date(2030, 1, 1), status=status
    )


TABLES = {
    "meeting": (MEETING_TRANSITIONS, MeetingStatus.values),
    "referral": (REFERRAL_TRANSITIONS, ReferralStatus.values),
    "opinion": (OPINION_TRANSITIONS, OpinionStatus.values),
    "followup": (FOLLOWUP_TRANSITIONS, FollowUpStatus.values),
}
CASES = [
    (kind, source, target, target in table.get(source, ()))
    for kind, (table, states) in TABLES.items()
    for source, target in itertools.product(states, states)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "source", "target", "allowed"), CASES, ids=lambda v: str(v))
def test_every_transition(kind, source, target, allowed, ieecag):
    obj = _make(kind, ieecag, source)
    if not allowed:
        with pytest.raises(InvalidTransition):
            transition(obj, target, table=TABLES[kind][0], actor=None)
        obj.refresh_from_db()
        assert obj.status == source
        return
    moved = transition(obj, target, table=TABLES[kind][0], actor=None, collectivity=ieecag.collectivity)
    moved.refresh_from_db()
    assert moved.status == target
    assert getattr(moved, f"{target}_at") is not None, "each state is stamped"
    assert AuditEntry.objects.filter(action=f"{moved._meta.model_name}.{target}", object_id=str(moved.pk)).exists()


def test_the_happy_paths_the_issue_names():
    assert MeetingStatus.HELD in MEETING_TRANSITIONS[MeetingStatus.PLANNED]
    assert MeetingStatus.MINUTES_PUBLISHED in MEETING_TRANSITIONS[MeetingStatus.HELD]
    assert MeetingStatus.CANCELLED in MEETING_TRANSITIONS[MeetingStatus.PLANNED]
    assert MEETING_TRANSITIONS[MeetingStatus.CANCELLED] == set()
