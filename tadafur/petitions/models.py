"""The petitions rulebook: the law as dated, editable rows with their citation (SPEC §3–4).

A figure of the law (a minimum of signatures, an answer deadline, a committee size) is never a
bare constant in the code: it is a `PetitionRule` row valid from one date to another, with the
text it comes from and where it was read, so that a jurist corrects it in the admin without a
release. `tadafur.petitions.rules` reads these rows; see docs/decisions/0102-rules-as-dated-rows.md.

The petition and signature models come later (issue 3 §2–7) and will read these rules.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleKey(models.TextChoices):
    MIN_SIGNATURES = "min_signatures", pgettext_lazy("petition rule", "Minimum signatures")
    PER_PROVINCE_SHARE = (
        "per_province_share",
        pgettext_lazy("petition rule", "Minimum share of signatures from each prefecture or province"),
    )
    ANSWER_DEADLINE = "answer_deadline", pgettext_lazy("petition rule", "Deadline for the council's answer")
    ADMISSIBILITY_DEADLINE = (
        "admissibility_deadline",
        pgettext_lazy("petition rule", "Deadline for admissibility"),
    )
    SUBSTANCE_DEADLINE = (
        "substance_deadline",
        pgettext_lazy("petition rule", "Deadline for the decision on substance"),
    )
    COMMITTEE_SIZE = "committee_size", pgettext_lazy("petition rule", "Size of the presentation committee")


class RuleLevel(models.TextChoices):
    COMMUNE = "commune", pgettext_lazy("rule level", "Commune")
    PROVINCE = "province", pgettext_lazy("rule level", "Prefecture or province")
    REGION = "region", pgettext_lazy("rule level", "Region")
    NATIONAL = "national", pgettext_lazy("rule level", "National")


class Instrument(models.TextChoices):
    """What is filed: a petition (عريضة / pétition) or a legislative motion (ملتمس / motion)."""

    PETITION = "petition", pgettext_lazy("instrument", "Petition")
    MOTION = "motion", pgettext_lazy("instrument", "Legislative motion")


class Unit(models.TextChoices):
    SIGNATURES = "signatures", pgettext_lazy("rule unit", "signatures")
    DAYS = "days", pgettext_lazy("rule unit", "days")
    MONTHS = "months", pgettext_lazy("rule unit", "months")
    MEMBERS = "members", pgettext_lazy("rule unit", "members")
    PERCENT = "percent", pgettext_lazy("rule unit", "percent")


class Reliability(models.TextChoices):
    """How sure we are of a figure (SPEC's tags)."""

    LAW = "law", pgettext_lazy("reliability", "Read in the law")
    PRESS = "press", pgettext_lazy("reliability", "Read in secondary sources")
    VERIFY = "verify", pgettext_lazy("reliability", "To verify in the official gazette")


class KindConstraint(models.TextChoices):
    """A territory kind a rule is limited to (territories.Kind values); blank = any kind."""

    ANY = "", pgettext_lazy("rule kind", "Any kind")
    WITH_ARRONDISSEMENTS = "with_arrondissements", pgettext_lazy("rule kind", "Commune with arrondissements")
    URBAN = "urban", pgettext_lazy("rule kind", "Urban commune")
    RURAL = "rural", pgettext_lazy("rule kind", "Rural commune")
    PROVINCE = "province", pgettext_lazy("rule kind", "Province")
    PREFECTURE = "prefecture", pgettext_lazy("rule kind", "Prefecture")


class DatedSource(models.Model):
    """What every legal row carries: when it applies, where it comes from, how sure we are."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day the rule applies; empty while in force.")
    )
    citation = models.CharField(_("legal citation"), max_length=300)
    source_note = models.CharField(
        _("as read in"), max_length=300, blank=True, help_text=_("Where this figure was read.")
    )
    reliability = models.CharField(_("reliability"), max_length=8, choices=Reliability.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class PetitionRule(DatedSource):
    """One figure of the law, for one scope, over one period.

    Scope: a level, an instrument, optionally a territory kind, optionally a population band
    `population_min <= population < population_max` (the 2024 census). When several rows match
    a territory, a row limited to its kind wins over a row for any kind.
    """

    key = models.CharField(_("rule"), max_length=32, choices=RuleKey.choices, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=RuleLevel.choices)
    instrument = models.CharField(
        _("instrument"), max_length=12, choices=Instrument.choices, default=Instrument.PETITION
    )
    kind = models.CharField(_("territory kind"), max_length=24, choices=KindConstraint.choices, blank=True)
    population_min = models.PositiveIntegerField(_("population from (inclusive)"), null=True, blank=True)
    population_max = models.PositiveIntegerField(_("population under (exclusive)"), null=True, blank=True)
    value = models.PositiveIntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)

    class Meta:
        ordering = ["key", "level", "instrument", "kind", "population_min", "valid_from"]
        verbose_name = _("petition rule")
        verbose_name_plural = _("petition rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="petitionrule_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=Q(population_min__isnull=True)
                | Q(population_max__isnull=True)
                | Q(population_max__gt=models.F("population_min")),
                name="petitionrule_population_band_not_empty",
            ),
        ]

    def __str__(self) -> str:
        band = ""
        if self.population_min is not None or self.population_max is not None:
            band = f" [{self.population_min or 0}, {self.population_max or '∞'})"
        kind = f" {self.kind}" if self.kind else ""
        scope = f"{self.level}/{self.instrument}{kind}{band}"
        return f"{self.key} · {scope} = {self.value} {self.unit} from {self.valid_from}"

    def clean(self) -> None:
        """Refuse a row that would compete with another for the same scope on the same day."""
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        if self.population_min is not None and self.population_max is not None:
            if self.population_max <= self.population_min:
                raise ValidationError({"population_max": _("The population band is empty.")})
        if not (self.key and self.level and self.valid_from):
            return
        others = PetitionRule.objects.filter(
            key=self.key, level=self.level, instrument=self.instrument, kind=self.kind
        ).exclude(pk=self.pk)
        if self.valid_to is not None:
            others = others.filter(valid_from__lte=self.valid_to)
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        low = self.population_min or 0
        for other in others:
            other_low = other.population_min or 0
            overlaps = (self.population_max is None or other_low < self.population_max) and (
                other.population_max is None or low < other.population_max
            )
            if overlaps:
                raise ValidationError(
                    _("This rule overlaps another rule for the same scope and period: %(other)s"),
                    params={"other": str(other)},
                )

    def matches_population(self, population: int | None) -> bool:
        if self.population_min is None and self.population_max is None:
            return True
        if population is None:
            return False
        if self.population_min is not None and population < self.population_min:
            return False
        return self.population_max is None or population < self.population_max


class GroundCode(models.TextChoices):
    """Known inadmissibility grounds, with their translated labels."""

    RELIGION = "moderate_islam", _("Touches the moderate Muslim religion (Constitution, art. 1)")
    NATIONAL_UNITY = (
        "national_unity",
        _("Touches national unity with its diverse components (Constitution, art. 1)"),
    )
    MONARCHY = "constitutional_monarchy", _("Touches the constitutional monarchy (Constitution, art. 1)")
    DEMOCRATIC_CHOICE = "democratic_choice", _("Touches the democratic choice (Constitution, art. 1)")
    OUTSIDE_COMPETENCES = "outside_competences", _("Outside the council's competences")
    PARTISAN = "partisan_or_union", _("Partisan or trade-union content")


class InadmissibilityGround(DatedSource):
    """A reason a petition may be declared inadmissible (عدم القبول / irrecevabilité)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_("Plain English; known codes are shown with their translated label."),
    )

    class Meta:
        ordering = ["valid_from", "code"]
        verbose_name = _("inadmissibility ground")
        verbose_name_plural = _("inadmissibility grounds")

    def __str__(self) -> str:
        return self.code

    @property
    def display_label(self) -> str:
        """The label in the active language for known codes, else the stored English label."""
        if self.code in GroundCode.values:
            return str(GroundCode(self.code).label)
        return self.label
