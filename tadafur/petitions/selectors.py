"""Reads: the rulebook (API and rules page) and petitions, their counts, aggregates and deadlines."""

from __future__ import annotations

import datetime as _dt
import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet

from tadafur.core import clock
from tadafur.petitions import rules
from tadafur.petitions.models import (
    AgeBand,
    Channel,
    InadmissibilityGround,
    Petition,
    PetitionKind,
    RuleKey,
    RuleLevel,
    Signature,
)
from tadafur.petitions.states import ANSWERED, AWAITING_ANSWER, PUBLIC, PetitionState, SignatureStatus
from tadafur.territories.models import Territory

# What the rules and their pages read of a territory (not the census JSON).
_RULE_FIELDS = (
    "code",
    "level",
    "kind",
    "population_2024",
    "is_collectivity",
    "name_ar",
    "name_fr",
    "name_zgh",
)
_LEVEL_ORDER = {RuleLevel.COMMUNE: 0, RuleLevel.PROVINCE: 1, RuleLevel.REGION: 2, RuleLevel.NATIONAL: 3}


@dataclass(frozen=True)
class CollectivityRules:
    """What the law asks of a citizens' petition to one collectivity, on one day."""

    territory: Territory
    on: dt.date
    required_signatures: int
    per_province_minimum: int | None
    answer_due: dt.date | None
    references: tuple[str, ...]

    @property
    def answer_deadline_days(self) -> int | None:
        return (self.answer_due - self.on).days if self.answer_due else None

    @property
    def legal_reference(self) -> str:
        return "; ".join(self.references)


def collectivity_for_rules(code: str) -> Territory | None:
    """The collectivity with this HCP code, or None for unknown codes and arrondissements."""
    found = list(Territory.objects.filter(code=code, is_collectivity=True).only(*_RULE_FIELDS)[:1])
    return found[0] if found else None


def collectivity_rules(territory: Territory, *, on: dt.date) -> CollectivityRules:
    signatures = rules.minimum_signatures_rule(territory, on=on)
    references = [signatures.citation]
    try:
        deadline_rule = rules.answer_deadline_rule(territory, on=on)
    except rules.RuleNotConfigured:
        due = None
    else:
        due = rules.answer_due(territory, on)
        references.append(deadline_rule.citation)
    return CollectivityRules(
        territory=territory,
        on=on,
        required_signatures=signatures.value,
        per_province_minimum=rules.per_province_minimum(territory, on=on),
        answer_due=due,
        references=tuple(dict.fromkeys(references)),
    )


def rules_in_force(*, on: dt.date) -> list[rules.Rule]:
    return sorted(
        rules.rulebook().in_force(on),
        key=lambda r: (
            _LEVEL_ORDER.get(RuleLevel(r.level), 9),
            r.instrument,
            list(RuleKey.values).index(r.key) if r.key in RuleKey.values else 99,
            r.kind,
            r.population_min or 0,
        ),
    )


def grounds_in_force(*, on: dt.date) -> list[InadmissibilityGround]:
    return [g for g in InadmissibilityGround.objects.order_by("code") if g.in_force_on(on)]


# --- Petitions ----------------------------------------------------------------------------


COUNT_CACHE_SECONDS = 1  # public pages may lag the exact count by about this (decision 0103)
AGGREGATES_CACHE_SECONDS = 30  # the breakdown by sex, age band and channel (decision 0103)
REFRESH_LOCK_SECONDS = 30  # the longest a refresh may take before another reader tries again
SMALL_CELL = 5  # aggregates under this are shown as "< 5" (SPEC §8, small-cell suppression)


def petition_get(pk: int) -> Petition | None:
    return Petition.objects.select_related("territory__parent__parent", "agent", "association").filter(pk=pk).first()


def petitions_public(*, territory: Territory | None = None, kind: str = "", state: str = "") -> QuerySet[Petition]:
    qs = Petition.objects.filter(status__in=PUBLIC).select_related("territory")
    if territory is not None:
        qs = qs.filter(territory=territory)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(status=state)
    return qs.order_by("-collecting_at", "-pk")


def petitions_of_agent(user: Any) -> QuerySet[Petition]:
    return Petition.objects.filter(agent=user).select_related("territory").order_by("-created_at")


def signature_count_exact(petition: Petition) -> int:
    """Valid signatures, counted over the (petition, status) index: exact, for filing."""
    return Signature.objects.filter(petition=petition, status=SignatureStatus.VALID).count()


def cached_read(key: str, fresh_seconds: float, compute: Any) -> Any:
    """`compute()`, shared through Django's cache, recomputed by one reader at a time.

    The cache keeps `(value, computed_at)` for ten times `fresh_seconds`. A fresh value is
    returned as is. When it is older, the one reader that wins `cache.add` on the key's lock
    recomputes it while every other reader (in any worker, with Redis) keeps getting the
    previous value: no stampede when a big petition's key expires. Only a cold cache makes
    readers compute concurrently, as they have nothing to show.
    """
    now = time.time()
    entry = cache.get(key)
    if entry is not None and now - entry[1] < fresh_seconds:
        return entry[0]
    lock = f"{key}:refresh"
    if entry is not None and not cache.add(lock, 1, REFRESH_LOCK_SECONDS):
        return entry[0]  # someone else is refreshing it
    try:
        value = compute()
        cache.set(key, (value, time.time()), max(1, int(fresh_seconds * 10)))
    finally:
        if entry is not None:
            cache.delete(lock)
    return value


def signature_count(petition: Petition) -> int:
    """Valid signatures for public pages: the exact count, reused for about a second."""
    if petition.status not in (PetitionState.COLLECTING,) and petition.filed_signature_count is not None:
        return petition.filed_signature_count
    return int(
        cached_read(f"petitions:count:{petition.pk}", COUNT_CACHE_SECONDS, lambda: signature_count_exact(petition))
    )


def required_signatures(petition: Petition, *, on: _dt.date | None = None) -> int:
    """What this petition needs: 0 for an association, the council's or the national minimum."""
    day = on or (petition.filed_at.date() if petition.filed_at else clock.today())
    if petition.kind == PetitionKind.LOCAL_ASSOCIATION:
        return 0
    if petition.kind == PetitionKind.NATIONAL_PETITION:
        return rules.national_threshold("petition", on=day)
    if petition.kind == PetitionKind.LEGISLATIVE_MOTION:
        return rules.national_threshold("motion", on=day)
    return rules.required_signatures(petition.territory, on=day)  # type: ignore[arg-type]


def counts_by_province(petition: Petition) -> dict[str, int]:
    """Valid signatures by the signer's prefecture/province (the residence commune's parent)."""
    rows = (
        Signature.objects.filter(petition=petition, status=SignatureStatus.VALID, residence__isnull=False)
        .values("residence__parent__code")
        .annotate(n=Count("id"))
    )
    return {row["residence__parent__code"]: row["n"] for row in rows}


def counts_by_province_public(petition: Petition) -> dict[str, int]:
    """`counts_by_province` for the public API, shared through the cache like the aggregates."""
    return cached_read(  # type: ignore[no-any-return]
        f"petitions:provinces:{petition.pk}", AGGREGATES_CACHE_SECONDS, lambda: counts_by_province(petition)
    )


def distribution(petition: Petition, *, on: _dt.date | None = None) -> rules.DistributionCheck:
    """The regional spread rule (OL 111.14) on the exact counts; communes and provinces have
    none, so their signatures are not grouped at all."""
    day = on or clock.today()
    if petition.kind != PetitionKind.LOCAL_CITIZENS or petition.territory is None:
        return rules.DistributionCheck(ok=True, minimum=None)
    if rules.per_province_minimum(petition.territory, on=day) is None:
        return rules.DistributionCheck(ok=True, minimum=None)
    return rules.distribution_satisfied(petition.territory, counts_by_province(petition), on=day)


def _suppress(value: int) -> int | None:
    return None if value < SMALL_CELL else value


@dataclass(frozen=True)
class Aggregates:
    """Public counts; a cell under 5 is None ("fewer than 5")."""

    by_sex: dict[str, int | None]
    by_age_band: dict[str, int | None]
    by_channel: dict[str, int | None]


def aggregates(petition: Petition) -> Aggregates:
    """Valid signatures by sex, age band and channel, small cells suppressed.

    One GROUP BY over the petition's signatures, shared through the cache for
    AGGREGATES_CACHE_SECONDS and refreshed by one reader at a time (`cached_read`): on a
    petition with a million signatures the GROUP BY takes seconds, the page must not.
    """
    return cached_read(  # type: ignore[no-any-return]
        f"petitions:aggregates:{petition.pk}", AGGREGATES_CACHE_SECONDS, lambda: aggregates_exact(petition)
    )


def aggregates_exact(petition: Petition) -> Aggregates:
    rows = (
        Signature.objects.filter(petition=petition, status=SignatureStatus.VALID)
        .values("sex", "age_band", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    sexes: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for row in rows:
        sex, age, channel, n = row["sex"], row["age_band"], row["channel"], row["n"]
        sexes[sex or "undisclosed"] += n
        ages[age or ""] += n
        channels[channel] += n
    return Aggregates(
        by_sex={s: _suppress(sexes.get(s, 0)) for s in ("woman", "man", "undisclosed")},
        by_age_band={a: _suppress(ages.get(a, 0)) for a in AgeBand.values},
        by_channel={c: _suppress(channels.get(c, 0)) for c in Channel.values},
    )


def is_answered(petition: Petition) -> bool:
    return petition.status in ANSWERED


def answer_due(petition: Petition) -> _dt.date | None:
    """Last day of the council's answer (rules.answer_due), for a filed local petition."""
    if petition.filed_at is None or petition.territory is None:
        return None
    return rules.answer_due(petition.territory, timezone_local_date(petition.filed_at))


def timezone_local_date(moment: _dt.datetime) -> _dt.date:
    from django.utils import timezone

    return timezone.localdate(moment)


def answer_overdue(petition: Petition, *, today: _dt.date | None = None) -> bool:
    """Filed, not yet answered, and the due day is past (computed, never stored)."""
    if petition.filed_at is None or petition.territory is None or petition.status not in AWAITING_ANSWER:
        return False
    return rules.answer_overdue(
        petition.territory,
        timezone_local_date(petition.filed_at),
        today=today or clock.today(),
        answered=False,
    )


def days_left(petition: Petition, *, today: _dt.date | None = None) -> int | None:
    due = answer_due(petition)
    if due is None or petition.status not in AWAITING_ANSWER:
        return None
    return (due - (today or clock.today())).days


def inbox(collectivity: Territory) -> list[Petition]:
    """Petitions filed with this council and not closed: overdue first, then by due date."""
    petitions = list(
        Petition.objects.filter(
            territory=collectivity,
            status__in=[
                PetitionState.FILED,
                PetitionState.UNDER_REVIEW,
                PetitionState.ACCEPTED,
                PetitionState.REJECTED,
                PetitionState.DELIBERATED,
            ],
        ).select_related("agent", "territory")
    )
    today = clock.today()

    def key(p: Petition) -> tuple[int, _dt.date, int]:
        due = answer_due(p) or today
        return (0 if answer_overdue(p, today=today) else 1 if p.status in AWAITING_ANSWER else 2, due, p.pk)

    return sorted(petitions, key=key)


def signature_by_code(code: str) -> Signature | None:
    return (
        Signature.objects.select_related("petition__territory").filter(verification_code=code.strip().upper()).first()
    )


def signature_of(user: Any, petition: Petition) -> Signature | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Signature.objects.filter(petition=petition, user=user).first()


def collecting_in(collectivity: Territory) -> QuerySet[Petition]:
    return Petition.objects.filter(territory=collectivity, status=PetitionState.COLLECTING).order_by("-collecting_at")


def overdue_in(collectivity: Territory) -> list[Petition]:
    today = clock.today()
    candidates = Petition.objects.filter(territory=collectivity, status__in=AWAITING_ANSWER).select_related("territory")
    return [p for p in candidates if answer_overdue(p, today=today)]


@dataclass(frozen=True)
class SpreadRow:
    """Valid signatures from one part of the collectivity (None: fewer than 5, not shown)."""

    name: str
    count: int | None
    minimum: int | None = None

    @property
    def reached(self) -> bool | None:
        if self.minimum is None:
            return None
        return (self.count or 0) >= self.minimum


def spread(petition: Petition) -> list[SpreadRow]:
    """Where signers live: by prefecture/province for a region (with the 5% minimum of OL 111.14),
    by commune for a province; nothing for a commune or a national petition."""
    territory = petition.territory
    if territory is None or territory.level not in ("region", "province"):
        return []
    valid = Signature.objects.filter(petition=petition, status=SignatureStatus.VALID, residence__isnull=False)
    if territory.level == "region":
        counts = counts_by_province(petition)
        minimum = rules.per_province_minimum(territory, on=clock.today())
        parts = Territory.objects.filter(parent=territory, is_collectivity=True).order_by("code")
        # The distribution rule needs exact counts, even small ones: they are not about a person.
        return [SpreadRow(name=p.name, count=counts.get(p.code, 0), minimum=minimum) for p in parts]
    rows = valid.values("residence__code").annotate(n=Count("id")).order_by()
    counts = {row["residence__code"]: row["n"] for row in rows}
    parts = Territory.objects.filter(code__in=counts).order_by("code")
    return [SpreadRow(name=p.name, count=_suppress(counts[p.code])) for p in parts]


def communes_within(collectivity: Territory) -> QuerySet[Territory]:
    """The communes of a collectivity (itself for a commune), for the paper typing form."""
    from django.db.models import Q

    return Territory.objects.filter(
        Q(pk=collectivity.pk) | Q(parent=collectivity) | Q(parent__parent=collectivity), level="commune"
    ).order_by("name_fr")


def paper_sheets(petition: Petition) -> QuerySet[Any]:
    from django.db.models import Q

    from tadafur.petitions.models import PaperSheet

    return (
        PaperSheet.objects.filter(petition=petition)
        .annotate(
            typed=Count("lines", filter=Q(lines__entry=1)),
            accepted=Count("lines", filter=Q(lines__entry=1, lines__status="accepted")),
        )
        .order_by("number")
    )


def paper_sheet(petition: Petition, number: int) -> Any:
    from tadafur.petitions.models import PaperSheet

    return PaperSheet.objects.filter(petition=petition, number=number).select_related("typed_by").first()
