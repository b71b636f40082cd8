from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.urls import reverse

    if collectivity.level != "commune":
        return []
    return [(str(_("Report a problem with a communal service")), reverse("feedback:file", args=[collectivity.code]))]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.feedback import selectors

    counts = selectors.status_counts(collectivity)
    return {str(_("Service reports")): counts["total"], str(_("Service reports resolved")): counts["resolved"]}


class FeedbackConfig(AppConfig):
    name = "tadafur.feedback"
    label = "feedback"
    verbose_name = "Service feedback"

    def ready(self) -> None:
        from tadafur.core import indicators, registry
        from tadafur.feedback import indicators as ours
        from tadafur.feedback import permissions  # noqa: F401  (registers the actions)

        for spec in ours.INDICATORS:
            indicators.register_indicator(spec)
        indicators.register_participation(ours.PARTICIPATION)
        registry.register(
            registry.Module(
                name="feedback",
                label=_("Service feedback"),
                icon="feedback",
                permissions=("feedback.handle",),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )
