"""Comments and moderation: API. Reads are public; writes need a session (as on the site)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.comments import selectors, services, targets
from tadafur.comments.models import Comment

router = Router(tags=["Comments and moderation"])


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    author_level: str
    posted_at: dt.datetime
    hidden: bool
    hidden_reason: str
    text: str


class CommentIn(Schema):
    text: str
    parent: int | None = None


class FlagIn(Schema):
    reason: str
    note: str = ""


class HideIn(Schema):
    reason: str
    note: str


def _out(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "parent": c.parent_id,
        "author": c.author.public_name,
        "author_level": c.author_level,
        "posted_at": c.created_at,
        "hidden": c.is_hidden,
        "hidden_reason": c.hidden_reason if c.is_hidden else "",
        # The text of a hidden comment is never served publicly.
        "text": "" if c.is_hidden else c.text,
    }


def _target(label: str, pk: int) -> Any:
    obj = targets.resolve(label, pk)
    target = targets.for_object(obj) if obj is not None else None
    if obj is None or target is None or not target.is_public(obj):
        raise HttpError(404, "Not found")
    return obj


def _comment(pk: int) -> Comment:
    comment = selectors.comment_get(pk)
    if comment is None:
        raise HttpError(404, "Not found")
    return comment


@router.get("/on/{label}/{pk}", response=list[CommentOut], summary="Comments on one object, in posting order")
def comments_list(request: HttpRequest, label: str, pk: int) -> list[dict[str, Any]]:
    """`label` is `petitions.petition`, `budgets.proposal` or `programmes.project`."""
    return [_out(c) for c in selectors.comments_of(_target(label, pk))]


@router.post("/on/{label}/{pk}", auth=django_auth, response={201: CommentOut}, summary="Post a comment or a reply")
def comments_create(request: HttpRequest, label: str, pk: int, payload: CommentIn) -> Status[dict[str, Any]]:
    obj = _target(label, pk)
    parent = _comment(payload.parent) if payload.parent else None
    comment = services.comment_post(target=obj, text=payload.text, parent=parent, actor=request.user)
    return Status(201, _out(comment))


@router.post("/{comment_id}/flag", auth=django_auth, response={201: dict}, summary="Flag a comment to the moderators")
def comment_flag(request: HttpRequest, comment_id: int, payload: FlagIn) -> Status[dict[str, Any]]:
    flag = services.comment_flag(
        comment=_comment(comment_id), reason=payload.reason, note=payload.note, actor=request.user
    )
    return Status(201, {"id": flag.pk, "reason": flag.reason})


@router.post("/{comment_id}/hide", auth=django_auth, response=CommentOut, summary="Hide a comment (moderators)")
def comment_hide(request: HttpRequest, comment_id: int, payload: HideIn) -> dict[str, Any]:
    comment = services.comment_hide(
        comment=_comment(comment_id), reason=payload.reason, note=payload.note, actor=request.user
    )
    return _out(comment)


@router.post("/{comment_id}/restore", auth=django_auth, response=CommentOut, summary="Show a hidden comment again")
def comment_restore(request: HttpRequest, comment_id: int) -> dict[str, Any]:
    return _out(services.comment_restore(comment=_comment(comment_id), actor=request.user))


class QueueRowOut(CommentOut):
    target: str
    open_flags: int
    flag_reasons: list[str]
    # Moderators read the text of hidden comments too (to restore one hidden by mistake).
    full_text: str


@router.get(
    "/moderation/{collectivity_code}",
    auth=django_auth,
    response=list[QueueRowOut],
    summary="The moderation queue of a collectivity (its staff only): flagged first",
)
def moderation_queue(request: HttpRequest, collectivity_code: str) -> list[dict[str, Any]]:
    from tadafur.comments.permissions import can_moderate
    from tadafur.territories.models import Territory

    collectivity = Territory.objects.filter(code=collectivity_code).first()
    if collectivity is None:
        raise HttpError(404, "Not found")
    can_moderate(request.user, collectivity).require()
    rows = []
    for c in selectors.moderation_queue(collectivity)[:200]:
        open_flags = [f for f in c.flags.all() if f.resolved_at is None]
        rows.append(
            {
                **_out(c),
                "target": f"{c.target_type.app_label}.{c.target_type.model}:{c.target_id}",
                "open_flags": len(open_flags),
                "flag_reasons": [f.reason for f in open_flags],
                "full_text": c.text,
            }
        )
    return rows
