"""The task API: work scheduled by a write runs only if the write commits; Redis runs it for real."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import caches
from django.db import transaction

from tadafur.core.tasks import enqueue_on_commit, send_email_task

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL")


class Boom(Exception):
    pass


def test_a_rolled_back_write_sends_no_email(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            enqueue_on_commit(send_email_task, "amina@example.ma", "Signature recorded", "Thank you.", "fr")
            raise Boom
    assert callbacks == []
    assert mail.outbox == []


def test_a_committed_write_sends_one_email_in_the_recipients_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            enqueue_on_commit(send_email_task, "amina@example.ma", "تم تسجيل توقيعك", "شكرا لك.", "ar")
            # Nothing leaves before the commit.
            assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.ma"]
    assert message.subject == "تم تسجيل توقيعك"
    assert message.extra_headers["Content-Language"] == "ar"
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL


def test_email_task_accepts_several_recipients() -> None:
    result = send_email_task.enqueue(["rachid@example.ma", "khadija@example.ma"], "Session", "Agenda", "en")
    assert result.return_value == 1
    assert mail.outbox[0].to == ["rachid@example.ma", "khadija@example.ma"]


@pytest.mark.redis
@needs_redis
def test_redis_worker_runs_a_task_enqueued_after_commit(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    import django_rq
    from rq.worker import SimpleWorker

    # A queue of our own, so that a test run never takes or leaves jobs on a shared queue.
    queue_name = f"test-{uuid.uuid4().hex[:12]}"
    settings.RQ_QUEUES = {**settings.RQ_QUEUES, queue_name: {"URL": settings.REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", queue_name]}}
    queued = send_email_task.using(queue_name=queue_name)
    queue = django_rq.get_queue(queue_name)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                enqueue_on_commit(queued, "youssef@example.ma", "Proposal received", "Thank you.", "fr")
        # Enqueued, not run: the email waits for a worker.
        assert queue.count == 1
        assert mail.outbox == []

        # The same job class as `manage.py rqworker --job-class django_tasks_rq.Job`; a
        # SimpleWorker runs the job in this process (no fork) so that mail.outbox sees it.
        worker = django_rq.get_worker(queue_name, job_class="django_tasks_rq.Job", worker_class=SimpleWorker)
        worker.work(burst=True)

        assert queue.count == 0
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["youssef@example.ma"]
        assert mail.outbox[0].extra_headers["Content-Language"] == "fr"
    finally:
        queue.empty()
        queue.delete(delete_jobs=True)


@pytest.mark.redis
@needs_redis
def test_cache_is_redis_and_a_counter_is_shared_between_connections() -> None:
    from django.core.cache.backends.redis import RedisCache

    assert django_settings.CACHES["default"]["LOCATION"] == django_settings.REDIS_URL
    # Two connections, as two app servers would have: a rate-limit counter must be shared.
    first = caches.create_connection("default")
    second = caches.create_connection("default")
    assert isinstance(first, RedisCache)
    key = f"test-rate:{uuid.uuid4().hex}"
    try:
        assert first.add(key, 0, timeout=60)
        assert first.incr(key) == 1
        assert second.incr(key) == 2
        assert first.incr(key) == 3
        assert second.get(key) == 3
        # `add` does not reset a running counter (what a limiter relies on).
        assert not second.add(key, 0, timeout=60)
    finally:
        first.delete(key)
        first.close()
        second.close()
