"""Followers of a collectivity hear of its published news and calls (notifications app), in
their own language with the news item's language fallback."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

NEWS_PUBLISHED = "news.published"


def _labels(context: dict[str, Any]) -> dict[str, Any]:
    from tadafur.news.models import NewsItem

    item = NewsItem.objects.select_related("collectivity").filter(pk=context.get("item")).first()
    if item is None:
        return {"collectivity": ""}
    return {"title": item.localized().title, "collectivity": item.collectivity.name}


def register() -> None:
    from tadafur.notifications.kinds import EventKind, register_event_kind

    register_event_kind(
        EventKind(
            name=NEWS_PUBLISHED,
            subject=_("%(collectivity)s: %(title)s"),
            body=_("%(collectivity)s has published: “%(title)s”."),
            sms=_("%(collectivity)s: %(title)s"),
            labels=_labels,
        )
    )


def news_published(item: Any) -> None:
    from tadafur.notifications.services import publish

    publish(NEWS_PUBLISHED, item.collectivity, collectivity=item.collectivity, context={"item": item.pk})
