"""What may be followed and how the first modules' events are worded (see kinds.py).

Later modules may declare their own with `kinds.register_followable` and
`kinds.register_event_kind` in their AppConfig.ready(), then call `services.publish`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.notifications.kinds import EventKind, register_event_kind, register_followable

PETITION_STATUS = "petition.status"
BUDGET_RESULTS = "budget.results"
BODY_OPINION = "body.opinion"
BODY_ANSWER = "body.answer"
PROGRAMME_PHASE = "programme.phase"


def _petition_labels(context: dict[str, Any]) -> dict[str, Any]:
    from tadafur.petitions.states import PetitionState

    status = context.get("status", "")
    return {"status": PetitionState(status).label if status in PetitionState.values else status}


def _programme_labels(context: dict[str, Any]) -> dict[str, Any]:
    from tadafur.programmes.states import Phase

    phase = context.get("phase", "")
    return {"phase": Phase(phase).label if phase in Phase.values else phase}


def _body_labels(context: dict[str, Any]) -> dict[str, Any]:
    """A body's name in the recipient's language (bodies are named in Arabic and French)."""
    from django.utils.translation import get_language

    arabic = (get_language() or "ar").startswith(("ar", "zgh"))
    name = context.get("name_ar") if arabic else context.get("name_fr")
    return {"title": name or context.get("title", "")}


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
    register_event_kind(
        EventKind(
            name=BUDGET_RESULTS,
            subject=_("Participatory budget “%(title)s”: the results are published"),
            body=_(
                "The results of the participatory budget “%(title)s” you follow are published: "
                "see which projects are funded and why."
            ),
            sms=_("Budget %(title)s: results published"),
        )
    )
    register_event_kind(
        EventKind(
            name=BODY_OPINION,
            subject=_("%(title)s adopted an opinion"),
            body=_("%(title)s, which you follow, adopted the opinion “%(opinion)s”. The council must answer it."),
            sms=_("%(title)s: new opinion"),
            labels=_body_labels,
        )
    )
    register_event_kind(
        EventKind(
            name=BODY_ANSWER,
            subject=_("The council answered an opinion of %(title)s"),
            body=_("The council gave its reasoned answer to the opinion “%(opinion)s” of %(title)s, which you follow."),
            sms=_("%(title)s: the council answered"),
            labels=_body_labels,
        )
    )
    register_event_kind(
        EventKind(
            name=PROGRAMME_PHASE,
            subject=_("%(title)s: %(phase)s"),
            body=_("The action programme “%(title)s” you follow has moved to a new phase: %(phase)s."),
            sms=_("%(title)s: %(phase)s"),
            labels=_programme_labels,
        )
    )
