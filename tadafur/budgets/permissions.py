"""Who may do what in participatory budgets; every answer carries its reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts import selectors as accounts
from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.budgets import phases
from tadafur.core import clock
from tadafur.core.decisions import Decision

MANAGE_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
REVIEW_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
GENDER_REVIEW_ROLES = frozenset({Role.BODY_SECRETARY, Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
DESK_ROLES = frozenset({Role.STAFF_AGENT})


def _collectivity(target: Any) -> Any:
    """Checks take a collectivity (the role matrix) or a cycle."""
    return getattr(target, "collectivity", target)


@register_action("budget.manage", MANAGE_ROLES, _("Run participatory budget cycles and compute their results"))
def can_manage(user: Any, target: Any) -> Decision:
    return scoped_role_decision(
        user,
        _collectivity(target),
        MANAGE_ROLES,
        _("Only the staff of this collectivity can run its participatory budget."),
    )


@register_action("budget.review", REVIEW_ROLES, _("Review budget proposals technically"))
def can_review(user: Any, target: Any) -> Decision:
    return scoped_role_decision(
        user,
        _collectivity(target),
        REVIEW_ROLES,
        _("Only the staff of this collectivity can review proposals technically."),
    )


@register_action(
    "budget.gender_review", GENDER_REVIEW_ROLES, _("Give budget proposals their gender marker and analysis")
)
def can_gender_review(user: Any, target: Any) -> Decision:
    """Staff, or the secretary of the collectivity's equality body (IEECAG, هيئة المساواة).

    Given a collectivity (the role matrix), a body secretary there qualifies; given a cycle, only
    the secretary of that collectivity's IEECAG does."""
    collectivity = _collectivity(target)
    reason = _("Only the equality body's secretary or the staff of this collectivity can do the gender review.")
    staff = scoped_role_decision(user, collectivity, frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN}), reason)
    if staff or not getattr(user, "is_authenticated", False) or not user.is_active:
        return staff
    if collectivity is target:
        return scoped_role_decision(user, collectivity, frozenset({Role.BODY_SECRETARY}), reason)
    from tadafur.bodies.models import Body
    from tadafur.bodies.rules import BodyKind

    body = Body.objects.filter(collectivity=collectivity, kind=BodyKind.IEECAG).first()
    if body is not None and accounts.has_role(user, Role.BODY_SECRETARY, collectivity, body=body.scope):
        return Decision.allow()
    return Decision.deny(reason)


@register_action("budget.desk", DESK_ROLES, _("Record assisted and paper budget ballots at the help desk"))
def can_record_ballots(user: Any, target: Any) -> Decision:
    return scoped_role_decision(
        user,
        _collectivity(target),
        DESK_ROLES,
        _("Only the help-desk staff of this collectivity can record ballots for voters."),
    )


def can_propose(user: Any, cycle: Any) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not phases.grants(cycle, phases.PROPOSE):
        return Decision.deny(_("Proposals are not open in this cycle now."))
    if not (user.is_resident_verified and user.resident_of_id == cycle.collectivity_id):
        return Decision.deny(_("Only verified residents of this collectivity can propose projects."))
    return Decision.allow()


def voter_age(user: Any, year: int | None = None) -> int | None:
    """Age reached during the current year (accounts keep the birth year only)."""
    if not user.birth_year:
        return None
    return (year or clock.today().year) - user.birth_year


def voter_eligibility(user: Any, cycle: Any) -> Decision:
    """May this person vote in this cycle, whatever the phase? (resident-verified here, old enough)"""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    if not (user.is_resident_verified and user.resident_of_id == cycle.collectivity_id):
        return Decision.deny(_("Only verified residents of this collectivity can vote in its participatory budget."))
    age = voter_age(user)
    if age is None:
        return Decision.deny(_("Add your birth year to your profile: voting has a minimum age."))
    if age < cycle.min_voter_age:
        return Decision.deny(
            _("You must be at least %(age)d years old to vote in this cycle.") % {"age": cycle.min_voter_age}
        )
    return Decision.allow()


def can_vote(user: Any, cycle: Any) -> Decision:
    if not phases.grants(cycle, phases.VOTE):
        return Decision.deny(_("The vote is not open in this cycle now."))
    return voter_eligibility(user, cycle)
