"""Thin views: parse input, ask permission, call one service or selector, map domain errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tadafur.core.errors import DomainError
from tadafur.core.forms import post_action
from tadafur.feedback import forms, maps, permissions, selectors, services
from tadafur.feedback.models import Report
from tadafur.territories.models import Territory


def _apply_errors(form: Form, exc: DomainError) -> None:
    placed = False
    for name, field_messages in (getattr(exc, "errors", None) or {}).items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _filtered(request: HttpRequest, collectivity: Territory | None) -> tuple[Any, forms.FilterForm]:
    form = forms.FilterForm(request.GET or None)
    service, status = "", ""
    if form.is_valid():
        service, status = form.cleaned_data["service"], form.cleaned_data["status"]
    return selectors.reports(collectivity, service=service, status=status), form


@require_GET
def report_list(request: HttpRequest, code: str = "") -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code) if code else None
    qs, filter_form = _filtered(request, collectivity)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "collectivity": collectivity,
        "page": page,
        "filter_form": filter_form,
        "query": request.GET.urlencode(),
    }
    if collectivity is not None:
        per_service, overall = selectors.response_times(collectivity)
        context.update(
            {
                # Built from escaped parts only (maps.commune_map_svg escapes every text).
                "map_svg": mark_safe(maps.commune_map_svg(collectivity, qs[:500])),  # noqa: S308
                "per_service": per_service,
                "overall": overall,
                "can_handle": permissions.can_handle(request.user, collectivity),
                "can_report": permissions.can_report(request.user, collectivity)
                if request.user.is_authenticated
                else None,
            }
        )
    return render(request, "feedback/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_file(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_report(request.user, collectivity)
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and decision and form.is_valid():
        try:
            report = services.report_file(collectivity=collectivity, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your report is filed. You will be told of each step."))
            return redirect(report)
    return render(request, "feedback/file.html", {"collectivity": collectivity, "form": form, "decision": decision})


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/mine.html", {"reports": list(selectors.reports_of(request.user))})


def _agents(collectivity: Territory) -> Any:
    return (
        get_user_model()
        .objects.filter(
            role_assignments__collectivity=collectivity,
            role_assignments__role__in=list(permissions.HANDLE_ROLES),
            role_assignments__revoked_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(pk)
    if report is None:
        raise Http404
    can_handle = permissions.can_handle(request.user, report.collectivity)
    return render(
        request,
        "feedback/detail.html",
        {
            "report": report,
            "can_handle": can_handle,
            "is_reporter": request.user.is_authenticated and report.reporter_id == request.user.pk,
            "can_reopen": permissions.can_reopen(request.user, report),
            "assign_form": forms.AssignForm(agents=_agents(report.collectivity)) if can_handle else None,
            "resolve_form": forms.ResolveForm(),
            "reopen_form": forms.ReopenForm(),
            "map_svg": mark_safe(maps.commune_map_svg(report.collectivity, [report])) if report.has_point else "",  # noqa: S308
        },
    )


def _action(request: HttpRequest, pk: int, form: Any, run: Any, success: str) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("collectivity"), pk=pk)
    if callable(form):
        form = form(report)
    return post_action(request, form, lambda data: run(report, data), success, report.get_absolute_url())


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        Form(request.POST),
        lambda r, d: services.report_acknowledge(report=r, actor=request.user),
        _("The report is acknowledged; the reporter is told."),
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda r: forms.AssignForm(request.POST, agents=_agents(r.collectivity)),
        lambda r, d: services.report_assign(
            report=r, service_name=d["service_name"], agent=d["agent"], actor=request.user
        ),
        _("The report is assigned; the reporter is told."),
    )


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.ResolveForm(request.POST, request.FILES),
        lambda r, d: services.report_resolve(report=r, note=d["note"], photo=d["photo"], actor=request.user),
        _("The report is resolved; the reporter is told."),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.ReopenForm(request.POST),
        lambda r, d: services.report_reopen(report=r, reason=d["reason"], actor=request.user),
        _("The report is reopened; the commune's staff will look at it again."),
    )
