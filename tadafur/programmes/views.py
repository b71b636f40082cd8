"""Thin views: parse input, ask permission, call one service or selector, map domain errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.core.errors import DomainError
from tadafur.core.forms import post_action
from tadafur.programmes import charts, forms, permissions, reports, selectors, services
from tadafur.programmes.models import Programme, Project, Workshop
from tadafur.programmes.states import PHASE_TABLE, RECORDED_MOVES, Phase
from tadafur.territories.models import Territory


def _programme_or_404(pk: int) -> Programme:
    programme = selectors.programme_get(pk)
    if programme is None:
        raise Http404
    return programme


@require_GET
def collectivity_programmes(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code, is_collectivity=True)
    return render(
        request,
        "programmes/list.html",
        {"collectivity": collectivity, "programmes": selectors.programmes_of(collectivity)},
    )


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    can_edit = permissions.can_edit_programme(request.user, programme)
    next_phases = [(p, Phase(p).label) for p in sorted(PHASE_TABLE[programme.phase]) if p not in RECORDED_MOVES]
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "collectivity": programme.collectivity,
            "phases": [(value, label, getattr(programme, f"{value}_at")) for value, label in Phase.choices],
            "axes": selectors.axes_with_projects(programme),
            "workshops": programme.workshops.all(),
            "evaluations": programme.evaluations.all(),
            "changes": programme.changes.all(),
            "can_edit": can_edit,
            "can_participate": permissions.can_participate(request.user, programme),
            "next_phases": next_phases if can_edit else [],
            "can_adopt": can_edit and Phase.ADOPTED in PHASE_TABLE[programme.phase],
            "window_form": forms.WindowForm(
                initial={"opens": programme.consultation_opens, "closes": programme.consultation_closes}
            ),
            "adoption_form": forms.AdoptionForm(),
            "change_form": forms.ChangeForm(),
            "axis_form": forms.AxisForm(initial={"order": programme.axes.count() + 1}),
            "workshop_form": forms.WorkshopForm(),
            "project_form": forms.ProjectForm(programme=programme),
            "report_years": selectors.report_years(programme),
            "budget_projects": selectors.funded_budget_projects(programme.collectivity),
            "can_evaluate": can_edit and programme.phase == Phase.EXECUTION,
            "evaluation_form": forms.EvaluationForm(),
        },
    )


@require_GET
def programme_diagnosis(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    from tadafur.territories.charts import age_pyramid_svg

    data = selectors.diagnosis(programme)
    rows = [(row, charts.compare_by_sex_svg(str(row.label), row.values)) for row in data["rows"]]
    return render(
        request,
        "programmes/diagnosis.html",
        {
            "programme": programme,
            "collectivity": programme.collectivity,
            "diagnosis": data,
            "rows": rows,
            "pyramid": age_pyramid_svg(programme.collectivity.census or {}),
            "age_bands": (programme.collectivity.census or {}).get("age", {}),
            "workshops": programme.workshops.prefetch_related("photos"),
            "can_edit": permissions.can_edit_programme(request.user, programme),
            "photo_form": forms.WorkshopPhotoForm(),
        },
    )


@require_GET
def programme_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    decision = permissions.can_participate(request.user, programme)
    return render(
        request,
        "programmes/consultation.html",
        {
            "programme": programme,
            "collectivity": programme.collectivity,
            "decision": decision,
            "comment_form": forms.CommentForm(programme=programme),
            "ranking_form": forms.RankingForm(programme=programme),
            "comments": selectors.public_comments(programme)[:50],
            "comment_counts": selectors.comment_breakdown(programme),
            "ranking_counts": selectors.ranking_breakdown(programme),
            "ranking_result": selectors.ranking_result(programme),
            "changes": programme.changes.all(),
        },
    )


@login_required
@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    form = forms.CommentForm(request.POST, programme=programme)
    return post_action(
        request,
        form,
        lambda d: services.comment_post(programme=programme, text=d["text"], axis=d["axis"], actor=request.user),
        _("Your comment is published."),
        reverse_consultation(programme),
    )


@login_required
@require_POST
def ranking_submit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    form = forms.RankingForm(request.POST, programme=programme)
    return post_action(
        request,
        form,
        lambda d: services.ranking_submit(programme=programme, order=form.order(), actor=request.user),
        _("Your ranking is recorded."),
        reverse_consultation(programme),
    )


def reverse_consultation(programme: Programme) -> str:
    from django.urls import reverse

    return reverse("programmes:consultation", args=[programme.pk])


@login_required
@require_POST
def programme_advance(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    to = request.POST.get("to", "")
    try:
        services.programme_advance(programme=programme, to=to, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The programme moved to its next phase."))
    return redirect(programme)


@login_required
@require_POST
def window_set(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.WindowForm(request.POST),
        lambda d: services.consultation_window_set(
            programme=programme, opens=d["opens"], closes=d["closes"], actor=request.user
        ),
        _("The consultation window is set."),
        programme.get_absolute_url(),
    )


@login_required
@require_POST
def programme_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.AdoptionForm(request.POST),
        lambda d: services.programme_adopt(programme=programme, actor=request.user, **d),
        _("The council's adoption is recorded."),
        programme.get_absolute_url(),
    )


@login_required
@require_POST
def change_record(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.ChangeForm(request.POST),
        lambda d: services.consultation_change_record(programme=programme, actor=request.user, **d),
        _("The outcome of this input is published."),
        programme.get_absolute_url(),
    )


@login_required
@require_POST
def axis_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.AxisForm(request.POST),
        lambda d: services.axis_add(programme=programme, actor=request.user, **d),
        _("The axis is added."),
        programme.get_absolute_url(),
    )


@login_required
@require_POST
def workshop_record(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.WorkshopForm(request.POST, request.FILES),
        lambda d: services.workshop_record(programme=programme, actor=request.user, **d),
        _("The workshop is recorded."),
        programme.get_absolute_url(),
    )


@login_required
@require_POST
def workshop_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = Workshop.objects.select_related("programme__collectivity").filter(pk=pk).first()
    if workshop is None:
        raise Http404
    return post_action(
        request,
        forms.WorkshopPhotoForm(request.POST, request.FILES),
        lambda d: services.workshop_photo_add(workshop=workshop, actor=request.user, **d),
        _("The photo is added."),
        reverse("programmes:diagnosis", args=[workshop.programme_id]),
    )


@login_required
@require_POST
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.ProjectForm(request.POST, programme=programme),
        lambda d: services.project_add(actor=request.user, **d),
        _("The project is added."),
        programme.get_absolute_url(),
    )


def _project_or_404(pk: int) -> Project:
    project = selectors.project_get(pk)
    if project is None:
        raise Http404
    return project


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    programme = project.axis.programme
    return render(
        request,
        "programmes/project.html",
        {
            "project": project,
            "programme": programme,
            "collectivity": programme.collectivity,
            "indicators": project.indicators.all(),
            "opinions": selectors.project_opinions(project),
            "can_edit": permissions.can_edit_programme(request.user, programme),
            "progress_form": forms.ProgressForm(
                initial={"status": project.status, "progress": project.progress, "executed": project.executed}
            ),
            "indicator_forms": [
                (i, forms.IndicatorForm(initial={"actual": i.actual}, prefix=f"i{i.pk}"))
                for i in project.indicators.all()
            ],
        },
    )


@login_required
@require_POST
def project_progress(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    return post_action(
        request,
        forms.ProgressForm(request.POST),
        lambda d: services.project_progress_update(project=project, actor=request.user, **d),
        _("The project's progress is updated."),
        project.get_absolute_url(),
    )


@login_required
@require_POST
def indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(pk)
    if indicator is None:
        raise Http404
    return post_action(
        request,
        forms.IndicatorForm(request.POST, prefix=f"i{indicator.pk}"),
        lambda d: services.indicator_update(indicator=indicator, actual=d["actual"], actor=request.user),
        _("The changes are saved."),
        indicator.project.get_absolute_url(),
    )


@login_required
@require_POST
def evaluation_record(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return post_action(
        request,
        forms.EvaluationForm(request.POST),
        lambda d: services.evaluation_record(programme=programme, actor=request.user, **d),
        _("The changes are saved."),
        programme.get_absolute_url(),
    )


def _report_context(programme: Programme, year: int) -> dict[str, Any]:
    if year not in selectors.report_years(programme):
        raise Http404
    return {**selectors.execution_report(programme, year), "collectivity": programme.collectivity}


@require_GET
def execution_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    return render(request, "programmes/report.html", _report_context(programme, year))


@require_GET
def execution_report_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    _report_context(programme, year)
    response = HttpResponse(reports.report_pdf(programme, year), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{programme.kind}-{programme.collectivity.code}-{year}.pdf"'
    return response
