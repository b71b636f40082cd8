"""Deployment checks of our own (`manage.py check --deploy`), beside Django's security checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def production_checks(app_configs: Any, **kwargs: Any) -> list[Warning]:
    found = []
    if not settings.HTTPS:
        found.append(
            Warning(
                "The site is not marked as served over HTTPS: cookies are sent in clear and there is no HSTS.",
                hint="Set SITE_URL=https://<your host> (or HTTPS=1) in production.",
                id="tadafur.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        found.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in emails and SMS would not use HTTPS.",
                hint="Set SITE_URL to the public https:// address of the site.",
                id="tadafur.W002",
            )
        )
    token = getattr(settings, "METRICS_TOKEN", "")
    if token and len(token) < 24:
        found.append(
            Warning(
                "METRICS_TOKEN is shorter than 24 characters: /metrics could be guessed.",
                hint="Use a long random token, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`.",
                id="tadafur.W003",
            )
        )
    return found
