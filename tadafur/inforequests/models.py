"""Access to information requests (Law 31.13) and the dated lunar public holidays that the
deadline skips.

A request keeps what the requester wrote (`subject`, `text`) apart from what the public register
shows (`public_subject`, `public_text`, `public_answer`): staff fill the public fields when they
acknowledge or answer, removing any personal data. The requester's identity never leaves the
requester's own page and the staff desk.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.inforequests import rules
from tadafur.inforequests.rules import AnswerFormat, RefusalGround
from tadafur.inforequests.states import REQUEST_OPEN, REQUEST_RESPONDED, RequestStatus


def answer_file_path(instance: InfoRequest, filename: str) -> str:
    # Never keep the uploader's file name: it may carry personal data.
    return f"inforequests/answers/{instance.collectivity_id}-{uuid.uuid4().hex[:12]}.pdf"


class HolidayKind(models.TextChoices):
    EID_AL_FITR = "eid_al_fitr", _("Eid al-Fitr")
    EID_AL_ADHA = "eid_al_adha", _("Eid al-Adha")
    HIJRI_NEW_YEAR = "hijri_new_year", _("Islamic New Year (1 Muharram)")
    MAWLID = "mawlid", _("Mawlid (the Prophet's birthday)")
    OTHER = "other", _("Other public holiday")


class PublicHoliday(models.Model):
    """A public holiday on a given date: the lunar Islamic holidays (the fixed ones are in rules)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("holiday"), max_length=20, choices=HolidayKind.choices)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Lunar dates are estimated in advance; tick once the official announcement confirms the day."),
    )

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"


class DeadlineSettings(models.Model):
    """A collectivity's own deadlines, when it sets shorter ones than the law's maximum."""

    collectivity = models.OneToOneField(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="inforequest_settings",
        verbose_name=_("collectivity"),
    )
    answer_working_days = models.PositiveSmallIntegerField(
        _("working days to answer"), default=rules.ANSWER_WORKING_DAYS, help_text=_("At most 20 (Law 31.13, art. 16).")
    )
    extension_working_days = models.PositiveSmallIntegerField(
        _("working days of an extension"), default=rules.EXTENSION_WORKING_DAYS
    )

    class Meta:
        verbose_name = _("information request deadlines")
        verbose_name_plural = _("information request deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_working_days__gte=1, answer_working_days__lte=rules.ANSWER_WORKING_DAYS),
                name="inforequests_answer_days_within_law",
            ),
            models.CheckConstraint(
                condition=Q(extension_working_days__gte=1, extension_working_days__lte=rules.EXTENSION_WORKING_DAYS),
                name="inforequests_extension_days_within_law",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collectivity}: {self.answer_working_days}+{self.extension_working_days}"


class InfoRequest(models.Model):
    collectivity = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="info_requests",
        verbose_name=_("collectivity"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="info_requests",
        verbose_name=_("requester (account)"),
    )
    # Personal data: shown to the requester and the staff desk only, never in the register.
    requester_name = models.CharField(_("requester's name"), max_length=120)
    requester_contact = models.CharField(_("requester's email or phone"), max_length=150, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed at the help desk by"),
    )
    consent_recorded = models.BooleanField(_("the person's consent is recorded"), default=False)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("information requested"))
    answer_format = models.CharField(
        _("preferred answer format"), max_length=12, choices=AnswerFormat.choices, default=AnswerFormat.ELECTRONIC
    )
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Needed to protect someone's life, safety or freedom: answer within 3 working days (art. 17)."),
    )
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.FILED)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"))
    first_due_on = models.DateField(_("first deadline"))
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # The register's own, personal-data-free copies.
    public_subject = models.CharField(_("subject in the public register"), max_length=200, blank=True)
    public_text = models.TextField(_("request in the public register"), blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    public_answer = models.TextField(_("answer in the public register"), blank=True)
    answer_file = models.FileField(_("answer document (PDF)"), upload_to=answer_file_path, blank=True)
    attachment_public = models.BooleanField(_("publish the document in the register"), default=True)
    refusal_ground = models.CharField(_("legal ground"), max_length=24, choices=RefusalGround.choices, blank=True)
    refusal_reasons = models.TextField(_("reasons"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(default=clock.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-filed_at", "-pk"]
        indexes = [models.Index(fields=["collectivity", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("first_due_on")), name="inforequests_due_not_earlier"
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.REFUSED) | ~Q(refusal_ground=""),
                name="inforequests_refusal_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("inforequests:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"DAI-{self.received_on.year}-{self.pk:05d}" if self.pk else "DAI"

    @property
    def is_open(self) -> bool:
        return self.status in REQUEST_OPEN

    @property
    def responded_at(self) -> Any:
        return self.answered_at or self.refused_at

    @property
    def was_extended(self) -> bool:
        return self.extended_at is not None

    def is_overdue(self, today: Any = None) -> bool:
        return rules.answer_overdue(is_open=self.is_open, due_on=self.due_on, today=today or clock.today())

    @property
    def on_time(self) -> bool | None:
        if self.status not in REQUEST_RESPONDED or self.responded_at is None:
            return None
        from django.utils import timezone

        return rules.answered_on_time(responded_on=timezone.localdate(self.responded_at), due_on=self.due_on)

    @property
    def register_subject(self) -> str:
        return self.public_subject
