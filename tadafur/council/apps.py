from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.utils import timezone
    from django.utils.formats import date_format

    from tadafur.council import selectors

    return [
        (
            f"{s.title} — {date_format(timezone.localtime(s.meeting.starts_at), 'SHORT_DATE_FORMAT')}",
            s.get_absolute_url(),
        )
        for s in selectors.upcoming_sessions(collectivity)
    ]


def _public_stats(collectivity: Any) -> dict[str, int]:
    from tadafur.council import selectors

    return {str(_("Council sessions published")): selectors.sessions_public(collectivity).count()}


def _count_indicator(by_collectivity: Any) -> Any:
    """An indicator from a per-collectivity count: one query for every group together."""

    def compute(groups: Any, start: Any, end: Any) -> dict[str, Any]:
        from tadafur.core.indicators import Measure

        counts = by_collectivity(groups, start, end)  # `within` the groups: no IN list nationally
        out = {}
        for name, members in groups.items():
            n = sum(counts.get(pk, 0) for pk in set(members))
            out[name] = Measure(value=float(n), n=n)
        return out

    return compute


def _council_can_see_internal(user: Any, council: Any) -> Any:
    from tadafur.council.permissions import can_see_internal

    return can_see_internal(user, council)


def _council_can_manage(user: Any, council: Any) -> Any:
    from tadafur.council.permissions import can_manage_council

    return can_manage_council(user, council)


def _quorum(council: Any) -> int | None:
    # The meetings component counts quorum over a roster of participants; the council has no
    # roster here (members present are counted per session), so it sets no quorum there.
    return None


def _session_url(meeting: Any) -> str:
    """A council meeting is shown as its session."""
    from tadafur.council.models import Session

    session = Session.objects.filter(meeting=meeting).only("pk").first()
    if session is None:
        return str(reverse("council:list", args=[meeting.collectivity.code]))
    return str(reverse("council:session", args=[session.pk]))


class CouncilConfig(AppConfig):
    name = "tadafur.council"
    label = "council"
    verbose_name = "Council sessions"

    def ready(self) -> None:
        from tadafur.bodies import meetings
        from tadafur.core import indicators, registry
        from tadafur.council import notify, permissions, selectors  # noqa: F401  (registers the action)

        notify.register()

        meetings.register_organiser(
            "council.council",
            meetings.OrganiserSpec(
                participants=lambda council: [],
                quorum=_quorum,
                can_manage=_council_can_manage,
                can_see_internal=_council_can_see_internal,
                name=lambda council: council.name,
                meeting_url=_session_url,
            ),
        )
        registry.register(
            registry.Module(
                name="council",
                label=_("Council sessions"),
                icon="council",
                permissions=("council.manage_sessions",),
                open_items=_open_items,
                public_stats=_public_stats,
            )
        )
        indicators.register_indicator(
            indicators.IndicatorSpec(
                key="council.sessions_held",
                module="council",
                label=_("Council sessions held"),
                unit=indicators.Unit.COUNT,
                compute=_count_indicator(selectors.sessions_held_by_collectivity),
                description=_("Ordinary and extraordinary sessions held in the period."),
            )
        )
        indicators.register_indicator(
            indicators.IndicatorSpec(
                key="council.petitions_deliberated",
                module="council",
                label=_("Petitions deliberated in session"),
                unit=indicators.Unit.COUNT,
                compute=_count_indicator(selectors.petitions_deliberated_by_collectivity),
                description=_("Accepted petitions on which the council voted (adopted or rejected) in the period."),
            )
        )
