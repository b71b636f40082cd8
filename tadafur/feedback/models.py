"""Service feedback: a citizen's report of a problem with a communal service, with its place and
photo, and the staff's acknowledgement, assignment and resolution.

Timing facts are kept on the row so the dashboards need no log: `acknowledged_at` is the first
response (acknowledgement, or assignment/resolution when staff skip it), `resolved_at` the last
resolution (a reopened report is resolved again).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.feedback import rules
from tadafur.feedback.rules import Service
from tadafur.feedback.states import REPORT_OPEN, ReportStatus


def photo_path(instance: Any, filename: str) -> str:
    # Random names: never the uploader's file name, which may carry personal data.
    return f"feedback/{uuid.uuid4().hex}.jpg"


class Report(models.Model):
    collectivity = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="service_reports", verbose_name=_("commune")
    )
    service = models.CharField(_("service"), max_length=12, choices=Service.choices)
    description = models.TextField(_("what is wrong"))
    address = models.CharField(_("place"), max_length=200, help_text=_("Street, landmark or neighbourhood."))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_reports"
    )
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.REPORTED)
    assigned_service = models.CharField(_("assigned to (service)"), max_length=120, blank=True)
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        verbose_name=_("assigned to (agent)"),
    )
    resolution_note = models.TextField(_("what was done"), blank=True)
    resolution_photo = models.FileField(_("photo after"), upload_to=photo_path, blank=True)
    reopen_reason = models.TextField(_("why it is reopened"), blank=True)
    reported_at = models.DateTimeField(default=clock.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("service report")
        verbose_name_plural = _("service reports")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["collectivity", "status", "service"])]
        constraints = [
            # A point has both coordinates or none.
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="feedback_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_service_display()}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in REPORT_OPEN

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def response_days(self) -> float | None:
        if self.acknowledged_at is None:
            return None
        return rules.days_between(self.reported_at, self.acknowledged_at)

    def resolution_days(self) -> float | None:
        if self.resolved_at is None or self.status != ReportStatus.RESOLVED:
            return None
        return rules.days_between(self.reported_at, self.resolved_at)

    def reopen_until(self) -> Any:
        return rules.can_reopen_until(self.resolved_at) if self.resolved_at else None
