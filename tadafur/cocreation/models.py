"""Co-creation calls (طلبات مشاريع الإنتاج المشترك / appels à projets de co-construction)
between a collectivity and associations: the call and its scoring grid, public questions, the
associations' applications, their review and selection, then the agreement and its follow-up.

A call belongs to one collectivity (a commune, or a province for a partner programme) and may
name partner collectivities (the communes the programme covers): associations present in any
of them may apply.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.cocreation.states import AgreementStatus, ApplicationStatus, CallStatus
from tadafur.core import clock

CALL_TYPE = "cocreation.call"
MONEY = {"max_digits": 12, "decimal_places": 2}


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never keep the uploader's file name: it may carry personal data.
    return f"cocreation/attachments/{instance.application_id}-{uuid.uuid4().hex[:10]}.pdf"


def photo_path(instance: ReportPhoto, filename: str) -> str:
    return f"cocreation/photos/{instance.report_id}-{uuid.uuid4().hex[:10]}.jpg"


class Call(models.Model):
    collectivity = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="cocreation_calls",
        verbose_name=_("collectivity"),
    )
    partners = models.ManyToManyField(
        "territories.Territory",
        blank=True,
        related_name="cocreation_partner_calls",
        verbose_name=_("partner collectivities"),
        help_text=_("For a partner programme: the other collectivities whose associations may apply."),
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    envelope = models.DecimalField(_("envelope (MAD)"), **MONEY, validators=[MinValueValidator(Decimal("1"))])
    max_per_project = models.DecimalField(
        _("maximum per project (MAD)"), **MONEY, validators=[MinValueValidator(Decimal("1"))]
    )
    cofinancing_min_percent = models.PositiveSmallIntegerField(
        _("minimum co-financing (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of each project's total cost the association and its partners bring."),
    )
    min_years_constituted = models.PositiveSmallIntegerField(_("minimum age of the association (years)"), default=0)
    require_good_standing = models.BooleanField(_("good standing required"), default=True)
    gender_criteria = models.TextField(_("gender criteria"), blank=True)
    youth_criteria = models.TextField(_("youth criteria"), blank=True)
    required_documents = models.TextField(
        _("documents required"),
        blank=True,
        help_text=_("One document per line, for example: statutes, last activity report."),
    )
    questions_until = models.DateField(_("questions until"))
    submission_opens = models.DateField(_("submission opens"))
    submission_until = models.DateField(_("submission until"))
    review_until = models.DateField(_("review until"))
    results_on = models.DateField(_("results announced on"))
    status = models.CharField(max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    draft_at = models.DateTimeField(default=clock.now)
    published_at = models.DateTimeField(null=True, blank=True)
    in_review_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submission_until", "pk"]
        verbose_name = _("co-creation call")
        verbose_name_plural = _("co-creation calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_project__lte=models.F("envelope")),
                name="cocreation_max_within_envelope",
                violation_error_message=_("The maximum per project cannot exceed the envelope."),
            ),
            models.CheckConstraint(
                condition=Q(submission_opens__lte=models.F("submission_until"))
                & Q(submission_until__lte=models.F("review_until"))
                & Q(review_until__lte=models.F("results_on")),
                name="cocreation_timetable_in_order",
                violation_error_message=_("The timetable must run in order: submission, review, then results."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cocreation:call", args=[self.pk])

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]

    @property
    def territories(self) -> list[Any]:
        return [self.collectivity, *self.partners.all()]


class Criterion(models.Model):
    """One line of the weighted scoring grid: weights of a call's criteria sum to 100."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        ordering = ["call_id", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["call", "position"], name="cocreation_criterion_position")]

    def __str__(self) -> str:
        return f"{self.label} ({self.weight})"


class Question(models.Model):
    """A question asked during the call; it is public once answered, with its answer."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(default=clock.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="cocreation_applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    number = models.CharField(_("receipt number"), max_length=32, blank=True)
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    problem = models.TextField(_("problem addressed"), blank=True)
    target_women = models.PositiveIntegerField(_("women (18 and over)"), default=0)
    target_men = models.PositiveIntegerField(_("men (18 and over)"), default=0)
    target_girls = models.PositiveIntegerField(_("girls (under 18)"), default=0)
    target_boys = models.PositiveIntegerField(_("boys (under 18)"), default=0)
    target_description = models.TextField(_("target group"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    commune_service = models.CharField(_("commune service involved"), max_length=200, blank=True)
    partner_associations = models.TextField(_("partner associations"), blank=True)
    women_led = models.BooleanField(
        _("women-led association"), default=False, help_text=_("The association is chaired by a woman.")
    )
    youth_led = models.BooleanField(
        _("youth-led association"),
        default=False,
        help_text=_("Most of the association's bureau is under 35 years old."),
    )
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    # The selection: the decision and its reasons, recorded at the committee, shown after results.
    amount_awarded = models.DecimalField(_("amount awarded (MAD)"), **MONEY, null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    selection_meeting = models.ForeignKey(
        "bodies.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    draft_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    selected_at = models.DateTimeField(null=True, blank=True)
    not_selected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call_id", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="cocreation_unique_receipt_number"
            ),
            models.UniqueConstraint(
                fields=["call", "association"],
                condition=~Q(status=ApplicationStatus.WITHDRAWN),
                name="cocreation_one_application_per_association",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cocreation:application", args=[self.pk])

    @property
    def target_total(self) -> int:
        return self.target_women + self.target_men + self.target_girls + self.target_boys


class BudgetLine(models.Model):
    """A line of the project's budget: what the call is asked for and what the association and
    its partners bring (co-financing, in cash or in kind)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("budget line"), max_length=200)
    requested = models.DecimalField(_("requested (MAD)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    cofinanced = models.DecimalField(
        _("co-financed (MAD)"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["application_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested__gte=0) & Q(cofinanced__gte=0), name="cocreation_budget_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def total(self) -> Decimal:
        return self.requested + self.cofinanced


class Indicator(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicator"), max_length=200)
    baseline = models.CharField(_("baseline"), max_length=60)
    target = models.CharField(_("target"), max_length=60)

    class Meta:
        ordering = ["application_id", "pk"]

    def __str__(self) -> str:
        return self.label


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    document = models.CharField(_("document"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["application_id", "pk"]

    def __str__(self) -> str:
        return self.document


class Conflict(models.TextChoices):
    NONE = "none", pgettext_lazy("conflict of interest", "No conflict of interest")
    CONFLICT = "conflict", pgettext_lazy("conflict of interest", "Conflict of interest")


class Assignment(models.Model):
    """A reviewer assigned to one application. The reviewer declares first: no score before a
    declaration of no conflict of interest; a declared conflict blocks scoring for good."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cocreation_reviews")
    capacity = models.CharField(
        _("capacity"), max_length=120, blank=True, help_text=_("For example: staff, partner, equality body.")
    )
    conflict = models.CharField(_("declaration"), max_length=10, choices=Conflict.choices, blank=True)
    conflict_note = models.CharField(_("note on the declaration"), max_length=300, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["application_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="cocreation_one_assignment_each")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("cocreation:assignment", args=[self.pk])


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["assignment_id", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="cocreation_one_score_each")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Agreement(models.Model):
    """The agreement (اتفاقية شراكة / convention de partenariat) of a selected project."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="agreement")
    amount = models.DecimalField(_("amount (MAD)"), **MONEY)
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(_("ends on"))
    obligations = models.TextField(_("obligations"))
    status = models.CharField(max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE)
    active_at = models.DateTimeField(default=clock.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return str(self.application)


class Tranche(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tranches")
    position = models.PositiveSmallIntegerField()
    amount = models.DecimalField(_("amount (MAD)"), **MONEY)
    due_on = models.DateField(_("due on"))
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["agreement_id", "position"]
        constraints = [models.UniqueConstraint(fields=["agreement", "position"], name="cocreation_tranche_position")]

    def __str__(self) -> str:
        return f"{self.position}: {self.amount}"


class Milestone(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["agreement_id", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportKind(models.TextChoices):
    ACTIVITY = "activity", pgettext_lazy("report kind", "Activity report")
    FINAL = "final", pgettext_lazy("report kind", "Final report")


class Report(models.Model):
    """A report the agreement asks for by a date; it is late while unsubmitted after that date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    due_on = models.DateField(_("due on"))
    text = models.TextField(_("what was done"), blank=True)
    women_under_18 = models.PositiveIntegerField(_("girls under 18"), default=0)
    women_18_34 = models.PositiveIntegerField(_("women 18–34"), default=0)
    women_35_plus = models.PositiveIntegerField(_("women 35 and over"), default=0)
    men_under_18 = models.PositiveIntegerField(_("boys under 18"), default=0)
    men_18_34 = models.PositiveIntegerField(_("men 18–34"), default=0)
    men_35_plus = models.PositiveIntegerField(_("men 35 and over"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement_id", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

    @property
    def women(self) -> int:
        return self.women_under_18 + self.women_18_34 + self.women_35_plus

    @property
    def men(self) -> int:
        return self.men_under_18 + self.men_18_34 + self.men_35_plus

    @property
    def participants(self) -> int:
        return self.women + self.men

    def is_late(self, today: Any = None) -> bool:
        from tadafur.cocreation import rules

        return rules.report_late(
            due_on=self.due_on, submitted=self.submitted_at is not None, today=today or clock.today()
        )


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["report_id", "pk"]

    def __str__(self) -> str:
        return self.caption or f"photo {self.pk}"


class Spending(models.Model):
    """Money spent on one budget line, reported with a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="spendings")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spendings")
    amount = models.DecimalField(_("spent (MAD)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["report_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="cocreation_one_spending_per_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cocreation_spending_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_line}: {self.amount}"
