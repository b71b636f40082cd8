from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from tadafur.cocreation import rules, selectors

    return [
        (c.title, c.get_absolute_url())
        for c in selectors.calls_public(collectivity).filter(status="published")
        if selectors.phase(c) == rules.Phase.SUBMISSION
    ]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.cocreation import selectors

    figures = selectors.figures(selectors.calls_public().filter(collectivity=collectivity))
    return {
        str(_("Co-creation applications")): figures.applications,
        str(_("Co-creation projects selected")): figures.selected,
    }


def _association_activity(association: Any) -> list[tuple[str, str]]:
    from django.urls import reverse

    from tadafur.cocreation.models import Application

    return [
        (a.title, reverse("cocreation:project", args=[a.pk]))
        for a in Application.objects.filter(
            association=association, status="selected", call__status="results_published"
        )
    ]


def _participants(call: Any) -> list[Any]:
    """The selection committee of a call: its reviewers (staff, partners, equality body)."""
    from tadafur.bodies.meetings import Participant
    from tadafur.cocreation.models import Assignment

    seen: dict[int, Any] = {}
    for a in Assignment.objects.filter(application__call=call).select_related("reviewer"):
        seen.setdefault(a.reviewer_id, a.reviewer)
    return [
        Participant(
            key=f"reviewer:{u.pk}",
            name=u.display_name or u.get_full_name() or u.username,
            sex=u.sex or "undisclosed",
            email=u.email if u.is_active else "",
            language=u.preferred_language,
        )
        for u in seen.values()
    ]


def _can_manage_meetings(user: Any, call: Any) -> Any:
    from tadafur.cocreation.permissions import can_select

    return can_select(user, call.collectivity)


def _can_see_internal(user: Any, call: Any) -> Any:
    from tadafur.cocreation.permissions import can_see_applications

    return can_see_applications(user, call.collectivity)


class CocreationConfig(AppConfig):
    name = "tadafur.cocreation"
    label = "cocreation"
    verbose_name = "Co-creation calls"

    def ready(self) -> None:
        from tadafur.bodies import meetings
        from tadafur.cocreation import indicators, permissions  # noqa: F401  (registers actions)
        from tadafur.core import registry

        meetings.register_organiser(
            "cocreation.call",
            meetings.OrganiserSpec(
                participants=_participants,
                quorum=lambda call: None,
                can_manage=_can_manage_meetings,
                can_see_internal=_can_see_internal,
                name=lambda call: str(_("Selection committee: %(call)s") % {"call": call.title}),
                meeting_url=lambda meeting: reverse("cocreation:meeting", args=[meeting.organiser_id, meeting.pk]),
            ),
        )
        registry.register(
            registry.Module(
                name="cocreation",
                label=_("Co-creation calls"),
                icon="cocreation",
                permissions=("cocreation.manage", "cocreation.select", "cocreation.see_applications"),
                open_items=_open_items,
                public_stats=_public_stats,
                association_activity=_association_activity,
            )
        )
        indicators.register()
        from tadafur.cocreation import opendata

        opendata.register()
