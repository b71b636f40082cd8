"""Who may do what with the steering committee. Every check returns a Decision with its reason.

The committee belongs to a province: its steering members (Hassan), staff agents and
administrators manage it there, and nowhere else. Progress on a recommendation may also be
reported by the council and staff of the collectivity the recommendation concerns.

Both registered checks take a Committee (or a Recommendation) or, as the role matrix does, a
collectivity directly.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core.decisions import Decision

MANAGE_ROLES = frozenset({Role.STEERING_MEMBER, Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
REPORT_ROLES = frozenset({Role.COUNCIL_PRESIDENT, Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


def _province_of(target: Any) -> Any:
    from tadafur.steering.models import Committee, Recommendation

    if isinstance(target, Recommendation):
        return target.committee.collectivity
    if isinstance(target, Committee):
        return target.collectivity
    return target


@register_action("steering.manage", MANAGE_ROLES, _("Run the steering committee: members, meetings, recommendations"))
def can_manage(user: Any, target: Any) -> Decision:
    return scoped_role_decision(
        user,
        _province_of(target),
        MANAGE_ROLES,
        _("Only the steering members, staff and administrators of this province can run its steering committee."),
    )


@register_action(
    "steering.report_progress", REPORT_ROLES, _("Report progress on a recommendation concerning the collectivity")
)
def can_report_for(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        REPORT_ROLES,
        _("Only the council and staff of the collectivity concerned can report progress on this recommendation."),
    )


def can_add_note(user: Any, recommendation: Any) -> Decision:
    """The committee's managers, or the council and staff of the collectivity concerned."""
    managed = can_manage(user, recommendation)
    if managed:
        return managed
    reported = can_report_for(user, recommendation.collectivity)
    return reported if reported else managed


def can_see_internal(user: Any, committee: Any) -> Decision:
    """Internal meetings are seen by the committee's managers and by its members' accounts."""
    managed = can_manage(user, committee)
    if managed:
        return managed
    if getattr(user, "is_authenticated", False) and committee.members.active().filter(user=user).exists():
        return Decision.allow()
    return Decision.deny(_("This meeting is internal to the steering committee."))
