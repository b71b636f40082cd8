from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _participants(committee: Any) -> list[Any]:
    from tadafur.bodies.meetings import Participant
    from tadafur.steering import selectors

    return [
        Participant(
            key=m.participant_key,
            name=m.display_name,
            sex=m.sex,
            email=(m.user.email if m.user and m.user.is_active else ""),
            language=(m.user.preferred_language if m.user else ""),
        )
        for m in selectors.active_members(committee)
    ]


def _can_manage(user: Any, committee: Any) -> Any:
    from tadafur.steering.permissions import can_manage

    return can_manage(user, committee)


def _can_see_internal(user: Any, committee: Any) -> Any:
    from tadafur.steering.permissions import can_see_internal

    return can_see_internal(user, committee)


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from tadafur.bodies.states import MeetingStatus
    from tadafur.core import clock
    from tadafur.steering import selectors

    out = []
    for committee in selectors.committees_of(collectivity):
        for m in selectors.committee_meetings(committee, public_only=True).filter(
            status=MeetingStatus.PLANNED, starts_at__gte=clock.now()
        )[:3]:
            out.append((f"{committee.name} — {m.title}", _meeting_url(m)))
    return out


def _meeting_url(meeting: Any) -> str:
    from django.urls import reverse

    return reverse("steering:meeting", args=[meeting.pk])


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.steering import selectors

    return {
        str(_("Steering recommendations concerning it")): selectors.recommendations_concerning(collectivity).count()
    }


class SteeringConfig(AppConfig):
    name = "tadafur.steering"
    label = "steering"
    verbose_name = "Steering and monitoring committee"

    def ready(self) -> None:
        from tadafur.bodies import meetings
        from tadafur.core import indicators, registry
        from tadafur.steering import indicators as steering_indicators
        from tadafur.steering import permissions  # noqa: F401  (registers the actions)

        meetings.register_organiser(
            "steering.committee",
            meetings.OrganiserSpec(
                participants=_participants,
                quorum=lambda committee: None,
                can_manage=_can_manage,
                can_see_internal=_can_see_internal,
                name=lambda committee: committee.name,
                meeting_url=lambda meeting: reverse("steering:meeting", args=[meeting.pk]),
            ),
        )
        indicators.register_indicator(steering_indicators.SPEC)
        registry.register(
            registry.Module(
                name="steering",
                label=_("Steering and monitoring committee"),
                icon="steering",
                permissions=("steering.manage", "steering.report_progress"),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )
