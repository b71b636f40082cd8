"""The role matrix of the associations actions: every role × (seat collectivity, another one)."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.accounts.models import RoleAssignment
from tadafur.accounts.roles import Role
from tadafur.associations.permissions import (
    ASSOCIATION_ACTIONS,
    can_act_for,
    can_edit_association,
    can_verify_association,
)
from tadafur.associations.states import VerificationStatus
from tadafur.associations.tests.conftest import make_association, make_user

pytestmark = pytest.mark.django_db

REGISTRY_STAFF = {Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN}


def expected(action: str, role: str, where: str) -> bool:
    """What a person holding only `role` (in the seat or elsewhere) may do with an association they
    do not represent."""
    if action == "association.register":
        return True  # any logged-in person
    if action in {"association.edit", "association.verify", "association.review"}:
        return role == Role.PLATFORM_ADMIN or (role in REGISTRY_STAFF and where == "seat")
    if action == "association.act_for":
        return False  # only a representative acts for it, whatever role they hold
    raise AssertionError(f"no expectation for {action}")


@pytest.mark.parametrize("where", ["seat", "other"])
@pytest.mark.parametrize("role", list(Role.values))
def test_role_matrix(settat: Any, oulad_said: Any, role: str, where: str) -> None:
    association = make_association(seat=settat)
    user = make_user(f"u-{role}")
    scope = None if role == Role.PLATFORM_ADMIN else (settat if where == "seat" else oulad_said)
    RoleAssignment.objects.create(user=user, role=role, collectivity=scope)
    for name, check, _description in ASSOCIATION_ACTIONS:
        decision = check(user, association)
        assert decision.ok is expected(name, role, where), (name, role, where)
        if not decision.ok:
            assert str(decision.reason)


def test_anonymous_visitor_may_do_nothing(settat: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    association = make_association(seat=settat)
    for _name, check, _description in ASSOCIATION_ACTIONS:
        decision = check(AnonymousUser(), association)
        assert not decision.ok
        assert str(decision.reason)


def test_khadija_edits_and_acts_for_her_verified_association(nisaa: Any, khadija: Any) -> None:
    assert can_edit_association(khadija, nisaa).ok
    assert can_act_for(khadija, nisaa).ok
    assert not can_verify_association(khadija, nisaa).ok


def test_khadija_cannot_act_before_verification(khadija: Any, settat: Any) -> None:
    association = make_association(seat=settat, representative=khadija, status=VerificationStatus.UNVERIFIED)
    decision = can_act_for(khadija, association)
    assert not decision.ok
    assert "verified" in str(decision.reason)


def test_a_staff_agent_who_represents_the_association_cannot_verify_it(nisaa: Any, khadija: Any, settat: Any) -> None:
    RoleAssignment.objects.create(user=khadija, role=Role.STAFF_AGENT, collectivity=settat)
    decision = can_verify_association(khadija, nisaa)
    assert not decision.ok
    assert "represent" in str(decision.reason)


def test_an_ended_mandate_no_longer_acts(nisaa: Any, khadija: Any) -> None:
    import datetime as dt

    nisaa.representatives.update(until=dt.date(2022, 1, 1))
    assert not can_act_for(khadija, nisaa).ok
    assert not can_edit_association(khadija, nisaa).ok


def test_a_revoked_staff_role_no_longer_verifies(nisaa: Any, rachid: Any) -> None:
    from django.utils import timezone

    assert can_verify_association(rachid, nisaa).ok
    RoleAssignment.objects.filter(user=rachid).update(revoked_at=timezone.now())
    assert not can_verify_association(rachid, nisaa).ok
