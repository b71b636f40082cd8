"""The action programmes' execution indicators for the dashboards (issue 7 §2).

Imported once by ProgrammesConfig.ready(). A project counts for its programme's collectivity
once the programme is adopted and the project has started (start year up to the period's last
year). A period in progress shows the projects' latest recorded progress and money executed; a
period that has ended shows them as they stood at its end, from the projects' dated snapshots
(`ProjectSnapshot`, written here whenever they change and by `manage.py dashboards_snapshot`).
A project with no snapshot by then counts with its first recorded state: history starts with the
first snapshot (docs/decisions/0722-execution-history-snapshots.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import CharField, Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.core.indicators import (
    Groups,
    IndicatorSpec,
    Measure,
    Unit,
    invert_groups,
    register_indicator,
    shared,
    within,
)
from tadafur.core.snapshots import History
from tadafur.programmes.models import Project, ProjectSnapshot

MODULE = "programmes"
CENTS = Decimal("0.01")
HISTORY = _(
    "Past periods show each project's progress as recorded at the period's end; a project with "
    "nothing recorded by then counts with its first recorded state."
)


def _state_as_of(end: dt.date) -> Coalesce:
    """The project's "progress executed" (text) at the end of the day before `end`: its last
    snapshot by then, else its first snapshot; NULL without any (its current figures count). Both
    figures in one text, so a project costs two correlated subqueries, not four."""
    text = CharField()
    state = Concat(Cast("progress", text), Value(" "), Cast("executed", text), output_field=text)
    snapshots = ProjectSnapshot.objects.filter(project=OuterRef("pk")).annotate(state=state)
    then = snapshots.filter(taken_on__lt=end).order_by("-taken_on").values("state")[:1]
    first = snapshots.order_by("taken_on").values("state")[:1]
    return Coalesce(Subquery(then), Subquery(first), output_field=text)


@shared
def _rows(groups: Groups, start: dt.date, end: dt.date) -> list[tuple[int, Decimal, Decimal, Decimal, int]]:
    """(collectivity, cost, money executed, cost × progress, projects) of the projects counted for
    the period: one query, shared by both indicators inside `core.indicators.sharing`."""
    last_year = (end - dt.timedelta(days=1)).year
    projects = Project.objects.filter(
        within(groups, "axis__programme__collectivity_id"),
        axis__programme__adopted_at__isnull=False,
        start_year__lte=last_year,
    )
    if end > clock.today():  # in progress: today's figures
        return list(
            projects.values_list("axis__programme__collectivity_id")
            .annotate(
                total_cost=Sum("cost"),
                total_executed=Sum("executed"),
                weighted=Sum(F("cost") * F("progress")),
                projects=Count("id"),
            )
            .order_by()
        )
    rows = projects.annotate(state_then=_state_as_of(end)).values_list(
        "axis__programme__collectivity_id", "cost", "executed", "progress", "state_then"
    )
    totals: dict[int, list] = {}
    for collectivity_id, cost, executed, progress, state in rows:
        if state:
            then_progress, then_executed = state.split(" ")
            progress, executed = int(then_progress), Decimal(then_executed).quantize(CENTS)
        row = totals.setdefault(collectivity_id, [Decimal(0), Decimal(0), Decimal(0), 0])
        row[0] += Decimal(cost or 0)
        row[1] += Decimal(executed or 0)
        row[2] += Decimal(cost or 0) * (progress or 0)
        row[3] += 1
    return [(pk, *values) for pk, values in totals.items()]


def _fold(
    groups: Groups, start: dt.date, end: dt.date
) -> tuple[Counter[str], dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    fan = invert_groups(groups)
    n: Counter[str] = Counter()
    cost = {name: Decimal(0) for name in groups}
    executed = {name: Decimal(0) for name in groups}
    weighted = {name: Decimal(0) for name in groups}
    for collectivity_id, c, e, w, count in _rows(groups, start, end):
        for name in fan.get(collectivity_id, ()):
            n[name] += count
            cost[name] += Decimal(c or 0)
            executed[name] += Decimal(e or 0)
            weighted[name] += Decimal(w or 0)
    return n, cost, executed, weighted


def execution(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Physical progress of the projects, weighted by their cost (as the yearly report does)."""
    n, cost, _executed, weighted = _fold(groups, start, end)
    return {name: Measure(float(weighted[name] / cost[name] / 100) if cost[name] else None, n[name]) for name in groups}


def spending(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Money executed over the projects' cost."""
    n, cost, executed, _weighted = _fold(groups, start, end)
    return {name: Measure(float(executed[name] / cost[name]) if cost[name] else None, n[name]) for name in groups}


# --- History -----------------------------------------------------------------------------------


# Progress and money executed of programme projects as they were: written when they change and
# daily by manage.py dashboards_snapshot (decision 0722).
SNAPSHOTS = History(ProjectSnapshot, owner="project", figures=("progress", "executed"))
SNAPSHOTS.record_on_save(Project, dispatch_uid="programmes.project_snapshot")


def snapshot_all(on: dt.date | None = None) -> int:
    """Snapshot every project whose figures changed (catches bulk updates and imports)."""
    return SNAPSHOTS.record(Project.objects.only("pk", "progress", "executed").iterator(), on)


EXECUTION = register_indicator(
    IndicatorSpec(
        key="programmes.execution",
        module=MODULE,
        label=_("Action programme execution"),
        unit=Unit.SHARE,
        compute=execution,
        description=_("Progress of the adopted programmes' projects started by the period, weighted by cost."),
        suppress=False,
        history=HISTORY,
    )
)
SPENDING = register_indicator(
    IndicatorSpec(
        key="programmes.spending",
        module=MODULE,
        label=_("Action programme money executed"),
        unit=Unit.SHARE,
        compute=spending,
        description=_("Money executed over the cost of the adopted programmes' projects started by the period."),
        suppress=False,
        history=HISTORY,
    )
)
