"""The participatory budgeting module's indicators and voters' participation (issue 7 §2).

Imported once by BudgetsConfig.ready(). A cycle belongs to its collectivity; a ballot counts in
the period its vote was cast. Execution of the funded projects is over the cycles whose results
were published by the period's end: in a period in progress, their latest recorded progress; in a
period that has ended, their progress as it stood at its end, from the dated snapshots
(`ExecutionSnapshot`, written here whenever progress or spend change and by `manage.py
dashboards_snapshot`); a project with no snapshot by then counts with its first recorded state
(docs/decisions/0722-execution-history-snapshots.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    PositiveSmallIntegerField,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.db.models.lookups import LessThan
from django.utils.translation import gettext_lazy as _

from tadafur.budgets.models import Ballot, Cycle, Execution, ExecutionSnapshot
from tadafur.core import clock
from tadafur.core.indicators import (
    AGE_BANDS,
    Groups,
    IndicatorSpec,
    Measure,
    ParticipationSpec,
    Unit,
    aware_bounds,
    invert_groups,
    register_indicator,
    register_participation,
    sex_key,
    within,
)
from tadafur.core.snapshots import History

MODULE = "budgets"


def ballots(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Ballots cast (online, at the help desk or on paper) during the period."""
    since, until = aware_bounds(start, end)
    rows = (
        Ballot.objects.filter(within(groups, "cycle__collectivity_id"), cast_at__gte=since, cast_at__lt=until)
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
        Cycle.objects.filter(within(groups, "collectivity_id"), vote_starts__gte=since, vote_starts__lt=until)
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
        within(groups, "collectivity_id"),
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


def _progress_as_of(end: dt.date) -> Coalesce:
    """An execution's progress at the end of the day before `end`: its last snapshot by then, else
    its first snapshot, else its current progress."""
    snapshots = ExecutionSnapshot.objects.filter(execution=OuterRef("pk"))
    then = snapshots.filter(taken_on__lt=end).order_by("-taken_on").values("progress")[:1]
    first = snapshots.order_by("taken_on").values("progress")[:1]
    return Coalesce(Subquery(then), Subquery(first), F("progress"), output_field=PositiveSmallIntegerField())


def execution(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Progress of the funded projects, weighted by their cost; `n` is the number of projects."""
    _since, until = aware_bounds(start, end)
    cost = Coalesce("proposal__revised_cost", "proposal__estimated_cost")
    funded = Execution.objects.filter(
        within(groups, "proposal__cycle__collectivity_id"),
        proposal__cycle__result_computed_at__isnull=False,
        proposal__cycle__results_start__lt=until,
    )
    if end > clock.today():  # in progress: today's figures
        rows = list(
            funded.values_list("proposal__cycle__collectivity_id")
            .annotate(total=Sum(cost), weighted=Sum(cost * F("progress")), projects=Count("id"))
            .order_by()
        )
    else:
        totals: dict[int, list[int]] = {}
        for collectivity_id, c, progress in funded.annotate(
            funded_cost=cost, progress_then=_progress_as_of(end)
        ).values_list("proposal__cycle__collectivity_id", "funded_cost", "progress_then"):
            row = totals.setdefault(collectivity_id, [0, 0, 0])
            row[0] += c or 0
            row[1] += (c or 0) * (progress or 0)
            row[2] += 1
        rows = [(pk, *values) for pk, values in totals.items()]
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


def _voter_band() -> Case:
    """`core.indicators.age_band` of the voter's birth year in the year the vote opened (UTC, as
    the vote's opening time is stored), computed by the database: the rows come grouped by band,
    not by birth year (docs/decisions/0721-dashboards-cold-cache.md)."""
    # The year as text (stored UTC on SQLite, printed in the connection's UTC on PostgreSQL): no
    # per-row date function, which SQLite would call back into Python for.
    vote_year = Cast(Substr(Cast("cycle__vote_starts", CharField()), 1, 4), IntegerField())
    age = vote_year - F("voter_birth_year")
    whens = [
        When(Q(voter_birth_year__isnull=True) | Q(voter_birth_year=0), then=Value("")),
        When(LessThan(age, 15), then=Value("")),
    ]
    for band in AGE_BANDS[:-1]:
        upper = int(band.split("-")[1]) + 1
        whens.append(When(LessThan(age, upper), then=Value(band)))
    return Case(*whens, default=Value(AGE_BANDS[-1]))


def voters(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Counter[tuple[str, str]]]:
    """Who voted, by sex and age band on the day the vote opened; one ballot is one voter."""
    since, until = aware_bounds(start, end)
    rows = (
        Ballot.objects.filter(within(groups, "cycle__collectivity_id"), cast_at__gte=since, cast_at__lt=until)
        .annotate(band=_voter_band())
        .values_list("cycle__collectivity_id", "voter_sex", "band")
        .annotate(n=Count("id"))
        .order_by()
    )
    fan = invert_groups(groups)
    out: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in groups}
    for collectivity_id, sex, band, n in rows:
        for name in fan.get(collectivity_id, ()):
            out[name][(sex_key(sex), band)] += n
    return out


# --- History -----------------------------------------------------------------------------------


# Progress and spend of funded projects as they were: written when they change and daily by
# manage.py dashboards_snapshot (decision 0722).
SNAPSHOTS = History(ExecutionSnapshot, owner="execution", figures=("progress", "spent"))
SNAPSHOTS.record_on_save(Execution, dispatch_uid="budgets.execution_snapshot")


def snapshot_all(on: dt.date | None = None) -> int:
    """Snapshot every funded project whose figures changed (catches bulk updates and imports)."""
    return SNAPSHOTS.record(Execution.objects.only("pk", "progress", "spent").iterator(), on)


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
        history=_(
            "Past periods show each funded project's progress as recorded at the period's end; a project "
            "with nothing recorded by then counts with its first recorded state."
        ),
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
