"""Action programmes (برنامج عمل الجماعة / programme d'action communal, PDP, PDR): one per
collectivity and mandate, with its diagnosis workshops, axes, projects and indicators, the
citizens' consultation, the council's adoption and the evaluations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.programmes.rules import ProgrammeKind
from tadafur.programmes.states import Phase, ProjectStatus

PROJECT_TYPE = "programmes.project"


def _bilingual(ar: str, fr: str) -> str:
    if (get_language() or "ar").startswith("ar"):
        return ar or fr
    return fr or ar


class Programme(models.Model):
    collectivity = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="programmes", verbose_name=_("collectivity")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ProgrammeKind.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.LAUNCH)
    diagnosis_notes = models.TextField(_("diagnosis of needs and potential"), blank=True)
    consultation_opens = models.DateField(_("consultation opens"), null=True, blank=True)
    consultation_closes = models.DateField(_("consultation closes"), null=True, blank=True)
    # Adoption by the council (session and roll-call counts).
    adoption_session = models.DateField(_("council session"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    launch_at = models.DateTimeField(default=clock.now)
    diagnosis_at = models.DateTimeField(null=True, blank=True)
    priorities_at = models.DateTimeField(null=True, blank=True)
    drafting_at = models.DateTimeField(null=True, blank=True)
    consultation_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    execution_at = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action programme")
        verbose_name_plural = _("action programmes")
        ordering = ["collectivity_id", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["collectivity", "start_year"], name="programmes_one_per_mandate"),
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="programmes_years"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.pk])

    @property
    def short_label(self) -> str:
        return f"{self.kind.upper()} {self.start_year}–{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Workshop(models.Model):
    """A participatory diagnosis workshop (ورشة تشاركية), with participants counted by sex and age."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workshops")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    women_under_35 = models.PositiveSmallIntegerField(_("women under 35"), default=0)
    women_35_plus = models.PositiveSmallIntegerField(_("women 35 and over"), default=0)
    men_under_35 = models.PositiveSmallIntegerField(_("men under 35"), default=0)
    men_35_plus = models.PositiveSmallIntegerField(_("men 35 and over"), default=0)
    needs = models.TextField(_("needs raised"))

    class Meta:
        ordering = ["programme_id", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.place} {self.held_on}"

    @property
    def women(self) -> int:
        return self.women_under_35 + self.women_35_plus

    @property
    def men(self) -> int:
        return self.men_under_35 + self.men_35_plus

    @property
    def total(self) -> int:
        return self.women + self.men


def workshop_photo_path(instance: WorkshopPhoto, filename: str) -> str:
    return f"programmes/workshops/{instance.workshop.programme_id}/{filename}"


class WorkshopPhoto(models.Model):
    """A photo of a workshop (re-encoded on upload: no camera metadata or position is kept)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=workshop_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop_id", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Axis(models.Model):
    """A strategic axis; its order is the council's ranking of priorities."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="axes")
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["programme_id", "order", "pk"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")

    def __str__(self) -> str:
        return self.title_fr or self.title_ar

    @property
    def title(self) -> str:
        return _bilingual(self.title_ar, self.title_fr)


class GenderMarker(models.IntegerChoices):
    """SPEC §7: 0 none, 1 significant, 2 principal objective (the same labels as budgets' marker)."""

    NONE = 0, pgettext_lazy("gender marker", "0 — not targeted")
    SIGNIFICANT = 1, pgettext_lazy("gender marker", "1 — significant objective")
    PRINCIPAL = 2, pgettext_lazy("gender marker", "2 — principal objective")


class Project(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="projects")
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location_commune = models.ForeignKey(
        "territories.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    location_text = models.CharField(_("location"), max_length=200, blank=True)
    cost = models.DecimalField(_("cost (MAD)"), max_digits=14, decimal_places=2)
    first_three_years = models.DecimalField(_("estimate for the first 3 years (MAD)"), max_digits=14, decimal_places=2)
    executed = models.DecimalField(_("money executed (MAD)"), max_digits=14, decimal_places=2, default=0)
    funding_sources = models.TextField(_("funding sources"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    gender_marker = models.PositiveSmallIntegerField(
        _("gender marker"), choices=GenderMarker.choices, default=GenderMarker.NONE
    )
    responsible_service = models.CharField(_("responsible service"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["axis__order", "axis_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="programmes_progress_max_100"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="programmes_project_years"
            ),
            models.CheckConstraint(
                condition=models.Q(first_three_years__lte=models.F("cost")), name="programmes_first_years_within_cost"
            ),
        ]

    def __str__(self) -> str:
        return self.title_fr or self.title_ar

    def get_absolute_url(self) -> str:
        return reverse("programmes:project", args=[self.pk])

    @property
    def title(self) -> str:
        return _bilingual(self.title_ar, self.title_fr)

    @property
    def location(self) -> str:
        if self.location_commune_id:
            return str(self.location_commune)
        return self.location_text


class Indicator(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["project_id", "pk"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A verified resident's comment on the draft programme or one of its axes. The author's sex,
    age band and commune are copied at the time, for aggregate counts only."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="comments")
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    sex = models.CharField(max_length=12, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    commune = models.ForeignKey("territories.Territory", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["programme_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Ranking(models.Model):
    """One person's ranking of the axes (priorities), first = most important; one per programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rankings")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    order = models.JSONField(_("axes in order"))
    sex = models.CharField(max_length=12, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    commune = models.ForeignKey("territories.Territory", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "voter"], name="programmes_one_ranking_per_person")]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.voter_id}"


class ConsultationChange(models.Model):
    """The public "what changed after the consultation" record: an input and what the council did with it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="changes")
    input_summary = models.TextField(_("input received"))
    taken_up = models.BooleanField(_("taken up"))
    response = models.TextField(_("what changed, or the council's reasons"))
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["programme_id", "-taken_up", "pk"]

    def __str__(self) -> str:
        return self.input_summary[:60]


class EvaluationKind(models.TextChoices):
    MID_TERM = "mid_term", pgettext_lazy("evaluation", "Mid-term evaluation")
    FINAL = "final", pgettext_lazy("evaluation", "Final evaluation")


class Evaluation(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices)
    held_on = models.DateField(_("date"))
    findings = models.TextField(_("findings"))

    class Meta:
        ordering = ["programme_id", "held_on"]
        constraints = [models.UniqueConstraint(fields=["programme", "kind"], name="programmes_one_evaluation_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class ProjectSnapshot(models.Model):
    """A project's progress and money executed as they stood at the end of a day, written when
    they change (and by `manage.py dashboards_snapshot`): the dashboards' trends read a past
    period's execution from these (docs/decisions/0722-execution-history-snapshots.md)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField()
    progress = models.PositiveSmallIntegerField(default=0)
    executed = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["project_id", "taken_on"]
        constraints = [models.UniqueConstraint(fields=["project", "taken_on"], name="one_project_snapshot_a_day")]

    def __str__(self) -> str:
        return f"{self.project_id} @ {self.taken_on}: {self.progress} %"
