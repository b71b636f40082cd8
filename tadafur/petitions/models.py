"""The petitions rulebook: the law as dated, editable rows with their citation (SPEC §3–4).

A figure of the law (a minimum of signatures, an answer deadline, a committee size) is never a
bare constant in the code: it is a `PetitionRule` row valid from one date to another, with the
text it comes from and where it was read, so that a jurist corrects it in the admin without a
release. `tadafur.petitions.rules` reads these rows; see docs/decisions/0102-rules-as-dated-rows.md.

Petitions, their members, signatures and the signature log (issue 3 §2–7) follow the rulebook.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.petitions.states import PetitionState, SignatureStatus


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


# --- Petitions (issue 3 §2–7) -------------------------------------------------------------


class PetitionKind(models.TextChoices):
    LOCAL_CITIZENS = "local_citizens", pgettext_lazy("petition kind", "Citizens' petition to a council")
    LOCAL_ASSOCIATION = (
        "local_association",
        pgettext_lazy("petition kind", "Association's petition to a council"),
    )
    NATIONAL_PETITION = "national_petition", pgettext_lazy("petition kind", "National petition")
    LEGISLATIVE_MOTION = "legislative_motion", pgettext_lazy("petition kind", "Legislative motion")


LOCAL_KINDS = frozenset({PetitionKind.LOCAL_CITIZENS, PetitionKind.LOCAL_ASSOCIATION})
NATIONAL_KINDS = frozenset({PetitionKind.NATIONAL_PETITION, PetitionKind.LEGISLATIVE_MOTION})


class Addressee(models.TextChoices):
    HEAD_OF_GOVERNMENT = "head_of_government", pgettext_lazy("addressee", "Head of Government")
    HOUSE_OF_REPRESENTATIVES = (
        "house_of_representatives",
        pgettext_lazy("addressee", "House of Representatives"),
    )
    HOUSE_OF_COUNCILLORS = "house_of_councillors", pgettext_lazy("addressee", "House of Councillors")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", pgettext_lazy("deliberation outcome", "Adopted")
    ADOPTED_AMENDED = "adopted_amended", pgettext_lazy("deliberation outcome", "Adopted with amendments")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("deliberation outcome", "Not adopted")
    POSTPONED = "postponed", pgettext_lazy("deliberation outcome", "Postponed")


def _new_salt() -> str:
    return secrets.token_hex(32)


class Petition(models.Model):
    """A petition (عريضة / pétition) to a council, or a national petition or legislative motion.

    The `agent` (وكيل العريضة / mandataire) drafts, files and follows it; for an association's
    petition, the agent is the association's legal representative. Every state has its `<state>_at`
    stamp (set by core.states.transition); who did it is in the audit log. The signature count is
    never stored here: it is counted over an index (docs/decisions/0103-petition-counting.md).
    """

    kind = models.CharField(_("kind"), max_length=24, choices=PetitionKind.choices)
    addressee = models.CharField(_("addressed to"), max_length=32, choices=Addressee.choices, blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("collectivity"),
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.TextField(_("subject"))
    reasons = models.TextField(_("reasons"))
    objectives = models.TextField(_("objectives"))
    requested_agenda_point = models.TextField(_("requested agenda point"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="petitions_as_agent",
        verbose_name=_("agent"),
    )
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("association"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PetitionState.choices, default=PetitionState.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    collecting_at = models.DateTimeField(_("published at"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    under_review_at = models.DateTimeField(_("review started at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    deliberated_at = models.DateTimeField(_("deliberated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Staff may send a just-published petition back to its agent (before anyone signs), with reasons.
    sent_back_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    sent_back_reasons = models.TextField(_("reasons for sending it back"), blank=True)
    admissibility_confirmed = models.BooleanField(_("agent confirmed admissibility"), default=False)
    receipt_number = models.CharField(_("receipt number"), max_length=32, null=True, blank=True, unique=True)
    filed_signature_count = models.PositiveIntegerField(_("valid signatures at filing"), null=True, blank=True)
    decision_grounds = models.ManyToManyField(
        InadmissibilityGround, blank=True, related_name="petitions", verbose_name=_("grounds")
    )
    decision_text = models.TextField(_("reasoned decision"), blank=True)
    scheduled_session_date = models.DateField(_("session date"), null=True, blank=True)
    agenda_point = models.CharField(_("agenda point"), max_length=300, blank=True)
    committee = models.CharField(_("permanent committee"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # The signature log's secret salt and its tree head (RFC 9162 frontier: the roots of the
    # perfect subtrees, largest first), updated under the petition's row lock at each append.
    log_salt = models.CharField(max_length=64, default=_new_salt, editable=False)
    log_size = models.PositiveIntegerField(default=0, editable=False)
    log_frontier = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [models.Index(fields=["territory", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=sorted(LOCAL_KINDS), territory__isnull=False)
                | Q(kind__in=sorted(NATIONAL_KINDS), territory__isnull=True),
                name="petition_local_kinds_name_a_collectivity",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PetitionKind.LOCAL_ASSOCIATION) | Q(association__isnull=False),
                name="petition_association_kind_names_association",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(LOCAL_KINDS)) | ~Q(addressee=""),
                name="petition_national_kinds_name_addressee",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("petitions:detail", args=[self.pk])

    @property
    def is_local(self) -> bool:
        return self.kind in LOCAL_KINDS

    @property
    def needs_signatures(self) -> bool:
        return self.kind != PetitionKind.LOCAL_ASSOCIATION


class MemberRole(models.TextChoices):
    CO_INITIATOR = "co_initiator", pgettext_lazy("petition member", "Co-initiator")
    DEPUTY = "deputy", pgettext_lazy("petition member", "Deputy agent")
    COMMITTEE = "committee", pgettext_lazy("petition member", "Committee member")


class PetitionMember(models.Model):
    """A co-initiator of a local petition, or a member of a national presentation committee
    (لجنة تقديم العريضة / comité de présentation: 5 members, one the agent, one the deputy)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)

    class Meta:
        verbose_name = _("petition member")
        verbose_name_plural = _("petition members")
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], name="one_membership_per_petition"),
            models.UniqueConstraint(fields=["petition"], condition=Q(role="deputy"), name="one_deputy_per_petition"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.user_id}:{self.role}"


class Channel(models.TextChoices):
    ONLINE = "online", pgettext_lazy("signature channel", "Online")
    PAPER = "paper", pgettext_lazy("signature channel", "Paper")


class AgeBand(models.TextChoices):
    """Bands for public aggregates (the census' adult bands, coarsened)."""

    A18_24 = "18-24", "18–24"
    A25_34 = "25-34", "25–34"
    A35_49 = "35-49", "35–49"
    A50_64 = "50-64", "50–64"
    A65 = "65+", "65+"
    UNKNOWN = "", pgettext_lazy("age band", "Not given")


# The sexes and age bands signatures record (accounts' User.Sex, undisclosed or not given, and
# AgeBand): the dashboards count signers per pair by seeking each on an index; any other value
# is still counted, through the partial index below (docs/decisions/0723-signers-by-seek.md).
SIGNER_SEXES = ("", "man", "undisclosed", "woman")
SIGNER_BANDS = ("", "18-24", "25-34", "35-49", "50-64", "65+")


class Signature(models.Model):
    """One person's signature of one petition, online or typed in from a paper sheet.

    `cnie_hash` is the keyed hash of the signer's CNIE number (core.crypto.cnie_hash), never the
    number: the unique constraint on (petition, cnie_hash) is the law's "one signature per
    person", across online and paper. A withdrawn or invalidated signature keeps its row (and
    its hash), so the same person cannot sign the same petition again
    (docs/decisions/0103-petition-counting.md). Sex, age band and residence are snapshots for
    public aggregates only. `verification_code` is the signer's receipt code and the keyed id
    whose HMAC appears in the public log (merkle.signature_ref).
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petition_signatures",
    )
    cnie_hash = models.CharField(max_length=64)
    residence = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=12, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(
        _("status"), max_length=12, choices=SignatureStatus.choices, default=SignatureStatus.VALID
    )
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    log_seq = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("signed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    status_reason = models.CharField(max_length=40, blank=True)
    notify = models.BooleanField(_("tell the signer about the petition's progress"), default=False)
    # The council copy of the filed list (SPEC §2): the signer's name, address and CNIE number,
    # encrypted with core.crypto.encrypt (FIELD_ENCRYPTION_KEY); never shown in public, never logged.
    name_enc = models.TextField(blank=True, editable=False)
    address_enc = models.TextField(blank=True, editable=False)
    cnie_enc = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "cnie_hash"], name="one_signature_per_cnie_per_petition"),
            models.UniqueConstraint(
                fields=["petition", "user"],
                condition=Q(user__isnull=False),
                name="one_signature_per_account_per_petition",
            ),
        ]
        # The count of valid signatures is an index-only COUNT on this index.
        indexes = [
            models.Index(fields=["petition", "status"], name="petition_sig_status_idx"),
            # The dashboards' signers (petitions.indicators.signers): who signed, by sex and age,
            # in a period, read from the index by (petition, sex, age band) and date range.
            models.Index(
                fields=["petition", "status", "sex", "age_band", "created_at", "cnie_hash"],
                name="petition_sig_signers_idx",
            ),
            # ...and the signatures whose sex or age band is none of the usual values (normally none).
            models.Index(
                fields=["petition", "status", "created_at", "sex", "age_band", "cnie_hash"],
                name="petition_sig_odd_idx",
                condition=~Q(sex__in=SIGNER_SEXES, age_band__in=SIGNER_BANDS),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.verification_code}"


class InvalidationReason(models.TextChoices):
    """Why staff invalidated signatures; a code, because it goes into the public log."""

    DUPLICATE = "duplicate", pgettext_lazy("invalidation", "Duplicate of another signature")
    NOT_ELIGIBLE = "not_eligible", pgettext_lazy("invalidation", "Signer not eligible")
    FRAUD = "suspected_fraud", pgettext_lazy("invalidation", "Suspected fraud or automated signing")


class LogEvent(models.TextChoices):
    SIGN = "sign", pgettext_lazy("log event", "Signature")
    WITHDRAW = "withdraw", pgettext_lazy("log event", "Withdrawal")
    INVALIDATE = "invalidate", pgettext_lazy("log event", "Invalidation")


class SignatureLogEntry(models.Model):
    """One leaf of a petition's append-only signature log (merkle.signature_event_leaf).

    `leaf` holds the canonical bytes (ASCII JSON, nothing personal); `leaf_hash` their RFC 9162
    leaf hash. Rows are never updated or deleted; `manage.py petition_verify` detects it if they are.
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="log_entries")
    seq = models.PositiveIntegerField()
    event = models.CharField(max_length=12, choices=LogEvent.choices)
    leaf = models.TextField()
    leaf_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["petition", "seq"]
        verbose_name = _("signature log entry")
        verbose_name_plural = _("signature log entries")
        constraints = [models.UniqueConstraint(fields=["petition", "seq"], name="one_leaf_per_seq_per_petition")]

    def __str__(self) -> str:
        return f"{self.petition_id}#{self.seq} {self.event}"


# --- Paper signatures (issue 3 §5) --------------------------------------------------------


def _sheet_upload_to(instance: Any, filename: str) -> str:
    """A random name under petitions/sheets/: the signer's file name is never kept."""
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        getattr(instance, "scan_type", ""), ""
    )
    return f"petitions/sheets/{secrets.token_hex(16)}{extension}"


class SheetStatus(models.TextChoices):
    TYPING = "typing", pgettext_lazy("paper sheet", "Being typed")
    RECONCILED = "reconciled", pgettext_lazy("paper sheet", "Reconciled")
    REJECTED = "rejected", pgettext_lazy("paper sheet", "Rejected")


class PaperSheet(models.Model):
    """One paper sheet of signatures handed to the council, with its scan (SPEC §3, issue 3 §5).

    Staff type its lines (PaperLine); the accepted lines wait as `pending` signatures and count
    only once the sheet is reconciled: as many lines typed as the sheet declares and, with
    double entry, a second agent's typing that matches the first
    (docs/decisions/0104-paper-signatures.md).
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="paper_sheets")
    number = models.PositiveIntegerField(_("sheet number"))
    scan = models.FileField(_("scan of the sheet"), upload_to=_sheet_upload_to, max_length=200)
    scan_type = models.CharField(max_length=32, editable=False)
    declared_lines = models.PositiveIntegerField(_("lines on the sheet"))
    double_entry = models.BooleanField(_("double entry by a second agent"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=SheetStatus.choices, default=SheetStatus.TYPING, db_index=True
    )
    typed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("typed by")
    )
    second_typed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("second entry by"),
    )
    created_at = models.DateTimeField(_("received at"))
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejecting the sheet"), max_length=300, blank=True)

    class Meta:
        ordering = ["petition", "number"]
        verbose_name = _("paper sheet")
        verbose_name_plural = _("paper sheets")
        constraints = [models.UniqueConstraint(fields=["petition", "number"], name="one_sheet_number_per_petition")]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.number}"


class LineStatus(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("paper line", "Accepted")
    REFUSED = "refused", pgettext_lazy("paper line", "Refused")


class PaperLine(models.Model):
    """One typed line of a paper sheet; `entry` 2 is the second agent's typing of the same line.

    Name, address and CNIE number are stored encrypted (core.crypto.encrypt), never in clear; the
    CNIE keyed hash matches duplicates. An accepted first-entry line has its pending Signature.
    """

    sheet = models.ForeignKey(PaperSheet, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField(_("line"))
    entry = models.PositiveSmallIntegerField(default=1)
    name_enc = models.TextField(editable=False)
    address_enc = models.TextField(editable=False, blank=True)
    cnie_enc = models.TextField(editable=False, blank=True)
    cnie_hash = models.CharField(max_length=64, blank=True)
    residence = models.ForeignKey(
        "territories.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices)
    refusal = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    signature = models.OneToOneField(
        Signature, null=True, blank=True, on_delete=models.SET_NULL, related_name="paper_line"
    )
    typed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    typed_at = models.DateTimeField()

    class Meta:
        ordering = ["sheet", "entry", "line_number"]
        verbose_name = _("paper sheet line")
        verbose_name_plural = _("paper sheet lines")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "entry", "line_number"], name="one_typing_per_line_and_entry")
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}:{self.entry}:{self.line_number}"
