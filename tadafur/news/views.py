"""Thin views of news and calls for participation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.core import clock
from tadafur.core.errors import DomainError
from tadafur.core.forms import post_action
from tadafur.news import forms, permissions, selectors, services
from tadafur.news.models import NewsItem, NewsKind
from tadafur.news.rules import LANGUAGES
from tadafur.news.states import NewsStatus
from tadafur.territories.models import Territory


def _bodies(collectivity: Territory) -> list[tuple[int, str]]:
    from tadafur.bodies.selectors import bodies_of

    return [(b.pk, b.name) for b in bodies_of(collectivity)]


@require_GET
def news_list(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    can_publish = permissions.can_publish(request.user, collectivity)
    kind = request.GET.get("kind", "")
    items = selectors.news_all(collectivity) if can_publish else selectors.news_public(collectivity, kind=kind)
    return render(
        request,
        "news/list.html",
        {
            "collectivity": collectivity,
            "items": [(item, item.localized()) for item in items[:100]],
            "kind": kind,
            "kinds": NewsKind.choices,
            "can_publish": can_publish,
            "today": clock.today(),
        },
    )


@require_GET
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.news_get(pk)
    if item is None:
        raise Http404
    can_publish = permissions.can_publish(request.user, item.collectivity)
    if item.status != NewsStatus.PUBLISHED and not can_publish:
        raise Http404
    return render(
        request,
        "news/detail.html",
        {
            "item": item,
            "shown": item.localized(),
            "collectivity": item.collectivity,
            "can_publish": can_publish,
            "open_call": item.is_open_call(),
        },
    )


@login_required
def news_create(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = get_object_or_404(Territory, code=code)
    decision = permissions.can_publish(request.user, collectivity)
    if not decision:
        raise PermissionDenied(decision.reason)
    bodies = _bodies(collectivity)
    form = forms.NewsForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            from tadafur.bodies.selectors import body_get

            item = services.news_create(
                collectivity=collectivity,
                kind=d["kind"],
                titles={lang: d[f"title_{lang}"] for lang in LANGUAGES},
                texts={lang: d[f"text_{lang}"] for lang in LANGUAGES},
                body=body_get(d["body"]) if d["body"] else None,
                deadline=d["deadline"],
                image=d["image"],
                attachment=d["attachment"],
                publish=d["publish"],
                actor=request.user,
            )
        except DomainError as exc:
            placed = False
            for name, errs in (getattr(exc, "errors", None) or {}).items():
                for message in errs:
                    form.add_error(name if name in form.fields else None, message)
                    placed = True
            if not placed:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The news item is saved."))
            return redirect(item.get_absolute_url())
    return render(request, "news/form.html", {"form": form, "collectivity": collectivity})


def _item_post(request: HttpRequest, pk: int, call: Any, success: str) -> HttpResponse:
    item = get_object_or_404(NewsItem.objects.select_related("collectivity"), pk=pk)
    return post_action(request, Form(request.POST), lambda d: call(item), success, item.get_absolute_url())


@login_required
@require_POST
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request, pk, lambda item: services.news_publish(item=item, actor=request.user), _("The news item is published.")
    )


@login_required
@require_POST
def news_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        lambda item: services.news_unpublish(item=item, actor=request.user),
        _("The news item is withdrawn from publication."),
    )


@require_GET
def news_feed(request: HttpRequest, code: str) -> HttpResponse:
    """An Atom feed of the collectivity's published news, in the page's language with fallback."""
    collectivity = get_object_or_404(Territory, code=code)
    feed = feedgenerator.Atom1Feed(
        title=_("News of %(name)s") % {"name": collectivity.name},
        link=request.build_absolute_uri(reverse("news:list", args=[collectivity.code])),
        description="",
        language=(request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "ar"),
    )
    for item in selectors.news_public(collectivity)[:50]:
        shown = item.localized()
        feed.add_item(
            title=shown.title,
            link=request.build_absolute_uri(item.get_absolute_url()),
            description=shown.text[:1000],
            pubdate=item.published_at,
            unique_id=request.build_absolute_uri(item.get_absolute_url()),
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")
