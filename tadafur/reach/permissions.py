"""Who may open an assisted session at the help desk."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts import selectors as accounts
from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import STAFF_ROLES, Role
from tadafur.core.decisions import Decision

ASSIST_ROLES = frozenset({Role.STAFF_AGENT})


@register_action("reach.assist", ASSIST_ROLES, _("Act for a person at the help desk, with their consent"))
def can_assist(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        ASSIST_ROLES,
        _("Only the help-desk staff of this collectivity can act for its residents."),
    )


def can_assist_person(user: Any, collectivity: Any, person: Any) -> Decision:
    """The agent may act for `person` only in their own collectivity, for one of its residents,
    and never for someone who holds a staff role (that would borrow an institution's powers)."""
    decision = can_assist(user, collectivity)
    if not decision:
        return decision
    if person is None or not person.is_active or person.closed_at:
        return Decision.deny(_("No active account has this email or phone."))
    if person.pk == user.pk:
        return Decision.deny(_("You cannot assist yourself."))
    if person.resident_of_id != collectivity.pk and person.residence_id != collectivity.pk:
        return Decision.deny(
            _("This person does not live in this collectivity: their own commune's help desk assists them.")
        )
    if accounts.active_assignments(person).filter(role__in=STAFF_ROLES).exists():
        return Decision.deny(_("Staff accounts cannot be used in an assisted session."))
    return Decision.allow()
