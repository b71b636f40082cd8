"""Indicators and participation of the service feedback channel (see tadafur.core.indicators)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

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
    median,
    people_by_group,
    within,
)
from tadafur.feedback import rules
from tadafur.feedback.states import ReportStatus


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(start, dt.time.min, tzinfo=tz), dt.datetime.combine(end, dt.time.min, tzinfo=tz)


def median_resolution_days(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Median days from report to resolution, over the reports resolved in the period."""
    from tadafur.feedback.models import Report

    lo, hi = _bounds(start, end)
    rows = Report.objects.filter(
        within(groups, "collectivity_id"), status=ReportStatus.RESOLVED, resolved_at__gte=lo, resolved_at__lt=hi
    ).values_list("collectivity_id", "reported_at", "resolved_at")
    where = invert_groups(groups)
    days: dict[str, list[float]] = {g: [] for g in groups}
    for collectivity_id, reported_at, resolved_at in rows:
        for group in where.get(collectivity_id, []):
            days[group].append(rules.days_between(reported_at, resolved_at))
    return {g: Measure(value=median(days[g]), n=len(days[g])) for g in groups}


def reports(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    from tadafur.feedback.models import Report

    lo, hi = _bounds(start, end)
    rows = Report.objects.filter(
        within(groups, "collectivity_id"), reported_at__gte=lo, reported_at__lt=hi
    ).values_list("collectivity_id", flat=True)
    return count_by_group(groups, rows)


def reporters(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Counter[tuple[str, str]]]:
    from tadafur.feedback.models import Report

    lo, hi = _bounds(start, end)
    rows = (
        Report.objects.filter(
            within(groups, "collectivity_id"), reported_at__gte=lo, reported_at__lt=hi, reporter__isnull=False
        )
        .values_list("collectivity_id", "reporter_id", "reporter__sex", "reporter__birth_year")
        .distinct()
    )
    return people_by_group(groups, rows, end)


INDICATORS = (
    IndicatorSpec(
        key="feedback.median_resolution_days",
        module="feedback",
        label=_("Median days to resolve a service report"),
        unit=Unit.DAYS,
        compute=median_resolution_days,
        description=_("From the report to its resolution, over the reports resolved in the period."),
        higher_is_better=False,
    ),
    IndicatorSpec(
        key="feedback.reports",
        module="feedback",
        label=_("Service reports"),
        unit=Unit.COUNT,
        compute=reports,
        description=_("Problems with a communal service reported by residents in the period."),
        higher_is_better=None,
    ),
)
PARTICIPATION = ParticipationSpec(
    channel="feedback.reporters",
    module="feedback",
    label=_("People who reported a service problem"),
    compute=reporters,
    bands=AGE_BANDS,
)
