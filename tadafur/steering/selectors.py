"""Reads of the steering committee for views, the API, the meeting pack and other apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from tadafur.bodies.models import Meeting
from tadafur.bodies.states import MeetingStatus
from tadafur.core import clock
from tadafur.steering.models import COMMITTEE_TYPE, Alert, Committee, MeetingRecommendation, Member, Recommendation
from tadafur.steering.states import RECOMMENDATION_OPEN
from tadafur.territories.models import Territory

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED)


def committees() -> QuerySet[Committee]:
    return Committee.objects.select_related("collectivity")


def committee_get(pk: int) -> Committee | None:
    return committees().filter(pk=pk).first()


def committees_of(collectivity: Any) -> QuerySet[Committee]:
    return committees().filter(collectivity=collectivity)


def scope_ids(committee: Committee) -> list[int]:
    """The province and its collectivities (communes), whose recommendations it follows."""
    province = committee.collectivity
    children = Territory.objects.filter(parent=province, is_collectivity=True).values_list("pk", flat=True)
    return [province.pk, *children]


def scope_choices(committee: Committee) -> list[tuple[int, str]]:
    qs = Territory.objects.filter(Q(pk=committee.collectivity_id) | Q(parent_id=committee.collectivity_id))
    return [(t.pk, t.name) for t in qs.filter(is_collectivity=True).order_by("level", "name_fr")]


def active_members(committee: Committee) -> QuerySet[Member]:
    return committee.members.active().select_related("user")


def committee_meetings(committee: Committee, *, public_only: bool = False) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(organiser_type=COMMITTEE_TYPE, organiser_id=committee.pk)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.order_by("-starts_at", "pk")


def held_meeting_in(committee: Committee, start: dt.date, end: dt.date) -> bool:
    """Was a meeting held (or its minutes published) with a start in [start, end)?"""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    finish = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    return committee_meetings(committee).filter(status__in=HELD, starts_at__gte=begin, starts_at__lt=finish).exists()


def recommendations_of(committee: Committee) -> QuerySet[Recommendation]:
    return committee.recommendations.select_related("collectivity", "source_meeting")


def recommendations_for_agenda(committee: Committee, today: dt.date | None = None) -> QuerySet[Recommendation]:
    """Open recommendations, overdue ones first, then by due date."""
    today = today or clock.today()
    return (
        recommendations_of(committee)
        .filter(status__in=RECOMMENDATION_OPEN)
        .annotate(
            overdue_first=Case(When(due_date__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("overdue_first", "due_date", "pk")
    )


def recommendation_get(pk: int) -> Recommendation | None:
    return (
        Recommendation.objects.select_related("committee__collectivity", "collectivity", "source_meeting")
        .filter(pk=pk)
        .first()
    )


def recommendations_concerning(collectivity: Any) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(collectivity=collectivity).select_related("committee")


def alerts_of(committee: Committee) -> QuerySet[Alert]:
    return committee.alerts.all()


@dataclass(frozen=True)
class FollowUpRow:
    recommendation: Recommendation
    status: str
    status_label: Any  # lazy: translated where it is shown
    progress: int | None
    note: str
    overdue: bool


def followup_table(meeting: Meeting, today: dt.date | None = None) -> list[FollowUpRow]:
    """The follow-up table of a meeting: each recommendation reviewed there, with its status and
    progress as they stood when the minutes were published (or as they stand now before)."""
    from tadafur.steering.states import RecommendationStatus

    today = today or clock.today()
    labels = dict(RecommendationStatus.choices)
    items = (
        MeetingRecommendation.objects.filter(meeting=meeting)
        .select_related("recommendation__collectivity", "agenda_item")
        .prefetch_related("recommendation__notes")
    )
    rows = []
    for item in items:
        rec = item.recommendation
        if item.status_then:
            status, progress, note = item.status_then, item.progress_then, item.note_then
            overdue = item.was_overdue
        else:
            latest = next(iter(rec.notes.all()), None)
            status, progress, note = rec.status, rec.progress, (latest.text if latest else "")
            overdue = rec.is_overdue(today)
        rows.append(FollowUpRow(rec, status, labels.get(status, status), progress, note, overdue))
    return rows
