"""Who may do what with co-creation calls. Every check returns a Decision with its reason.

Collectivity-wide actions are registered in accounts' action registry (role matrix):
staff run the call (manage), the council president and staff record the selection (select),
and staff and the council see every application of their collectivity's calls (see_applications).
Object-level rules are below: an association representative sees only her association's
applications; a reviewer sees only the applications assigned to her.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.associations.permissions import can_act_for
from tadafur.core.decisions import Decision

MANAGE_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
SELECT_ROLES = frozenset({Role.COUNCIL_PRESIDENT, Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
SEE_ROLES = frozenset({Role.COUNCIL_PRESIDENT, Role.BUREAU_MEMBER, Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


@register_action("cocreation.manage", MANAGE_ROLES, _("Run a co-creation call: publish, answer, assign reviewers"))
def can_manage(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        MANAGE_ROLES,
        _("Only the staff and administrators of this collectivity can run its co-creation calls."),
    )


@register_action("cocreation.select", SELECT_ROLES, _("Record the selection of co-creation projects"))
def can_select(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        SELECT_ROLES,
        _("Only the council president and the staff of this collectivity can record the selection."),
    )


@register_action("cocreation.see_applications", SEE_ROLES, _("See every application to a co-creation call"))
def can_see_applications(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        SEE_ROLES,
        _("Only the council and staff of this collectivity can see every application to its calls."),
    )


def can_apply(user: Any, association: Any) -> Decision:
    """Drafting and submitting is for a legal representative of a verified association."""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    return can_act_for(user, association)


def can_edit_application(user: Any, application: Any) -> Decision:
    if application.status != "draft":
        return Decision.deny(_("A submitted application can no longer be changed."))
    return can_apply(user, application.association)


def is_assigned(user: Any, application: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return application.assignments.filter(reviewer=user).exclude(conflict="conflict").exists()


def can_view_application(user: Any, application: Any) -> Decision:
    """Her association's representative, the reviewers assigned to it (without a declared
    conflict, and only once submitted), and the council and staff of the call's collectivity."""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    from tadafur.associations.permissions import is_active_representative

    if is_active_representative(user, application.association):
        return Decision.allow()
    if application.status != "draft":
        if can_see_applications(user, application.call.collectivity):
            return Decision.allow()
        if is_assigned(user, application):
            return Decision.allow()
    return Decision.deny(
        _("Only the association, its assigned reviewers and the call's staff can see this application.")
    )


def can_score(user: Any, assignment: Any) -> Decision:
    if not getattr(user, "is_authenticated", False) or assignment.reviewer_id != user.pk:
        return Decision.deny(_("Only the reviewer assigned to this application can score it."))
    if assignment.application.call.status != "in_review":
        return Decision.deny(_("Scores are given while the call is in review."))
    if assignment.conflict == "conflict":
        return Decision.deny(_("You declared a conflict of interest: you cannot score this application."))
    if assignment.conflict != "none":
        return Decision.deny(_("Declare first whether you have a conflict of interest with this application."))
    return Decision.allow()


def can_report(user: Any, agreement: Any) -> Decision:
    return can_apply(user, agreement.application.association)
