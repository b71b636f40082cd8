"""Who may do what with action programmes; every check returns a Decision with its reason.

Editing a programme (phases, diagnosis, axes, projects, adoption, follow-up) belongs to the
collectivity's staff, administrators and council president (who prepares the programme, OL
113.14 art. 78). Taking part in the consultation belongs to verified residents, and only while
the window is open.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core import clock
from tadafur.core.decisions import Decision
from tadafur.programmes import rules

EDIT_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN, Role.COUNCIL_PRESIDENT})


@register_action("programme.edit", EDIT_ROLES, _("Prepare and follow up the action programme"))
def can_edit_programme(user: Any, target: Any) -> Decision:
    """`target` is a Programme or a collectivity."""
    collectivity = getattr(target, "collectivity", target)
    return scoped_role_decision(
        user,
        collectivity,
        EDIT_ROLES,
        _("Only the staff, administrators and council president of this collectivity can edit its programme."),
    )


def _lives_in(user: Any, collectivity: Any) -> bool:
    """A resident of a commune takes part in its programme and in those of its province and region."""
    place = user.resident_of
    while place is not None:
        if place.pk == collectivity.pk:
            return True
        place = place.parent
    return False


def can_participate(user: Any, programme: Any, today: Any = None) -> Decision:
    """Comment on and rank the priorities: a verified resident, during the consultation window."""
    today = today or clock.today()
    if not rules.consultation_open(
        phase=programme.phase,
        opens=programme.consultation_opens,
        closes=programme.consultation_closes,
        today=today,
    ):
        return Decision.deny(_("The consultation on this programme is not open."))
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    if not user.is_resident_verified or not _lives_in(user, programme.collectivity):
        return Decision.deny(_("Only verified residents of this collectivity can take part in its consultation."))
    return Decision.allow()
