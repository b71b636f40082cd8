"""Thin views: parse input, ask permission, call one service or selector, map domain errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.bodies import meetings
from tadafur.bodies.models import Meeting
from tadafur.bodies.states import MeetingStatus
from tadafur.cocreation import forms, permissions, rules, selectors, services
from tadafur.cocreation.models import (
    Agreement,
    Application,
    Assignment,
    BudgetLine,
    Call,
    Indicator,
    Milestone,
    Question,
    Report,
    Tranche,
)
from tadafur.cocreation.states import CALL_PUBLIC, ApplicationStatus, CallStatus
from tadafur.core import clock
from tadafur.core.errors import DomainError
from tadafur.core.exports import csv_response
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


def _public_call(pk: int) -> Call:
    call = selectors.call_get(pk)
    if call is None or call.status not in CALL_PUBLIC:
        raise Http404
    return call


def _managed_call(pk: int, user: Any) -> Call:
    call = selectors.call_get(pk)
    if call is None:
        raise Http404
    if not (permissions.can_manage(user, call.collectivity) or permissions.can_select(user, call.collectivity)):
        raise PermissionDenied(permissions.can_manage(user, call.collectivity).reason)
    return call


# --- Public pages --------------------------------------------------------------------------


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    calls = list(selectors.calls_public())
    return render(
        request,
        "cocreation/list.html",
        {"calls": [(c, selectors.phase(c)) for c in calls], "phases": dict(rules.Phase.choices)},
    )


def _representable(user: Any, call: Call) -> list[tuple[Any, Any]]:
    """The associations `user` represents, each with its eligibility for the call today."""
    from tadafur.associations.selectors import represented_by

    return [(a, rules.applicant_eligibility(call, a, on=clock.today())) for a in represented_by(user)]


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    phase = selectors.phase(call)
    today = clock.today()
    associations = _representable(request.user, call) if phase == rules.Phase.SUBMISSION else []
    results = call.status == CallStatus.RESULTS_PUBLISHED
    return render(
        request,
        "cocreation/call.html",
        {
            "call": call,
            "phase": phase,
            "phase_label": dict(rules.Phase.choices)[phase],
            "criteria": list(call.criteria.all()),
            "partners": list(call.partners.all()),
            "questions": list(selectors.answered_questions(call)),
            "questions_open": rules.questions_open(
                status=call.status, questions_until=call.questions_until, today=today
            ),
            "question_form": forms.QuestionForm(),
            "associations": associations,
            "start_form": forms.StartForm(associations=[(a.pk, a.name) for a, ok in associations if ok])
            if any(ok for _a, ok in associations)
            else None,
            "ranking": selectors.ranking(call) if results else [],
            "projects": [
                (a, selectors.progress(a.agreement) if hasattr(a, "agreement") else None)
                for a in selectors.selected_projects(call)
            ]
            if results
            else [],
            "figures": selectors.figures([call]),
            "can_manage": permissions.can_manage(request.user, call.collectivity)
            or permissions.can_select(request.user, call.collectivity),
        },
    )


@login_required
@require_POST
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    return post_action(
        request,
        forms.QuestionForm(request.POST),
        lambda d: services.question_ask(call=call, text=d["text"], actor=request.user),
        _("Your question is sent. Its answer will be published on this page."),
        call.get_absolute_url() + "#questions",
    )


@require_GET
def call_open_data(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    return csv_response(f"cocreation-call-{call.pk}.csv", selectors.OPEN_DATA_HEADER, selectors.open_data_rows(call))


@require_GET
def collectivity_figures(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    calls = list(selectors.calls_public().filter(collectivity=collectivity))
    return render(
        request,
        "cocreation/figures.html",
        {
            "collectivity": collectivity,
            "total": selectors.figures(calls),
            "per_call": [(c, selectors.figures([c])) for c in calls],
            "late": list(selectors.late_reports(collectivity)),
        },
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.project_get_public(pk)
    if application is None:
        raise Http404
    agreement = getattr(application, "agreement", None)
    reports = list(agreement.reports.prefetch_related("photos")) if agreement else []
    return render(
        request,
        "cocreation/project.html",
        {
            "application": application,
            "call": application.call,
            "agreement": agreement,
            "progress": selectors.progress(agreement) if agreement else None,
            "milestones": list(agreement.milestones.all()) if agreement else [],
            "tranches": list(agreement.tranches.all()) if agreement else [],
            "reports": reports,
            "spending": selectors.spending_by_line(agreement) if agreement else [],
            "indicators": list(application.indicators.all()),
            "today": clock.today(),
        },
    )


@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    from tadafur.cocreation.models import ReportPhoto

    item = get_object_or_404(
        ReportPhoto.objects.select_related("report__agreement__application__call"),
        pk=pk,
        report__agreement__application__call__status="results_published",
    )
    return HttpResponse(item.image.read(), content_type="image/jpeg")


# --- Associations: applications ------------------------------------------------------------


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cocreation/mine.html",
        {
            "applications": list(selectors.applications_of_user(request.user)),
            "assignments": list(selectors.assignments_of(request.user)),
            "managed": list(selectors.calls_managed_by(request.user)[:100]),
        },
    )


@login_required
@require_POST
def application_start(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    associations = _representable(request.user, call)
    form = forms.StartForm(request.POST, associations=[(a.pk, a.name) for a, _ok in associations])
    if not form.is_valid():
        messages.error(request, _("Choose your association and give the project a title."))
        return redirect(call.get_absolute_url())
    association = next(a for a, _ok in associations if a.pk == form.cleaned_data["association"])
    try:
        application = services.application_start(
            call=call, association=association, title=form.cleaned_data["title"], actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(call.get_absolute_url())
    messages.success(request, _("Your draft is saved. Every step is kept on the server as you go."))
    return redirect(application.get_absolute_url())


def _application(pk: int, user: Any) -> Application:
    application = selectors.application_get(pk)
    if application is None:
        raise Http404
    if not permissions.can_view_application(user, application):
        raise Http404
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk, request.user)
    call = application.call
    can_edit = permissions.can_edit_application(request.user, application) and rules.submission_open(
        status=call.status,
        submission_opens=call.submission_opens,
        submission_until=call.submission_until,
        today=clock.today(),
    )
    details_form = forms.ApplicationForm(request.POST or None, instance=application) if can_edit else None
    if request.method == "POST":
        if details_form is None:
            raise PermissionDenied(_("This application can no longer be changed."))
        if details_form.is_valid():
            try:
                services.application_update(application=application, actor=request.user, **details_form.cleaned_data)
            except DomainError as exc:
                _apply_errors(details_form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(application.get_absolute_url() + "#budget")
    is_representative = permissions.can_apply(request.user, application.association).ok
    results = call.status == CallStatus.RESULTS_PUBLISHED
    agreement = getattr(application, "agreement", None)
    return render(
        request,
        "cocreation/application.html",
        {
            "application": application,
            "call": call,
            "can_edit": can_edit,
            "details_form": details_form,
            "budget_form": forms.BudgetLineForm(),
            "indicator_form": forms.IndicatorForm(),
            "attachment_form": forms.AttachmentForm(documents=call.document_list) if call.document_list else None,
            "lines": list(application.budget_lines.all()),
            "budget": selectors.budget(application),
            "indicators": list(application.indicators.all()),
            "attachments": list(application.attachments.all()),
            "documents": call.document_list,
            "check": selectors.submission_check(application) if application.status == ApplicationStatus.DRAFT else None,
            "is_representative": is_representative,
            "show_results": results
            and application.status in {ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED},
            "sheet": selectors.score_sheet(application) if results else None,
            "agreement": agreement,
            "reports": list(agreement.reports.all()) if agreement else [],
            "today": clock.today(),
        },
    )


def _draft_post(
    request: HttpRequest, pk: int, form: Form, act: Callable[[Application, dict[str, Any]], Any], anchor: str
) -> HttpResponse:
    application = _application(pk, request.user)
    return post_action(
        request, form, lambda d: act(application, d), _("Saved."), application.get_absolute_url() + anchor
    )


@login_required
@require_POST
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _draft_post(
        request,
        pk,
        forms.BudgetLineForm(request.POST),
        lambda a, d: services.budget_line_add(application=a, actor=request.user, **d),
        "#budget",
    )


@login_required
@require_POST
def budget_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    item = get_object_or_404(BudgetLine, pk=line, application_id=pk)
    return _draft_post(
        request,
        pk,
        Form(request.POST),
        lambda a, d: services.budget_line_remove(line=item, actor=request.user),
        "#budget",
    )


@login_required
@require_POST
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _draft_post(
        request,
        pk,
        forms.IndicatorForm(request.POST),
        lambda a, d: services.indicator_add(application=a, actor=request.user, **d),
        "#indicators",
    )


@login_required
@require_POST
def indicator_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=item, application_id=pk)
    return _draft_post(
        request,
        pk,
        Form(request.POST),
        lambda a, d: services.indicator_remove(indicator=indicator, actor=request.user),
        "#indicators",
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk, request.user)
    form = forms.AttachmentForm(request.POST, request.FILES, documents=application.call.document_list)
    return post_action(
        request,
        form,
        lambda d: services.attachment_add(
            application=application, document=d["document"], file=d["file"], actor=request.user
        ),
        _("Saved."),
        application.get_absolute_url() + "#attachments",
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    application = _application(pk, request.user)
    attachment = get_object_or_404(application.attachments, pk=item)
    response = HttpResponse(attachment.file.read(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{application.number or application.pk}-{attachment.pk}.pdf"'
    )
    return response


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk, request.user)
    try:
        application = services.application_submit(application=application, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(application.get_absolute_url() + "#submit")
    messages.success(
        request, _("Your application is submitted. Receipt number: %(number)s.") % {"number": application.number}
    )
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(pk, request.user)
    return post_action(
        request,
        Form(request.POST),
        lambda d: services.application_withdraw(application=application, actor=request.user),
        _("The application is withdrawn."),
        reverse("cocreation:mine"),
    )


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from tadafur.cocreation.pdf import receipt_pdf as render_receipt

    application = _application(pk, request.user)
    if not application.number:
        raise Http404
    response = HttpResponse(render_receipt(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{application.number}.pdf"'
    return response


@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("agreement__application__association"), pk=pk)
    agreement = report.agreement
    decision = permissions.can_report(request.user, agreement)
    if not decision:
        raise PermissionDenied(decision.reason)
    lines = list(agreement.application.budget_lines.all())
    form = forms.ReportForm(request.POST or None, request.FILES or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                report=report,
                text=form.cleaned_data["text"],
                participants=form.participants(),
                spending=form.spending(),
                photos=form.photos(),
                actor=request.user,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The report is submitted."))
            return redirect(agreement.application.get_absolute_url())
    return render(request, "cocreation/report_form.html", {"form": form, "report": report, "agreement": agreement})


# --- Reviewers -----------------------------------------------------------------------------


def _assignment(pk: int, user: Any) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("application__call__collectivity", "application__association"), pk=pk
    )
    if assignment.reviewer_id != getattr(user, "pk", None):
        raise Http404
    return assignment


@login_required
@require_GET
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(pk, request.user)
    application = assignment.application
    criteria = list(application.call.criteria.all())
    current = {s.criterion_id: s for s in assignment.scores.all()}
    return render(
        request,
        "cocreation/assignment.html",
        {
            "assignment": assignment,
            "application": application,
            "call": application.call,
            "lines": list(application.budget_lines.all()),
            "budget": selectors.budget(application),
            "indicators": list(application.indicators.all()),
            "attachments": list(application.attachments.all()),
            "can_score": permissions.can_score(request.user, assignment),
            "declaration_form": forms.DeclarationForm() if assignment.declared_at is None else None,
            "score_form": forms.ScoreForm(criteria=criteria, initial_scores=current),
            "current": [(c, current.get(c.pk)) for c in criteria],
        },
    )


@login_required
@require_POST
def assignment_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(pk, request.user)
    return post_action(
        request,
        forms.DeclarationForm(request.POST),
        lambda d: services.conflict_declare(
            assignment=assignment, conflict=d["conflict"] == "conflict", note=d["note"], actor=request.user
        ),
        _("Your declaration is recorded."),
        assignment.get_absolute_url(),
    )


@login_required
@require_POST
def assignment_score(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(pk, request.user)
    form = forms.ScoreForm(request.POST, criteria=list(assignment.application.call.criteria.all()))
    return post_action(
        request,
        form,
        lambda d: services.scores_record(assignment=assignment, scores=form.scores(), actor=request.user),
        _("Your scores are saved."),
        assignment.get_absolute_url(),
    )


# --- Staff: calls, review, selection, agreements -------------------------------------------


@login_required
def call_create(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_manage(request.user, collectivity)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partner_codes")
        try:
            call = services.call_create(collectivity=collectivity, partners=partners, actor=request.user, **data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The call is saved as a draft. Now build its scoring grid."))
            return redirect("cocreation:manage", pk=call.pk)
    return render(request, "cocreation/call_form.html", {"form": form, "collectivity": collectivity})


def _application_choices(call: Call, statuses: set[str]) -> list[tuple[int, str]]:
    return [(a.pk, f"{a.number} — {a.title}") for a in call.applications.filter(status__in=statuses)]


@login_required
@require_GET
def call_manage(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(pk, request.user)
    submitted = {ApplicationStatus.SUBMITTED}
    committee = list(meetings.meetings_of(call))
    held = [(m.pk, m.title) for m in committee if m.status == MeetingStatus.HELD]
    selected = call.applications.filter(status=ApplicationStatus.SELECTED).select_related("association")
    agreements = list(
        Agreement.objects.filter(application__call=call)
        .select_related("application")
        .prefetch_related("milestones", "tranches", "reports")
    )
    return render(
        request,
        "cocreation/manage.html",
        {
            "call": call,
            "phase": selectors.phase(call),
            "criteria": list(call.criteria.all()),
            "weights": sum(c.weight for c in call.criteria.all()),
            "criterion_form": forms.CriterionForm(),
            "questions": list(call.questions.all()),
            "answer_form": forms.AnswerForm(),
            "ranking": selectors.ranking(call),
            "assignments": list(
                Assignment.objects.filter(application__call=call).select_related("application", "reviewer")
            ),
            "drafts": call.applications.filter(status=ApplicationStatus.DRAFT).count(),
            "assign_form": forms.AssignForm(applications=_application_choices(call, submitted)),
            "meetings": committee,
            "meeting_form": forms.MeetingForm(),
            "participants": meetings.spec_for("cocreation.call").participants(call),
            "selection_form": forms.SelectionForm(applications=_application_choices(call, submitted), meetings=held),
            "agreement_form": forms.AgreementForm(
                applications=[(a.pk, f"{a.number} — {a.title}") for a in selected if not hasattr(a, "agreement")]
            ),
            "agreements": [(ag, selectors.progress(ag)) for ag in agreements],
            "milestone_form": forms.MilestoneForm(),
            "schedule_form": forms.ReportScheduleForm(),
            "today": clock.today(),
            "can_manage": permissions.can_manage(request.user, call.collectivity),
            "can_select": permissions.can_select(request.user, call.collectivity),
        },
    )


def _manage_post(
    request: HttpRequest,
    pk: int,
    form: Form | None,
    act: Callable[[Call, dict[str, Any]], Any],
    success: str,
    anchor: str = "",
) -> HttpResponse:
    call = _managed_call(pk, request.user)
    return post_action(
        request,
        form if form is not None else Form(request.POST),
        lambda d: act(call, d),
        success,
        reverse("cocreation:manage", args=[call.pk]) + anchor,
    )


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        forms.CriterionForm(request.POST),
        lambda c, d: services.criterion_add(call=c, actor=request.user, **d),
        _("The criterion is added."),
        "#grid",
    )


@login_required
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(
        request, pk, None, lambda c, d: services.call_publish(call=c, actor=request.user), _("The call is published.")
    )


@login_required
@require_POST
def call_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        None,
        lambda c, d: services.call_review_start(call=c, actor=request.user),
        _("The review has started."),
    )


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    item = get_object_or_404(Question, pk=question, call_id=pk)
    return _manage_post(
        request,
        pk,
        forms.AnswerForm(request.POST),
        lambda c, d: services.question_answer(question=item, answer=d["answer"], actor=request.user),
        _("The answer is published."),
        "#questions",
    )


@login_required
@require_POST
def reviewer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(pk, request.user)
    form = forms.AssignForm(request.POST, applications=_application_choices(call, {ApplicationStatus.SUBMITTED}))

    def act(c: Call, d: dict[str, Any]) -> None:
        from tadafur.accounts.selectors import user_by_contact

        reviewer = user_by_contact(d["contact"])
        if reviewer is None:
            raise DomainError(_("No active account has this email or phone."))
        services.reviewer_assign(
            application=c.applications.get(pk=d["application"]),
            reviewer=reviewer,
            capacity=d["capacity"],
            actor=request.user,
        )

    return _manage_post(request, pk, form, act, _("The reviewer is assigned."), "#review")


@login_required
@require_POST
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        forms.MeetingForm(request.POST),
        lambda c, d: meetings.meeting_plan(
            organiser=c,
            title=d["title"],
            starts_at=d["starts_at"],
            place=d["place"],
            is_public=False,
            agenda=[_("Selection of the projects")],
            actor=request.user,
        ),
        _("The selection meeting is planned."),
        "#selection",
    )


def _committee_meeting(call: Call, meeting_pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=meeting_pk, organiser_type="cocreation.call", organiser_id=call.pk)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """A selection meeting's page (internal: the committee and who may see the applications):
    agenda, attendance by sex, decisions, minutes, and the way back to the call."""
    from tadafur.bodies.meeting_views import meeting_page

    call = selectors.call_get(pk)
    if call is None:
        raise Http404
    m = _committee_meeting(call, meeting)
    seeing = meetings.can_see(request.user, m, call)
    if not seeing:
        raise PermissionDenied(seeing.reason)
    managing = permissions.can_manage(request.user, call.collectivity) or permissions.can_select(
        request.user, call.collectivity
    )
    manage_url = reverse("cocreation:manage", args=[call.pk]) + "#selection" if managing else ""
    return meeting_page(
        request,
        m,
        call,
        back_url=manage_url or call.get_absolute_url(),
        extra={"manage_url": manage_url if m.status in ("planned", "held") else ""},
    )


@login_required
@require_POST
def meeting_hold(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """Record who of the committee was present (ticked) and mark the meeting as held."""

    def act(c: Call, d: dict[str, Any]) -> None:
        m = _committee_meeting(c, meeting)
        present = set(request.POST.getlist("present"))
        presence = {
            p.key: ("present" if p.key in present else "absent")
            for p in meetings.spec_for("cocreation.call").participants(c)
        }
        meetings.meeting_hold(meeting=m, presence=presence, actor=request.user)

    return _manage_post(request, pk, None, act, _("The meeting is recorded as held."), "#selection")


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    from tadafur.bodies.forms import MinutesForm

    return _manage_post(
        request,
        pk,
        MinutesForm(request.POST),
        lambda c, d: meetings.minutes_publish(
            meeting=_committee_meeting(c, meeting), minutes=d["minutes"], actor=request.user
        ),
        _("The minutes are published."),
        "#selection",
    )


@login_required
@require_POST
def selection_record(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(pk, request.user)
    held = [(m.pk, m.title) for m in meetings.meetings_of(call) if m.status == MeetingStatus.HELD]
    form = forms.SelectionForm(
        request.POST, applications=_application_choices(call, {ApplicationStatus.SUBMITTED}), meetings=held
    )

    def act(c: Call, d: dict[str, Any]) -> None:
        services.selection_record(
            application=c.applications.get(pk=d["application"]),
            selected=d["selected"],
            reasons=d["reasons"],
            amount=d["amount"],
            meeting=_committee_meeting(c, d["meeting"]) if d["meeting"] else None,
            actor=request.user,
        )

    return _manage_post(request, pk, form, act, _("The decision is recorded."), "#selection")


@login_required
@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        None,
        lambda c, d: services.results_publish(call=c, actor=request.user),
        _("The results are published."),
    )


@login_required
@require_POST
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(pk, request.user)
    choices = [(a.pk, a.title) for a in call.applications.filter(status=ApplicationStatus.SELECTED)]
    form = forms.AgreementForm(request.POST, applications=choices)

    def act(c: Call, d: dict[str, Any]) -> None:
        services.agreement_create(
            application=c.applications.get(pk=d["application"]),
            amount=d["amount"],
            signed_on=d["signed_on"],
            ends_on=d["ends_on"],
            obligations=d["obligations"],
            tranches=d["tranches"],
            actor=request.user,
        )

    return _manage_post(request, pk, form, act, _("The agreement is recorded."), "#agreements")


def _agreement(call: Call, agreement_pk: int) -> Agreement:
    return get_object_or_404(Agreement, pk=agreement_pk, application__call=call)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int, agreement: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        forms.MilestoneForm(request.POST),
        lambda c, d: services.milestone_add(agreement=_agreement(c, agreement), actor=request.user, **d),
        _("The milestone is added."),
        "#agreements",
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    def act(c: Call, d: dict[str, Any]) -> None:
        milestone = get_object_or_404(Milestone, pk=item, agreement__application__call=c)
        services.milestone_done(milestone=milestone, done_on=clock.today(), actor=request.user)

    return _manage_post(request, pk, None, act, _("The milestone is marked as done."), "#agreements")


@login_required
@require_POST
def tranche_pay(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    def act(c: Call, d: dict[str, Any]) -> None:
        tranche = get_object_or_404(Tranche, pk=item, agreement__application__call=c)
        services.tranche_pay(tranche=tranche, paid_on=clock.today(), actor=request.user)

    return _manage_post(request, pk, None, act, _("The tranche is marked as paid."), "#agreements")


@login_required
@require_POST
def report_schedule(request: HttpRequest, pk: int, agreement: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        forms.ReportScheduleForm(request.POST),
        lambda c, d: services.report_schedule(agreement=_agreement(c, agreement), actor=request.user, **d),
        _("The report is scheduled."),
        "#agreements",
    )


@login_required
@require_POST
def agreement_complete(request: HttpRequest, pk: int, agreement: int) -> HttpResponse:
    return _manage_post(
        request,
        pk,
        None,
        lambda c, d: services.agreement_complete(agreement=_agreement(c, agreement), actor=request.user),
        _("The project is recorded as completed."),
        "#agreements",
    )
