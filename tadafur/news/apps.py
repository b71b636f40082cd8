from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.utils.formats import date_format

    from tadafur.news import selectors

    return [
        (
            str(_("%(title)s — until %(date)s") % {"title": c.localized().title, "date": date_format(c.deadline)}),
            c.get_absolute_url(),
        )
        for c in selectors.open_calls(collectivity)
    ]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.news import selectors

    return {str(_("News published")): selectors.news_public(collectivity).count()}


class NewsConfig(AppConfig):
    name = "tadafur.news"
    label = "news"
    verbose_name = "News and calls for participation"

    def ready(self) -> None:
        from tadafur.core import registry
        from tadafur.news import notify, permissions  # noqa: F401  (registers the action)

        notify.register()

        registry.register(
            registry.Module(
                name="news",
                label=_("News and calls for participation"),
                icon="news",
                permissions=("news.publish",),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )
