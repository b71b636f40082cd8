"""Reads: a person's follows and inbox, the object a follow form names."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from tadafur.notifications import kinds
from tadafur.notifications.models import Follow, Notification


def followable_get(label: str, object_id: int) -> models.Model | None:
    """The object a follow form names, if that kind may be followed and the object exists."""
    if label.lower() not in kinds.followable_labels():
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=object_id).first()


def follow_of(user: Any, obj: models.Model) -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


def follows_of(user: Any) -> list[Follow]:
    """The person's follows with their objects (one query per kind of object)."""
    follows = list(Follow.objects.filter(user=user).select_related("content_type").order_by("-created_at"))
    by_type: dict[int, list[Follow]] = {}
    for follow in follows:
        by_type.setdefault(follow.content_type_id, []).append(follow)
    for rows in by_type.values():
        model = rows[0].content_type.model_class()
        objects = model._default_manager.in_bulk([f.object_id for f in rows]) if model else {}
        for follow in rows:
            follow.resolved = objects.get(follow.object_id)  # type: ignore[attr-defined]
    return follows


def follower_count(obj: models.Model) -> int:
    return Follow.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).count()


def inbox(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, in_app=True).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, in_app=True, read_at__isnull=True).count()
