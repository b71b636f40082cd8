"""Thin views over the associations services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.associations import permissions, rules, selectors, services
from tadafur.associations.forms import BranchForm, EditForm, RegisterForm, RejectForm, SearchForm, VerifyForm
from tadafur.associations.models import Association
from tadafur.core import clock, registry
from tadafur.core.errors import DomainError, ValidationFailed
from tadafur.territories.models import Level, Territory

PAGE_SIZE = 20


def _apply_errors(form: Form, exc: DomainError) -> None:
    """Put a service's refusal on the fields it names, or on the form as a whole."""
    errors = getattr(exc, "errors", None) or {}
    placed = False
    for name, field_messages in errors.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _public_activity(association: Association) -> list[tuple[str, str]]:
    # Modules that let associations act (petitions, budgets, bodies) list what this one did in
    # public; core.registry.Module has no such hook yet, so read it defensively.
    items: list[tuple[str, str]] = []
    for module in registry.modules():
        hook = getattr(module, "association_activity", None)
        if hook:
            items.extend(hook(association))
    return items


@require_GET
def association_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = {"query": "", "collectivity_code": "", "domain": ""}
    if form.is_bound and form.is_valid():
        filters = {
            "query": form.cleaned_data["q"],
            "collectivity_code": form.cleaned_data["collectivity"],
            "domain": form.cleaned_data["domain"],
        }
    page = Paginator(selectors.associations_public(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "associations/list.html",
        {
            "form": form,
            "page": page,
            "associations": page.object_list,
            "filtered": any(filters.values()),
            "query_string": query.urlencode(),
            "mine": selectors.represented_by(request.user),
        },
    )


@require_GET
def association_detail(request: HttpRequest, pk: int) -> HttpResponse:
    association = selectors.association_get(pk)
    if association is None:
        raise Http404
    can_edit = permissions.can_edit_association(request.user, association)
    if not association.is_verified and not can_edit:
        # Unverified or rejected entries are seen only by their representatives and the seat's staff.
        raise Http404
    return render(
        request,
        "associations/detail.html",
        {
            "association": association,
            "branches": list(association.branches.all()),
            "eligibility": rules.petition_eligibility(association, association.seat, on=clock.today()),
            "activity": _public_activity(association),
            "can_edit": can_edit,
            "can_verify": permissions.can_verify_association(request.user, association),
            "representatives": selectors.active_representatives(association) if can_edit else [],
        },
    )


@login_required
def association_register(request: HttpRequest) -> HttpResponse:
    decision = permissions.can_register_association(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            association = services.association_register(
                actor=request.user,
                name_ar=data["name_ar"],
                name_fr=data["name_fr"],
                registration_reference=data["registration_reference"],
                founding_date=data["founding_date"],
                seat=data["seat"],
                domains=data["domains"],
                description_ar=data["description_ar"],
                description_fr=data["description_fr"],
                statutes=data["statutes"] or None,
                role_title=data["role_title"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The association is registered. The staff of its seat commune will check it "
                    "before it appears publicly."
                ),
            )
            return redirect(association)
    return render(request, "associations/form.html", {"form": form, "mode": "register"})


def _get_or_404(pk: int) -> Association:
    association = selectors.association_get(pk)
    if association is None:
        raise Http404
    return association


@login_required
def association_edit(request: HttpRequest, pk: int) -> HttpResponse:
    association = _get_or_404(pk)
    decision = permissions.can_edit_association(request.user, association)
    if not decision:
        raise PermissionDenied(decision.reason)
    initial = {
        "name_ar": association.name_ar,
        "name_fr": association.name_fr,
        "registration_reference": association.registration_reference,
        "founding_date": association.founding_date,
        "seat": association.seat.code,
        "domains": association.domain_list,
        "description_ar": association.description_ar,
        "description_fr": association.description_fr,
    }
    form = EditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes: dict[str, Any] = {k: v for k, v in form.cleaned_data.items() if k != "statutes"}
        if form.cleaned_data["statutes"]:
            changes["statutes"] = form.cleaned_data["statutes"]
        try:
            services.association_update(association=association, actor=request.user, **changes)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(association)
    return render(
        request,
        "associations/form.html",
        {"form": form, "mode": "edit", "association": association, "branch_form": BranchForm()},
    )


@login_required
@require_POST
def branch_add(request: HttpRequest, pk: int) -> HttpResponse:
    association = _get_or_404(pk)
    decision = permissions.can_edit_association(request.user, association)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = BranchForm(request.POST)
    if form.is_valid():
        try:
            services.branch_add(
                association=association,
                actor=request.user,
                collectivity=form.cleaned_data["collectivity"],
                opened_on=form.cleaned_data["opened_on"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The branch is added."))
            return redirect(association)
    edit_form = EditForm(initial={"seat": association.seat.code})
    return render(
        request,
        "associations/form.html",
        {"form": edit_form, "mode": "edit", "association": association, "branch_form": form},
        status=422,
    )


def _review_collectivity(request: HttpRequest, code: str) -> Territory:
    collectivity = Territory.objects.filter(code=code, level=Level.COMMUNE).first()
    if collectivity is None:
        raise Http404
    decision = permissions.can_review_collectivity(request.user, collectivity)
    if not decision:
        raise PermissionDenied(decision.reason)
    return collectivity


def _review_page(
    request: HttpRequest,
    collectivity: Territory,
    *,
    forms_for: dict[int, tuple[Form, Form]] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = []
    for association in selectors.review_queue(collectivity):
        verify_form, reject_form = (forms_for or {}).get(
            association.pk,
            (
                VerifyForm(
                    initial={
                        "in_good_standing": association.in_good_standing,
                        "democratic_functioning": association.democratic_functioning,
                        "standing_note": association.standing_note,
                    },
                    prefix=f"v{association.pk}",
                ),
                RejectForm(prefix=f"r{association.pk}"),
            ),
        )
        rows.append({"association": association, "verify_form": verify_form, "reject_form": reject_form})
    return render(request, "associations/review.html", {"collectivity": collectivity, "rows": rows}, status=status)


@login_required
@require_GET
def review_queue(request: HttpRequest, code: str) -> HttpResponse:
    return _review_page(request, _review_collectivity(request, code))


def _queued(request: HttpRequest, pk: int) -> Association:
    association = _get_or_404(pk)
    decision = permissions.can_verify_association(request.user, association)
    if not decision:
        raise PermissionDenied(decision.reason)
    return association


@login_required
@require_POST
def association_verify(request: HttpRequest, pk: int) -> HttpResponse:
    association = _queued(request, pk)
    form = VerifyForm(request.POST, prefix=f"v{pk}")
    if form.is_valid():
        try:
            services.association_verify(
                association=association,
                actor=request.user,
                in_good_standing=form.cleaned_data["in_good_standing"],
                democratic_functioning=form.cleaned_data["democratic_functioning"],
                standing_note=form.cleaned_data["standing_note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("“%(name)s” is verified.") % {"name": association.name})
    return redirect("associations:review", code=association.seat.code)


@login_required
@require_POST
def association_reject(request: HttpRequest, pk: int) -> HttpResponse:
    association = _queued(request, pk)
    form = RejectForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        try:
            services.association_reject(association=association, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("associations:review", code=association.seat.code)
        else:
            messages.success(
                request,
                _("“%(name)s” is rejected; its representative can read the reason.") % {"name": association.name},
            )
            return redirect("associations:review", code=association.seat.code)
    verify_form = VerifyForm(prefix=f"v{pk}")
    return _review_page(request, association.seat, forms_for={pk: (verify_form, form)}, status=422)
