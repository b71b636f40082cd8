from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tadafur.accounts.roles import Role


class User(AbstractUser):
    """A person using Tadafur. Sign-in is by email or Moroccan mobile number (allauth)."""

    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def audit_label(self) -> str:
        return f"{self.display_name or self.username} (#{self.pk})"


class RoleAssignment(models.Model):
    """A person holds `role` in `collectivity` (and, for body roles, in one body of it).

    `body_type`/`body_id` name the body without a foreign key because bodies live in apps
    that come later (consultative bodies, steering committees): e.g. ("bodies.body", 12).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    collectivity = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    body_type = models.CharField(max_length=40, blank=True)
    body_id = models.PositiveBigIntegerField(null=True, blank=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "collectivity", "body_type", "body_id"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_assignment_per_scope",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(role="platform_admin") | models.Q(collectivity__isnull=False),
                name="scoped_roles_name_a_collectivity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.collectivity or '—'}"
