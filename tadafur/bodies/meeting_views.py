"""The read-only meeting page for organisers without their own template (`meeting_page`), and
the POST actions on a meeting (agenda, invitations, attendance, decisions, minutes, cancel),
for any organiser of the meetings component: a body, the steering committee...

Each organiser's app supplies how to load a meeting it may manage and where to go back:

    actions = meeting_actions(load)      # load(request, pk) -> (meeting, organiser, back url)
    meeting_agenda_add = actions.agenda_add

`minutes_publish` may be the organiser's own service (the steering committee freezes its
follow-up table into the minutes).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tadafur.bodies import forms, meetings
from tadafur.bodies.models import Meeting
from tadafur.bodies.states import MeetingStatus
from tadafur.core.forms import post_action

Loader = Callable[[HttpRequest, int], tuple[Meeting, Any, str]]
Call = Callable[[Meeting, dict[str, Any], Any], Any]


def meeting_actions(load: Loader, *, minutes_publish: Callable[..., Any] = meetings.minutes_publish) -> SimpleNamespace:
    def action(form_class: type[Form] | None, call: Call, success: Any) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            meeting, organiser, back = load(request, pk)
            if form_class is forms.AttendanceForm:
                participants = meetings.spec_for(meeting.organiser_type).participants(organiser)
                form: Form = forms.AttendanceForm(request.POST, participants=participants)
            else:
                form = (form_class or Form)(request.POST)
            return post_action(request, form, lambda data: call(meeting, data, request.user), success, back)

        return view

    def attendance(meeting: Meeting, data: dict[str, Any], user: Any) -> Any:
        """A planned meeting that has started becomes held when its attendance is recorded."""
        if meeting.status == MeetingStatus.PLANNED:
            return meetings.meeting_hold(meeting=meeting, presence=data, actor=user)
        return meetings.attendance_record(meeting=meeting, presence=data, actor=user)

    return SimpleNamespace(
        agenda_add=action(
            forms.AgendaItemForm,
            lambda m, d, user: meetings.agenda_item_add(meeting=m, title=d["title"], actor=user),
            _("The agenda item is added."),
        ),
        invite=action(
            None, lambda m, d, user: meetings.meeting_invite(meeting=m, actor=user), _("The invitations are sent.")
        ),
        attendance=action(forms.AttendanceForm, attendance, _("The attendance is recorded.")),
        decision_add=action(
            forms.DecisionForm,
            lambda m, d, user: meetings.decision_add(meeting=m, text=d["text"], actor=user),
            _("The decision is recorded."),
        ),
        minutes=action(
            forms.MinutesForm,
            lambda m, d, user: minutes_publish(meeting=m, minutes=d["minutes"], actor=user),
            _("The minutes are published."),
        ),
        cancel=action(
            None, lambda m, d, user: meetings.meeting_cancel(meeting=m, actor=user), _("The meeting is cancelled.")
        ),
    )


def meeting_page(
    request: HttpRequest, meeting: Meeting, organiser: Any, *, back_url: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """The read-only page of a meeting for an organiser without its own meeting template (a
    co-creation call's selection committee): date and place, agenda, attendance by sex,
    decisions, minutes, and the way back to the organiser. The caller checks who may see it."""
    spec = meetings.spec_for(meeting.organiser_type)
    return render(
        request,
        "bodies/meeting_page.html",
        {
            "meeting": meeting,
            "organiser_name": spec.name(organiser),
            "back_url": back_url,
            "agenda": list(meeting.agenda_items.all()),
            "decisions": list(meeting.decisions.all()),
            "summary": meetings.attendance_summary(meeting, spec.quorum(organiser)),
            **(extra or {}),
        },
    )
