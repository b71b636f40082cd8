"""Reads about service reports: public lists, the staff queue, response and resolution times."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from tadafur.core.indicators import median
from tadafur.feedback.models import Report
from tadafur.feedback.rules import Service
from tadafur.feedback.states import REPORT_OPEN, ReportStatus


def reports(collectivity: Any = None, *, service: str = "", status: str = "") -> QuerySet[Report]:
    qs = Report.objects.select_related("collectivity")
    if collectivity is not None:
        qs = qs.filter(collectivity=collectivity)
    if service:
        qs = qs.filter(service=service)
    if status == "open":
        qs = qs.filter(status__in=REPORT_OPEN)
    elif status:
        qs = qs.filter(status=status)
    return qs


def report_get(pk: int) -> Report | None:
    return Report.objects.select_related("collectivity", "assigned_agent").filter(pk=pk).first()


def reports_of(user: Any) -> QuerySet[Report]:
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return Report.objects.select_related("collectivity").filter(reporter=user)


def queue(collectivity: Any) -> QuerySet[Report]:
    return reports(collectivity).filter(status__in=REPORT_OPEN).order_by("reported_at", "pk")


@dataclass(frozen=True)
class Times:
    label: str
    reports: int
    open: int
    responded: int
    median_response_days: float | None
    resolved: int
    median_resolution_days: float | None


def _times(label: str, rows: list[Report]) -> Times:
    responses = [d for r in rows if (d := r.response_days()) is not None]
    resolutions = [d for r in rows if (d := r.resolution_days()) is not None]
    return Times(
        label=label,
        reports=len(rows),
        open=sum(1 for r in rows if r.status in REPORT_OPEN),
        responded=len(responses),
        median_response_days=median(responses),
        resolved=len(resolutions),
        median_resolution_days=median(resolutions),
    )


def response_times(collectivity: Any) -> tuple[list[Times], Times]:
    """Per service, then for the whole commune: time to the first response and to resolution."""
    rows = list(
        Report.objects.filter(collectivity=collectivity).only(
            "service", "status", "reported_at", "acknowledged_at", "resolved_at"
        )
    )
    per_service = [
        _times(str(label), [r for r in rows if r.service == value])
        for value, label in Service.choices
        if any(r.service == value for r in rows)
    ]
    return per_service, _times(str(collectivity.name), rows)


def status_counts(collectivity: Any) -> dict[str, int]:
    qs = Report.objects.filter(collectivity=collectivity)
    return {
        "total": qs.count(),
        "open": qs.filter(status__in=REPORT_OPEN).count(),
        "resolved": qs.filter(status=ReportStatus.RESOLVED).count(),
    }
