"""The action programmes' execution indicators for the dashboards (issue 7 §2).

Imported once by ProgrammesConfig.ready(). A project counts for its programme's collectivity
once the programme is adopted and the project has started (start year up to the period's last
year). Progress and money executed are the latest recorded figures: the programmes module keeps
no history of them, so a past period shows today's figures for the projects of that time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from tadafur.core.indicators import Groups, IndicatorSpec, Measure, Unit, invert_groups, register_indicator
from tadafur.programmes.models import Project

MODULE = "programmes"


def _rows(groups: Groups, end: dt.date) -> list[tuple[int, Decimal, Decimal, Decimal, int]]:
    ids = sorted({pk for ids in groups.values() for pk in ids})
    last_year = (end - dt.timedelta(days=1)).year
    return list(
        Project.objects.filter(
            axis__programme__collectivity_id__in=ids,
            axis__programme__adopted_at__isnull=False,
            start_year__lte=last_year,
        )
        .values_list("axis__programme__collectivity_id")
        .annotate(
            total_cost=Sum("cost"),
            total_executed=Sum("executed"),
            weighted=Sum(F("cost") * F("progress")),
            projects=Count("id"),
        )
        .order_by()
    )


def _fold(
    groups: Groups, end: dt.date
) -> tuple[Counter[str], dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    fan = invert_groups(groups)
    n: Counter[str] = Counter()
    cost = {name: Decimal(0) for name in groups}
    executed = {name: Decimal(0) for name in groups}
    weighted = {name: Decimal(0) for name in groups}
    for collectivity_id, c, e, w, count in _rows(groups, end):
        for name in fan.get(collectivity_id, ()):
            n[name] += count
            cost[name] += Decimal(c or 0)
            executed[name] += Decimal(e or 0)
            weighted[name] += Decimal(w or 0)
    return n, cost, executed, weighted


def execution(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Physical progress of the projects, weighted by their cost (as the yearly report does)."""
    n, cost, _executed, weighted = _fold(groups, end)
    return {name: Measure(float(weighted[name] / cost[name] / 100) if cost[name] else None, n[name]) for name in groups}


def spending(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Money executed over the projects' cost."""
    n, cost, executed, _weighted = _fold(groups, end)
    return {name: Measure(float(executed[name] / cost[name]) if cost[name] else None, n[name]) for name in groups}


EXECUTION = register_indicator(
    IndicatorSpec(
        key="programmes.execution",
        module=MODULE,
        label=_("Action programme execution"),
        unit=Unit.SHARE,
        compute=execution,
        description=_("Progress of the adopted programmes' projects started by the period, weighted by cost."),
        suppress=False,
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
    )
)
