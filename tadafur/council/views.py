"""Thin views of council sessions: public list and detail, staff actions as small POST forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.bodies import meetings
from tadafur.bodies.states import MeetingStatus
from tadafur.core import clock
from tadafur.core.forms import post_action
from tadafur.council import documents, forms, permissions, selectors, services
from tadafur.council.models import Point, Session
from tadafur.territories.models import Territory


def _collectivity(code: str) -> Territory:
    return get_object_or_404(Territory, code=code)


def _session(pk: int, user: Any) -> Session:
    session = selectors.session_get(pk)
    if session is None:
        raise Http404
    if not session.is_published and not permissions.can_manage_council(user, session.council):
        raise Http404
    return session


@require_GET
def sessions_list(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    can_manage = permissions.can_manage_sessions(request.user, collectivity)
    sessions = selectors.sessions_all(collectivity) if can_manage else selectors.sessions_public(collectivity)
    council = selectors.council_of(collectivity)
    return render(
        request,
        "council/list.html",
        {
            "collectivity": collectivity,
            "sessions": list(sessions),
            "council": council,
            "can_manage": can_manage,
            "plan_form": forms.SessionPlanForm() if can_manage else None,
            "seats_form": forms.SeatsForm(initial={"seats": council.seats if council else None})
            if can_manage
            else None,
            "rule": selectors.rule_for(collectivity.level, on=clock.today()),
        },
    )


@dataclass(frozen=True)
class _CalendarEntry:
    """What meetings.calendar_ics reads of a meeting, with the council's own page as URL."""

    pk: int
    title: str
    starts_at: dt.datetime
    place: str
    status: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def _ics(sessions: list[Session], name: str, request: HttpRequest, filename: str) -> HttpResponse:
    entries = [
        _CalendarEntry(
            s.meeting.pk, s.title, s.meeting.starts_at, s.meeting.place, s.meeting.status, s.get_absolute_url()
        )
        for s in sessions
    ]
    ics = meetings.calendar_ics(entries, name=name, host=request.get_host())  # type: ignore[arg-type]
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def collectivity_calendar(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    name = _("Council of %(name)s") % {"name": collectivity.name}
    return _ics(list(selectors.sessions_public(collectivity)), name, request, f"council-{collectivity.code}.ics")


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk, request.user)
    can_manage = permissions.can_manage_council(request.user, session.council)
    points = list(session.points.all())
    status = session.meeting.status
    return render(
        request,
        "council/session.html",
        {
            "session": session,
            "meeting": session.meeting,
            "collectivity": session.council.collectivity,
            "points": points,
            "can_manage": can_manage,
            "draft": session.agenda_published_at is None and status == MeetingStatus.PLANNED,
            "started": session.meeting.starts_at <= clock.now(),
            "awaiting": list(selectors.petitions_awaiting_inscription(session.council.collectivity))
            if can_manage and session.kind == "ordinary"
            else [],
            "point_form": forms.PointForm(),
            "hold_form": forms.HoldForm(),
            "outcome_form": forms.OutcomeForm(),
            "minutes_form": forms.MinutesForm(initial={"minutes": session.meeting.minutes}),
        },
    )


@require_GET
def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk, request.user)
    return _ics([session], session.council.name, request, f"council-session-{session.pk}.ics")


@require_GET
def session_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk, request.user)
    if session.meeting.status != MeetingStatus.MINUTES_PUBLISHED:
        raise Http404
    response = HttpResponse(documents.minutes_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="council-minutes-{session.pk}.pdf"'
    return response


# --- Staff ---------------------------------------------------------------------------------


@login_required
@require_POST
def session_plan(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    return post_action(
        request,
        forms.SessionPlanForm(request.POST),
        lambda d: services.session_plan(
            collectivity=collectivity,
            kind=d["kind"],
            starts_at=d["starts_at"],
            place=d["place"],
            agenda=d["agenda"].splitlines(),
            actor=request.user,
        ),
        _("The session is planned. Prepare its agenda, then publish it."),
        reverse("council:list", args=[collectivity.code]),
    )


@login_required
@require_POST
def seats_set(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    return post_action(
        request,
        forms.SeatsForm(request.POST),
        lambda d: services.council_seats_set(collectivity=collectivity, seats=d["seats"], actor=request.user),
        _("The number of councillors is saved."),
        reverse("council:list", args=[collectivity.code]),
    )


def _session_post(request: HttpRequest, pk: int, form: Any, call: Any, success: str) -> HttpResponse:
    session = _session(pk, request.user)
    return post_action(request, form, lambda d: call(session, d), success, session.get_absolute_url())


@login_required
@require_POST
def point_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_post(
        request,
        pk,
        forms.PointForm(request.POST),
        lambda s, d: services.point_add(session=s, title=d["title"], actor=request.user),
        _("The point is added to the agenda."),
    )


@login_required
@require_POST
def agenda_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    from django.forms import Form

    return _session_post(
        request,
        pk,
        Form(request.POST),
        lambda s, d: services.agenda_prepare(session=s, actor=request.user),
        _("The accepted petitions are on the agenda."),
    )


@login_required
@require_POST
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    from django.forms import Form

    return _session_post(
        request,
        pk,
        Form(request.POST),
        lambda s, d: services.agenda_publish(session=s, actor=request.user),
        _("The agenda is published."),
    )


@login_required
@require_POST
def session_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_post(
        request,
        pk,
        forms.HoldForm(request.POST),
        lambda s, d: services.session_hold(session=s, members_present=d["members_present"], actor=request.user),
        _("The session is recorded as held."),
    )


@login_required
@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_post(
        request,
        pk,
        forms.MinutesForm(request.POST),
        lambda s, d: services.minutes_publish(session=s, minutes=d["minutes"], actor=request.user),
        _("The minutes are published."),
    )


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    from django.forms import Form

    return _session_post(
        request,
        pk,
        Form(request.POST),
        lambda s, d: services.session_cancel(session=s, actor=request.user),
        _("The session is cancelled."),
    )


@login_required
@require_POST
def point_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(Point.objects.select_related("session"), pk=pk)
    session = _session(point.session_id, request.user)
    return post_action(
        request,
        forms.OutcomeForm(request.POST),
        lambda d: services.point_outcome_record(
            point=point,
            outcome=d["outcome"],
            votes_for=d["votes_for"],
            votes_against=d["votes_against"],
            votes_abstain=d["votes_abstain"],
            actor=request.user,
        ),
        _("The outcome is recorded."),
        session.get_absolute_url(),
    )
