"""Service feedback (شكايات وملاحظات حول المرافق الجماعية / signalements sur les services communaux):
the communal services a report can concern and the rules of its life."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

# A resolved report can be reopened by its reporter for this many days after its resolution.
REOPEN_DAYS = 14


class Service(models.TextChoices):
    """Communal services (OL 113.14 art. 83: lighting, waste, roads, water distribution, markets)."""

    LIGHTING = "lighting", _("Public lighting")
    WASTE = "waste", _("Waste collection and cleanliness")
    ROADS = "roads", _("Roads and pavements")
    WATER = "water", _("Water and sanitation")
    MARKETS = "markets", _("Markets")
    OTHER = "other", _("Other")


def can_reopen_until(resolved_at: dt.datetime) -> dt.datetime:
    return resolved_at + dt.timedelta(days=REOPEN_DAYS)


def reopen_window_open(*, resolved_at: dt.datetime | None, now: dt.datetime) -> bool:
    return resolved_at is not None and now <= can_reopen_until(resolved_at)


def days_between(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 86400
