"""Thin views: follow/unfollow buttons, inbox, preferences, unsubscribe without logging in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tadafur.core.errors import DomainError
from tadafur.core.forms import form_message
from tadafur.notifications import selectors, services
from tadafur.notifications.forms import FollowForm, PreferencesForm, UnfollowForm
from tadafur.notifications.models import Channel, Follow


def _back(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("notifications:preferences")


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    back = _back(request, request.POST.get("next", ""))
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={back}")
    if not form.is_valid():
        messages.error(request, form_message(form))
        return redirect(back)
    obj = selectors.followable_get(form.cleaned_data["target"], form.cleaned_data["object_id"])
    if obj is None:
        raise Http404
    try:
        services.follow_create(user=request.user, obj=obj, channels=form.cleaned_data["channels"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("You follow “%(title)s”. You will hear of its news.") % {"title": obj})
    return redirect(back)


@require_POST
@login_required
def unfollow(request: HttpRequest) -> HttpResponse:
    form = UnfollowForm(request.POST)
    back = _back(request, request.POST.get("next", ""))
    if not form.is_valid():
        messages.error(request, form_message(form))
        return redirect(back)
    obj = selectors.followable_get(form.cleaned_data["target"], form.cleaned_data["object_id"])
    if obj is None:
        raise Http404
    services.unfollow(user=request.user, obj=obj)
    messages.success(request, _("You no longer follow “%(title)s”.") % {"title": obj})
    return redirect(back)


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    services.notifications_mark_read(user=request.user, ids=ids)
    # The stored link is absolute (SITE_URL, as in emails); open its path on this site.
    path = urlsplit(request.POST.get("go", "")).path
    if ids and path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        return redirect(path)
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    preference = services.preference_get(user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.preference_update(user=user, **form.cleaned_data)
            except DomainError as exc:
                for name, errors in (getattr(exc, "errors", None) or {}).items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
                if not form.errors:
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notifications:preferences")
    else:
        form = PreferencesForm(
            initial={
                "in_app": user.notify_in_app,
                "email": user.notify_email,
                "sms": user.notify_sms,
                "frequency": preference.frequency,
            }
        )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "follows": selectors.follows_of(user), "channels": Channel},
    )


@require_POST
@login_required
def follow_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = Follow.objects.filter(pk=pk, user=request.user).first()
    if row is None:
        raise Http404
    services.follow_delete(user=request.user, follow=row)
    messages.success(request, _("You no longer follow it."))
    return redirect("notifications:preferences")


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners open links); POST stops. No login needed."""
    try:
        payload = services.unsubscribe_read(token)
    except DomainError as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc.message}, status=400)
    scope = "follow" if "f" in payload else "all"
    target = None
    if scope == "follow":
        row = Follow.objects.filter(pk=payload["f"], user_id=payload["u"]).select_related("content_type").first()
        if row is not None:
            model = row.content_type.model_class()
            target = model._default_manager.filter(pk=row.object_id).first() if model else None
        else:
            scope = "gone"
    done = ""
    if request.method == "POST":
        done = services.unsubscribe(token=token)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"scope": scope, "target": target, "done": done, "token": token},
    )
