"""Who may do what with consultative bodies. Every check returns a Decision with its reason.

Collectivity-wide actions (create a body, refer a question, answer an opinion, update the
follow-up) are registered in accounts' action registry so that the role matrix covers them.
Body-scoped actions (manage meetings, draft and adopt opinions) take a Body: the secretary acts
for HER body only. Given a collectivity instead (as the role matrix does), they answer whether
the user is a secretary of some body there.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts import selectors
from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core.decisions import Decision

CREATE_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
# The council acts through its president and bureau (OL 113.14: the president executes the
# council's deliberations); both may refer questions and give the council's answer.
COUNCIL_ROLES = frozenset({Role.COUNCIL_PRESIDENT, Role.BUREAU_MEMBER})
FOLLOWUP_ROLES = frozenset({Role.COUNCIL_PRESIDENT, Role.BUREAU_MEMBER, Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
SECRETARY_ROLES = frozenset({Role.BODY_SECRETARY})


@register_action("body.create", CREATE_ROLES, _("Create a consultative body and name its members"))
def can_create_body(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        CREATE_ROLES,
        _("Only the staff and administrators of this collectivity can set up its bodies and name their members."),
    )


@register_action("body.refer", COUNCIL_ROLES, _("Refer a question to a consultative body"))
def can_refer(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        COUNCIL_ROLES,
        _("Only the president and bureau of this collectivity's council can refer questions to its bodies."),
    )


@register_action("body.answer_opinion", COUNCIL_ROLES, _("Give the council's answer to an opinion"))
def can_answer_opinion(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        COUNCIL_ROLES,
        _("Only the president and bureau of this collectivity's council can answer its bodies' opinions."),
    )


@register_action("body.update_followup", FOLLOWUP_ROLES, _("Update the follow-up of accepted opinions"))
def can_update_followup(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        FOLLOWUP_ROLES,
        _("Only the council and staff of this collectivity can update the follow-up of accepted opinions."),
    )


def _secretary(user: Any, target: Any, reason: Any) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    if selectors.is_platform_admin(user):
        return Decision.allow(_("Platform administrators act for every collectivity."))
    if target is None:
        return Decision.deny(reason)
    from tadafur.bodies.models import Body

    if isinstance(target, Body):
        if selectors.has_role(user, Role.BODY_SECRETARY, target.collectivity, body=target.scope):
            return Decision.allow()
        return Decision.deny(reason)
    if selectors.has_any_role(user, SECRETARY_ROLES, target):
        return Decision.allow()
    return Decision.deny(reason)


@register_action("body.manage_meetings", SECRETARY_ROLES, _("Plan and record the meetings of a body"))
def can_manage_meetings(user: Any, body: Any) -> Decision:
    return _secretary(user, body, _("Only the secretary of this body can plan and record its meetings."))


@register_action("body.draft_opinion", SECRETARY_ROLES, _("Draft and adopt the opinions of a body"))
def can_draft_opinion(user: Any, body: Any) -> Decision:
    return _secretary(user, body, _("Only the secretary of this body can draft and record its opinions."))


def can_see_internal(user: Any, body: Any) -> Decision:
    """Internal meetings are seen by the body's members and secretary, and by its collectivity's
    staff and council."""
    if (
        can_manage_meetings(user, body)
        or can_create_body(user, body.collectivity)
        or can_refer(user, body.collectivity)
    ):
        return Decision.allow()
    if getattr(user, "is_authenticated", False) and selectors.has_role(
        user, Role.BODY_MEMBER, body.collectivity, body=body.scope
    ):
        return Decision.allow()
    return Decision.deny(_("This meeting is internal to the body."))
