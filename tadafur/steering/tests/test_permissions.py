"""Hassan runs his province's committee and no other; another province's staff cannot run his."""

import pytest

from tadafur.accounts.roles import Role
from tadafur.accounts.services import role_grant
from tadafur.accounts.tests.factories import UserFactory
from tadafur.core.errors import NotAllowed
from tadafur.steering import permissions, services
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_province():
    return Territory.objects.filter(level="province").exclude(code="06.461").order_by("code").first()


def test_hassan_manages_his_province_only(hassan, committee, settat_province, other_province):
    assert permissions.can_manage(hassan, committee)
    assert permissions.can_manage(hassan, settat_province)
    assert not permissions.can_manage(hassan, other_province)
    with pytest.raises(NotAllowed):
        services.committee_create(collectivity=other_province, name_ar="x", name_fr="y", actor=hassan)


def test_another_provinces_staff_cannot_run_settats_committee(committee, other_province, settat):
    agent = UserFactory()
    role_grant(user=agent, role=Role.STAFF_AGENT, collectivity=other_province, actor=None, check_permission=False)
    assert not permissions.can_manage(agent, committee)
    with pytest.raises(NotAllowed):
        services.recommendation_propose(
            committee=committee,
            title="x",
            text="y",
            collectivity=settat,
            responsible="z",
            due_date=settat_due(),
            actor=agent,
        )


def test_a_commune_role_does_not_run_the_provinces_committee(committee, rachid, said):
    assert not permissions.can_manage(rachid, committee)
    assert not permissions.can_manage(said, committee)


def test_internal_meetings_are_seen_by_members_with_an_account(committee, members, said, amina):
    assert permissions.can_see_internal(said, committee)  # a member, not a manager
    assert not permissions.can_see_internal(amina, committee)


def settat_due():
    import datetime as dt

    return dt.date(2030, 1, 1)
