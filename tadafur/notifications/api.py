"""Follows and notifications: the signed-in person's own follows, inbox and preferences.

Everything here is personal: every endpoint needs the session (django_auth, with Django's CSRF
check on writes), and a person only ever sees and changes their own rows.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.notifications import selectors, services
from tadafur.notifications.models import Channel, Follow

router = Router(tags=["Follows and notifications"], auth=django_auth)


class FollowOut(Schema):
    id: int
    target: str
    object_id: int
    title: str
    url: str
    channels: list[str]
    automatic: bool
    created_at: dt.datetime


class FollowIn(Schema):
    target: str
    object_id: int
    channels: list[str] | None = None


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


class ReadIn(Schema):
    ids: list[int] | None = None


class PreferencesIO(Schema):
    in_app: bool
    email: bool
    sms: bool
    frequency: str


def _follow_out(follow: Follow) -> dict[str, object]:
    obj = getattr(follow, "resolved", None)
    return {
        "id": follow.pk,
        "target": follow.content_type.app_label + "." + follow.content_type.model,
        "object_id": follow.object_id,
        "title": str(obj) if obj is not None else "",
        "url": obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else "",
        "channels": [c for c in Channel.values if getattr(follow, c)],
        "automatic": follow.automatic,
        "created_at": follow.created_at,
    }


@router.get("/follows", response=list[FollowOut], summary="What I follow")
def follows_list(request: HttpRequest) -> list[dict[str, object]]:
    return [_follow_out(f) for f in selectors.follows_of(request.user)]


@router.post("/follows", response={201: FollowOut}, summary="Follow an object")
def follow_create(request: HttpRequest, payload: FollowIn) -> Status[dict[str, object]]:
    obj = selectors.followable_get(payload.target, payload.object_id)
    if obj is None:
        raise HttpError(404, _("There is nothing to follow with this kind and number."))
    follow = services.follow_create(user=request.user, obj=obj, channels=payload.channels)
    follow.resolved = obj  # type: ignore[attr-defined]
    return Status(201, _follow_out(follow))


@router.delete("/follows/{follow_id}", response={204: None}, summary="Stop following")
def follow_delete(request: HttpRequest, follow_id: int) -> Status[None]:
    follow = Follow.objects.filter(pk=follow_id, user=request.user).first()
    if follow is None:
        raise HttpError(404, _("You do not follow this."))
    services.follow_delete(user=request.user, follow=follow)
    return Status(204, None)


@router.get("/inbox", response=InboxOut, summary="My notifications, newest first (50)")
def inbox(request: HttpRequest, unread_only: bool = False) -> dict[str, object]:
    rows = selectors.inbox(request.user).select_related("event")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return {
        "unread": selectors.unread_count(request.user),
        "items": [
            {
                "id": n.pk,
                "kind": n.event.kind,
                "subject": n.subject,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at,
                "read": n.read_at is not None,
            }
            for n in rows[:50]
        ],
    }


@router.post("/inbox/read", response={200: dict}, summary="Mark some (or all) of my notifications read")
def inbox_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    return {"marked": services.notifications_mark_read(user=request.user, ids=payload.ids)}


@router.get("/preferences", response=PreferencesIO, summary="My channels and frequency")
def preferences_get(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "in_app": user.notify_in_app,
        "email": user.notify_email,
        "sms": user.notify_sms,
        "frequency": services.preference_get(user).frequency,
    }


@router.put("/preferences", response=PreferencesIO, summary="Change my channels and frequency")
def preferences_put(request: HttpRequest, payload: PreferencesIO) -> dict[str, object]:
    services.preference_update(user=request.user, **payload.dict())
    return preferences_get(request)
