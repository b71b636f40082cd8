"""The one authorisation layer: every check returns a Decision with a human reason.

Each collectivity-scoped action is declared once in ACTIONS with the roles that may do it in
their own collectivity; the platform administrator may do all of them everywhere. Later modules
register their own actions with `register_action` so that the role-matrix test
(tadafur/accounts/tests/test_role_matrix.py) covers them too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tadafur.accounts import selectors
from tadafur.accounts.roles import STAFF_ROLES, Role
from tadafur.core.decisions import Decision

Check = Callable[[Any, Any], Decision]


@dataclass(frozen=True)
class Action:
    name: str
    check: Check
    roles: frozenset[str]
    description: str | Promise = ""


ACTIONS: dict[str, Action] = {}


def register_action(
    name: str, roles: frozenset[str] | set[str], description: str | Promise = ""
) -> Callable[[Check], Check]:
    def decorator(fn: Check) -> Check:
        ACTIONS[name] = Action(name=name, check=fn, roles=frozenset(roles), description=description)
        return fn

    return decorator


def scoped_role_decision(user: Any, collectivity: Any, roles: frozenset[str], reason: str | Promise) -> Decision:
    """Allow when `user` holds one of `roles` in exactly `collectivity` (or is a platform
    administrator); otherwise deny with `reason`. Every module's role checks go through here."""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    if selectors.is_platform_admin(user):
        return Decision.allow(_("Platform administrators act for every collectivity."))
    if collectivity is not None and selectors.has_any_role(user, roles, collectivity):
        return Decision.allow()
    return Decision.deny(reason)


ROLL_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
IN_PERSON_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})
MANAGE_ROLES = frozenset({Role.COLLECTIVITY_ADMIN})
VIEW_ROLES = frozenset(STAFF_ROLES - {Role.PLATFORM_ADMIN})
AUDIT_ROLES = frozenset({Role.COLLECTIVITY_ADMIN})


@register_action("import_roll", ROLL_ROLES, _("Import the electoral roll or census list"))
def can_import_roll(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        ROLL_ROLES,
        _("Only the staff agents and administrators of this collectivity can import its roll."),
    )


@register_action("verify_in_person", IN_PERSON_ROLES, _("Verify a resident in person"))
def can_verify_in_person(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        IN_PERSON_ROLES,
        _("Only the help-desk staff of this collectivity can verify its residents in person."),
    )


@register_action("view_roles", VIEW_ROLES, _("See who holds which role"))
def can_view_roles(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user, collectivity, VIEW_ROLES, _("Only the staff of this collectivity can see its role assignments.")
    )


@register_action("manage_roles", MANAGE_ROLES, _("Invite staff and revoke roles"))
def can_manage_roles(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        MANAGE_ROLES,
        _("Only the administrators of this collectivity can invite staff or revoke roles."),
    )


@register_action("read_audit_log", AUDIT_ROLES, _("Read the audit log"))
def can_read_audit_log(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user, collectivity, AUDIT_ROLES, _("Only the administrators of this collectivity can read its audit log.")
    )


def can_grant_role(user: Any, collectivity: Any, role: str) -> Decision:
    """Granting the platform administrator role is kept to platform administrators."""
    if role == Role.PLATFORM_ADMIN and not selectors.is_platform_admin(user):
        return Decision.deny(_("Only a platform administrator can name another one."))
    return can_manage_roles(user, collectivity)


def can_self_verify(user: Any, collectivity: Any) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if collectivity is None or not collectivity.is_collectivity:
        return Decision.deny(_("Choose a commune, province or region."))
    if user.is_resident_verified and user.resident_of_id == collectivity.pk:
        return Decision.deny(_("You are already verified as a resident of this collectivity."))
    from tadafur.accounts.selectors import current_roll

    if current_roll(collectivity) is None:
        return Decision.deny(
            _("This collectivity has not imported its roll yet: ask for an in-person check at its help desk.")
        )
    return Decision.allow()
