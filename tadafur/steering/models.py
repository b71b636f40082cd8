"""The technical steering and monitoring committee (اللجنة التقنية للتتبع والمواكبة / comité
technique de pilotage et de suivi) of a province or of a programme: its members, the
recommendations it follows up with their progress notes, the link between its meetings and the
recommendations they review, and the alerts raised when a period passes without a meeting.

Meetings themselves are the generic `bodies.Meeting` rows, organised by "steering.committee"
(see tadafur/bodies/meetings.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tadafur.accounts.models import Sex
from tadafur.core import clock
from tadafur.steering import rules
from tadafur.steering.states import RecommendationStatus

COMMITTEE_TYPE = "steering.committee"


def evidence_path(instance: ProgressNote, filename: str) -> str:
    # Never keep the uploader's file name: it may carry personal data.
    extension = "pdf" if filename.lower().endswith(".pdf") else "jpg"
    return f"steering/evidence/{instance.recommendation_id}-{uuid.uuid4().hex[:10]}.{extension}"


class Committee(models.Model):
    """One committee per province (its scope is the province and its communes), or per programme
    inside a province when `programme` is given."""

    collectivity = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="steering_committees",
        verbose_name=_("province"),
    )
    programme = models.CharField(
        _("programme"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for the province's committee; name the programme for a programme's committee."),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year"),
        default=rules.DEFAULT_MEETINGS_PER_YEAR,
        choices=[(n, str(n)) for n in rules.ALLOWED_MEETINGS_PER_YEAR],
        help_text=_("The year is cut into as many periods; a period without a held meeting raises an alert."),
    )
    active_from = models.DateField(_("active from"), default=clock.today)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["collectivity_id", "programme", "pk"]
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        constraints = [
            models.UniqueConstraint(fields=["collectivity", "programme"], name="steering_one_committee_per_scope")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("steering:detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.name_ar if (get_language() or "ar") == "ar" else self.name_fr

    @property
    def scope(self) -> tuple[str, int]:
        """The body scope of the steering member role (accounts' RoleAssignment.body_*)."""
        return (COMMITTEE_TYPE, self.pk)


class MemberRole(models.TextChoices):
    GOVERNOR_REPRESENTATIVE = "governor_rep", pgettext_lazy("steering member", "Governor's representative")
    COUNCIL_PRESIDENT = "council_president", pgettext_lazy("steering member", "Council president")
    TECHNICAL_SERVICE = "technical_service", pgettext_lazy("steering member", "Technical service")
    PARTNER = "partner", pgettext_lazy("steering member", "Partner")
    CIVIL_SOCIETY = "civil_society", pgettext_lazy("steering member", "Civil-society representative")
    SECRETARIAT = "secretariat", pgettext_lazy("steering member", "Secretariat")


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> MemberQuerySet:
        return self.filter(ended_on__isnull=True)


class Member(models.Model):
    """A seat in the committee: a platform user or a free name, the organisation they come from,
    their role there and their sex (for the attendance breakdown)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_seats",
        verbose_name=_("account"),
    )
    display_name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    started_on = models.DateField(_("member since"), default=clock.today)
    ended_on = models.DateField(_("member until"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["committee_id", "role", "display_name", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(user__isnull=False, ended_on__isnull=True),
                name="steering_one_active_seat_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def participant_key(self) -> str:
        return f"member:{self.pk}"


class SourceKind(models.TextChoices):
    COLLECTIVITY = "collectivity", pgettext_lazy("recommendation source", "A collectivity")
    BODY = "body", pgettext_lazy("recommendation source", "A consultative body")
    MEETING = "meeting", pgettext_lazy("recommendation source", "A committee meeting")


class Recommendation(models.Model):
    """A recommendation the committee follows up: where it comes from, which collectivity it
    concerns, who is responsible and by when."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="recommendations")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    source_label = models.CharField(
        _("source (name)"), max_length=200, blank=True, help_text=_("For example the body or the council session.")
    )
    source_meeting = models.ForeignKey(
        "bodies.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_recommendations",
        verbose_name=_("meeting it comes from"),
    )
    collectivity = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="steering_recommendations",
        verbose_name=_("collectivity concerned"),
    )
    responsible = models.CharField(_("responsible"), max_length=200, help_text=_("The service or person in charge."))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.PROPOSED
    )
    dropped_reason = models.TextField(_("reason for dropping"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=clock.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    in_progress_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    dropped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["collectivity", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="steering_progress_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.DROPPED) | ~Q(dropped_reason=""),
                name="steering_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("steering:recommendation", args=[self.pk])

    def is_overdue(self, today: Any = None) -> bool:
        return rules.recommendation_overdue(status=self.status, due_date=self.due_date, today=today or clock.today())

    @property
    def is_open(self) -> bool:
        from tadafur.steering.states import RECOMMENDATION_OPEN

        return self.status in RECOMMENDATION_OPEN


class ProgressNote(models.Model):
    """What was done, with optional evidence: a PDF or a photo (re-encoded, metadata-free)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress note"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def evidence_is_pdf(self) -> bool:
        return bool(self.evidence) and self.evidence.name.lower().endswith(".pdf")


class MeetingRecommendation(models.Model):
    """A recommendation reviewed at a meeting (put on its agenda by "prepare the agenda"). When the
    minutes are published, the follow-up as it stood is kept here so the minutes never change."""

    meeting = models.ForeignKey("bodies.Meeting", on_delete=models.CASCADE, related_name="steering_items")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="meeting_items")
    agenda_item = models.ForeignKey("bodies.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True)
    was_overdue = models.BooleanField(default=False)
    status_then = models.CharField(max_length=12, choices=RecommendationStatus.choices, blank=True)
    progress_then = models.PositiveSmallIntegerField(null=True, blank=True)
    note_then = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting_id", "agenda_item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "recommendation"], name="steering_reviewed_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.recommendation_id}"


class Alert(models.Model):
    """A period (semester, by default) ended without a held meeting. One row per committee and
    period: `steering_alerts` is idempotent."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="alerts")
    period_start = models.DateField()
    period_end = models.DateField()
    raised_at = models.DateTimeField(default=clock.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "period_start"], name="steering_one_alert_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}:{self.period_start}"

    @property
    def last_day(self) -> dt.date:
        """The period's last day (`period_end` is exclusive)."""
        return self.period_end - dt.timedelta(days=1)
