"""Observability: structured logs, health checks and Prometheus metrics, without new dependencies.

- `JsonFormatter`: one JSON object per log line, with the request id (LOG_FORMAT=json).
- `health_checks()`: database, cache and task queue, each with its time; `/healthz` answers 200
  when all pass, 503 otherwise.
- `MetricsMiddleware` + `metrics_text()`: requests by status and a latency histogram, the task
  queue's depth, and signatures and ballots per minute read from the database, in Prometheus'
  text format at `/metrics` (behind a bearer token, METRICS_TOKEN).

Request counters are added up in each process and pushed to the cache every few seconds: with
Redis (REDIS_URL) the figures cover every app server; without it, each process counts its own
requests (one process per machine on SQLite is the supported case).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

from tadafur.core import clock
from tadafur.core.middleware import current_request_id

logger = logging.getLogger(__name__)

# --- Structured logs ------------------------------------------------------------------------

# `request` (django.request's extra) would print the full path with its query string, which can
# hold personal data: never output.
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "request", "server_time"}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra}`, one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id() or "-",
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value if isinstance(value, int | float | bool | str | None) else str(value)
        if record.exc_info:
            payload["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(payload, ensure_ascii=False, default=str)


# --- Health ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str
    ms: float


def _timed(probe: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        detail = probe()
        ok = True
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
        logger.warning("health check failed: %s", detail)
    return Check(ok=ok, detail=detail, ms=round((time.perf_counter() - started) * 1000, 2))


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _rq_queue() -> Any:
    import django_rq

    return django_rq.get_queue("default")


def _uses_rq() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq")


def _tasks() -> str:
    if not _uses_rq():
        return "in-process"
    queue = _rq_queue()
    queue.connection.ping()
    return f"rq: {queue.count} waiting"


HEALTH_CHECKS: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache, "tasks": _tasks}


def health_checks() -> dict[str, Check]:
    return {name: _timed(probe) for name, probe in HEALTH_CHECKS.items()}


# --- Metrics --------------------------------------------------------------------------------

BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATUSES = sorted({int(s) for s in HTTPStatus})
_PREFIX = "metrics:v1:"
FLUSH_SECONDS = 5.0
_lock = threading.Lock()
_pending: dict[str, int] = {}
_last_flush = time.monotonic()


def _key(name: str) -> str:
    return _PREFIX + name


def request_record(status: int, seconds: float) -> None:
    """Count one finished request (in this process; pushed to the cache every FLUSH_SECONDS)."""
    global _last_flush
    with _lock:
        _pending[f"status:{status}"] = _pending.get(f"status:{status}", 0) + 1
        for bound in BUCKETS:
            if seconds <= bound:
                _pending[f"le:{bound}"] = _pending.get(f"le:{bound}", 0) + 1
        _pending["count"] = _pending.get("count", 0) + 1
        _pending["sum_us"] = _pending.get("sum_us", 0) + int(seconds * 1_000_000)
        due = time.monotonic() - _last_flush >= FLUSH_SECONDS
        if due:
            _last_flush = time.monotonic()
    if due:
        metrics_flush()


def metrics_flush() -> None:
    """Add this process's counts to the shared totals in the cache."""
    with _lock:
        pending = dict(_pending)
        _pending.clear()
    for name, delta in pending.items():
        key = _key(name)
        try:
            cache.add(key, 0, timeout=None)
            cache.incr(key, delta)
        except Exception:  # noqa: BLE001 - metrics never break a request
            logger.warning("metrics could not be stored in the cache", exc_info=True)
            return


def _per_minute(label: str, model: str, field: str) -> tuple[str, int] | None:
    try:
        Model = apps.get_model(label, model)
    except LookupError:
        return None
    since = clock.now() - dt.timedelta(minutes=1)
    return f"{label}.{model}", Model.objects.filter(**{f"{field}__gte": since}).count()


# (name, help, app label, model, time field): writes of the last minute, read from the database.
RATES = [
    ("tadafur_signatures_last_minute", "Petition signatures in the last 60 s.", "petitions", "Signature", "created_at"),
    ("tadafur_ballots_last_minute", "Participatory-budget ballots in the last 60 s.", "budgets", "Ballot", "cast_at"),
]


def _queue_depth() -> dict[str, int]:
    if not _uses_rq():
        return {"waiting": 0, "failed": 0}
    queue = _rq_queue()
    return {"waiting": queue.count, "failed": queue.failed_job_registry.count}


def metrics_text() -> str:
    """Every metric in Prometheus' text exposition format (version 0.0.4)."""
    metrics_flush()
    names = [f"status:{s}" for s in STATUSES] + [f"le:{b}" for b in BUCKETS] + ["count", "sum_us"]
    stored = cache.get_many([_key(n) for n in names])
    value = {n: int(stored.get(_key(n), 0)) for n in names}
    lines = [
        "# HELP tadafur_http_requests_total HTTP responses sent, by status code.",
        "# TYPE tadafur_http_requests_total counter",
    ]
    counted = [s for s in STATUSES if value[f"status:{s}"]]
    lines += [f'tadafur_http_requests_total{{status="{s}"}} {value[f"status:{s}"]}' for s in counted]
    lines += [
        "# HELP tadafur_http_request_duration_seconds Time from the request reaching Django to its response.",
        "# TYPE tadafur_http_request_duration_seconds histogram",
    ]
    lines += [f'tadafur_http_request_duration_seconds_bucket{{le="{b}"}} {value[f"le:{b}"]}' for b in BUCKETS]
    lines += [
        f'tadafur_http_request_duration_seconds_bucket{{le="+Inf"}} {value["count"]}',
        f"tadafur_http_request_duration_seconds_sum {value['sum_us'] / 1_000_000:.6f}",
        f"tadafur_http_request_duration_seconds_count {value['count']}",
    ]
    depth = _queue_depth()
    lines += [
        "# HELP tadafur_task_queue_jobs Background jobs in the task queue (0 when tasks run in-process).",
        "# TYPE tadafur_task_queue_jobs gauge",
        f'tadafur_task_queue_jobs{{state="waiting"}} {depth["waiting"]}',
        f'tadafur_task_queue_jobs{{state="failed"}} {depth["failed"]}',
    ]
    for name, help_text, label, model, field in RATES:
        measured = _per_minute(label, model, field)
        if measured is None:
            continue
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {measured[1]}"]
    return "\n".join(lines) + "\n"


def metrics_reset() -> None:
    """Forget every count (tests)."""
    with _lock:
        _pending.clear()
    names = [f"status:{s}" for s in STATUSES] + [f"le:{b}" for b in BUCKETS] + ["count", "sum_us"]
    cache.delete_many([_key(n) for n in names])


METRICS_PATH = "/metrics"


def metrics_response(request: HttpRequest) -> HttpResponse:
    """`GET /metrics` with `Authorization: Bearer <METRICS_TOKEN>`; 404 while no token is set.

    Answered here, before sessions and languages, so that a scrape costs no session lookup and
    is not itself counted."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return HttpResponse("metrics are off: set METRICS_TOKEN\n", status=404, content_type="text/plain")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("a bearer token is required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    response = HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class MetricsMiddleware:
    """Times every request and counts its status; slow ones are logged (path only, no query)."""

    SLOW_SECONDS = 2.0

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == METRICS_PATH:
            return metrics_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        request_record(response.status_code, elapsed)
        if elapsed >= self.SLOW_SECONDS:
            logger.warning(
                "slow request: %s %s %d in %.2fs",
                request.method,
                request.path,
                response.status_code,
                elapsed,
                extra={"duration_ms": round(elapsed * 1000), "status": response.status_code},
            )
        return response
