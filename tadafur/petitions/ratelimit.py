"""Signing rate limits per account and per IP, counted in Django's cache.

In-process (LocMemCache) by default, shared through Redis when REDIS_URL is set, because the
cache backend follows it (config/settings.py). Fixed one-minute windows: `cache.add` creates
the window's counter with its expiry, `cache.incr` counts atomically in both backends.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tadafur.core.errors import DomainError

WINDOW_SECONDS = 60


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def _limits() -> tuple[int, int]:
    per_account = int(getattr(settings, "PETITION_SIGN_RATE_PER_ACCOUNT", 10))
    per_ip = int(getattr(settings, "PETITION_SIGN_RATE_PER_IP", 60))
    return per_account, per_ip


def _hit(key: str) -> int:
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def client_ip(request: HttpRequest) -> str:
    # Behind the reverse proxy REMOTE_ADDR is set from X-Forwarded-For by the server config.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def check_signing_rate(request: HttpRequest) -> None:
    """Count one signing attempt; raise RateLimited when the account or the address is over its limit."""
    per_account, per_ip = _limits()
    user_id = getattr(request.user, "pk", None)
    over = False
    if user_id is not None and _hit(f"petitions:rate:user:{user_id}") > per_account:
        over = True
    if _hit(f"petitions:rate:ip:{client_ip(request)}") > per_ip:
        over = True
    if over:
        raise RateLimited(_("Too many signing attempts. Wait a minute and try again."))
