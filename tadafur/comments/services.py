"""Writes of the comments app: post, flag, hide, restore, keep. Each audited, in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tadafur.comments import permissions, rules, targets
from tadafur.comments.models import Comment, Flag, FlagReason, HideReason
from tadafur.comments.states import TRANSITIONS, CommentStatus
from tadafur.comments.tasks import comment_hidden_notify
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import DomainError, ValidationFailed
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def _check_rate(actor: Any) -> None:
    since = clock.now() - dt.timedelta(minutes=rules.RATE_WINDOW_MINUTES)
    recent = Comment.objects.filter(author=actor, created_at__gt=since).count()
    if recent >= rules.rate_limit():
        raise RateLimited(
            _("You have posted %(n)s comments in the last %(minutes)s minutes. Wait a little and try again.")
            % {"n": recent, "minutes": rules.RATE_WINDOW_MINUTES}
        )


def comment_post(*, target: Any, text: str, actor: Any, parent: Comment | None = None) -> Comment:
    """Post a comment on `target`, or a reply to the top-level comment `parent`."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Write your comment."), errors={"text": [_("Write your comment.")]})
    if len(text) > rules.TEXT_MAX:
        message = _("A comment has at most %(n)s characters.") % {"n": rules.TEXT_MAX}
        raise ValidationFailed(message, errors={"text": [message]})
    with transaction.atomic():
        permissions.can_comment(actor, target).require()
        ct = ContentType.objects.get_for_model(type(target))
        if parent is not None:
            if parent.target_type_id != ct.pk or parent.target_id != target.pk:
                raise ValidationFailed(_("This reply does not belong to this page."))
            if parent.parent_id is not None:
                raise ValidationFailed(_("Replies answer a comment, not another reply: reply to the first comment."))
            if parent.is_hidden:
                raise ValidationFailed(_("You cannot reply to a hidden comment."))
        _check_rate(actor)
        level = rules.author_level(actor)
        collectivity = targets.for_object(target).collectivity(target)  # type: ignore[union-attr]
        comment = Comment.objects.create(
            target_type=ct,
            target_id=target.pk,
            collectivity=collectivity,
            parent=parent,
            author=actor,
            author_level=level,
            text=text,
            created_at=clock.now(),
        )
        audit_record(
            actor=actor,
            action="comment.post",
            obj=comment,
            collectivity=collectivity,
            after={"target": f"{ct.app_label}.{ct.model}:{target.pk}", "reply_to": parent.pk if parent else None},
        )
    return comment


def comment_flag(*, comment: Comment, reason: str, actor: Any, note: str = "") -> Flag:
    if reason not in FlagReason.values:
        raise ValidationFailed(_("Choose a reason."), errors={"reason": [_("Choose a reason.")]})
    with transaction.atomic():
        permissions.can_flag(actor, comment).require()
        if Flag.objects.filter(comment=comment, flagged_by=actor).exists():
            raise ValidationFailed(_("You have already flagged this comment."))
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    comment=comment, flagged_by=actor, reason=reason, note=note.strip()[:300], created_at=clock.now()
                )
        except IntegrityError as exc:
            raise ValidationFailed(_("You have already flagged this comment.")) from exc
        audit_record(
            actor=actor,
            action="comment.flag",
            obj=comment,
            collectivity=comment.collectivity,
            after={"reason": reason},
        )
    return flag


def _resolve_flags(comment: Comment) -> int:
    return Flag.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=clock.now())


def comment_hide(*, comment: Comment, reason: str, note: str, actor: Any) -> Comment:
    """Hide a comment with a reason from the list and an explanation; the author is told."""
    errors: dict[str, list[str]] = {}
    if reason not in HideReason.values:
        errors["reason"] = [_("Choose a reason.")]
    if not (note or "").strip():
        errors["note"] = [_("Explain the decision in a sentence: the author will read it.")]
    if errors:
        raise ValidationFailed(_("The comment was not hidden."), errors=errors)
    with transaction.atomic():
        permissions.can_moderate(actor, comment.collectivity).require()
        comment = transition(
            comment,
            CommentStatus.HIDDEN,
            table=TRANSITIONS,
            actor=actor,
            collectivity=comment.collectivity,
            action="comment.hide",
            extra={"hidden_reason": reason, "hidden_note": note.strip()[:500], "hidden_by": actor},
        )
        flags = _resolve_flags(comment)
        audit_record(
            actor=actor,
            action="comment.hide_reason",
            obj=comment,
            collectivity=comment.collectivity,
            after={"reason": reason, "flags_resolved": flags},
        )
        enqueue_on_commit(comment_hidden_notify, comment.pk)
    return comment


def comment_restore(*, comment: Comment, actor: Any) -> Comment:
    with transaction.atomic():
        permissions.can_moderate(actor, comment.collectivity).require()
        return transition(
            comment,
            CommentStatus.VISIBLE,
            table=TRANSITIONS,
            actor=actor,
            collectivity=comment.collectivity,
            action="comment.restore",
        )


def comment_keep(*, comment: Comment, actor: Any) -> int:
    """The moderator read the flags and keeps the comment visible: the flags are closed."""
    with transaction.atomic():
        permissions.can_moderate(actor, comment.collectivity).require()
        count = _resolve_flags(comment)
        audit_record(
            actor=actor,
            action="comment.keep",
            obj=comment,
            collectivity=comment.collectivity,
            after={"flags_resolved": count},
        )
    return count
