"""Participatory budgeting (الميزانية التشاركية / budget participatif): cycles, proposals, ballots."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.budgets.rules import RULES
from tadafur.budgets.states import ProposalState


def milestone_photo_path(instance: Milestone, filename: str) -> str:
    return f"budgets/milestones/{instance.execution.proposal.cycle_id}/{filename}"


def proposal_photo_path(instance: Proposal, filename: str) -> str:
    return f"budgets/proposals/{instance.cycle_id}/{filename}"


class BallotType(models.TextChoices):
    APPROVAL = "approval", pgettext_lazy("ballot type", "Approval: choose between a minimum and a maximum of projects")
    COST_LIMITED = "cost_limited", pgettext_lazy("ballot type", "Approval up to the envelope")
    CUMULATIVE = "cumulative", pgettext_lazy("ballot type", "Points to share between projects")


class OutcomeRule(models.TextChoices):
    GREEDY = "greedy", pgettext_lazy("outcome rule", "Most votes first, skipping what no longer fits")
    MES = "mes", pgettext_lazy("outcome rule", "Method of Equal Shares")
    MES_CARD = "mes-card", pgettext_lazy("outcome rule", "Method of Equal Shares (each project counts once)")
    MES_ADD1_GREEDY = "mes-add1-greedy", pgettext_lazy("outcome rule", "Method of Equal Shares, then most votes")
    PHRAGMEN = "phragmen", pgettext_lazy("outcome rule", "Sequential Phragmén")


assert set(OutcomeRule.values) == set(RULES)


class Category(models.TextChoices):
    LIGHTING = "lighting", pgettext_lazy("budget category", "Lighting and roads")
    ECONOMY = "economy", pgettext_lazy("budget category", "Local economy and cooperatives")
    SPORT = "sport", pgettext_lazy("budget category", "Sport and youth")
    EDUCATION = "education", pgettext_lazy("budget category", "Education and literacy")
    HEALTH = "health", pgettext_lazy("budget category", "Health")
    ENVIRONMENT = "environment", pgettext_lazy("budget category", "Environment and green spaces")
    CULTURE = "culture", pgettext_lazy("budget category", "Culture")
    OTHER = "other", pgettext_lazy("budget category", "Other")


class Beneficiary(models.TextChoices):
    WOMEN = "women", pgettext_lazy("beneficiaries", "Women")
    MEN = "men", pgettext_lazy("beneficiaries", "Men")
    GIRLS = "girls", pgettext_lazy("beneficiaries", "Girls")
    BOYS = "boys", pgettext_lazy("beneficiaries", "Boys")
    ELDERLY = "elderly", pgettext_lazy("beneficiaries", "Elderly people")
    DISABILITY = "disability", pgettext_lazy("beneficiaries", "People with disabilities")
    EVERYONE = "everyone", pgettext_lazy("beneficiaries", "Everyone")


class ProposerKind(models.TextChoices):
    CITIZEN = "citizen", pgettext_lazy("proposer", "A resident")
    ASSOCIATION = "association", pgettext_lazy("proposer", "An association")
    BODY = "body", pgettext_lazy("proposer", "A consultative body")


class GenderMarker(models.IntegerChoices):
    """The OECD DAC gender equality policy marker."""

    NOT_TARGETED = 0, pgettext_lazy("gender marker", "0 — not targeted")
    SIGNIFICANT = 1, pgettext_lazy("gender marker", "1 — significant objective")
    PRINCIPAL = 2, pgettext_lazy("gender marker", "2 — principal objective")


class Channel(models.TextChoices):
    ONLINE = "online", pgettext_lazy("voting channel", "Online")
    ASSISTED = "assisted", pgettext_lazy("voting channel", "At the help desk")
    PAPER = "paper", pgettext_lazy("voting channel", "Paper ballot")


class Cycle(models.Model):
    """One participatory budget of a collectivity, with its envelope, phases and ballot rules."""

    collectivity = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="budget_cycles", verbose_name=_("collectivity")
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    envelope = models.PositiveBigIntegerField(_("envelope (MAD)"))
    # Phase starts (see phases.py); a phase runs until the next one starts.
    information_starts = models.DateTimeField(_("information starts"))
    proposals_start = models.DateTimeField(_("proposals start"))
    review_starts = models.DateTimeField(_("review starts"))
    vote_starts = models.DateTimeField(_("vote starts"))
    results_start = models.DateTimeField(_("results published from"))
    follow_up_starts = models.DateTimeField(_("execution follow-up starts"), null=True, blank=True)
    # Who may propose and vote.
    residents_may_propose = models.BooleanField(_("residents may propose"), default=True)
    associations_may_propose = models.BooleanField(_("associations may propose"), default=True)
    bodies_may_propose = models.BooleanField(_("consultative bodies may propose"), default=True)
    min_voter_age = models.PositiveSmallIntegerField(
        _("minimum age to vote"), default=16, validators=[MinValueValidator(12), MaxValueValidator(30)]
    )
    # The ballot.
    ballot_type = models.CharField(_("ballot type"), max_length=16, choices=BallotType.choices)
    min_choices = models.PositiveSmallIntegerField(_("minimum number of projects"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("maximum number of projects"), null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(_("points per voter"), null=True, blank=True)
    rule = models.CharField(_("outcome rule"), max_length=20, choices=OutcomeRule.choices)
    gender_floor_percent = models.PositiveSmallIntegerField(
        _("share of the envelope reserved for gender-marked projects (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    # The computed outcome: {"selected": [proposal ids in order], "cost": int, "marked_cost": int, ...}
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_computed_at = models.DateTimeField(_("result computed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-vote_starts", "pk"]
        verbose_name = _("participatory budget cycle")
        verbose_name_plural = _("participatory budget cycles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposals_start__gt=models.F("information_starts"))
                & models.Q(review_starts__gt=models.F("proposals_start"))
                & models.Q(vote_starts__gt=models.F("review_starts"))
                & models.Q(results_start__gt=models.F("vote_starts")),
                name="budgets_phases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("budgets:cycle", args=[self.pk])

    @property
    def vote_type(self) -> str:
        """The `.pb` vote type of the ballots."""
        return "cumulative" if self.ballot_type == BallotType.CUMULATIVE else "approval"

    @property
    def gender_floor(self) -> Fraction | None:
        return Fraction(self.gender_floor_percent, 100) if self.gender_floor_percent else None


class District(models.Model):
    """A sub-envelope of a cycle: a district, douar or the urban/rural part, with its own amount."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("name"), max_length=120)
    amount = models.PositiveBigIntegerField(_("amount (MAD)"))

    class Meta:
        ordering = ["cycle_id", "name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="budgets_district_name_unique")]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    """A project proposed for the ballot, reviewed technically and for gender before the vote."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("district")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    # An optional point on the map (WGS 84), typed or picked; shown with a link to a map.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(36)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-18), MaxValueValidator(0)],
    )
    photo = models.ImageField(_("photo"), upload_to=proposal_photo_path, blank=True)
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost (MAD)"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    beneficiaries = models.JSONField(_("who benefits"), default=list)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposer_kind = models.CharField(_("proposed by"), max_length=12, choices=ProposerKind.choices)
    proposer_name = models.CharField(_("name of the association or body"), max_length=200, blank=True)
    from_equality_body = models.BooleanField(_("proposed by the equality body"), default=False)
    # Co-authors kept when duplicates are merged (ids of users).
    co_authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    status = models.CharField(max_length=12, choices=ProposalState.choices, default=ProposalState.SUBMITTED)
    # Technical review by staff.
    within_competences = models.BooleanField(_("within the collectivity's competences"), null=True)
    feasible = models.BooleanField(_("technically feasible"), null=True)
    revised_cost = models.PositiveBigIntegerField(_("revised cost (MAD)"), null=True, blank=True)
    review_reasons = models.TextField(_("reasons (published)"), blank=True)
    technical_reviewed_at = models.DateTimeField(null=True, blank=True)
    technical_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Gender review by the equality body (IEECAG) or staff.
    gender_marker = models.PositiveSmallIntegerField(
        _("gender marker"), choices=GenderMarker.choices, null=True, blank=True
    )
    gender_analysis = models.TextField(_("gender analysis"), blank=True)
    gender_reviewed_at = models.DateTimeField(null=True, blank=True)
    gender_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    feasible_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle_id", "pk"]
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        constraints = [
            models.CheckConstraint(condition=models.Q(gender_marker__lte=2), name="budgets_gender_marker_0_2"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:proposal", args=[self.pk])

    @property
    def cost(self) -> int:
        return self.revised_cost if self.revised_cost is not None else self.estimated_cost

    @property
    def on_ballot(self) -> bool:
        """Reaches the ballot only when feasible after the technical review and gender-reviewed."""
        return self.status == ProposalState.FEASIBLE and self.gender_marker is not None

    def beneficiary_labels(self) -> list[str]:
        labels = dict(Beneficiary.choices)
        return [str(labels[b]) for b in self.beneficiaries if b in labels]


class VotingCode(models.Model):
    """A one-time code printed on a paper ballot; it counts once (meinBerlin's tokens)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=16, unique=True)
    batch = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle_id", "batch", "pk"]

    def __str__(self) -> str:
        return self.code


class Ballot(models.Model):
    """One voter's ballot in one cycle (or one paper code's). Changed in place until the vote closes."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_ballots"
    )
    code = models.OneToOneField(VotingCode, null=True, blank=True, on_delete=models.PROTECT, related_name="ballot")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Kept on the ballot for turnout figures and the `.pb` export; never shown per person.
    voter_sex = models.CharField(max_length=12, blank=True)
    voter_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField()
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "voter"], condition=models.Q(voter__isnull=False), name="budgets_one_ballot_per_voter"
            ),
        ]

    def __str__(self) -> str:
        return f"ballot #{self.pk}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="budgets_one_choice_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.proposal_id}×{self.points}"


# --- Execution follow-up (issue §8) ---------------------------------------------------------


class ExecutionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    STUDIES = "studies", _("studies and procurement")
    WORKS = "works", _("works under way")
    DONE = "done", _("completed")
    SUSPENDED = "suspended", _("suspended")


class Execution(models.Model):
    """How a funded project is being carried out: public, updated by the collectivity's staff."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="execution")
    status = models.CharField(
        _("status"), max_length=12, choices=ExecutionStatus.choices, default=ExecutionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    spent = models.PositiveBigIntegerField(_("spent so far (MAD)"), default=0)
    note = models.TextField(_("public note"), blank=True)
    # Where the project sits in the collectivity's action programme, when it has been linked there.
    programme_project = models.ForeignKey(
        "programmes.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_executions",
        verbose_name=_("action programme project"),
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("execution of a funded project")
        verbose_name_plural = _("executions of funded projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="budgets_execution_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.get_status_display()}"


class Milestone(models.Model):
    """A dated step of a funded project (studies approved, works started, delivered...)."""

    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=160)
    due_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=milestone_photo_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ExecutionSnapshot(models.Model):
    """A funded project's progress and spend as they stood at the end of a day, written when they
    change (and by `manage.py dashboards_snapshot`): the dashboards' trends read a past period's
    execution from these (docs/decisions/0722-execution-history-snapshots.md)."""

    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField()
    progress = models.PositiveSmallIntegerField(default=0)
    spent = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["execution_id", "taken_on"]
        constraints = [models.UniqueConstraint(fields=["execution", "taken_on"], name="one_execution_snapshot_a_day")]

    def __str__(self) -> str:
        return f"{self.execution_id} @ {self.taken_on}: {self.progress} %"
