"""Reads about information requests: the public register, the desk queue, holidays, deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from tadafur.core import clock
from tadafur.inforequests import rules
from tadafur.inforequests.models import DeadlineSettings, InfoRequest, PublicHoliday
from tadafur.inforequests.states import REQUEST_OPEN, RequestStatus


def lunar_holidays(start: dt.date, end: dt.date) -> set[dt.date]:
    """The dated (lunar) holidays from `start` to `end` inclusive."""
    return set(PublicHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def holidays_for_count(start: dt.date, working_days: int) -> set[dt.date]:
    # A working-day count never spans more than ~3 calendar days per working day, holidays included.
    return lunar_holidays(start, start + dt.timedelta(days=working_days * 3 + 30))


def deadlines_of(collectivity: Any) -> tuple[int, int]:
    settings = DeadlineSettings.objects.filter(collectivity=collectivity).first()
    if settings is None:
        return rules.ANSWER_WORKING_DAYS, rules.EXTENSION_WORKING_DAYS
    return settings.answer_working_days, settings.extension_working_days


def due_date(start: dt.date, working_days: int) -> dt.date:
    return rules.add_working_days(start, working_days, holidays_for_count(start, working_days))


def register(collectivity: Any = None, *, status: str = "", overdue: bool = False) -> QuerySet[InfoRequest]:
    """The public register: every request except withdrawn ones (which the requester took back)."""
    qs = InfoRequest.objects.select_related("collectivity").exclude(status=RequestStatus.WITHDRAWN)
    if collectivity is not None:
        qs = qs.filter(collectivity=collectivity)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=REQUEST_OPEN, due_on__lt=clock.today())
    return qs


def overdue_in(collectivity: Any) -> QuerySet[InfoRequest]:
    return register(collectivity, overdue=True).order_by("due_on")


def desk_queue(collectivity: Any) -> QuerySet[InfoRequest]:
    return InfoRequest.objects.filter(collectivity=collectivity, status__in=REQUEST_OPEN).order_by("due_on", "pk")


def requests_of(user: Any) -> QuerySet[InfoRequest]:
    if not getattr(user, "is_authenticated", False):
        return InfoRequest.objects.none()
    return InfoRequest.objects.select_related("collectivity").filter(requester=user)


def request_get(pk: int) -> InfoRequest | None:
    return InfoRequest.objects.select_related("collectivity").filter(pk=pk).first()


def public_request_get(pk: int) -> InfoRequest | None:
    return register().filter(pk=pk).first()


def register_counts(collectivity: Any) -> dict[str, int]:
    qs = register(collectivity)
    today = clock.today()
    return {
        "total": qs.count(),
        "open": qs.filter(status__in=REQUEST_OPEN).count(),
        "overdue": qs.filter(Q(status__in=REQUEST_OPEN) & Q(due_on__lt=today)).count(),
    }
