"""News and calls for participation: public read API and the staff's writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.news import selectors, services
from tadafur.news.models import NewsItem
from tadafur.news.rules import LANGUAGES
from tadafur.news.states import NewsStatus
from tadafur.territories.models import Territory

router = Router(tags=["News and calls for participation"])


class NewsOut(Schema):
    id: int
    collectivity: str
    body_id: int | None
    kind: str
    status: str
    language: str
    requested_language: str
    is_fallback: bool
    title: str
    text: str
    languages: list[str]
    deadline: dt.date | None
    published_at: dt.datetime | None
    image_url: str
    attachment_url: str


class NewsIn(Schema):
    collectivity: str
    kind: str = "news"
    titles: dict[str, str]
    texts: dict[str, str] = {}
    deadline: dt.date | None = None
    body_id: int | None = None
    publish: bool = False


def _out(item: NewsItem, lang: str) -> dict[str, Any]:
    shown = item.localized(lang or None)
    return {
        "id": item.pk,
        "collectivity": item.collectivity.code,
        "body_id": item.body_id,
        "kind": item.kind,
        "status": item.status,
        "language": shown.language,
        "requested_language": shown.requested,
        "is_fallback": shown.is_fallback,
        "title": shown.title,
        "text": shown.text,
        "languages": [code for code in LANGUAGES if getattr(item, f"title_{code}")],
        "deadline": item.deadline,
        "published_at": item.published_at,
        "image_url": item.image.url if item.image else "",
        "attachment_url": item.attachment.url if item.attachment else "",
    }


@router.get("/", response=list[NewsOut], summary="Published news and calls of a collectivity (HCP code)")
def news_list(
    request: HttpRequest, collectivity: str, kind: str = "", lang: str = "", body: int | None = None
) -> list[dict[str, Any]]:
    territory = get_object_or_404(Territory, code=collectivity)
    return [_out(i, lang) for i in selectors.news_public(territory, kind=kind, body_id=body)[:200]]


@router.get(
    "/{item_id}",
    response=NewsOut,
    summary="A published news item in the requested language (fallback: Arabic, French, any)",
)
def news_detail(request: HttpRequest, item_id: int, lang: str = "") -> dict[str, Any]:
    item = selectors.news_get(item_id)
    if item is None or item.status != NewsStatus.PUBLISHED:
        raise HttpError(404, "No published news item with this id")
    return _out(item, lang)


@router.post(
    "/",
    response={201: NewsOut},
    auth=django_auth,
    summary="Create a news item or call (staff, session-authenticated); pictures are added on the web form",
)
def news_create(request: HttpRequest, payload: NewsIn) -> Status[dict[str, Any]]:
    territory = get_object_or_404(Territory, code=payload.collectivity)
    body = None
    if payload.body_id is not None:
        from tadafur.bodies.selectors import body_get

        body = body_get(payload.body_id)
        if body is None:
            raise HttpError(404, "No body with this id")
    item = services.news_create(
        collectivity=territory,
        kind=payload.kind,
        titles=payload.titles,
        texts=payload.texts,
        deadline=payload.deadline,
        body=body,
        publish=payload.publish,
        actor=request.user,
    )
    return Status(201, _out(item, ""))


@router.post("/{item_id}/publish", response=NewsOut, auth=django_auth, summary="Publish a news item (staff)")
def news_publish(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = get_object_or_404(NewsItem.objects.select_related("collectivity"), pk=item_id)
    return _out(services.news_publish(item=item, actor=request.user), "")


@router.post("/{item_id}/unpublish", response=NewsOut, auth=django_auth, summary="Withdraw a news item (staff)")
def news_unpublish(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = get_object_or_404(NewsItem.objects.select_related("collectivity"), pk=item_id)
    return _out(services.news_unpublish(item=item, actor=request.user), "")
