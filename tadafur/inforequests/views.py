"""Thin views: parse input, ask permission, call one service or selector, map domain errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tadafur.core import clock
from tadafur.core.errors import DomainError
from tadafur.core.exports import csv_response
from tadafur.core.forms import post_action
from tadafur.inforequests import forms, permissions, selectors, services
from tadafur.inforequests.models import InfoRequest
from tadafur.territories.models import Territory


def _apply_errors(form: Form, exc: DomainError) -> None:
    placed = False
    for name, field_messages in (getattr(exc, "errors", None) or {}).items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _filtered(request: HttpRequest, collectivity: Territory | None) -> tuple[Any, forms.RegisterFilterForm]:
    form = forms.RegisterFilterForm(request.GET or None)
    status, overdue = "", False
    if form.is_valid():
        status, overdue = form.cleaned_data["status"], form.cleaned_data["overdue"]
    return selectors.register(collectivity, status=status, overdue=overdue), form


@require_GET
def register(request: HttpRequest, code: str = "") -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code) if code else None
    qs, filter_form = _filtered(request, collectivity)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inforequests/register.html",
        {
            "collectivity": collectivity,
            "page": page,
            "filter_form": filter_form,
            "today": clock.today(),
            "counts": selectors.register_counts(collectivity) if collectivity else None,
            "can_handle": permissions.can_handle(request.user, collectivity) if collectivity else None,
            "query": request.GET.urlencode(),
        },
    )


def _register_row(r: InfoRequest, today: Any) -> list[Any]:
    return [
        r.reference,
        r.collectivity.code,
        r.collectivity.name,
        r.received_on.isoformat(),
        r.due_on.isoformat(),
        r.status,
        "yes" if r.is_overdue(today) else "no",
        "yes" if r.was_extended else "no",
        r.public_subject,
        r.public_text,
        r.get_refusal_ground_display() if r.refusal_ground else "",
        timezone.localdate(r.responded_at).isoformat() if r.responded_at else "",
        r.public_answer,
    ]


REGISTER_HEADER = [
    "reference",
    "collectivity_code",
    "collectivity",
    "received_on",
    "due_on",
    "status",
    "overdue",
    "extended",
    "subject",
    "request",
    "refusal_ground",
    "responded_on",
    "answer",
]


@require_GET
def register_csv(request: HttpRequest, code: str = "") -> HttpResponse:
    """The register as open data: the public fields only, never the requester."""
    collectivity = get_object_or_404(Territory, code=code) if code else None
    qs, _form = _filtered(request, collectivity)
    today = clock.today()
    name = f"information-requests-{code or 'all'}.csv"
    return csv_response(name, REGISTER_HEADER, (_register_row(r, today) for r in qs.iterator(chunk_size=500)))


@login_required
@require_http_methods(["GET", "POST"])
def request_file(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_file(request.user, collectivity)
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and decision and form.is_valid():
        try:
            info = services.inforequest_file(collectivity=collectivity, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your request is filed. The answer is due by %(due)s.") % {"due": info.due_on.isoformat()},
            )
            return redirect(info)
    answer_days, extension_days = selectors.deadlines_of(collectivity)
    return render(
        request,
        "inforequests/file.html",
        {
            "collectivity": collectivity,
            "form": form,
            "decision": decision,
            "answer_days": answer_days,
            "extension_days": extension_days,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_handle(request.user, collectivity)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = forms.DeskRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            info = services.inforequest_file(collectivity=collectivity, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The request %(ref)s is filed.") % {"ref": info.reference})
            return redirect(info)
    return render(
        request,
        "inforequests/desk.html",
        {
            "collectivity": collectivity,
            "queue": list(selectors.desk_queue(collectivity)),
            "form": form,
            "today": clock.today(),
        },
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inforequests/mine.html",
        {"requests": list(selectors.requests_of(request.user)), "today": clock.today()},
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    info = selectors.request_get(pk)
    if info is None:
        raise Http404
    private = permissions.can_see_private(request.user, info)
    if info.status == "withdrawn" and not private:
        raise Http404
    can_handle = permissions.can_handle(request.user, info.collectivity)
    return render(
        request,
        "inforequests/detail.html",
        {
            "info": info,
            "private": private,
            "can_handle": can_handle,
            "can_withdraw": permissions.can_withdraw(request.user, info) if info.is_open else None,
            "overdue": info.is_overdue(),
            "acknowledge_form": forms.AcknowledgeForm(
                initial={
                    "public_subject": info.public_subject or info.subject,
                    "public_text": info.public_text or info.text,
                }
            )
            if can_handle
            else None,
            "extend_form": forms.ExtendForm(),
            "answer_form": forms.AnswerForm(),
            "refuse_form": forms.RefuseForm(),
        },
    )


def _staff_action(request: HttpRequest, pk: int, form_class: type[Form], run: Any, success: str) -> HttpResponse:
    info = get_object_or_404(InfoRequest.objects.select_related("collectivity"), pk=pk)
    form = form_class(request.POST, request.FILES)
    return post_action(request, form, lambda data: run(info, data), success, info.get_absolute_url())


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        forms.AcknowledgeForm,
        lambda info, d: services.inforequest_acknowledge(request=info, actor=request.user, **d),
        _("The request is acknowledged and its register entry published."),
    )


@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        forms.ExtendForm,
        lambda info, d: services.inforequest_extend(request=info, actor=request.user, reason=d["reason"]),
        _("The deadline is extended; the requester is told why."),
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    def run(info: InfoRequest, d: dict[str, Any]) -> Any:
        return services.inforequest_answer(
            request=info,
            actor=request.user,
            answer_text=d["answer_text"],
            public_answer=d["public_answer"] or None,
            answer_file=d["answer_file"],
            attachment_public=d["attachment_public"],
        )

    return _staff_action(request, pk, forms.AnswerForm, run, _("The answer is sent and published in the register."))


@login_required
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        forms.RefuseForm,
        lambda info, d: services.inforequest_refuse(
            request=info,
            actor=request.user,
            ground=d["ground"],
            reasons=d["reasons"],
        ),
        _("The refusal and its reasons are sent to the requester."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        pk,
        Form,
        lambda info, d: services.inforequest_withdraw(request=info, actor=request.user),
        _("Your request is withdrawn."),
    )
