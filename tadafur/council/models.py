"""Council sessions (دورات المجلس / sessions du conseil).

A `Council` is the organiser of its collectivity's sessions for the generic meetings component
(`tadafur.bodies.meetings`, organiser "council.council"); a `Session` adds to its `Meeting`
what the organic laws fix: ordinary or extraordinary, the notice period, the agenda's
publication and the number of members present. A `Point` adds to each agenda item its origin
(an accepted petition is inscribed automatically) and the council's deliberation with its votes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadafur.council.rules import PointOutcome, PointSource, SessionKind

COUNCIL_TYPE = "council.council"


class SessionRule(models.Model):
    """The dated legal figures of sessions for one level of collectivity."""

    level = models.CharField(_("level"), max_length=16)
    ordinary_months = models.JSONField(_("months of the ordinary sessions"), default=list)
    ordinary_notice_days = models.PositiveSmallIntegerField(_("notice for an ordinary session (days)"))
    extraordinary_notice_days = models.PositiveSmallIntegerField(_("notice for an extraordinary session (days)"))
    citation = models.CharField(_("legal citation"), max_length=200)
    reliability = models.CharField(_("reliability"), max_length=10, default="verify")
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["level", "-valid_from"]
        verbose_name = _("session rule")
        verbose_name_plural = _("session rules")
        constraints = [models.UniqueConstraint(fields=["level", "valid_from"], name="council_rule_level_date")]

    def __str__(self) -> str:
        return f"{self.level} ({self.citation})"


class Council(models.Model):
    collectivity = models.OneToOneField(
        "territories.Territory", on_delete=models.PROTECT, related_name="council", verbose_name=_("collectivity")
    )
    seats = models.PositiveSmallIntegerField(
        _("number of councillors"),
        null=True,
        blank=True,
        help_text=_("Members in office; the number present at a session cannot exceed it."),
    )

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return str(self.collectivity)

    @property
    def name(self) -> str:
        return str(_("Council of %(name)s") % {"name": self.collectivity.name})


class Session(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    meeting = models.OneToOneField("bodies.Meeting", on_delete=models.PROTECT, related_name="council_session")
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"))
    citation = models.CharField(_("legal citation"), max_length=200)
    agenda_published_at = models.DateTimeField(_("agenda published at"), null=True, blank=True)
    members_present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-month", "-pk"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        # One ordinary session a month, cancelled ones aside, is checked by session_plan under
        # the council's row lock (a cancelled session may be planned again the same month).
        indexes = [models.Index(fields=["council", "year", "month"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:session", args=[self.pk])

    @property
    def title(self) -> str:
        """“Ordinary session of February 2026”, in the active language."""
        from django.utils.formats import date_format

        label = date_format(timezone.localtime(self.meeting.starts_at), "F Y")
        if self.kind == SessionKind.ORDINARY:
            return str(_("Ordinary session of %(month)s") % {"month": label})
        return str(_("Extraordinary session of %(month)s") % {"month": label})

    @property
    def status(self) -> str:
        return self.meeting.status

    @property
    def is_published(self) -> bool:
        return self.agenda_published_at is not None


class Point(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="points")
    agenda_item = models.OneToOneField("bodies.AgendaItem", on_delete=models.CASCADE, related_name="council_point")
    source = models.CharField(_("source"), max_length=10, choices=PointSource.choices, default=PointSource.STAFF)
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_points",
        verbose_name=_("petition"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=PointOutcome.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session_id", "agenda_item__position"]
        verbose_name = _("agenda point")
        verbose_name_plural = _("agenda points")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "petition"],
                condition=Q(petition__isnull=False),
                name="council_petition_once_per_session",
            )
        ]

    def __str__(self) -> str:
        return self.agenda_item.title

    @property
    def title(self) -> str:
        return self.agenda_item.title

    @property
    def position(self) -> int:
        return self.agenda_item.position
