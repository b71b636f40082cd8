"""The consultative bodies' indicators for the dashboards (issue 7 §2).

Imported once by BodiesConfig.ready(). A body, its meetings and its opinions belong to the
body's collectivity; only the bodies' own meetings count (organiser "bodies.body"), not the
steering committee's or the council's sessions that reuse the meetings tables.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tadafur.bodies.models import BODY_TYPE, Meeting, Member, Opinion
from tadafur.bodies.states import MeetingStatus
from tadafur.core import clock
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

MODULE = "bodies"


def _fan_counts(groups: Groups, rows: object) -> Counter[str]:
    fan = invert_groups(groups)
    counts: Counter[str] = Counter()
    for collectivity_id, n in rows:  # type: ignore[attr-defined]
        for name in fan.get(collectivity_id, ()):
            counts[name] += n
    return counts


def meetings_held(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    since, until = aware_bounds(start, end)
    rows = (
        Meeting.objects.filter(
            within(groups, "collectivity_id"),
            organiser_type=BODY_TYPE,
            status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED],
            held_at__gte=since,
            held_at__lt=until,
        )
        .values_list("collectivity_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = _fan_counts(groups, rows)
    return {name: Measure(float(counts[name]), counts[name]) for name in groups}


@shared
def _opinions(groups: Groups, start: dt.date, end: dt.date) -> tuple[Counter[str], Counter[str]]:
    """Opinions adopted in the period, and those of them answered, per group (one query for both
    indicators inside `core.indicators.sharing`)."""
    since, until = aware_bounds(start, end)
    rows = (
        Opinion.objects.filter(within(groups, "body__collectivity_id"), adopted_at__gte=since, adopted_at__lt=until)
        .values_list("body__collectivity_id")
        .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    fan = invert_groups(groups)
    adopted: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for collectivity_id, n, done in rows:
        for name in fan.get(collectivity_id, ()):
            adopted[name] += n
            answered[name] += done
    return adopted, answered


def opinions_adopted(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    counts, _answered = _opinions(groups, start, end)
    return {name: Measure(float(counts[name]), counts[name]) for name in groups}


def answered_share(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Of the opinions adopted in the period, the share the council has answered (so far)."""
    adopted, answered = _opinions(groups, start, end)
    return {name: Measure(answered[name] / adopted[name] if adopted[name] else None, adopted[name]) for name in groups}


def women_share(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Share of women among the members sitting on the last day of the period (or today)."""
    on = min(end - dt.timedelta(days=1), clock.today())
    rows = (
        Member.objects.active(on)
        .filter(within(groups, "body__collectivity_id"))
        .values_list("body__collectivity_id")
        .annotate(n=Count("id"), women=Count("id", filter=Q(sex="woman")))
        .order_by()
    )
    fan = invert_groups(groups)
    members: Counter[str] = Counter()
    women: Counter[str] = Counter()
    for collectivity_id, n, w in rows:
        for name in fan.get(collectivity_id, ()):
            members[name] += n
            women[name] += w
    return {name: Measure(women[name] / members[name] if members[name] else None, members[name]) for name in groups}


MEETINGS_HELD = register_indicator(
    IndicatorSpec(
        key="bodies.meetings_held",
        module=MODULE,
        label=_("Meetings of consultative bodies"),
        unit=Unit.COUNT,
        compute=meetings_held,
        description=_("Meetings of the consultative bodies held during the period."),
    )
)
OPINIONS_ADOPTED = register_indicator(
    IndicatorSpec(
        key="bodies.opinions_adopted",
        module=MODULE,
        label=_("Opinions adopted by consultative bodies"),
        unit=Unit.COUNT,
        compute=opinions_adopted,
        description=_("Opinions and recommendations adopted by the consultative bodies during the period."),
    )
)
ANSWERED_SHARE = register_indicator(
    IndicatorSpec(
        key="bodies.answered_share",
        module=MODULE,
        label=_("Opinions answered by the council"),
        unit=Unit.SHARE,
        compute=answered_share,
        description=_("Share of the opinions adopted during the period that the council has answered."),
    )
)
WOMEN_SHARE = register_indicator(
    IndicatorSpec(
        key="bodies.women_share",
        module=MODULE,
        label=_("Women among body members"),
        unit=Unit.SHARE,
        compute=women_share,
        description=_("Share of women among the members of the consultative bodies at the end of the period."),
        higher_is_better=None,
    )
)
