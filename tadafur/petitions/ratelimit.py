"""Signing rate limits per account and per IP (tadafur/core/ratelimit.py counts them)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tadafur.core.ratelimit import RateLimited, check_rate, client_ip

__all__ = ["RateLimited", "check_signing_rate", "client_ip"]


def check_signing_rate(request: HttpRequest) -> None:
    """Count one signing attempt; raise RateLimited when the account or the address is over its limit."""
    check_rate(
        request,
        "petitions.sign",
        per_account=int(getattr(settings, "PETITION_SIGN_RATE_PER_ACCOUNT", 10)),
        per_ip=int(getattr(settings, "PETITION_SIGN_RATE_PER_IP", 60)),
        message=_("Too many signing attempts. Wait a minute and try again."),
    )
