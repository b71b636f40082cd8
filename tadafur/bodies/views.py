"""Thin views: parse input, ask permission, call one service or selector, map domain errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.bodies import forms, meetings, permissions, selectors, services
from tadafur.bodies.meeting_views import meeting_actions
from tadafur.bodies.models import Body, FollowUp, Meeting, Opinion
from tadafur.bodies.states import OPINION_PUBLIC, MeetingStatus, OpinionStatus, ReferralStatus
from tadafur.core import clock
from tadafur.core.errors import DomainError
from tadafur.core.forms import post_action
from tadafur.territories.models import Territory


def _apply_errors(form: Form, exc: DomainError) -> None:
    placed = False
    for name, field_messages in (getattr(exc, "errors", None) or {}).items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _body_or_404(pk: int) -> Body:
    body = selectors.body_get(pk)
    if body is None:
        raise Http404
    return body


def _body_powers(user: Any, body: Body) -> dict[str, Any]:
    return {
        "can_create": permissions.can_create_body(user, body.collectivity),
        "can_manage": permissions.can_manage_meetings(user, body),
        "can_draft": permissions.can_draft_opinion(user, body),
        "can_refer": permissions.can_refer(user, body.collectivity),
        "can_answer": permissions.can_answer_opinion(user, body.collectivity),
    }


# --- Public pages --------------------------------------------------------------------------


@require_GET
def collectivity_bodies(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    return render(
        request,
        "bodies/list.html",
        {
            "collectivity": collectivity,
            "bodies": list(selectors.bodies_of(collectivity)),
            "can_create": permissions.can_create_body(request.user, collectivity),
        },
    )


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    powers = _body_powers(request.user, body)
    today = clock.today()
    return render(
        request,
        "bodies/detail.html",
        {
            "body": body,
            "members": list(selectors.active_members(body)),
            "composition": selectors.body_composition(body),
            "meetings": list(selectors.public_meetings(body)),
            "opinions": list(selectors.public_opinions(body)),
            "today": today,
            "any_power": any(powers.values()),
            **powers,
        },
    )


@require_GET
def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    ics = meetings.calendar_ics(selectors.public_meetings(body), name=body.name, host=request.get_host())
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="body-{body.pk}.ics"'
    return response


def _meeting_and_body(pk: int, user: Any) -> tuple[Meeting, Body]:
    meeting = get_object_or_404(Meeting, pk=pk, organiser_type="bodies.body")
    body = _body_or_404(meeting.organiser_id)
    if not meetings.can_see(user, meeting, body):
        raise Http404
    return meeting, body


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, body = _meeting_and_body(pk, request.user)
    can_manage = meetings.can_manage(request.user, meeting, body)
    participants = meetings.spec_for(meeting.organiser_type).participants(body) if can_manage else []
    recorded = {a.participant_key: a.presence for a in meeting.attendances.all()}
    return render(
        request,
        "bodies/meeting.html",
        {
            "meeting": meeting,
            "body": body,
            "agenda": list(meeting.agenda_items.all()),
            "decisions": list(meeting.decisions.all()),
            "summary": meetings.attendance_summary(meeting, body.quorum),
            "opinions": [o for o in meeting.opinions.all() if o.status in OPINION_PUBLIC],
            "can_manage": can_manage,
            "started": meeting.starts_at <= clock.now(),
            "agenda_form": forms.AgendaItemForm(),
            "attendance_form": forms.AttendanceForm(participants=participants, initial_presence=recorded),
            "decision_form": forms.DecisionForm(),
            "minutes_form": forms.MinutesForm(initial={"minutes": meeting.minutes}),
        },
    )


@require_GET
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, body = _meeting_and_body(pk, request.user)
    ics = meetings.calendar_ics([meeting], name=body.name, host=request.get_host())
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _body = _meeting_and_body(pk, request.user)
    if meeting.status != MeetingStatus.MINUTES_PUBLISHED:
        raise Http404
    response = HttpResponse(meetings.minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@require_GET
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = get_object_or_404(Opinion.objects.select_related("body__collectivity", "referral", "meeting"), pk=pk)
    body = opinion.body
    powers = _body_powers(request.user, body)
    if opinion.status not in OPINION_PUBLIC and not powers["can_draft"]:
        raise Http404
    held = meetings.meetings_of(body).filter(status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED])
    return render(
        request,
        "bodies/opinion.html",
        {
            "opinion": opinion,
            "body": body,
            "answer": getattr(opinion, "answer", None),
            "followups": list(opinion.followups.all()),
            "today": clock.today(),
            "adopt_form": forms.AdoptForm(meetings=[(m.pk, m.title) for m in held]),
            "answer_form": forms.AnswerForm(),
            "followup_form": forms.FollowUpForm(),
            **powers,
        },
    )


# --- Staff: bodies and members -------------------------------------------------------------


@login_required
def body_create(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_create_body(request.user, collectivity)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = forms.BodyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            body = services.body_create(
                collectivity=collectivity,
                kind=data["kind"],
                name_ar=data["name_ar"],
                name_fr=data["name_fr"],
                mission=data["mission"],
                quorum=data["quorum"],
                rules_document=data["rules_document"] or None,
                actor=request.user,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The body is created. Now name its members."))
            return redirect("bodies:manage", pk=body.pk)
    return render(request, "bodies/body_form.html", {"form": form, "collectivity": collectivity})


def _associations_choices(body: Body) -> list[tuple[int, str]]:
    from tadafur.associations.selectors import associations_public

    return [(a.pk, a.name) for a in associations_public(collectivity_code=body.collectivity.code)[:200]]


@login_required
@require_GET
def body_manage(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    powers = _body_powers(request.user, body)
    if not any(powers.values()):
        raise PermissionDenied(_("Only the body's secretary, the collectivity's staff and its council manage a body."))
    open_referrals = body.referrals.filter(status=ReferralStatus.OPEN)
    return render(
        request,
        "bodies/manage.html",
        {
            "body": body,
            "members": list(selectors.all_members(body)),
            "meetings": list(meetings.meetings_of(body)),
            "drafts": list(body.opinions.filter(status=OpinionStatus.DRAFT)),
            "awaiting_answer": list(body.opinions.filter(status=OpinionStatus.ADOPTED)),
            "referrals": list(body.referrals.all()),
            "today": clock.today(),
            "member_form": forms.MemberForm(associations=_associations_choices(body)) if powers["can_create"] else None,
            "meeting_form": forms.MeetingForm() if powers["can_manage"] else None,
            "referral_form": forms.ReferralForm() if powers["can_refer"] else None,
            "opinion_form": forms.OpinionForm(referrals=[(r.pk, r.title) for r in open_referrals])
            if powers["can_draft"]
            else None,
            **powers,
        },
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    form = forms.MemberForm(request.POST, associations=_associations_choices(body))

    def act(data: dict[str, Any]) -> None:
        from tadafur.accounts.selectors import user_by_contact
        from tadafur.associations.selectors import association_get

        user = None
        if data["contact"]:
            user = user_by_contact(data["contact"])
            if user is None:
                raise DomainError(_("No active account has this email or phone."))
        services.member_add(
            body=body,
            display_name=data["display_name"],
            sex=data["sex"],
            age_band=data["age_band"],
            field=data["field"],
            bureau_role=data["bureau_role"],
            mandate_start=data["mandate_start"],
            mandate_end=data["mandate_end"],
            user=user,
            association=association_get(data["association"]) if data["association"] else None,
            actor=request.user,
        )

    return post_action(request, form, act, _("The member is added."), body_manage_url(body))


def body_manage_url(body: Body) -> str:
    from django.urls import reverse

    return reverse("bodies:manage", args=[body.pk])


# --- Secretary: meetings -------------------------------------------------------------------


@login_required
@require_POST
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    form = forms.MeetingForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        meetings.meeting_plan(
            organiser=body,
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            is_public=data["is_public"],
            agenda=data["agenda"].splitlines(),
            actor=request.user,
        )

    return post_action(request, form, act, _("The meeting is planned."), body_manage_url(body))


def _load_meeting(request: HttpRequest, pk: int) -> tuple[Meeting, Body, str]:
    meeting, body = _meeting_and_body(pk, request.user)
    return meeting, body, meeting.get_absolute_url()


_actions = meeting_actions(_load_meeting)
meeting_agenda_add = _actions.agenda_add
meeting_invite = _actions.invite
meeting_attendance = _actions.attendance
meeting_decision_add = _actions.decision_add
meeting_minutes = _actions.minutes
meeting_cancel = _actions.cancel


# --- Referrals, opinions, answers, follow-up ----------------------------------------------


@login_required
@require_POST
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    form = forms.ReferralForm(request.POST)
    return post_action(
        request,
        form,
        lambda d: services.referral_create(
            body=body, title=d["title"], question=d["question"], deadline=d["deadline"], actor=request.user
        ),
        _("The question is referred to the body."),
        body_manage_url(body),
    )


@login_required
@require_POST
def opinion_draft(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(pk)
    form = forms.OpinionForm(request.POST, referrals=[(r.pk, r.title) for r in body.referrals.all()])

    def act(d: dict[str, Any]) -> None:
        services.opinion_draft(
            body=body,
            title=d["title"],
            text=d["text"],
            referral=body.referrals.filter(pk=d["referral"]).first() if d["referral"] else None,
            concerns={
                "type": d["concerns_type"],
                "id": d["concerns_id"],
                "label": d["concerns_label"],
                "url": d["concerns_url"],
            },
            actor=request.user,
        )

    return post_action(request, form, act, _("The draft opinion is saved."), body_manage_url(body))


def _opinion(pk: int) -> Opinion:
    return get_object_or_404(Opinion.objects.select_related("body__collectivity", "referral"), pk=pk)


@login_required
@require_POST
def opinion_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = _opinion(pk)
    held = meetings.meetings_of(opinion.body).filter(status__in=[MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED])
    form = forms.AdoptForm(request.POST, meetings=[(m.pk, m.title) for m in held])
    return post_action(
        request,
        form,
        lambda d: services.opinion_adopt(
            opinion=opinion,
            meeting=held.filter(pk=d["meeting"]).first() if d["meeting"] else None,
            actor=request.user,
        ),
        _("The opinion is adopted and sent to the council."),
        opinion.get_absolute_url(),
    )


@login_required
@require_POST
def opinion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = _opinion(pk)
    return post_action(
        request,
        forms.AnswerForm(request.POST),
        lambda d: services.opinion_answer(
            opinion=opinion, verdict=d["verdict"], reasons=d["reasons"], actor=request.user
        ),
        _("The council's answer is published."),
        opinion.get_absolute_url(),
    )


@login_required
@require_POST
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = _opinion(pk)
    return post_action(
        request,
        forms.FollowUpForm(request.POST),
        lambda d: services.followup_add(
            opinion=opinion,
            title=d["title"],
            owner_label=d["owner_label"],
            due_date=d["due_date"],
            actor=request.user,
        ),
        _("The point is added to the follow-up."),
        opinion.get_absolute_url(),
    )


@login_required
def followup_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FollowUp.objects.select_related("opinion__body__collectivity"), pk=pk)
    decision = services.can_update_followup(request.user, item)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = forms.FollowUpUpdateForm(
        request.POST or None,
        request.FILES or None,
        initial={"progress": item.progress, "evidence_text": item.evidence_text},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.followup_update(
                item=item,
                progress=d["progress"],
                evidence_text=d["evidence_text"],
                evidence_file=d["evidence_file"] or None,
                actor=request.user,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up is updated."))
            return redirect(item.opinion.get_absolute_url())
    return render(request, "bodies/followup_form.html", {"form": form, "item": item, "opinion": item.opinion})
