from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.urls import reverse

    from tadafur.programmes import selectors

    return [
        (
            _("Consultation on the %(programme)s, until %(closes)s")
            % {"programme": str(p), "closes": p.consultation_closes},
            reverse("programmes:consultation", args=[p.pk]),
        )
        for p in selectors.open_consultations(collectivity)
    ]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.programmes.models import Project

    return {str(_("Programme projects")): Project.objects.filter(axis__programme__collectivity=collectivity).count()}


class ProgrammesConfig(AppConfig):
    name = "tadafur.programmes"
    label = "programmes"
    verbose_name = "Action programmes"

    def ready(self) -> None:
        from tadafur.core import registry
        from tadafur.programmes import (
            indicators,  # noqa: F401  (registers the dashboards' indicators)
            permissions,  # noqa: F401  (registers "programme.edit")
        )

        registry.register(
            registry.Module(
                name="programmes",
                label=gettext_lazy("Action programmes"),
                icon="programmes",
                permissions=("programme.edit",),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )
