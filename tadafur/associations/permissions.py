"""Who may do what with associations. Every check returns a Decision with a reason to show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.roles import Role
from tadafur.accounts.selectors import has_any_role, is_platform_admin
from tadafur.associations.models import Association, Representative
from tadafur.associations.states import VerificationStatus
from tadafur.core.decisions import Decision

# Staff of a collectivity who keep its registry of associations.
REGISTRY_STAFF_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


def is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_active_representative(user: Any, association: Association) -> bool:
    if not is_authenticated(user) or association.pk is None:
        return False
    return Representative.objects.active().filter(association=association, user=user).exists()


def is_registry_staff(user: Any, collectivity: Any) -> bool:
    """Staff agent or collectivity administrator of exactly this collectivity, or platform admin."""
    return is_platform_admin(user) or has_any_role(user, REGISTRY_STAFF_ROLES, collectivity)


def can_register_association(user: Any) -> Decision:
    if not is_authenticated(user):
        return Decision.deny(_("Log in to register an association."))
    return Decision.allow()


def can_edit_association(user: Any, association: Association) -> Decision:
    if not is_authenticated(user):
        return Decision.deny(_("Log in to edit an association."))
    if is_active_representative(user, association):
        return Decision.allow()
    if is_registry_staff(user, association.seat):
        return Decision.allow()
    return Decision.deny(
        _("Only a legal representative of the association or the staff of its seat collectivity can edit it.")
    )


def can_verify_association(user: Any, association: Association) -> Decision:
    if not is_authenticated(user):
        return Decision.deny(_("Log in to verify associations."))
    if not is_registry_staff(user, association.seat):
        return Decision.deny(_("Only the staff of the association's seat collectivity can verify it."))
    if is_active_representative(user, association):
        # Nobody verifies the association they represent.
        return Decision.deny(_("You represent this association, so another staff member must verify it."))
    return Decision.allow()


def can_review_collectivity(user: Any, collectivity: Any) -> Decision:
    """May the user see the verification queue of this collectivity?"""
    if not is_authenticated(user):
        return Decision.deny(_("Log in to review associations."))
    if not is_registry_staff(user, collectivity):
        return Decision.deny(_("Only the staff of this collectivity can review its associations."))
    return Decision.allow()


def can_act_for(user: Any, association: Association) -> Decision:
    """Act on behalf of the association (file a petition, propose a project...)."""
    if not is_active_representative(user, association):
        return Decision.deny(_("Only a legal representative of the association can act on its behalf."))
    if association.status != VerificationStatus.VERIFIED:
        return Decision.deny(_("The association must be verified by its seat collectivity before it can act."))
    return Decision.allow()


CheckFn = Callable[[Any, Association], Decision]

# (action name, check(user, association), description) for the platform's role-matrix test.
# Every check takes the association whose seat is the collectivity under test.
ASSOCIATION_ACTIONS: list[tuple[str, CheckFn, str]] = [
    (
        "association.register",
        lambda user, association: can_register_association(user),
        "Register an association",
    ),
    ("association.edit", can_edit_association, "Edit an association's registry entry"),
    ("association.verify", can_verify_association, "Verify or reject an association"),
    (
        "association.review",
        lambda user, association: can_review_collectivity(user, association.seat),
        "See the verification queue of the seat collectivity",
    ),
    ("association.act_for", can_act_for, "Act on behalf of an association"),
]
