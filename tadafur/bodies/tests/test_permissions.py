"""Fatima acts for HER body only; Said answers for his council; Amina reads what is public."""

import pytest

from tadafur.bodies import meetings, permissions, services
from tadafur.bodies.rules import BodyKind
from tadafur.bodies.tests.conftest import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue_space(settat, rachid):
    return services.body_create(
        collectivity=settat,
        kind=BodyKind.DIALOGUE,
        name_ar="فضاء الحوار",
        name_fr="Espace de dialogue",
        actor=rachid,
    )


def test_fatima_manages_her_body_and_not_another_body_of_the_same_commune(members, ieecag, dialogue_space, fatima):
    assert permissions.can_manage_meetings(fatima, ieecag)
    assert permissions.can_draft_opinion(fatima, ieecag)
    denied = permissions.can_draft_opinion(fatima, dialogue_space)
    assert not denied and "secretary of this body" in str(denied.reason)
    assert not permissions.can_manage_meetings(fatima, dialogue_space)


def test_a_secretary_of_oulad_said_is_not_secretary_of_settat(ieecag, oulad_said, rachid, members):
    from tadafur.accounts.roles import Role
    from tadafur.accounts.services import role_grant
    from tadafur.accounts.tests.factories import UserFactory

    other = UserFactory()
    role_grant(
        user=other,
        role=Role.BODY_SECRETARY,
        collectivity=oulad_said,
        actor=None,
        body=("bodies.body", ieecag.pk),
        check_permission=False,
    )
    assert not permissions.can_manage_meetings(other, ieecag)


def test_a_plain_member_cannot_draft_but_sees_internal_meetings(ieecag, rachid, amina, members):
    add_member(ieecag, rachid, "أمينة", user=amina)
    assert not permissions.can_draft_opinion(amina, ieecag)
    assert permissions.can_see_internal(amina, ieecag)


def test_said_refers_and_answers_for_his_collectivity_only(ieecag, said, oulad_said):
    assert permissions.can_refer(said, ieecag.collectivity)
    assert permissions.can_answer_opinion(said, ieecag.collectivity)
    assert not permissions.can_answer_opinion(said, oulad_said)
    assert not permissions.can_manage_meetings(said, ieecag)


def test_amina_only_sees_public_meetings(ieecag, members, fatima, amina):
    import datetime as dt

    from tadafur.core import clock

    internal = meetings.meeting_plan(
        organiser=ieecag,
        title="داخلي",
        starts_at=clock.now() + dt.timedelta(days=3),
        place="x",
        is_public=False,
        actor=fatima,
    )
    public = meetings.meeting_plan(
        organiser=ieecag,
        title="عمومي",
        starts_at=clock.now() + dt.timedelta(days=3),
        place="x",
        is_public=True,
        actor=fatima,
    )
    assert meetings.can_see(amina, public)
    assert not meetings.can_see(amina, internal)
    assert meetings.can_see(fatima, internal)
    assert not permissions.can_create_body(amina, ieecag.collectivity)
