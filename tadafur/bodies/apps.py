from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.utils import timezone
    from django.utils.formats import date_format

    from tadafur.bodies import selectors

    return [
        (
            f"{m.title} — {date_format(timezone.localtime(m.starts_at), 'SHORT_DATETIME_FORMAT')}",
            m.get_absolute_url(),
        )
        for m in selectors.upcoming_public_meetings(collectivity)
    ]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.bodies import selectors

    bodies = selectors.bodies_of(collectivity)
    return {str(_("Consultative bodies")): bodies.count()}


def _body_participants(body: Any) -> list[Any]:
    from tadafur.bodies import selectors
    from tadafur.bodies.meetings import Participant

    return [
        Participant(
            key=m.participant_key,
            name=m.display_name,
            sex=m.sex,
            email=(m.user.email if m.user and m.user.is_active else ""),
            language=(m.user.preferred_language if m.user else ""),
        )
        for m in selectors.active_members(body)
    ]


def _body_can_see_internal(user: Any, body: Any) -> Any:
    from tadafur.bodies.permissions import can_see_internal

    return can_see_internal(user, body)


class BodiesConfig(AppConfig):
    name = "tadafur.bodies"
    label = "bodies"
    verbose_name = "Consultative bodies"

    def ready(self) -> None:
        from tadafur.bodies import (
            indicators,  # noqa: F401  (registers the dashboards' indicators)
            meetings,
            permissions,
        )
        from tadafur.core import registry

        meetings.register_organiser(
            "bodies.body",
            meetings.OrganiserSpec(
                participants=_body_participants,
                quorum=lambda body: body.quorum,
                can_manage=permissions.can_manage_meetings,
                can_see_internal=_body_can_see_internal,
                name=lambda body: body.name,
                meeting_url=lambda meeting: reverse("bodies:meeting", args=[meeting.pk]),
            ),
        )
        registry.register(
            registry.Module(
                name="bodies",
                label=_("Consultative bodies"),
                icon="bodies",
                permissions=tuple(name for name in permissions_names()),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )


def permissions_names() -> list[str]:
    from tadafur.accounts.permissions import ACTIONS

    return sorted(name for name in ACTIONS if name.startswith("body."))
