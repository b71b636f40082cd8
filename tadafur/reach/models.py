"""Short codes for public objects, and help-desk sessions where staff act for a person."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.core import clock


class ShortCode(models.Model):
    """A stable 6-character code (alphabet without 0/O/1/I/L/U) naming one public object."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    code = models.CharField(_("short code"), max_length=6, unique=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("short code")
        verbose_name_plural = _("short codes")
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="reach_one_code_per_object"),
        ]

    def __str__(self) -> str:
        return self.code


class ConsentMethod(models.TextChoices):
    SIGNED_PAPER = "signed_paper", pgettext_lazy("consent method", "Signed paper form")
    ORAL = "oral", pgettext_lazy("consent method", "Oral consent, the person being present")


class AssistedSession(models.Model):
    """A staff agent of the help desk acts for a person who is present, with their consent.

    While it runs, the agent's requests are made as the person (the normal pages, the normal
    permission checks) and every audit entry names both (tadafur.core.audit). It ends when the
    agent stops it or at `expires_at`.
    """

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    collectivity = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="+")
    identity_checked = models.BooleanField(_("identity checked on the CNIE"))
    consent_method = models.CharField(_("how the person consented"), max_length=16, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField(_("consent given at"))
    purpose = models.CharField(_("what the person wants to do"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), default=clock.now)
    expires_at = models.DateTimeField(_("expires at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("assisted session")
        verbose_name_plural = _("assisted sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(identity_checked=True), name="reach_identity_checked"),
            models.CheckConstraint(condition=~models.Q(staff=models.F("person")), name="reach_not_for_oneself"),
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("started_at")), name="reach_expiry"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.staff} → {self.person}"

    def is_active(self, at: object = None) -> bool:
        now = at or clock.now()
        return self.ended_at is None and self.expires_at > now  # type: ignore[operator]
