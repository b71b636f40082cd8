"""The module's indicators for the dashboards (tadafur.core.indicators).

Groups map to the collectivity that runs the call. Applications count from their submission
date; amounts and completion from the date the results were published.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tadafur.core.indicators import (
    Groups,
    IndicatorSpec,
    Measure,
    Unit,
    aware_bounds,
    invert_groups,
    register_indicator,
    shared,
    within,
)


@shared
def _applications(groups: Groups, start: dt.date, end: dt.date) -> list[tuple[list[str], object]]:
    from tadafur.cocreation.models import Application
    from tadafur.cocreation.states import APPLICATION_IN_REVIEW

    where = invert_groups(groups)
    since, until = aware_bounds(start, end)
    rows = Application.objects.filter(
        within(groups, "call__collectivity_id"),
        status__in=APPLICATION_IN_REVIEW,
        submitted_at__gte=since,
        submitted_at__lt=until,
    ).values_list("call__collectivity_id", "women_led", "youth_led", named=True)
    return [(where.get(a.call__collectivity_id, []), a) for a in rows]


def _count(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    counts = dict.fromkeys(groups, 0)
    for names, _a in _applications(groups, start, end):
        for n in names:
            counts[n] += 1
    return {n: Measure(float(c), c) for n, c in counts.items()}


def _share(attribute: str):  # type: ignore[no-untyped-def]
    def compute(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
        hits = dict.fromkeys(groups, 0)
        total = dict.fromkeys(groups, 0)
        for names, a in _applications(groups, start, end):
            for n in names:
                total[n] += 1
                hits[n] += int(bool(getattr(a, attribute)))
        return {n: Measure(hits[n] / total[n] if total[n] else None, total[n]) for n in groups}

    return compute


def _awarded(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    from tadafur.cocreation.models import Application

    where = invert_groups(groups)
    sums = dict.fromkeys(groups, Decimal("0"))
    ns = dict.fromkeys(groups, 0)
    since, until = aware_bounds(start, end)
    for collectivity_id, amount in Application.objects.filter(
        within(groups, "call__collectivity_id"),
        status="selected",
        call__results_published_at__gte=since,
        call__results_published_at__lt=until,
    ).values_list("call__collectivity_id", "amount_awarded"):
        for n in where.get(collectivity_id, ()):
            sums[n] += amount or 0
            ns[n] += 1
    return {n: Measure(float(sums[n]) if ns[n] else None, ns[n]) for n in groups}


def _completion(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    from tadafur.cocreation.models import Agreement

    where = invert_groups(groups)
    done = dict.fromkeys(groups, 0)
    total = dict.fromkeys(groups, 0)
    for collectivity_id, status in Agreement.objects.filter(
        within(groups, "application__call__collectivity_id"), signed_on__gte=start, signed_on__lt=end
    ).values_list("application__call__collectivity_id", "status"):
        for n in where.get(collectivity_id, ()):
            total[n] += 1
            done[n] += int(status == "completed")
    return {n: Measure(done[n] / total[n] if total[n] else None, total[n]) for n in groups}


def register() -> None:
    register_indicator(
        IndicatorSpec(
            key="cocreation.applications",
            module="cocreation",
            label=_("Applications to co-creation calls"),
            unit=Unit.COUNT,
            compute=_count,
        )
    )
    register_indicator(
        IndicatorSpec(
            key="cocreation.share_women_led",
            module="cocreation",
            label=_("Share of applications from women-led associations"),
            unit=Unit.SHARE,
            compute=_share("women_led"),
        )
    )
    register_indicator(
        IndicatorSpec(
            key="cocreation.share_youth_led",
            module="cocreation",
            label=_("Share of applications from youth-led associations"),
            unit=Unit.SHARE,
            compute=_share("youth_led"),
        )
    )
    register_indicator(
        IndicatorSpec(
            key="cocreation.amount_awarded",
            module="cocreation",
            label=_("Amount awarded to co-creation projects"),
            unit=Unit.AMOUNT,
            compute=_awarded,
            higher_is_better=None,
        )
    )
    register_indicator(
        IndicatorSpec(
            key="cocreation.completion",
            module="cocreation",
            label=_("Share of co-creation agreements completed"),
            unit=Unit.SHARE,
            compute=_completion,
        )
    )
