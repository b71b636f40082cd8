"""Roles scoped to a collectivity or a body (SPEC §2). Nobody acts outside the collectivities
their role names; only the platform administrator role has no scope."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    CITIZEN = "citizen", pgettext_lazy("role", "Citizen")
    ASSOCIATION_REPRESENTATIVE = "association_representative", pgettext_lazy("role", "Association representative")
    STAFF_AGENT = "staff_agent", pgettext_lazy("role", "Staff agent")
    COUNCIL_PRESIDENT = "council_president", pgettext_lazy("role", "Council president")
    BUREAU_MEMBER = "bureau_member", pgettext_lazy("role", "Bureau member")
    BODY_MEMBER = "body_member", pgettext_lazy("role", "Body member")
    BODY_SECRETARY = "body_secretary", pgettext_lazy("role", "Body secretary")
    STEERING_MEMBER = "steering_member", pgettext_lazy("role", "Steering committee member")
    COLLECTIVITY_ADMIN = "collectivity_admin", pgettext_lazy("role", "Collectivity administrator")
    PLATFORM_ADMIN = "platform_admin", pgettext_lazy("role", "Platform administrator")


# Roles that act for the institution and so must use two-factor authentication.
STAFF_ROLES = frozenset(
    {
        Role.STAFF_AGENT,
        Role.COUNCIL_PRESIDENT,
        Role.BUREAU_MEMBER,
        Role.COLLECTIVITY_ADMIN,
        Role.PLATFORM_ADMIN,
    }
)
# Roles whose scope is a body (consultative body, steering committee) inside a collectivity.
BODY_ROLES = frozenset({Role.BODY_MEMBER, Role.BODY_SECRETARY, Role.STEERING_MEMBER})
