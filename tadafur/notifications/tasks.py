"""Background work: the fan-out of an event to its followers, deliveries with retries, digests.

Nothing here runs inside a web request: `publish()` enqueues `fanout_task` on commit.
The fan-out reads followers in primary-key batches of `BATCH_SIZE` (fewer on SQLite); each batch is one
transaction that writes its notifications and deliveries and moves the event's cursor, so a
fan-out interrupted half-way resumes where it stopped. Each batch's email and SMS deliveries
go out in their own task, so a slow gateway does not hold up the fan-out.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import default_task_backend

from tadafur.core import clock
from tadafur.core.tasks import send_email_task, task
from tadafur.notifications import kinds
from tadafur.notifications.models import (
    Channel,
    DeadLetter,
    Delivery,
    DeliveryStatus,
    Event,
    Follow,
    Frequency,
    Notification,
    Preference,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# On SQLite a batch holds the only write lock for its whole transaction: smaller batches keep the
# signers queued behind it under the signing target's p99 (decision 0602).
SQLITE_BATCH_SIZE = 200


def _batch_size() -> int:
    return min(BATCH_SIZE, SQLITE_BATCH_SIZE) if connection.vendor == "sqlite" else BATCH_SIZE


def _pause(batch_seconds: float) -> float:
    """How long the fan-out rests after a batch. SQLite has one writer at a time: resting as long
    as the batch took leaves signers waiting for the lock at least half of it (decision 0602).
    `NOTIFICATIONS_FANOUT_PAUSE` (seconds) overrides it; PostgreSQL needs no rest."""
    configured = getattr(settings, "NOTIFICATIONS_FANOUT_PAUSE", None)
    if configured is not None:
        return float(configured)
    return batch_seconds if connection.vendor == "sqlite" else 0.0


MAX_ATTEMPTS = 5
# Waits after the 1st, 2nd, 3rd, 4th failure; the 5th failure makes a dead letter.
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
_USER_FIELDS = ("id", "email", "phone", "preferred_language", "notify_in_app", "notify_email", "notify_sms")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _object_url(obj: Any, language: str) -> str:
    with translation.override(language):
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return site_url(obj.get_absolute_url())
        return site_url(reverse("notifications:inbox"))


def _email_body(body: str, url: str, language: str, unsubscribe_follow: str, unsubscribe_all: str) -> str:
    with translation.override(language):
        return "\n".join(
            [
                body,
                "",
                url,
                "",
                "-- ",
                gettext("You receive this message because you follow this on Tadafur."),
                gettext("Stop following it: %(url)s") % {"url": unsubscribe_follow},
                gettext("Stop all emails and SMS: %(url)s") % {"url": unsubscribe_all},
                gettext("Your notification settings: %(url)s")
                % {"url": site_url(reverse("notifications:preferences"))},
            ]
        )


def _unsubscribe_url(token: str, language: str) -> str:
    with translation.override(language):
        return site_url(reverse("notifications:unsubscribe", args=[token]))


@task()
def fanout_task(event_id: int) -> int:
    """Fan `event_id` out to every follower of its object; returns how many were notified
    (0 if it was done already)."""
    event = Event.objects.select_related("content_type").filter(pk=event_id).first()
    if event is None or event.fanned_out_at is not None:
        return 0
    model = event.content_type.model_class()
    obj = model._default_manager.filter(pk=event.object_id).first() if model else None
    rendered: dict[str, tuple[kinds.Rendered, str]] = {}
    batch = _batch_size()
    while True:
        follows = list(
            Follow.objects.filter(
                content_type_id=event.content_type_id, object_id=event.object_id, id__gt=event.fanout_cursor
            )
            .select_related("user")
            .only("id", "in_app", "email", "sms", *(f"user__{f}" for f in _USER_FIELDS), "user__is_active")
            .order_by("id")[:batch]
        )
        if not follows:
            break
        began = time.monotonic()
        _fan_batch(event, obj, follows, rendered)
        if len(follows) == batch:
            time.sleep(_pause(time.monotonic() - began))
    # `recipients` counts every batch, including those of an earlier, interrupted run.
    Event.objects.filter(pk=event.pk).update(fanned_out_at=clock.now())
    total = Event.objects.values_list("recipients", flat=True).get(pk=event.pk)
    logger.info("event %s (%s) fanned out to %d follower(s)", event.pk, event.kind, total)
    return total


def _fan_batch(event: Event, obj: Any, follows: list[Follow], rendered: dict[str, tuple[kinds.Rendered, str]]) -> int:
    from tadafur.notifications.services import unsubscribe_token

    told = set(event.already_told)
    daily = set(
        Preference.objects.filter(user_id__in=[f.user_id for f in follows], frequency=Frequency.DAILY).values_list(
            "user_id", flat=True
        )
    )
    notifications: list[Notification] = []
    outside: list[tuple[Notification, Follow, list[str]]] = []
    for follow in follows:
        user = follow.user
        if not user.is_active:
            continue
        in_app = follow.in_app and user.notify_in_app
        channels = []
        if user.pk not in told:
            if follow.email and user.notify_email and user.email:
                channels.append(Channel.EMAIL)
            if follow.sms and user.notify_sms and user.phone:
                channels.append(Channel.SMS)
        if not in_app and not channels:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        if language not in rendered:
            url = _object_url(obj, language)
            with translation.override(language):
                rendered[language] = (kinds.render(event.kind, event.context, url), url)
        text, url = rendered[language]
        digest = user.pk in daily
        notification = Notification(
            user_id=user.pk,
            event=event,
            follow_id=follow.pk,
            language=language,
            subject=text.subject,
            body=text.body,
            url=url,
            in_app=in_app,
            digest_email=digest and Channel.EMAIL in channels,
            digest_sms=digest and Channel.SMS in channels,
        )
        notifications.append(notification)
        if channels and not digest:
            outside.append((notification, follow, channels))
    # Everything is rendered before the transaction: on SQLite the write lock is held from BEGIN.
    deliveries = []
    for notification, follow, channels in outside:
        text, url = rendered[notification.language]
        for channel in channels:
            if channel == Channel.EMAIL:
                body = _email_body(
                    text.body,
                    url,
                    notification.language,
                    _unsubscribe_url(unsubscribe_token(follow.user, follow), notification.language),
                    _unsubscribe_url(unsubscribe_token(follow.user), notification.language),
                )
            else:
                body = text.sms
            deliveries.append(
                Delivery(
                    user_id=notification.user_id,
                    notification=notification,
                    channel=channel,
                    subject=text.subject,
                    body=body,
                    language=notification.language,
                )
            )
    with transaction.atomic():
        Notification.objects.bulk_create(notifications)
        Delivery.objects.bulk_create(deliveries)
        Event.objects.filter(pk=event.pk).update(
            fanout_cursor=follows[-1].pk, recipients=models.F("recipients") + len(notifications)
        )
        event.fanout_cursor = follows[-1].pk
        ids = [d.pk for d in deliveries]
        if ids:
            transaction.on_commit(lambda: deliver_task.enqueue(ids), robust=True)
    return len(notifications)


# --- Deliveries ----------------------------------------------------------------------------


@task()
def deliver_task(delivery_ids: list[int]) -> int:
    """Send the given deliveries that are still due; returns how many were sent.

    Successes are recorded together, every `SENT_FLUSH` messages, rather than one UPDATE (and
    one commit) per message; a worker killed in between leaves a few deliveries `pending`, sent
    again by the retry sweep: a person may rarely get a message twice, never lose one.
    """
    rows = Delivery.objects.filter(
        pk__in=delivery_ids, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
    ).select_related("user")
    sent: list[int] = []
    total = 0
    for delivery in rows:
        try:
            _send(delivery)
        except Exception as exc:  # any failure of a backend: retried, never lost silently
            _failed(delivery, exc)
            continue
        sent.append(delivery.pk)
        if len(sent) >= SENT_FLUSH:
            total += _mark_sent(sent)
            sent = []
    return total + _mark_sent(sent)


SENT_FLUSH = 200


def _mark_sent(ids: list[int]) -> int:
    if ids:
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.SENT,
            sent_at=clock.now(),
            attempts=models.F("attempts") + 1,
            next_attempt_at=None,
        )
    return len(ids)


def _send(delivery: Delivery) -> None:
    from tadafur.accounts.sms import send_sms

    user = delivery.user
    if delivery.channel == Channel.EMAIL:
        if not user.email:
            raise ValueError("the account has no email address any more")
        if not send_email_task.call(user.email, delivery.subject, delivery.body, delivery.language):
            raise RuntimeError("the email backend sent nothing")
    elif delivery.channel == Channel.SMS:
        if not user.phone:
            raise ValueError("the account has no mobile number any more")
        send_sms(user.phone, delivery.body)


def attempt(delivery: Delivery) -> int:
    """Try one delivery once; on failure schedule a retry with backoff or give it up."""
    try:
        _send(delivery)
    except Exception as exc:  # any failure of a backend: retried, never lost silently
        _failed(delivery, exc)
        return 0
    delivery.attempts += 1
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = clock.now()
    delivery.next_attempt_at = None
    delivery.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    return 1


def _failed(delivery: Delivery, exc: Exception) -> None:
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:300]
    if delivery.attempts >= MAX_ATTEMPTS:
        with transaction.atomic():
            delivery.status = DeliveryStatus.DEAD
            delivery.next_attempt_at = None
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            DeadLetter.objects.update_or_create(
                delivery=delivery,
                defaults={
                    "channel": delivery.channel,
                    "attempts": delivery.attempts,
                    "error": delivery.last_error,
                    "resolved_at": None,
                },
            )
        logger.warning("delivery %s given up after %d attempts", delivery.pk, delivery.attempts)
        return
    delivery.status = DeliveryStatus.RETRY
    delivery.next_attempt_at = clock.now() + BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    if default_task_backend.supports_defer:
        deliver_task.using(run_after=delivery.next_attempt_at).enqueue([delivery.pk])


@task()
def retry_due_task() -> int:
    """Retry the deliveries whose wait is over (for backends that cannot defer a task; run by
    `manage.py notifications_send --retries` from cron, harmless with a deferring backend)."""
    due = Delivery.objects.filter(status=DeliveryStatus.RETRY, next_attempt_at__lte=clock.now()).select_related("user")
    return sum(attempt(delivery) for delivery in due.order_by("next_attempt_at")[:5000])


# --- Daily digest --------------------------------------------------------------------------


@task()
def digest_task() -> int:
    """One email and/or one SMS per person with every notification waiting for the digest."""
    pending = Notification.objects.filter(models.Q(digest_email=True) | models.Q(digest_sms=True))
    user_ids = list(pending.values_list("user_id", flat=True).distinct())
    sent = 0
    for start in range(0, len(user_ids), BATCH_SIZE):
        for user in get_user_model().objects.filter(pk__in=user_ids[start : start + BATCH_SIZE]):
            sent += _digest_one(user)
    return sent


def _digest_one(user: Any) -> int:
    from tadafur.notifications.services import unsubscribe_token

    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update()
            .filter(user=user)
            .filter(models.Q(digest_email=True) | models.Q(digest_sms=True))
            .order_by("created_at", "id")
        )
        if not items:
            return 0
        language = user.preferred_language or settings.LANGUAGE_CODE
        inbox = site_url_in(language, "notifications:inbox")
        deliveries = []
        with translation.override(language):
            if any(n.digest_email for n in items) and user.notify_email and user.email:
                lines = [f"- {n.subject}\n  {n.url}" for n in items if n.digest_email]
                subject = gettext("Tadafur: %(count)s updates on what you follow") % {"count": len(lines)}
                body = "\n".join(
                    [
                        gettext("Here is what changed since your last digest:"),
                        "",
                        *lines,
                        "",
                        "-- ",
                        gettext("Stop all emails and SMS: %(url)s")
                        % {"url": _unsubscribe_url(unsubscribe_token(user), language)},
                        gettext("Your notification settings: %(url)s")
                        % {"url": site_url_in(language, "notifications:preferences")},
                    ]
                )
                deliveries.append(
                    Delivery(user=user, channel=Channel.EMAIL, subject=subject, body=body, language=language)
                )
            if any(n.digest_sms for n in items) and user.notify_sms and user.phone:
                count = sum(1 for n in items if n.digest_sms)
                body = kinds.sms_compose(
                    gettext("Tadafur: %(count)s updates on what you follow"), {"count": count}, inbox
                )
                deliveries.append(Delivery(user=user, channel=Channel.SMS, subject=body, body=body, language=language))
        Delivery.objects.bulk_create(deliveries)
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(digest_email=False, digest_sms=False)
        Preference.objects.update_or_create(user=user, defaults={"digest_sent_at": clock.now()})
    return sum(attempt(d) for d in deliveries)


def site_url_in(language: str, name: str, args: Iterable[Any] = ()) -> str:
    with translation.override(language):
        return site_url(reverse(name, args=list(args)))
