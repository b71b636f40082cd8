"""What may be followed and how the first modules' events are worded (see kinds.py).

Later modules may declare their own with `kinds.register_followable` and
`kinds.register_event_kind` in their AppConfig.ready(), then call `services.publish`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.notifications.kinds import EventKind, register_event_kind, register_followable

PETITION_STATUS = "petition.status"


def _petition_labels(context: dict[str, Any]) -> dict[str, Any]:
    from tadafur.petitions.states import PetitionState

    status = context.get("status", "")
    return {"status": PetitionState(status).label if status in PetitionState.values else status}


def register_defaults() -> None:
    register_followable("territories.territory", collectivity=lambda obj: obj)
    register_followable("petitions.petition", collectivity=lambda obj: obj.territory)
    register_followable("budgets.cycle", collectivity=lambda obj: obj.collectivity)
    register_followable("bodies.body", collectivity=lambda obj: obj.collectivity)
    register_followable("programmes.programme", collectivity=lambda obj: obj.collectivity)
    register_event_kind(
        EventKind(
            name=PETITION_STATUS,
            subject=_("Petition “%(title)s”: %(status)s"),
            body=_("The petition “%(title)s” you follow has a new status: %(status)s."),
            sms=_("Petition %(title)s: %(status)s"),
            labels=_petition_labels,
        )
    )
