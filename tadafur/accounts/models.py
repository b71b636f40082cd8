from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.accounts.roles import Role


class Sex(models.TextChoices):
    WOMAN = "woman", pgettext_lazy("sex", "Woman")
    MAN = "man", pgettext_lazy("sex", "Man")
    UNDISCLOSED = "undisclosed", pgettext_lazy("sex", "Prefer not to say")


class IdentityLevel(models.TextChoices):
    """How sure the platform is of who a person is (SPEC §2), each level including the one before."""

    ACCOUNT = "account", pgettext_lazy("identity level", "Account")
    RESIDENT_VERIFIED = "resident_verified", pgettext_lazy("identity level", "Resident verified")
    ASSOCIATION_VERIFIED = "association_verified", pgettext_lazy("identity level", "Association verified")


class VerificationMethod(models.TextChoices):
    ROLL = "roll", pgettext_lazy("verification method", "Electoral roll or census list")
    IN_PERSON = "in_person", pgettext_lazy("verification method", "In person at the help desk")


class Language(models.TextChoices):
    AR = "ar", "العربية"
    FR = "fr", "Français"
    ZGH = "zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    EN = "en", "English"


class User(AbstractUser):
    """A person using Tadafur. Sign-in is by email or Moroccan mobile number (allauth)."""

    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    phone_verified = models.BooleanField(_("mobile number confirmed"), default=False)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # Sex and birth year are optional and only ever used for aggregate participation figures.
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    residence = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("commune of residence"),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=3, choices=Language.choices, default=Language.AR
    )
    notify_in_app = models.BooleanField(_("notifications on the platform"), default=True)
    notify_email = models.BooleanField(_("notifications by email"), default=False)
    notify_sms = models.BooleanField(_("notifications by SMS"), default=False)

    identity_level = models.CharField(
        _("identity level"), max_length=24, choices=IdentityLevel.choices, default=IdentityLevel.ACCOUNT
    )
    resident_of = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verified resident of"),
    )
    resident_method = models.CharField(_("verified by"), max_length=12, choices=VerificationMethod.choices, blank=True)
    resident_verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    resident_verified_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("account closed at"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~models.Q(phone=""), name="one_account_per_phone"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_resident_verified(self) -> bool:
        return self.identity_level in (IdentityLevel.RESIDENT_VERIFIED, IdentityLevel.ASSOCIATION_VERIFIED)

    @property
    def public_name(self) -> str:
        """The name shown next to public contributions; closed accounts show none."""
        if self.closed_at:
            return str(_("Former participant"))
        return self.display_name or str(_("Participant"))

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
    # 0 when the role is not held in a body (no NULLs, so the unique constraint holds on SQLite too).
    body_id = models.PositiveBigIntegerField(default=0, blank=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "collectivity", "body_type", "body_id"],
                condition=models.Q(revoked_at__isnull=True, collectivity__isnull=False),
                name="one_active_assignment_per_scope",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True, role="platform_admin"),
                name="one_active_platform_admin_role",
            ),
            models.CheckConstraint(
                condition=models.Q(role="platform_admin") | models.Q(collectivity__isnull=False),
                name="scoped_roles_name_a_collectivity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.collectivity or '—'}"


class RollImport(models.Model):
    """One electoral roll or census list imported by a collectivity's staff.

    Only a keyed hash of each line (normalised CNIE + birth date) is kept, never the clear
    list. A new import replaces the previous one (its entries are deleted, this row stays as
    history with `replaced_at`).
    """

    collectivity = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="roll_imports")
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("imported at"))
    source_name = models.CharField(_("file name"), max_length=200, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("roll import")
        verbose_name_plural = _("roll imports")

    def __str__(self) -> str:
        return f"{self.collectivity} · {self.at:%Y-%m-%d} · {self.line_count}"


class RollEntry(models.Model):
    roll_import = models.ForeignKey(RollImport, on_delete=models.CASCADE, related_name="entries")
    collectivity = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="+")
    line_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        constraints = [
            models.UniqueConstraint(fields=["roll_import", "line_hash"], name="one_line_per_person_per_roll")
        ]
        indexes = [models.Index(fields=["collectivity", "line_hash"])]

    def __str__(self) -> str:
        return f"{self.collectivity_id}:{self.line_hash[:8]}"


# --- Economic or professional activity in a commune (SPEC §3 "citizens", issue 3 §4) ----------


class ActivityKind(models.TextChoices):
    ECONOMIC = "economic", pgettext_lazy("activity kind", "Economic or commercial activity")
    PROFESSIONAL = "professional", pgettext_lazy("activity kind", "Professional activity")


class DeclarationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("declaration status", "Waiting for review")
    APPROVED = "approved", pgettext_lazy("declaration status", "Approved")
    REJECTED = "rejected", pgettext_lazy("declaration status", "Rejected")


def _activity_upload_to(instance: Any, filename: str) -> str:
    """A random name under accounts/activity/: the person's file name is never kept."""
    return f"accounts/activity/{secrets.token_hex(16)}.pdf"


class ActivityDeclaration(models.Model):
    """A person declares, with a supporting PDF, an economic or professional activity in a commune.

    Once the commune's staff approve it, the person may sign that commune's local petitions (and
    those of its province and region) although they live elsewhere. The document is served to
    the commune's staff only, never through /media/.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activity_declarations")
    commune = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune of the activity")
    )
    kind = models.CharField(_("kind of activity"), max_length=16, choices=ActivityKind.choices)
    description = models.CharField(_("activity"), max_length=300)
    document = models.FileField(_("supporting document"), upload_to=_activity_upload_to, max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=DeclarationStatus.choices, default=DeclarationStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("activity declaration")
        verbose_name_plural = _("activity declarations")
        constraints = [
            # One open declaration per person and commune; a rejected one can be followed by a new one.
            models.UniqueConstraint(
                fields=["user", "commune"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="one_open_activity_declaration_per_commune",
            )
        ]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.commune_id} · {self.status}"
