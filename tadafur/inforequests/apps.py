from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.urls import reverse

    return [(str(_("Ask this collectivity for information")), reverse("inforequests:file", args=[collectivity.code]))]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.inforequests import selectors

    counts = selectors.register_counts(collectivity)
    return {str(_("Information requests")): counts["total"], str(_("Overdue information requests")): counts["overdue"]}


class InforequestsConfig(AppConfig):
    name = "tadafur.inforequests"
    label = "inforequests"
    verbose_name = "Access to information requests"

    def ready(self) -> None:
        from tadafur.core import indicators, registry
        from tadafur.inforequests import indicators as ours
        from tadafur.inforequests import permissions  # noqa: F401  (registers the actions)

        for spec in ours.INDICATORS:
            indicators.register_indicator(spec)
        indicators.register_participation(ours.PARTICIPATION)
        registry.register(
            registry.Module(
                name="inforequests",
                label=_("Access to information"),
                icon="inforequests",
                permissions=("inforequest.handle",),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )
