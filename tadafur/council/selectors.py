"""Reads for council sessions: pages, the API, the registry and other apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from tadafur.bodies.states import MeetingStatus
from tadafur.core import clock
from tadafur.core.indicators import Groups, aware_bounds, within
from tadafur.council.models import Council, Point, Session, SessionRule
from tadafur.council.rules import PointOutcome, SessionKind


def rule_for(level: str, *, on: dt.date) -> SessionRule | None:
    """The session rule of this level in force on `on` (the latest that started by then)."""
    return SessionRule.objects.filter(level=level, valid_from__lte=on).order_by("-valid_from").first()


def council_of(collectivity: Any) -> Council | None:
    return Council.objects.filter(collectivity=collectivity).first()


def _sessions() -> QuerySet[Session]:
    return Session.objects.select_related("meeting", "council__collectivity").prefetch_related(
        Prefetch("points", queryset=Point.objects.select_related("agenda_item", "petition"))
    )


def sessions_public(collectivity: Any) -> QuerySet[Session]:
    """Sessions whose agenda is published, newest first."""
    return (
        _sessions()
        .filter(council__collectivity=collectivity, agenda_published_at__isnull=False)
        .order_by("-meeting__starts_at")
    )


def sessions_all(collectivity: Any) -> QuerySet[Session]:
    return _sessions().filter(council__collectivity=collectivity).order_by("-meeting__starts_at")


def session_get(pk: int) -> Session | None:
    return _sessions().filter(pk=pk).first()


def upcoming_sessions(collectivity: Any, limit: int = 3) -> QuerySet[Session]:
    return (
        _sessions()
        .filter(
            council__collectivity=collectivity,
            agenda_published_at__isnull=False,
            meeting__status=MeetingStatus.PLANNED,
            meeting__starts_at__gte=clock.now(),
        )
        .order_by("meeting__starts_at")[:limit]
    )


def next_ordinary_session(collectivity: Any) -> Session | None:
    """The next planned ordinary session (the one accepted petitions go to)."""
    return (
        Session.objects.filter(
            council__collectivity=collectivity,
            kind=SessionKind.ORDINARY,
            meeting__status=MeetingStatus.PLANNED,
            meeting__starts_at__gte=clock.now(),
        )
        .order_by("meeting__starts_at")
        .first()
    )


def petitions_awaiting_inscription(collectivity: Any) -> QuerySet[Any]:
    """Accepted petitions of the collectivity not on any agenda yet. A petition whose point was
    postponed waits again for the next ordinary session."""
    from tadafur.petitions.models import Petition
    from tadafur.petitions.states import PetitionState

    on_an_agenda = Point.objects.filter(petition__isnull=False).exclude(outcome=PointOutcome.POSTPONED)
    return (
        Petition.objects.filter(territory=collectivity, status=PetitionState.ACCEPTED)
        .exclude(pk__in=on_an_agenda.values("petition_id"))
        .order_by("accepted_at", "pk")
    )


def _among(collectivity_ids: list[int] | Groups, lookup: str) -> Q:
    """Rows of these collectivities: a list of ids, or the dashboards' groups (`within`: no `IN`
    list of the country's ~1,600 ids for the national scope)."""
    if isinstance(collectivity_ids, Mapping):
        return within(collectivity_ids, lookup)
    return Q(**{f"{lookup}__in": collectivity_ids})


def sessions_held_by_collectivity(collectivity_ids: list[int] | Groups, start: dt.date, end: dt.date) -> dict[int, int]:
    """Sessions held in [start, end), per collectivity id: one query whatever the number of ids."""
    since, until = aware_bounds(start, end)
    rows = (
        Session.objects.filter(
            _among(collectivity_ids, "council__collectivity_id"),
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED],
            meeting__starts_at__gte=since,
            meeting__starts_at__lt=until,
        )
        .values("council__collectivity_id")
        .annotate(n=Count("pk"))
    )
    return {row["council__collectivity_id"]: row["n"] for row in rows}


def petitions_deliberated_by_collectivity(
    collectivity_ids: list[int] | Groups, start: dt.date, end: dt.date
) -> dict[int, int]:
    """Petitions the council voted on in [start, end), per collectivity id (one query)."""
    since, until = aware_bounds(start, end)
    rows = (
        Point.objects.filter(
            _among(collectivity_ids, "session__council__collectivity_id"),
            petition__isnull=False,
            outcome__in=[PointOutcome.ADOPTED, PointOutcome.REJECTED],
            outcome_recorded_at__gte=since,
            outcome_recorded_at__lt=until,
        )
        .values("session__council__collectivity_id")
        .annotate(n=Count("petition_id", distinct=True))
    )
    return {row["session__council__collectivity_id"]: row["n"] for row in rows}


def sessions_held_count(collectivity_ids: list[int], start: dt.date, end: dt.date) -> int:
    return sum(sessions_held_by_collectivity(collectivity_ids, start, end).values())


def petitions_deliberated_count(collectivity_ids: list[int], start: dt.date, end: dt.date) -> int:
    return sum(petitions_deliberated_by_collectivity(collectivity_ids, start, end).values())
