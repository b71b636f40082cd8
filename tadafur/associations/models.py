"""The registry of associations (جمعيات / associations) active in the collectivities.

An association is declared under Dahir 1-58-376 on the right of association; the authorities
give a receipt (وصل الإيداع / récépissé) whose reference is the association's registration
reference here. Staff of the seat collectivity verify the registry facts before the association
can act on the platform (petitions, proposals, bodies).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tadafur.associations.states import VerificationStatus
from tadafur.associations.validators import validate_pdf
from tadafur.core.text import fold


class Domain(models.TextChoices):
    """Domains of activity. A fixed list so that the public can filter and the petition bureau
    can compare an association's activity with a petition's subject."""

    WOMEN = "women", pgettext_lazy("association domain", "Women's rights and gender equality")
    YOUTH = "youth", pgettext_lazy("association domain", "Youth")
    EDUCATION = "education", pgettext_lazy("association domain", "Education and literacy")
    HEALTH = "health", pgettext_lazy("association domain", "Health")
    ENVIRONMENT = "environment", pgettext_lazy("association domain", "Environment")
    CULTURE = "culture", pgettext_lazy("association domain", "Culture and heritage")
    DEVELOPMENT = "development", pgettext_lazy("association domain", "Local development")
    DISABILITY = "disability", pgettext_lazy("association domain", "Disability")
    HUMAN_RIGHTS = "human_rights", pgettext_lazy("association domain", "Human rights")
    OTHER = "other", pgettext_lazy("association domain", "Other")


def statutes_path(instance: Association, filename: str) -> str:
    # The stored name never carries the uploader's file name (it may hold personal data).
    return f"associations/statutes/{instance.registration_reference_key}-{uuid.uuid4().hex[:8]}.pdf"


class Association(models.Model):
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    search_key = models.CharField(max_length=420, db_index=True, editable=False)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    registration_reference = models.CharField(
        _("registration reference"),
        max_length=60,
        unique=True,
        help_text=_("Reference of the deposit receipt (رقم وصل الإيداع / récépissé)."),
    )
    founding_date = models.DateField(
        _("founding date"), help_text=_("The date on which the association was legally constituted.")
    )
    seat = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="seated_associations",
        verbose_name=_("seat"),
        limit_choices_to={"level": "commune"},
        help_text=_("The commune where the association has its seat."),
    )
    statutes = models.FileField(
        _("statutes"),
        upload_to=statutes_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("The statutes as a PDF file of at most 5 MB."),
    )
    in_good_standing = models.BooleanField(
        _("in good standing"),
        default=False,
        help_text=_("The association is in a regular situation under the laws that govern it."),
    )
    standing_checked_at = models.DateTimeField(_("standing checked at"), null=True, blank=True)
    standing_note = models.CharField(_("note on standing"), max_length=500, blank=True)
    democratic_functioning = models.BooleanField(
        _("operates democratically"),
        default=False,
        help_text=_("Staff checked that it operates by democratic principles and its statutes."),
    )
    status = models.CharField(
        _("verification"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    unverified_at = models.DateTimeField(_("back in review at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name_fr", "pk"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=VerificationStatus.REJECTED) | ~Q(rejection_reason=""),
                name="association_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived search key, kept in step with the names whichever path saves them (admin too).
        self.search_key = fold(f"{self.name_ar} | {self.name_fr}")[:420]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name_ar", "name_fr"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("associations:detail", args=[self.pk])

    @property
    def name(self) -> str:
        """The name in the active language: Arabic for ar, otherwise French."""
        if (get_language() or "ar") == "ar":
            return self.name_ar or self.name_fr
        return self.name_fr or self.name_ar

    @property
    def description(self) -> str:
        if (get_language() or "ar") == "ar":
            return self.description_ar or self.description_fr
        return self.description_fr or self.description_ar

    @property
    def registration_reference_key(self) -> str:
        return "".join(ch if ch.isalnum() else "-" for ch in self.registration_reference)[:60] or "association"

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED

    @property
    def domain_list(self) -> list[str]:
        return [d.domain for d in self.domains.all()]

    def get_domain_labels(self) -> list[str]:
        labels = dict(Domain.choices)
        return [str(labels.get(d, d)) for d in self.domain_list]


class AssociationDomain(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=24, choices=Domain.choices, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("domain of activity")
        verbose_name_plural = _("domains of activity")
        constraints = [models.UniqueConstraint(fields=["association", "domain"], name="one_row_per_domain")]

    def __str__(self) -> str:
        return self.get_domain_display()


class Branch(models.Model):
    """A branch (فرع / section) of the association in another commune than its seat."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="branches")
    collectivity = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="association_branches",
        verbose_name=_("commune"),
        limit_choices_to={"level": "commune"},
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(fields=["association", "collectivity"], name="one_branch_per_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.association} · {self.collectivity}"


class RepresentativeQuerySet(models.QuerySet["Representative"]):
    def active(self, on: dt.date | None = None) -> RepresentativeQuerySet:
        from tadafur.core import clock

        day = on or clock.today()
        return self.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gt=day))


class Representative(models.Model):
    """A legal representative (الممثل القانوني / représentant légal) who acts for the association."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="represented_associations"
    )
    role_title = models.CharField(
        _("title"), max_length=80, blank=True, help_text=_("For example: president, secretary general.")
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["since", "pk"]
        verbose_name = _("legal representative")
        verbose_name_plural = _("legal representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"],
                condition=Q(until__isnull=True),
                name="one_open_mandate_per_person",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="representative_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.association}"


class RuleKey(models.TextChoices):
    MIN_YEARS_CONSTITUTED = "min_years_constituted", _("Minimum years constituted before petitioning")


class AssociationRule(models.Model):
    """A legal figure about associations, dated and cited, so a jurist can correct it without code.

    `rule_value(key, on=date)` picks the row in force on that date.
    """

    key = models.CharField(_("rule"), max_length=48, choices=RuleKey.choices)
    value = models.PositiveIntegerField(_("value"))
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    citation = models.CharField(_("legal citation"), max_length=300)
    source_note = models.TextField(_("source note"), blank=True)

    class Meta:
        ordering = ["key", "-valid_from"]
        verbose_name = _("association rule")
        verbose_name_plural = _("association rules")
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="one_rule_per_key_and_date")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} = {self.value} ({self.valid_from})"
