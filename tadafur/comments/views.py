"""Thin views: every state change is a POST form; success and errors come back as messages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.comments import forms, permissions, selectors, services, targets
from tadafur.comments.models import Comment
from tadafur.core.forms import post_action
from tadafur.territories.models import Territory


def _target_url(obj: Any) -> str:
    return f"{obj.get_absolute_url()}#comments"


def _target_or_404(label: str, pk: int) -> Any:
    obj = targets.resolve(label, pk)
    target = targets.for_object(obj) if obj is not None else None
    if obj is None or target is None or not target.is_public(obj):
        raise Http404
    return obj


def _comment_or_404(pk: int) -> Comment:
    comment = selectors.comment_get(pk)
    if comment is None:
        raise Http404
    return comment


def _back(request: HttpRequest, default: str) -> str:
    nxt = request.POST.get("next", "")
    # Only paths on this site: never an absolute URL from the form.
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else default


@login_required
@require_POST
def comment_post(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    obj = _target_or_404(label, pk)
    form = forms.CommentForm(request.POST)
    parent = None
    if request.POST.get("parent"):
        try:
            parent = _comment_or_404(int(request.POST["parent"]))
        except ValueError as exc:
            raise Http404 from exc

    def act(data: dict[str, Any]) -> None:
        services.comment_post(target=obj, text=data["text"], parent=parent, actor=request.user)

    return post_action(request, form, act, _("Your comment is published."), _target_url(obj))


@login_required
@require_POST
def comment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    obj = selectors.target_of(comment)

    def act(data: dict[str, Any]) -> None:
        services.comment_flag(comment=comment, reason=data["reason"], note=data["note"], actor=request.user)

    return post_action(
        request, forms.FlagForm(request.POST), act, _("Thank you: the moderators will look at it."), _target_url(obj)
    )


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    back = _back(request, _target_url(selectors.target_of(comment)))

    def act(data: dict[str, Any]) -> None:
        services.comment_hide(comment=comment, reason=data["reason"], note=data["note"], actor=request.user)

    return post_action(
        request, forms.HideForm(request.POST), act, _("The comment is hidden and its author is told."), back
    )


class _Empty(Form):
    pass


@login_required
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    back = _back(request, _target_url(selectors.target_of(comment)))
    return post_action(
        request,
        _Empty(request.POST),
        lambda data: services.comment_restore(comment=comment, actor=request.user),
        _("The comment is visible again."),
        back,
    )


@login_required
@require_POST
def comment_keep(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_or_404(pk)
    back = _back(request, _target_url(selectors.target_of(comment)))
    return post_action(
        request,
        _Empty(request.POST),
        lambda data: services.comment_keep(comment=comment, actor=request.user),
        _("The comment stays visible; its flags are closed."),
        back,
    )


@login_required
@require_GET
def moderation_queue(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_moderate(request.user, collectivity)
    if not decision:
        raise PermissionDenied(decision.reason)
    rows = list(selectors.moderation_queue(collectivity)[:200])
    for c in rows:
        c.open_flag_list = [f for f in c.flags.all() if f.resolved_at is None]
        c.hide_form = forms.HideForm(auto_id=f"id_hide{c.pk}_%s")
        try:
            c.target_obj = selectors.target_of(c)
        except Exception:  # noqa: BLE001 - a deleted target must not break the queue
            c.target_obj = None
    return render(
        request,
        "comments/queue.html",
        {
            "collectivity": collectivity,
            "rows": rows,
            "flagged": sum(1 for c in rows if c.open_flags),
        },
    )
