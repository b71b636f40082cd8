"""Thin views: parse input, ask permission, call one service or selector, map domain errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tadafur.accounts.selectors import user_by_contact
from tadafur.bodies import forms as meeting_forms
from tadafur.bodies import meetings
from tadafur.bodies.meeting_views import meeting_actions
from tadafur.bodies.models import Meeting
from tadafur.core import clock
from tadafur.core.errors import DomainError, ValidationFailed
from tadafur.core.forms import post_action
from tadafur.core.states import allowed_targets
from tadafur.steering import forms, pack, permissions, selectors, services
from tadafur.steering.models import COMMITTEE_TYPE, Committee, Member
from tadafur.steering.states import RECOMMENDATION_TRANSITIONS
from tadafur.territories.models import Level, Territory


def _committee_or_404(pk: int) -> Committee:
    committee = selectors.committee_get(pk)
    if committee is None:
        raise Http404
    return committee


def _recommendation_or_404(pk: int) -> Any:
    rec = selectors.recommendation_get(pk)
    if rec is None:
        raise Http404
    return rec


def manage_url(committee: Committee) -> str:
    return reverse("steering:manage", args=[committee.pk])


# --- Public pages --------------------------------------------------------------------------


@require_GET
def committee_list(request: HttpRequest) -> HttpResponse:
    return render(request, "steering/list.html", {"committees": list(selectors.committees())})


@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(pk)
    can_manage = permissions.can_manage(request.user, committee)
    can_see_internal = permissions.can_see_internal(request.user, committee)
    today = clock.today()
    recommendations = list(selectors.recommendations_of(committee))
    return render(
        request,
        "steering/detail.html",
        {
            "committee": committee,
            "members": list(selectors.active_members(committee)),
            "meetings": list(selectors.committee_meetings(committee, public_only=not can_see_internal)),
            "recommendations": [(r, r.is_overdue(today)) for r in recommendations],
            "alerts": list(selectors.alerts_of(committee)),
            "can_manage": can_manage,
        },
    )


@require_GET
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation_or_404(pk)
    can_manage = permissions.can_manage(request.user, rec)
    targets = sorted(allowed_targets(RECOMMENDATION_TRANSITIONS, rec.status))
    return render(
        request,
        "steering/recommendation.html",
        {
            "rec": rec,
            "committee": rec.committee,
            "overdue": rec.is_overdue(),
            "notes": list(rec.notes.all()),
            "reviewed_at": [i.meeting for i in rec.meeting_items.select_related("meeting") if i.meeting.is_public],
            "can_manage": can_manage,
            "can_note": permissions.can_add_note(request.user, rec) and rec.is_open,
            "status_form": forms.StatusForm(targets=targets) if targets else None,
            "note_form": forms.NoteForm(),
        },
    )


def _meeting_and_committee(pk: int, user: Any) -> tuple[Meeting, Committee]:
    meeting = get_object_or_404(Meeting, pk=pk, organiser_type=COMMITTEE_TYPE)
    committee = _committee_or_404(meeting.organiser_id)
    if not meetings.can_see(user, meeting, committee):
        raise Http404
    return meeting, committee


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, committee = _meeting_and_committee(pk, request.user)
    can_manage = meetings.can_manage(request.user, meeting, committee)
    participants = meetings.spec_for(COMMITTEE_TYPE).participants(committee) if can_manage else []
    recorded = {a.participant_key: a.presence for a in meeting.attendances.all()}
    return render(
        request,
        "steering/meeting.html",
        {
            "meeting": meeting,
            "committee": committee,
            "agenda": list(meeting.agenda_items.all()),
            "decisions": list(meeting.decisions.all()),
            "summary": meetings.attendance_summary(meeting, None),
            "followup": selectors.followup_table(meeting),
            "can_manage": can_manage,
            "started": meeting.starts_at <= clock.now(),
            "agenda_form": meeting_forms.AgendaItemForm(),
            "attendance_form": meeting_forms.AttendanceForm(participants=participants, initial_presence=recorded),
            "decision_form": meeting_forms.DecisionForm(),
            "minutes_form": meeting_forms.MinutesForm(initial={"minutes": meeting.minutes}),
        },
    )


@require_GET
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _committee = _meeting_and_committee(pk, request.user)
    response = HttpResponse(pack.meeting_pack_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="steering-pack-{meeting.pk}.pdf"'
    return response


# --- Managers: committee, members, recommendations -----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def committee_create(request: HttpRequest, code: str) -> HttpResponse:
    province = get_object_or_404(Territory, code=code, level=Level.PROVINCE)
    decision = permissions.can_manage(request.user, province)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = forms.CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(collectivity=province, actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            for name, errors in exc.errors.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The steering committee is set up."))
            return redirect(manage_url(committee))
    return render(request, "steering/committee_form.html", {"form": form, "province": province})


def _recommendation_form(committee: Committee, data: Any = None) -> forms.RecommendationForm:
    return forms.RecommendationForm(
        data,
        places=selectors.scope_choices(committee),
        meetings=[(m.pk, m.title) for m in selectors.committee_meetings(committee)],
    )


@login_required
@require_GET
def committee_manage(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(pk)
    decision = permissions.can_manage(request.user, committee)
    if not decision:
        raise PermissionDenied(decision.reason)
    return render(
        request,
        "steering/manage.html",
        {
            "committee": committee,
            "members": list(selectors.active_members(committee)),
            "meetings": list(selectors.committee_meetings(committee)),
            "member_form": forms.MemberForm(),
            "meeting_form": meeting_forms.MeetingForm(),
            "recommendation_form": _recommendation_form(committee),
        },
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(pk)
    form = forms.MemberForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        user = None
        if data["contact"].strip():
            user = user_by_contact(data["contact"])
            if user is None:
                raise ValidationFailed(_("No account has this email or phone."))
        services.member_add(
            committee=committee,
            display_name=data["display_name"],
            organisation=data["organisation"],
            role=data["role"],
            sex=data["sex"],
            user=user,
            actor=request.user,
        )

    return post_action(request, form, act, _("The member is added."), manage_url(committee))


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("committee__collectivity"), pk=pk)
    return post_action(
        request,
        Form(request.POST),
        lambda data: services.member_end(member=member, actor=request.user),
        _("The member has left the committee."),
        manage_url(member.committee),
    )


@login_required
@require_POST
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(pk)
    form = meeting_forms.MeetingForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        meetings.meeting_plan(
            organiser=committee,
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            is_public=data["is_public"],
            agenda=data["agenda"].splitlines(),
            actor=request.user,
        )

    return post_action(request, form, act, _("The meeting is planned."), manage_url(committee))


@login_required
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(pk)
    form = _recommendation_form(committee, request.POST)

    def act(data: dict[str, Any]) -> None:
        source_meeting = None
        if data["source_meeting"]:
            source_meeting = selectors.committee_meetings(committee).filter(pk=data["source_meeting"]).first()
        services.recommendation_propose(
            committee=committee,
            title=data["title"],
            text=data["text"],
            collectivity=Territory.objects.filter(pk=data["collectivity"]).first(),
            responsible=data["responsible"],
            due_date=data["due_date"],
            source_kind=data["source_kind"],
            source_label=data["source_label"],
            source_meeting=source_meeting,
            actor=request.user,
        )

    return post_action(request, form, act, _("The recommendation is recorded."), manage_url(committee))


@login_required
@require_POST
def recommendation_status(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation_or_404(pk)
    return post_action(
        request,
        forms.StatusForm(request.POST),
        lambda d: services.recommendation_move(recommendation=rec, to=d["to"], reason=d["reason"], actor=request.user),
        _("The status is changed."),
        rec.get_absolute_url(),
    )


@login_required
@require_POST
def recommendation_note(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recommendation_or_404(pk)
    return post_action(
        request,
        forms.NoteForm(request.POST, request.FILES),
        lambda d: services.progress_note_add(
            recommendation=rec, text=d["text"], progress=d["progress"], evidence=d["evidence"], actor=request.user
        ),
        _("The progress note is recorded."),
        rec.get_absolute_url(),
    )


# --- Managers: meetings --------------------------------------------------------------------


def _load_meeting(request: HttpRequest, pk: int) -> tuple[Meeting, Committee, str]:
    meeting, committee = _meeting_and_committee(pk, request.user)
    return meeting, committee, reverse("steering:meeting", args=[meeting.pk])


# The minutes go through steering's service, which freezes the follow-up table into them.
_actions = meeting_actions(_load_meeting, minutes_publish=services.minutes_publish)
meeting_agenda_add = _actions.agenda_add
meeting_invite = _actions.invite
meeting_attendance = _actions.attendance
meeting_decision_add = _actions.decision_add
meeting_minutes = _actions.minutes
meeting_cancel = _actions.cancel


@login_required
@require_POST
def meeting_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _committee = _meeting_and_committee(pk, request.user)
    back = reverse("steering:meeting", args=[meeting.pk])
    try:
        added = services.agenda_prepare(meeting=meeting, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if added:
        messages.success(request, _("%(n)s recommendations are added to the agenda.") % {"n": added})
    else:
        messages.info(request, _("Every open recommendation is already on the agenda."))
    return redirect(back)
