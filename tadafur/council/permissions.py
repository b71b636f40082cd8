"""Who may plan, publish and record council sessions.

The president convenes the council and sets the agenda (OL 113.14 art. 35); the collectivity's
staff prepare and record it for him. Recording the deliberation on a point that carries an
accepted petition also needs the petition's own permission (`petition.deliberate`: the
president), checked by the petitions service that the council service calls.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core.decisions import Decision

MANAGE_ROLES = frozenset({Role.STAFF_AGENT, Role.COUNCIL_PRESIDENT, Role.COLLECTIVITY_ADMIN})


@register_action("council.manage_sessions", MANAGE_ROLES, _("Plan council sessions, publish and record them"))
def can_manage_sessions(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        MANAGE_ROLES,
        _("Only the president and the staff of this collectivity can plan and record its council's sessions."),
    )


def can_manage_council(user: Any, council: Any) -> Decision:
    """The meetings component's check, given the organiser (a Council)."""
    return can_manage_sessions(user, council.collectivity)


def can_see_internal(user: Any, council: Any) -> Decision:
    """A session whose agenda is not yet published is seen by those who prepare it."""
    if can_manage_council(user, council):
        return Decision.allow()
    return Decision.deny(_("This session's agenda is not published yet."))
