"""Who may write and publish news and calls for participation: the collectivity's staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core.decisions import Decision

PUBLISH_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


@register_action("news.publish", PUBLISH_ROLES, _("Write, publish and withdraw news and calls for participation"))
def can_publish(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        PUBLISH_ROLES,
        _("Only the staff of this collectivity can publish its news and calls for participation."),
    )
