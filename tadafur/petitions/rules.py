"""Petition rules named like the law, read from the dated `PetitionRule` rows (SPEC §3–4).

Each function answers one question the law asks, for a collectivity (a region, a
prefecture/province or a commune — `territories.Territory` with `is_collectivity`) on a given
day. The figures are never constants here: they come from the rows in force on that day, so a
jurist's correction in the admin changes the answers at once.

Boundary semantics (docs/decisions/0101-petition-threshold-boundaries.md): a population band
is `population_min <= population < population_max`, population being the 2024 census
(`population_2024`). Deadlines count calendar months or days from the filing date (docs/decisions/0101).

All rows are loaded once per process into a `RuleBook` and filtered by date in Python (the table
holds a few dozen rows). A version token in Django's cache, bumped whenever a rule is saved or
deleted, tells every process (every app-server worker, through Redis in production) to reload.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from tadafur.core.errors import DomainError
from tadafur.petitions.models import Instrument, PetitionRule, RuleKey, RuleLevel, Unit

NationalKind = Literal["petition", "motion"]
_VERSION_KEY = "petitions:rulebook:version"
_LEVELS = {"commune": RuleLevel.COMMUNE, "province": RuleLevel.PROVINCE, "region": RuleLevel.REGION}


class Collectivity(Protocol):
    code: str
    level: str
    kind: str
    population_2024: int | None
    is_collectivity: bool


class RuleNotConfigured(DomainError):
    """No rule row (or more than one) answers a question of the law: the rulebook needs a jurist."""

    code = "rule_not_configured"
    status = 503


class NotACollectivity(DomainError):
    """Arrondissements and unknown territories have no council to petition."""

    code = "not_a_collectivity"
    status = 404


@dataclass(frozen=True)
class Rule:
    """An immutable copy of one `PetitionRule` row, safe to share between threads."""

    pk: int
    key: str
    level: str
    instrument: str
    kind: str
    population_min: int | None
    population_max: int | None
    value: int
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    citation: str
    source_note: str
    reliability: str
    notes: str

    @classmethod
    def from_row(cls, row: PetitionRule) -> Rule:
        return cls(
            pk=row.pk,
            key=row.key,
            level=row.level,
            instrument=row.instrument,
            kind=row.kind,
            population_min=row.population_min,
            population_max=row.population_max,
            value=row.value,
            unit=row.unit,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            citation=row.citation,
            source_note=row.source_note,
            reliability=row.reliability,
            notes=row.notes,
        )

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def matches_population(self, population: int | None) -> bool:
        if self.population_min is None and self.population_max is None:
            return True
        if population is None:
            return False
        if self.population_min is not None and population < self.population_min:
            return False
        return self.population_max is None or population < self.population_max


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]

    def in_force(self, on: dt.date) -> list[Rule]:
        return [rule for rule in self.rules if rule.in_force_on(on)]

    def find(
        self,
        key: str,
        level: str,
        *,
        on: dt.date,
        instrument: str = Instrument.PETITION,
        kind: str = "",
        population: int | None = None,
    ) -> Rule:
        """The one row for this question, scope and day; a kind-specific row beats a general one."""
        candidates = [
            rule
            for rule in self.rules
            if rule.key == key
            and rule.level == level
            and rule.instrument == instrument
            and rule.kind in ("", kind)
            and rule.in_force_on(on)
            and rule.matches_population(population)
        ]
        specific = [rule for rule in candidates if rule.kind]
        chosen = specific or candidates
        scope = f"key={key} level={level} instrument={instrument} kind={kind or '-'}"
        scope += f" population={population} on={on}"
        if not chosen:
            raise RuleNotConfigured(_("No petition rule is configured for %(scope)s.") % {"scope": scope})
        if len(chosen) > 1:
            raise RuleNotConfigured(
                _("Several petition rules compete for %(scope)s: %(ids)s.")
                % {"scope": scope, "ids": ", ".join(str(rule.pk) for rule in chosen)}
            )
        return chosen[0]


_lock = threading.Lock()
_loaded: dict[str, object] = {"version": None, "book": None}


def _current_version() -> str:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY) or "uncached"
    return str(version)


def rulebook() -> RuleBook:
    """All rule rows, loaded once per process and reloaded when any process bumps the version."""
    version = _current_version()
    book = _loaded["book"]
    if isinstance(book, RuleBook) and _loaded["version"] == version:
        return book
    with _lock:
        fresh = RuleBook(tuple(Rule.from_row(row) for row in PetitionRule.objects.order_by("pk")))
        _loaded["book"], _loaded["version"] = fresh, version
    return fresh


def invalidate() -> None:
    """Forget the loaded rules here and, through the cache's version token, in every process."""
    with _lock:
        _loaded["book"], _loaded["version"] = None, None
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _level(collectivity: Collectivity) -> str:
    level = _LEVELS.get(collectivity.level)
    if level is None or not collectivity.is_collectivity:
        raise NotACollectivity(
            _("%(code)s is not a territorial collectivity: it has no council to petition.")
            % {"code": collectivity.code}
        )
    return level


def _as_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def minimum_signatures_rule(collectivity: Collectivity, *, on: dt.date) -> Rule:
    """The row that fixes `required_signatures` for this collectivity on `on` (for its citation)."""
    return rulebook().find(
        RuleKey.MIN_SIGNATURES,
        _level(collectivity),
        on=on,
        kind=collectivity.kind,
        population=collectivity.population_2024,
    )


def required_signatures(collectivity: Collectivity, *, on: dt.date) -> int:
    """Minimum number of citizens' signatures for a petition to this collectivity's council.

    Communes: OL 113.14 art. 123 — 100 under 35,000 inhabitants, 200 from 35,000, 400 for
    communes with arrondissements. Prefectures/provinces: OL 112.14 — 300. Regions: OL 111.14 —
    300 under 1,000,000 inhabitants, 400 from 1,000,000 to 3,000,000, 500 over 3,000,000.
    Associations' petitions need no signatures; this is the citizens' minimum.
    """
    return minimum_signatures_rule(collectivity, on=on).value


def per_province_minimum(region: Collectivity, *, on: dt.date) -> int | None:
    """Signatures a regional petition needs from each prefecture/province of the region.

    OL 111.14 (petitions to the region): signers are spread by residence over the region's
    prefectures and provinces, at least 5% of the required number in each. Rounded up: 5% of a
    minimum of 350 is 17.5, so 18 signatures (docs/decisions/0101). None for communes and provinces.
    """
    if _level(region) != RuleLevel.REGION:
        return None
    share = rulebook().find(RuleKey.PER_PROVINCE_SHARE, RuleLevel.REGION, on=on, kind=region.kind)
    required = required_signatures(region, on=on)
    return -(-required * share.value // 100)


@dataclass(frozen=True)
class ProvinceShortfall:
    code: str
    name: str
    count: int
    minimum: int


@dataclass(frozen=True)
class DistributionCheck:
    """Whether a regional petition's signers are spread as the law asks, and where they are not."""

    ok: bool
    minimum: int | None
    shortfalls: tuple[ProvinceShortfall, ...] = field(default=())

    def __bool__(self) -> bool:
        return self.ok

    @property
    def reason(self) -> str:
        if self.ok:
            return ""
        names = ", ".join(f"{s.name} ({s.count}/{s.minimum})" for s in self.shortfalls)
        return _("Too few signatures from these prefectures or provinces: %(names)s.") % {"names": names}


def distribution_satisfied(
    region: Collectivity,
    counts_by_province: Mapping[str, int],
    *,
    on: dt.date,
    provinces: Iterable[object] | None = None,
) -> DistributionCheck:
    """Does each prefecture/province of the region reach its 5% share (OL 111.14, petitions)?

    `counts_by_province` maps a prefecture/province code to the number of valid signatures whose
    signer resides there; a province missing from the mapping has 0. Communes and provinces have
    no distribution rule: the check passes. `provinces` defaults to the region's children.
    """
    minimum = per_province_minimum(region, on=on)
    if minimum is None:
        return DistributionCheck(ok=True, minimum=None)
    if provinces is None:
        from tadafur.territories.selectors import children_of

        provinces = children_of(region)  # type: ignore[arg-type]
    shortfalls = tuple(
        ProvinceShortfall(code=p.code, name=str(p), count=counts_by_province.get(p.code, 0), minimum=minimum)  # type: ignore[attr-defined]
        for p in sorted(provinces, key=lambda p: p.code)  # type: ignore[attr-defined]
        if counts_by_province.get(p.code, 0) < minimum  # type: ignore[attr-defined]
    )
    return DistributionCheck(ok=not shortfalls, minimum=minimum, shortfalls=shortfalls)


def threshold_reached(collectivity: Collectivity, count: int, *, on: dt.date) -> bool:
    """Has a citizens' petition at least `required_signatures` valid signatures (at, not above)?

    For regions the spread over prefectures/provinces is a separate condition:
    `distribution_satisfied`.
    """
    return count >= required_signatures(collectivity, on=on)


def answer_deadline_rule(collectivity: Collectivity, *, on: dt.date) -> Rule:
    return rulebook().find(RuleKey.ANSWER_DEADLINE, _level(collectivity), on=on, kind=collectivity.kind)


def _period(rule: Rule) -> relativedelta:
    if rule.unit == Unit.MONTHS:
        return relativedelta(months=rule.value)
    if rule.unit == Unit.DAYS:
        return relativedelta(days=rule.value)
    raise RuleNotConfigured(
        _("Rule %(pk)s is a deadline but its unit is %(unit)s.") % {"pk": rule.pk, "unit": rule.unit}
    )


def answer_deadline(collectivity: Collectivity, *, on: dt.date) -> relativedelta:
    """Time the council has to answer a petition filed on `on`.

    3 months for communes (OL 113.14), 2 months for prefectures/provinces (OL 112.14) and
    regions (OL 111.14), from the filing (receipt) date.
    """
    return _period(answer_deadline_rule(collectivity, on=on))


def answer_due(collectivity: Collectivity, filed_at: dt.date) -> dt.date:
    """Last day on which the council's answer is in time, for a petition filed on `filed_at`.

    Calendar months from the filing date; when the target month is shorter, the last day of that
    month (filed 31 January 2026 + 3 months → 30 April 2026). The rule in force on the filing day
    applies. See docs/decisions/0101.
    """
    filed_on = _as_date(filed_at)
    return filed_on + answer_deadline(collectivity, on=filed_on)


def answer_overdue(collectivity: Collectivity, filed_at: dt.date, *, today: dt.date, answered: bool) -> bool:
    """Has the deadline passed without an answer? The due day itself is still in time."""
    return not answered and today > answer_due(collectivity, filed_at)


def national_threshold(kind: NationalKind, *, on: dt.date) -> int:
    """Supporters needed nationally.

    Petition to a public authority: OL 44.14 as amended by OL 70.21 — 4,000 (5,000 before).
    Legislative motion: OL 64.14 as amended by OL 71.21 — 20,000 (25,000 before).
    """
    return rulebook().find(RuleKey.MIN_SIGNATURES, RuleLevel.NATIONAL, on=on, instrument=_instrument(kind)).value


def committee_size(kind: NationalKind, *, on: dt.date) -> int:
    """Members of the presentation committee (لجنة تقديم العريضة / comité de présentation).

    National petition: 5 since OL 70.21 (9 before); legislative motion: 5.
    """
    return rulebook().find(RuleKey.COMMITTEE_SIZE, RuleLevel.NATIONAL, on=on, instrument=_instrument(kind)).value


@dataclass(frozen=True)
class MotionDeadlines:
    admissibility: relativedelta
    substance: relativedelta


def motion_deadlines(*, on: dt.date) -> MotionDeadlines:
    """Deadlines of a House on a legislative motion (OL 64.14): 15 days admissibility, 60 substance."""
    book = rulebook()
    return MotionDeadlines(
        admissibility=_period(
            book.find(RuleKey.ADMISSIBILITY_DEADLINE, RuleLevel.NATIONAL, on=on, instrument=Instrument.MOTION)
        ),
        substance=_period(
            book.find(RuleKey.SUBSTANCE_DEADLINE, RuleLevel.NATIONAL, on=on, instrument=Instrument.MOTION)
        ),
    )


def _instrument(kind: str) -> str:
    if kind not in Instrument.values:
        raise ValueError(f"kind must be one of {Instrument.values}, not {kind!r}")
    return kind
