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
from tadafur.accounts.models import RoleAssignment, User
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
