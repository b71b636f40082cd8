"""The participatory budgeting module's indicators and voters' participation (issue 7 §2).

Imported once by BudgetsConfig.ready(). A cycle belongs to its collectivity; a ballot counts in
the period its vote was cast. Execution of the funded projects is the latest recorded progress
(no history is kept), over the cycles whose results were published by the period's end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tadafur.budgets.models import Ballot, Cycle, Execution
from tadafur.core.indicators import (
    AGE_BANDS,
    Groups,
    IndicatorSpec,
    Measure,
    ParticipationSpec,
    Unit,
    age_band,
    aware_bounds,
    invert_groups,
    register_indicator,
    register_participation,
    sex_key,
)

MODULE = "budgets"


def _ids(groups: Groups) -> list[int]:
    return sorted({pk for ids in groups.values() for pk in ids})


def ballots(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Ballots cast (online, at the help desk or on paper) during the period."""
    since, until = aware_bounds(start, end)
    rows = (
        Ballot.objects.filter(cycle__collectivity_id__in=_ids(groups), cast_at__gte=since, cast_at__lt=until)
        .values_list("cycle__collectivity_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    fan = invert_groups(groups)
    counts: Counter[str] = Counter()
    for collectivity_id, n in rows:
        for name in fan.get(collectivity_id, ()):
            counts[name] += n
    return {name: Measure(float(counts[name]), counts[name]) for name in groups}


def turnout(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Ballots per inhabitant of the collectivities that held a vote starting in the period
    (census 2024 population; each collectivity's population counted once)."""
    since, until = aware_bounds(start, end)
    rows = (
        Cycle.objects.filter(collectivity_id__in=_ids(groups), vote_starts__gte=since, vote_starts__lt=until)
        .values_list("collectivity_id", "collectivity__population_2024")
        .annotate(n=Count("ballots"))
        .order_by()
    )
    fan = invert_groups(groups)
    cast: Counter[str] = Counter()
    population: dict[str, dict[int, int]] = {name: {} for name in groups}
    for collectivity_id, people, n in rows:
        for name in fan.get(collectivity_id, ()):
            cast[name] += n
            population[name][collectivity_id] = people or 0
    out = {}
    for name in groups:
        total = sum(population[name].values())
        out[name] = Measure(cast[name] / total if total else None, cast[name])
    return out


def gender_share(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Share of the envelopes going to projects with gender marker 1 or 2, over the cycles whose
    results were computed and published during the period. `n` is the number of cycles."""
    since, until = aware_bounds(start, end)
    rows = Cycle.objects.filter(
        collectivity_id__in=_ids(groups),
        result_computed_at__isnull=False,
        results_start__gte=since,
        results_start__lt=until,
    ).values_list("collectivity_id", "envelope", "result")
    fan = invert_groups(groups)
    envelope: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    cycles: Counter[str] = Counter()
    for collectivity_id, amount, result in rows:
        for name in fan.get(collectivity_id, ()):
            cycles[name] += 1
            envelope[name] += amount
            marked[name] += int((result or {}).get("marked_cost") or 0)
    return {name: Measure(marked[name] / envelope[name] if envelope[name] else None, cycles[name]) for name in groups}


def execution(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Progress of the funded projects, weighted by their cost; `n` is the number of projects."""
    _since, until = aware_bounds(start, end)
    cost = Coalesce("proposal__revised_cost", "proposal__estimated_cost")
    rows = (
        Execution.objects.filter(
            proposal__cycle__collectivity_id__in=_ids(groups),
            proposal__cycle__result_computed_at__isnull=False,
            proposal__cycle__results_start__lt=until,
        )
        .values_list("proposal__cycle__collectivity_id")
        .annotate(total=Sum(cost), weighted=Sum(cost * F("progress")), projects=Count("id"))
        .order_by()
    )
    fan = invert_groups(groups)
    total: Counter[str] = Counter()
    weighted: Counter[str] = Counter()
    projects: Counter[str] = Counter()
    for collectivity_id, t, w, n in rows:
        for name in fan.get(collectivity_id, ()):
            total[name] += t or 0
            weighted[name] += w or 0
            projects[name] += n
    return {
        name: Measure(weighted[name] / total[name] / 100 if total[name] else None, projects[name]) for name in groups
    }


def voters(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Counter[tuple[str, str]]]:
    """Who voted, by sex and age band on the day the vote opened; one ballot is one voter."""
    since, until = aware_bounds(start, end)
    rows = (
        Ballot.objects.filter(cycle__collectivity_id__in=_ids(groups), cast_at__gte=since, cast_at__lt=until)
        .values_list("cycle__collectivity_id", "cycle__vote_starts", "voter_sex", "voter_birth_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    fan = invert_groups(groups)
    out: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in groups}
    for collectivity_id, vote_starts, sex, birth_year, n in rows:
        band = age_band(birth_year, vote_starts.date())
        for name in fan.get(collectivity_id, ()):
            out[name][(sex_key(sex), band)] += n
    return out


BALLOTS = register_indicator(
    IndicatorSpec(
        key="budgets.ballots",
        module=MODULE,
        label=_("Participatory budget ballots"),
        unit=Unit.COUNT,
        compute=ballots,
        description=_("Ballots cast in participatory budget votes during the period."),
    )
)
TURNOUT = register_indicator(
    IndicatorSpec(
        key="budgets.turnout",
        module=MODULE,
        label=_("Participatory budget turnout"),
        unit=Unit.SHARE,
        compute=turnout,
        description=_(
            "Ballots cast divided by the census population of the collectivities that held a vote in the period."
        ),
    )
)
GENDER_SHARE = register_indicator(
    IndicatorSpec(
        key="budgets.gender_share",
        module=MODULE,
        label=_("Envelope to gender-marked projects"),
        unit=Unit.SHARE,
        compute=gender_share,
        description=_(
            "Share of the participatory budget envelopes given to selected projects with gender marker 1 or 2."
        ),
        suppress=False,
    )
)
EXECUTION = register_indicator(
    IndicatorSpec(
        key="budgets.execution",
        module=MODULE,
        label=_("Execution of projects funded by participatory budgets"),
        unit=Unit.SHARE,
        compute=execution,
        description=_("Progress of the projects funded by the published participatory budgets, weighted by cost."),
        suppress=False,
    )
)
VOTERS = register_participation(
    ParticipationSpec(
        channel="budgets.voters",
        module=MODULE,
        label=_("Participatory budget voters"),
        compute=voters,
        bands=AGE_BANDS,
    )
)
