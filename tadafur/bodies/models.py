"""Consultative bodies (هيئات استشارية / instances consultatives), their members, meetings,
the council's referrals, the body's opinions, the council's answers and their follow-up.

Meetings are generic on purpose: a meeting names its organiser by `organiser_type` (an app
label such as "bodies.body") and `organiser_id`, like accounts' role scopes, so that the
steering committee and the council's sessions reuse the same tables and the services of
`tadafur.bodies.meetings` (see that module's docstring for the organiser protocol).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tadafur.accounts.models import Sex
from tadafur.bodies import rules
from tadafur.bodies.rules import AgeBand, BodyKind
from tadafur.bodies.states import FollowUpStatus, MeetingStatus, OpinionStatus, ReferralStatus
from tadafur.bodies.validators import validate_pdf_document
from tadafur.core import clock

BODY_TYPE = "bodies.body"


def rules_document_path(instance: Body, filename: str) -> str:
    # Never keep the uploader's file name: it may carry personal data.
    return f"bodies/rules/{instance.collectivity_id}-{instance.kind}-{uuid.uuid4().hex[:8]}.pdf"


def evidence_path(instance: FollowUp, filename: str) -> str:
    return f"bodies/evidence/{instance.opinion_id}-{uuid.uuid4().hex[:8]}.pdf"


class Body(models.Model):
    collectivity = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="bodies",
        verbose_name=_("collectivity"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind.choices)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    mission = models.TextField(_("mission"), blank=True)
    rules_document = models.FileField(
        _("internal rules"),
        upload_to=rules_document_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
        help_text=_("The body's internal rules as a PDF file of at most 5 MB."),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        help_text=_("Members present needed to deliberate, if the rules set one."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("consultative body")
        verbose_name_plural = _("consultative bodies")
        ordering = ["collectivity_id", "kind", "pk"]
        constraints = [
            # The law creates one body of each statutory kind per collectivity; dialogue spaces may be many.
            models.UniqueConstraint(
                fields=["collectivity", "kind"],
                condition=~Q(kind="dialogue"),
                name="bodies_one_statutory_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name_fr or self.name_ar

    def get_absolute_url(self) -> str:
        return reverse("bodies:detail", args=[self.pk])

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("ar"):
            return self.name_ar or self.name_fr
        return self.name_fr or self.name_ar

    @property
    def scope(self) -> tuple[str, int]:
        """The (body_type, body_id) pair that scopes accounts' body roles."""
        return (BODY_TYPE, self.pk)

    @property
    def citation(self) -> str:
        return rules.KIND_RULES[self.kind].citation


class BureauRole(models.TextChoices):
    PRESIDENT = "president", pgettext_lazy("bureau role", "President")
    VICE_PRESIDENT = "vice_president", pgettext_lazy("bureau role", "Vice-president")
    RAPPORTEUR = "rapporteur", pgettext_lazy("bureau role", "Rapporteur")
    SECRETARY = "secretary", pgettext_lazy("bureau role", "Secretary")
    MEMBER = "member", pgettext_lazy("bureau role", "Member")


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self, on: Any = None) -> MemberQuerySet:
        on = on or clock.today()
        return self.filter(mandate_start__lte=on).filter(Q(mandate_end__isnull=True) | Q(mandate_end__gte=on))


class Member(models.Model):
    """A person sitting in the body, in their own name or as an association's representative."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="body_seats"
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("association represented"),
    )
    display_name = models.CharField(_("name shown"), max_length=120)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    field = models.CharField(_("field"), max_length=120, blank=True, help_text=_("Field of expertise or action."))
    bureau_role = models.CharField(_("role in the bureau"), max_length=16, choices=BureauRole.choices, default="member")
    mandate_start = models.DateField(_("mandate start"))
    mandate_end = models.DateField(_("mandate end"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "bureau_role", "display_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"], condition=Q(user__isnull=False), name="bodies_one_seat_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def participant_key(self) -> str:
        return f"member:{self.pk}"

    @property
    def is_young(self) -> bool:
        return self.age_band in rules.YOUNG_BANDS


class Meeting(models.Model):
    """A meeting of any organiser (body, steering committee, council session): see meetings.py."""

    collectivity = models.ForeignKey("territories.Territory", on_delete=models.PROTECT, related_name="meetings")
    organiser_type = models.CharField(max_length=40, db_index=True)
    organiser_id = models.PositiveIntegerField(db_index=True)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    is_public = models.BooleanField(
        _("public meeting"), default=False, help_text=_("Public meetings are announced on the public pages.")
    )
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    planned_at = models.DateTimeField(default=clock.now)
    held_at = models.DateTimeField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["organiser_type", "organiser_id", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The organiser's own meeting page (a body's, the steering committee's, a council
        # session's...): each organiser registers it with the meetings component.
        from tadafur.bodies import meetings

        return meetings.meeting_url(self)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=300)

    class Meta:
        ordering = ["meeting_id", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="bodies_agenda_position")]

    def __str__(self) -> str:
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")


class Attendance(models.Model):
    """One participant's attendance. `participant_key` names them in the organiser's terms
    ("member:12" for a body member); name and sex are copied so the record outlives a mandate."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    participant_key = models.CharField(max_length=40)
    name = models.CharField(max_length=120)
    sex = models.CharField(max_length=12, choices=Sex.choices)
    presence = models.CharField(max_length=10, choices=Presence.choices)

    class Meta:
        ordering = ["meeting_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant_key"], name="bodies_one_attendance_each")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.presence}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting_id", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="bodies_decision_position")]

    def __str__(self) -> str:
        return self.text[:60]


class Referral(models.Model):
    """A question the council refers to the body (إحالة / saisine), with a deadline."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="referrals")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    open_at = models.DateTimeField(default=clock.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-open_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: Any = None) -> bool:
        return rules.referral_overdue(status=self.status, deadline=self.deadline, today=today or clock.today())


class Opinion(models.Model):
    """An opinion or recommendation (رأي / avis) adopted by the body, on its own initiative or in
    answer to a referral, linked to what it concerns through a generic, label-carrying link."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="opinions")
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("referral"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    # What the opinion concerns: "programmes.project", "budgets.proposal", "petitions.petition",
    # "engagement.agendapoint"... with a label and a link kept so the page needs no other app.
    concerns_type = models.CharField(_("concerns (type)"), max_length=40, blank=True, db_index=True)
    concerns_id = models.PositiveIntegerField(_("concerns (id)"), null=True, blank=True)
    concerns_label = models.CharField(_("concerns"), max_length=200, blank=True)
    concerns_url = models.CharField(_("link to what it concerns"), max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    draft_at = models.DateTimeField(default=clock.now)
    adopted_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-draft_at", "pk"]
        indexes = [models.Index(fields=["concerns_type", "concerns_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bodies:opinion", args=[self.pk])

    @property
    def answer_due(self) -> Any:
        return rules.answer_due(self.adopted_at)

    def is_answer_overdue(self, today: Any = None) -> bool:
        return rules.answer_overdue(status=self.status, adopted_at=self.adopted_at, today=today or clock.today())


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("council answer", "Accepted")
    PARTLY = "partly", pgettext_lazy("council answer", "Partly accepted")
    REJECTED = "rejected", pgettext_lazy("council answer", "Rejected")


class CouncilAnswer(models.Model):
    """The council's reasoned answer to an opinion (accepted / partly / rejected)."""

    opinion = models.OneToOneField(Opinion, on_delete=models.CASCADE, related_name="answer")
    verdict = models.CharField(_("answer"), max_length=10, choices=Verdict.choices)
    reasons = models.TextField(_("reasons"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.opinion}: {self.verdict}"


class FollowUp(models.Model):
    """One accepted point of an opinion, followed until done: owner, due date, progress, evidence."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="followups")
    title = models.CharField(_("accepted point"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_followups",
        verbose_name=_("owner (person)"),
    )
    owner_label = models.CharField(_("owner"), max_length=200, help_text=_("The service or person in charge."))
    due_date = models.DateField(_("due date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
    )
    status = models.CharField(max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    open_at = models.DateTimeField(default=clock.now)
    in_progress_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="bodies_progress_at_most_100")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: Any = None) -> bool:
        return rules.followup_overdue(status=self.status, due_date=self.due_date, today=today or clock.today())


class Reminder(models.Model):
    """One reminder sent about one overdue item on one day: `bodies_remind` is idempotent per day."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "sent_on"], name="bodies_one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}@{self.sent_on}"
