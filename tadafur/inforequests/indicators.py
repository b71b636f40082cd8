"""Indicators and participation of the information requests channel (see tadafur.core.indicators)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadafur.core.indicators import (
    AGE_BANDS,
    Groups,
    IndicatorSpec,
    Measure,
    ParticipationSpec,
    Unit,
    count_by_group,
    invert_groups,
    people_by_group,
    within,
)
from tadafur.inforequests.states import REQUEST_RESPONDED, RequestStatus


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end, dt.time.min, tzinfo=tz),
    )


def answered_on_time(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Share of the responses (answers and reasoned refusals) given in the period that met the deadline."""
    from tadafur.inforequests.models import InfoRequest

    lo, hi = _bounds(start, end)
    rows = InfoRequest.objects.filter(within(groups, "collectivity_id"), status__in=REQUEST_RESPONDED).filter(
        Q(answered_at__gte=lo, answered_at__lt=hi) | Q(refused_at__gte=lo, refused_at__lt=hi)
    )
    where = invert_groups(groups)
    on_time: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for collectivity_id, answered_at, refused_at, due_on in rows.values_list(
        "collectivity_id", "answered_at", "refused_at", "due_on"
    ):
        responded = timezone.localdate(answered_at or refused_at)
        for group in where.get(collectivity_id, []):
            total[group] += 1
            on_time[group] += responded <= due_on
    return {g: Measure(value=(on_time[g] / total[g]) if total[g] else None, n=total[g]) for g in groups}


def overdue(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Requests received before `end` whose deadline passed before `end` without a response by then."""
    from tadafur.inforequests.models import InfoRequest

    _lo, hi = _bounds(start, end)
    rows = (
        InfoRequest.objects.filter(
            within(groups, "collectivity_id"), received_on__lt=end, due_on__lt=end - dt.timedelta(days=1)
        )
        .exclude(status=RequestStatus.WITHDRAWN)
        .exclude(answered_at__lt=hi)
        .exclude(refused_at__lt=hi)
        .values_list("collectivity_id", flat=True)
    )
    return count_by_group(groups, rows)


def requesters(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Counter[tuple[str, str]]]:
    from tadafur.inforequests.models import InfoRequest

    rows = (
        InfoRequest.objects.filter(
            within(groups, "collectivity_id"), received_on__gte=start, received_on__lt=end, requester__isnull=False
        )
        .values_list("collectivity_id", "requester_id", "requester__sex", "requester__birth_year")
        .distinct()
    )
    return people_by_group(groups, rows, end)


INDICATORS = (
    IndicatorSpec(
        key="inforequests.answered_on_time",
        module="inforequests",
        label=_("Information requests answered on time"),
        unit=Unit.SHARE,
        compute=answered_on_time,
        description=_("Share of answers and reasoned refusals given within the Law 31.13 deadline."),
        higher_is_better=True,
    ),
    IndicatorSpec(
        key="inforequests.overdue",
        module="inforequests",
        label=_("Overdue information requests"),
        unit=Unit.COUNT,
        compute=overdue,
        description=_("Requests still without an answer after their deadline, at the end of the period."),
        higher_is_better=False,
    ),
)
PARTICIPATION = ParticipationSpec(
    channel="inforequests.requesters",
    module="inforequests",
    label=_("People who asked for information"),
    compute=requesters,
    bands=AGE_BANDS,
)
