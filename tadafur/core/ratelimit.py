"""Rate limits per account and per IP address, counted in Django's cache.

In-process (LocMemCache) by default, shared through Redis when REDIS_URL is set, because the
cache backend follows it (config/settings.py). Fixed one-minute windows: `cache.add` creates
the window's counter with its expiry, `cache.incr` counts atomically in both backends.

    check_rate(request, "petitions.sign", per_account=10, per_ip=60, message=_("Too many..."))
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from tadafur.core.errors import DomainError

WINDOW_SECONDS = 60


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


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


def check_rate(request: HttpRequest, scope: str, *, per_account: int, per_ip: int, message: str) -> None:
    """Count one attempt in `scope`; raise RateLimited(message) when the account or the address
    is over its limit for the current minute. Both counters always count."""
    user_id = getattr(request.user, "pk", None)
    over = False
    if user_id is not None and _hit(f"rate:{scope}:user:{user_id}") > per_account:
        over = True
    if _hit(f"rate:{scope}:ip:{client_ip(request)}") > per_ip:
        over = True
    if over:
        raise RateLimited(message)
