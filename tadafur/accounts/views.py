from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tadafur.accounts import forms, permissions, selectors, services
from tadafur.accounts.models import ActivityDeclaration, DeclarationStatus, RoleAssignment, User
from tadafur.core.decisions import Decision
from tadafur.core.errors import DomainError
from tadafur.territories.models import Territory


def _collectivity(code: str) -> Territory:
    return get_object_or_404(Territory, code=code, is_collectivity=True)


def _denied(request: HttpRequest, decision: Decision) -> HttpResponse:
    return render(request, "accounts/denied.html", {"reason": decision.reason}, status=403)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff_in = (
        Territory.objects.filter(role_assignments__user=user, role_assignments__revoked_at__isnull=True)
        .distinct()
        .order_by("code")
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": selectors.active_assignments(user).select_related("collectivity"),
            "staff_in": [
                {
                    "territory": t,
                    "roles": permissions.can_view_roles(user, t).ok,
                    "roll": permissions.can_import_roll(user, t).ok,
                    "desk": permissions.can_verify_in_person(user, t).ok,
                    "audit": permissions.can_read_audit_log(user, t).ok,
                }
                for t in staff_in
            ],
            "has_totp": selectors.has_totp(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = forms.ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, changes=form.profile_changes(), actor=request.user)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def resident_verify(request: HttpRequest) -> HttpResponse:
    collectivities = list(
        Territory.objects.filter(roll_imports__replaced_at__isnull=True).distinct().order_by("name_fr")
    )
    form = forms.SelfVerifyForm(request.POST or None, collectivities=collectivities)
    if request.method == "POST" and form.is_valid():
        collectivity = form.cleaned_data["collectivity"]
        try:
            matched = services.resident_self_verify(
                user=request.user,
                collectivity=collectivity,
                cnie=form.cleaned_data["cnie"],
                birth_date=form.cleaned_data["birth_date"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if matched:
                messages.success(
                    request, _("You are now verified as a resident of %(name)s.") % {"name": collectivity.name}
                )
                return redirect("accounts:profile")
            form.add_error(
                None,
                _(
                    "No line of the roll matches this CNIE number and birth date. Check both, or ask for an "
                    "in-person check at the help desk."
                ),
            )
    return render(request, "accounts/verify.html", {"form": form, "collectivities": collectivities})


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="tadafur-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_close(request: HttpRequest) -> HttpResponse:
    form = forms.CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_close(user=request.user, actor=request.user)
        logout(request)
        messages.success(request, _("Your account is closed and your personal data erased."))
        return redirect("home")
    return render(request, "accounts/close.html", {"form": form})


# --- Staff pages for one collectivity -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    decision = permissions.can_view_roles(request.user, collectivity)
    if not decision:
        return _denied(request, decision)
    can_manage = permissions.can_manage_roles(request.user, collectivity)
    form = forms.InviteForm(request.POST or None, allow_platform_admin=selectors.is_platform_admin(request.user))
    if request.method == "POST":
        if not can_manage:
            return _denied(request, can_manage)
        if form.is_valid():
            try:
                services.staff_invite(
                    contact=form.cleaned_data["contact"],
                    role=form.cleaned_data["role"],
                    collectivity=collectivity,
                    display_name=form.cleaned_data["display_name"],
                    actor=request.user,
                    request=request,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The role is granted and an invitation sent."))
                return redirect("accounts:roles", code=code)
    return render(
        request,
        "accounts/roles.html",
        {
            "collectivity": collectivity,
            "assignments": selectors.assignments_in(collectivity),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def role_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collectivity = _collectivity(code)
    assignment = get_object_or_404(RoleAssignment, pk=pk, collectivity=collectivity)
    decision = permissions.can_manage_roles(request.user, collectivity)
    if not decision:
        return _denied(request, decision)
    services.role_revoke(assignment=assignment, actor=request.user)
    messages.success(request, _("The role is revoked."))
    return redirect("accounts:roles", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def roll_upload(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    decision = permissions.can_import_roll(request.user, collectivity)
    if not decision:
        return _denied(request, decision)
    form = forms.RollUploadForm(request.POST or None, request.FILES or None)
    rejected: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roll = services.roll_import(
                collectivity=collectivity, data=upload.read(), actor=request.user, source_name=upload.name
            )
        except services.RollRejected as exc:
            rejected = exc.rejected
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The roll is imported: %(count)d lines replace the previous roll.") % {"count": roll.line_count},
            )
            return redirect("accounts:roll", code=code)
    return render(
        request,
        "accounts/roll.html",
        {
            "collectivity": collectivity,
            "form": form,
            "rejected": rejected,
            "current": selectors.current_roll(collectivity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def help_desk(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    decision = permissions.can_verify_in_person(request.user, collectivity)
    if not decision:
        return _denied(request, decision)
    person = None
    confirm_form = None
    lookup = forms.LookupForm(request.GET or None)
    if request.method == "POST":
        confirm_form = forms.InPersonConfirmForm(request.POST)
        if confirm_form.is_valid():
            person = get_object_or_404(User, pk=confirm_form.cleaned_data["user_id"], is_active=True)
            try:
                services.resident_verify_in_person(user=person, collectivity=collectivity, actor=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("%(person)s is verified as a resident of %(name)s.")
                    % {"person": person, "name": collectivity.name},
                )
                return redirect("accounts:help_desk", code=code)
        else:
            person = User.objects.filter(pk=request.POST.get("user_id"), is_active=True).first()
    elif lookup.is_valid():
        person = selectors.user_by_contact(lookup.cleaned_data["contact"])
        if person is None:
            messages.info(request, _("No account uses this email address or mobile number."))
        else:
            confirm_form = forms.InPersonConfirmForm(initial={"user_id": person.pk})
    return render(
        request,
        "accounts/help_desk.html",
        {"collectivity": collectivity, "lookup": lookup, "person": person, "confirm_form": confirm_form},
    )


@login_required
def audit_log(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = _collectivity(code)
    decision = permissions.can_read_audit_log(request.user, collectivity)
    if not decision:
        return _denied(request, decision)
    page = Paginator(selectors.audit_entries_for(collectivity), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"collectivity": collectivity, "page": page})


# --- Economic or professional activity declarations (issue 3 §4) ------------------------------


def _apply_errors(form: Any, exc: DomainError) -> None:
    errors = getattr(exc, "errors", None) or {}
    for name, messages_ in errors.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)
    if not errors:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def activity_declare(request: HttpRequest) -> HttpResponse:
    """The person's declarations and the form to declare a new activity."""
    form = forms.ActivityDeclarationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.activity_declare(
                    user=request.user,
                    commune=form.cleaned_data["commune"],
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    document=form.cleaned_data["document"],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
                status = 422
            else:
                messages.success(
                    request,
                    _("Your declaration is sent: the commune's staff will review it and you will see the answer here."),
                )
                return redirect("accounts:activity")
        else:
            status = 422
    declarations = (
        ActivityDeclaration.objects.filter(user=request.user).select_related("commune").order_by("-submitted_at", "-id")
    )
    return render(request, "accounts/activity.html", {"form": form, "declarations": declarations}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_queue(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's help desk reviews the activity declarations waiting for it."""
    collectivity = _collectivity(code)
    decision = permissions.can_verify_in_person(request.user, collectivity)
    if not decision:
        return _denied(request, decision)
    status = 200
    failed: tuple[int, Any] | None = None
    if request.method == "POST" and request.POST.get("revoke"):
        declaration = get_object_or_404(ActivityDeclaration, pk=request.POST.get("revoke"), commune=collectivity)
        try:
            services.activity_revoke(declaration=declaration, reason=request.POST.get("reason", ""), actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            for errors in (getattr(exc, "errors", None) or {}).values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("The approval is withdrawn; the person sees your reason."))
        return redirect("accounts:activity_queue", code=code)
    if request.method == "POST":
        declaration = get_object_or_404(ActivityDeclaration, pk=request.POST.get("declaration"), commune=collectivity)
        form = forms.ActivityReviewForm(request.POST, prefix=f"d{declaration.pk}")
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.activity_review(
                    declaration=declaration, approve=approve, reason=form.cleaned_data["reason"], actor=request.user
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The declaration is approved: this person can now sign the petitions of %(name)s.")
                    % {"name": collectivity.name}
                    if approve
                    else _("The declaration is rejected; the person sees your reason."),
                )
                return redirect("accounts:activity_queue", code=code)
        failed = (declaration.pk, form)
        status = 422
    pending = list(
        ActivityDeclaration.objects.filter(commune=collectivity, status=DeclarationStatus.PENDING).select_related(
            "user"
        )
    )
    rows = [
        {
            "declaration": d,
            "form": failed[1] if failed and failed[0] == d.pk else forms.ActivityReviewForm(prefix=f"d{d.pk}"),
        }
        for d in pending
    ]
    recent = (
        ActivityDeclaration.objects.filter(commune=collectivity)
        .exclude(status=DeclarationStatus.PENDING)
        .select_related("user", "reviewed_by")
        .order_by("-reviewed_at", "-id")[:20]
    )
    return render(
        request,
        "accounts/activity_queue.html",
        {"collectivity": collectivity, "rows": rows, "recent": recent},
        status=status,
    )


@login_required
def activity_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The supporting PDF, for its author and the commune's help-desk staff only."""
    from django.http import FileResponse

    declaration = get_object_or_404(ActivityDeclaration.objects.select_related("commune"), pk=pk)
    if declaration.user_id != request.user.pk:
        decision = permissions.can_verify_in_person(request.user, declaration.commune)
        if not decision:
            return _denied(request, decision)
    response = FileResponse(declaration.document.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
