"""Who may do what with information requests. Every check returns a Decision with its reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core.decisions import Decision

# The collectivity's information officer is a staff member (Law 31.13, art. 12: a designated
# person in charge); administrators stand in.
HANDLE_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


@register_action("inforequest.handle", HANDLE_ROLES, _("Handle information requests (acknowledge, answer, refuse)"))
def can_handle(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        HANDLE_ROLES,
        _("Only the staff of this collectivity can handle its information requests."),
    )


def can_file(user: Any, collectivity: Any) -> Decision:
    """Anyone with an open account may ask (art. 3: citizens and legal residents); free of charge."""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    return Decision.allow()


def can_see_private(user: Any, request: Any) -> Decision:
    """The requester and the collectivity's staff see the request as filed, with the identity."""
    if getattr(user, "is_authenticated", False) and request.requester_id == user.pk:
        return Decision.allow()
    if can_handle(user, request.collectivity):
        return Decision.allow()
    return Decision.deny(_("Only the requester and the collectivity's staff see the request as filed."))


def can_withdraw(user: Any, request: Any) -> Decision:
    if getattr(user, "is_authenticated", False) and request.requester_id == user.pk:
        return Decision.allow()
    return Decision.deny(_("Only the requester can withdraw the request."))
