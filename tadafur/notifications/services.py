"""Writes: follow, unfollow, preferences, unsubscribe, mark read, and `publish`.

Follows, reads and preference changes are NOT written to the platform audit log: whom a person
follows reveals an interest (an opinion, SPEC §8) and the audit log, which names the actor, is
read by collectivity administrators (docs/decisions/0601-notifications-design.md). The change
that causes an event (a petition filed, accepted...) is audited by its own module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext

from tadafur.core import clock
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.core.tasks import enqueue_on_commit
from tadafur.notifications import kinds
from tadafur.notifications.models import Channel, Event, Follow, Frequency, Notification, Preference

UNSUBSCRIBE_SALT = "tadafur.notifications.unsubscribe"


def _require_person(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(gettext("Log in first."))
    if not user.is_active or getattr(user, "closed_at", None):
        raise NotAllowed(gettext("This account is closed."))


def _target(obj: models.Model) -> tuple[ContentType, int]:
    if not kinds.is_followable(obj):
        raise ValidationFailed(gettext("This cannot be followed."))
    return ContentType.objects.get_for_model(obj), int(obj.pk)


def follow_create(*, user: Any, obj: models.Model, channels: Iterable[str] | None = None) -> Follow:
    """`user` follows `obj` on the chosen channels (all by default, within their own switches).

    Ticking SMS or email here is asking for it: the person's switch for that channel is turned
    on, provided the account has a number or an address to write to.
    """
    _require_person(user)
    content_type, object_id = _target(obj)
    chosen = set(Channel.values if channels is None else channels)
    if not chosen or not chosen <= set(Channel.values):
        message = gettext("Choose at least one way to hear the news.")
        raise ValidationFailed(message, errors={"channels": [message]})
    if channels is not None:
        if Channel.SMS in chosen and not user.phone:
            message = gettext("Add a mobile number to your profile to receive SMS.")
            raise ValidationFailed(message, errors={"channels": [message]})
        if Channel.EMAIL in chosen and not user.email:
            message = gettext("Add an email address to your profile to receive emails.")
            raise ValidationFailed(message, errors={"channels": [message]})
    with transaction.atomic():
        follow, _ = Follow.objects.update_or_create(
            user=user,
            content_type=content_type,
            object_id=object_id,
            defaults={
                "collectivity": kinds.collectivity_of(obj),
                "in_app": Channel.IN_APP in chosen,
                "email": Channel.EMAIL in chosen,
                "sms": Channel.SMS in chosen,
                "automatic": False,
            },
        )
        if channels is not None:
            switches = {f"notify_{c}": True for c in chosen if not getattr(user, f"notify_{c}")}
            if switches:
                for name, value in switches.items():
                    setattr(user, name, value)
                user.save(update_fields=list(switches))
    return follow


def follow_ensure(*, user: Any, obj: models.Model) -> Follow | None:
    """Automatic follow of one's own contribution (a petition's agent, a proposal's author):
    created once; a person who unfollowed later is not followed again by the next change."""
    if user is None or not getattr(user, "pk", None):
        return None
    content_type, object_id = _target(obj)
    try:
        with transaction.atomic():
            follow, _ = Follow.objects.get_or_create(
                user=user,
                content_type=content_type,
                object_id=object_id,
                defaults={"collectivity": kinds.collectivity_of(obj), "automatic": True},
            )
    except IntegrityError:  # a concurrent follow of the same object won
        follow = Follow.objects.get(user=user, content_type=content_type, object_id=object_id)
    return follow


def follow_delete(*, user: Any, follow: Follow) -> None:
    if follow.user_id != getattr(user, "pk", None):
        raise NotAllowed(gettext("This is not one of your follows."))
    follow.delete()


def unfollow(*, user: Any, obj: models.Model) -> int:
    _require_person(user)
    content_type, object_id = _target(obj)
    deleted, _ = Follow.objects.filter(user=user, content_type=content_type, object_id=object_id).delete()
    return deleted


def preference_get(user: Any) -> Preference:
    preference, _ = Preference.objects.get_or_create(user=user)
    return preference


def preference_update(*, user: Any, in_app: bool, email: bool, sms: bool, frequency: str) -> Preference:
    """The person's channels (User.notify_*) and how often outside messages come."""
    _require_person(user)
    errors: dict[str, list[str]] = {}
    if frequency not in Frequency.values:
        errors["frequency"] = [gettext("Choose how often.")]
    if sms and not user.phone:
        errors["sms"] = [gettext("Add a mobile number to your profile to receive SMS.")]
    if email and not user.email:
        errors["email"] = [gettext("Add an email address to your profile to receive emails.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    with transaction.atomic():
        user.notify_in_app, user.notify_email, user.notify_sms = in_app, email, sms
        user.save(update_fields=["notify_in_app", "notify_email", "notify_sms"])
        preference = preference_get(user)
        preference.frequency = frequency
        preference.save(update_fields=["frequency"])
    return preference


# --- Unsubscribe links (work without logging in) --------------------------------------------


def unsubscribe_token(user: Any, follow: Follow | None = None) -> str:
    """A signed token for one follow, or for every outside message (`follow=None`)."""
    payload: dict[str, int] = {"u": int(user.pk)}
    if follow is not None:
        payload["f"] = int(follow.pk)
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_read(token: str) -> dict[str, int]:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise ValidationFailed(gettext("This unsubscribe link is not valid.")) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise ValidationFailed(gettext("This unsubscribe link is not valid."))
    return payload


def unsubscribe(*, token: str) -> str:
    """Stop one follow, or all emails and SMS; returns "follow", "all" or "gone" (already done)."""
    from django.contrib.auth import get_user_model

    payload = unsubscribe_read(token)
    with transaction.atomic():
        if "f" in payload:
            deleted, _ = Follow.objects.filter(pk=payload["f"], user_id=payload["u"]).delete()
            return "follow" if deleted else "gone"
        get_user_model().objects.filter(pk=payload["u"]).update(notify_email=False, notify_sms=False)
        Notification.objects.filter(user_id=payload["u"]).filter(
            models.Q(digest_email=True) | models.Q(digest_sms=True)
        ).update(digest_email=False, digest_sms=False)
    return "all"


# --- Inbox ---------------------------------------------------------------------------------


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with `ids=None`, all) of the person's notifications read."""
    _require_person(user)
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=clock.now())


# --- Publishing ----------------------------------------------------------------------------


def publish(
    event_kind: str,
    obj: models.Model,
    *,
    collectivity: Any = None,
    context: dict[str, Any] | None = None,
    already_told: Iterable[int] = (),
) -> Event:
    """Record that `event_kind` happened to `obj`; its followers hear of it in the background.

    Call it inside the service's transaction: the event is written with the change and the
    fan-out task is enqueued only when the transaction commits. `context` holds plain values
    for the wording (at least `title`; no personal data). `already_told` lists people the module
    told directly by email/SMS: they get the in-app notification only, not a second message.
    """
    from tadafur.notifications.tasks import fanout_task

    event = Event.objects.create(
        kind=event_kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        collectivity=collectivity,
        context={"title": str(obj), **(context or {})},
        already_told=sorted({int(pk) for pk in already_told}),
    )
    enqueue_on_commit(fanout_task, event.pk)
    return event
