"""Reads of the comments app, for views, the API and the template tag."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from tadafur.comments.models import Comment


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def comment_get(pk: int) -> Comment | None:
    return Comment.objects.select_related("author", "collectivity", "target_type").filter(pk=pk).first()


def comments_of(obj: Any) -> QuerySet[Comment]:
    ct = ContentType.objects.get_for_model(type(obj))
    return Comment.objects.filter(target_type=ct, target_id=obj.pk).select_related("author")


def threads(obj: Any) -> list[Thread]:
    """Top-level comments in posting order, each with its replies (one level)."""
    top: dict[int, Thread] = {}
    replies: list[Comment] = []
    for c in comments_of(obj):
        if c.parent_id is None:
            top[c.pk] = Thread(c)
        else:
            replies.append(c)
    for r in replies:
        if r.parent_id in top:
            top[r.parent_id].replies.append(r)
    return list(top.values())


def moderation_queue(collectivity: Any) -> QuerySet[Comment]:
    """The collectivity's comments, those with open flags first (most flags first), then the newest."""
    return (
        Comment.objects.filter(collectivity=collectivity)
        .select_related("author", "target_type")
        .prefetch_related("flags")
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .order_by("-open_flags", "-created_at", "-pk")
    )


def target_of(comment: Comment) -> Any:
    return comment.target_type.get_object_for_this_type(pk=comment.target_id)
