"""Background work: the one way every module runs something outside the request.

Tasks are declared with the `django-tasks` backport of Django's task framework (`@task`), so
that moving to Django 6's `django.tasks` is an import change. Which backend runs them is a
setting (docs/decisions/0002-task-framework.md):

- without `REDIS_URL`: `ImmediateBackend` runs the task in-process when it is enqueued;
- with `REDIS_URL`: `django_tasks_rq.RQBackend` puts it on a Redis queue that
  `manage.py rqworker default --with-scheduler --job-class django_tasks_rq.Job` drains
  (docs/operations.md, "Workers").

Services never call `task.enqueue()` directly inside their transaction: they call
`enqueue_on_commit()`, so that a write that rolls back never sends an email or an SMS.
Task arguments must be plain values (strings, numbers, lists, dicts): they are serialised into
Redis. Pass ids, not model instances, and never pass a CNIE number or an address.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django_tasks import task
from django_tasks.base import Task

P = ParamSpec("P")
T = TypeVar("T")

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task[P, T], *args: P.args, **kwargs: P.kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` once the current transaction commits; drop it on rollback.

    Outside a transaction (autocommit) the task is enqueued at once. The callback is robust:
    if the queue cannot be reached after the data has committed, the error is logged rather than
    turned into a failed response, because the user's action did succeed and retrying it would
    duplicate it.
    """
    transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs), robust=True)


@task()
def send_email_task(to: str | Sequence[str], subject: str, body: str, language: str = "") -> int:
    """Send one plain-text email through Django's email backend (`EMAIL_URL`).

    `subject` and `body` are already translated by the caller; `language` (ar, fr, zgh, en) is
    the recipient's language: it is activated while the message is built and sent as the
    `Content-Language` header. Returns the number of messages sent (0 or 1).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            headers={"Content-Language": language},
        )
        sent = message.send()
    # Counts only: addresses are personal data and stay out of the logs.
    logger.info("email sent: %d message(s) to %d recipient(s)", sent, len(recipients))
    return sent


__all__ = ["enqueue_on_commit", "send_email_task", "task"]
