"""Assisted mode: while a help-desk session runs, the agent's requests are made as the person.

Placed right after allauth's AccountMiddleware. For every request of an agent with a running
session (its id in the agent's Django session), `request.user` becomes the person, the agent is
kept as `request.assisting_staff`, every audit entry written during the request names both
(tadafur.core.audit.assisted_begin), and HTML pages get a banner with a button to stop.
Account pages (password, email, two-factor), the admin and the API are never run as the person,
and the help-desk pages themselves (/s/desk/) run as the agent so that they can stop.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from tadafur.core import clock
from tadafur.core.audit import assisted_begin, assisted_end

SESSION_KEY = "reach_assisted_session"
_AS_STAFF = ("/accounts/", "/admin/", "/api/", "/s/desk/", "/static/", "/media/", "/i18n/", "/healthz")


class AssistedSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_store = getattr(request, "session", None)
        pk = session_store.get(SESSION_KEY) if session_store is not None else None
        user = getattr(request, "user", None)
        if not pk or user is None or not user.is_authenticated:
            return self.get_response(request)
        from tadafur.reach import selectors, services

        running = selectors.running_session(pk, user)
        if running is None or not running.is_active(clock.now()):
            if running is not None:
                services.assisted_session_expire(session=running)
            session_store.pop(SESSION_KEY, None)  # type: ignore[union-attr]
            return self.get_response(request)
        if any(part in request.path for part in _AS_STAFF):
            return self.get_response(request)
        staff = user
        request.assisting_staff = staff  # type: ignore[attr-defined]
        request.assisted_session = running  # type: ignore[attr-defined]
        request.user = running.person
        token = assisted_begin(
            {"staff": staff.audit_label, "person": running.person.audit_label, "session": running.pk}
        )
        try:
            response = self.get_response(request)
        finally:
            assisted_end(token)
        return _with_banner(request, response, running)


def _with_banner(request: HttpRequest, response: HttpResponse, running: object) -> HttpResponse:
    if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
        return response
    if response.get("Content-Encoding"):
        return response
    banner = render_to_string(
        "reach/_banner.html",
        {"session": running, "csrf_token": get_token(request), "LANGUAGE_CODE": get_language()},
    ).encode()
    content = response.content
    marker = b'<main id="main"'
    at = content.find(marker)
    if at >= 0:
        at = content.find(b">", at) + 1
    else:
        at = content.find(b"<body>")
        at = at + len(b"<body>") if at >= 0 else 0
    response.content = content[:at] + banner + content[at:]
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response
