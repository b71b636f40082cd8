"""Followers of a collectivity hear when its council publishes a session's agenda (notifications
app: event kinds are worded here, rendered in each recipient's language at fan-out)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

AGENDA_PUBLISHED = "council.agenda_published"


def _labels(context: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone
    from django.utils.formats import date_format

    from tadafur.council.models import Session

    session = (
        Session.objects.select_related("meeting", "council__collectivity").filter(pk=context.get("session")).first()
    )
    if session is None:
        return {"collectivity": "", "date": ""}
    return {
        "title": session.title,
        "collectivity": session.council.collectivity.name,
        "date": date_format(timezone.localtime(session.meeting.starts_at), "DATE_FORMAT"),
    }


def register() -> None:
    from tadafur.notifications.kinds import EventKind, register_event_kind

    register_event_kind(
        EventKind(
            name=AGENDA_PUBLISHED,
            subject=_("Agenda published: %(title)s, %(collectivity)s"),
            body=_("The council of %(collectivity)s published the agenda: %(title)s, opening on %(date)s."),
            sms=_("Council agenda: %(title)s"),
            labels=_labels,
        )
    )


def agenda_published(session: Any) -> None:
    """Inside the publishing transaction: the fan-out runs in the background after commit."""
    from tadafur.notifications.services import publish

    collectivity = session.council.collectivity
    publish(AGENDA_PUBLISHED, collectivity, collectivity=collectivity, context={"session": session.pk})
