"""Reads for news and calls for participation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tadafur.core import clock
from tadafur.news.models import NewsItem, NewsKind
from tadafur.news.states import NewsStatus


def news_public(collectivity: Any, *, kind: str = "", body_id: int | None = None) -> QuerySet[NewsItem]:
    qs = NewsItem.objects.filter(collectivity=collectivity, status=NewsStatus.PUBLISHED).select_related(
        "collectivity", "body"
    )
    if kind in NewsKind.values:
        qs = qs.filter(kind=kind)
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    return qs.order_by("-published_at", "-pk")


def news_all(collectivity: Any) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(collectivity=collectivity).select_related("collectivity", "body").order_by("-pk")


def news_get(pk: int) -> NewsItem | None:
    return NewsItem.objects.select_related("collectivity", "body").filter(pk=pk).first()


def open_calls(collectivity: Any, limit: int = 5) -> QuerySet[NewsItem]:
    return (
        news_public(collectivity, kind=NewsKind.CALL).filter(deadline__gte=clock.today()).order_by("deadline")[:limit]
    )
