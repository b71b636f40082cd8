from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tadafur.core import observability, registry
from tadafur.territories import selectors as territory_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    featured = territory_selectors.featured_province()
    return render(
        request,
        "core/home.html",
        {
            "province": featured,
            "communes": territory_selectors.children_of(featured) if featured else [],
            "modules": registry.modules(),
        },
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """Law 09-08 notice: who controls the data, why, for how long, and the person's rights."""
    return render(request, "core/privacy.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and task queue, for the proxy and the operators: 200 when all answer, else 503.

    The body names each check, whether it passed, and how long it took; failures say why
    (an exception's type and message, never personal data)."""
    checks = observability.health_checks()
    healthy = all(check.ok for check in checks.values())
    body = {
        "status": "ok" if healthy else "fail",
        "database": connection.vendor,
        "checks": {name: {"ok": c.ok, "detail": c.detail, "ms": c.ms} for name, c in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _error(request: HttpRequest, template: str, status: int, context: dict[str, object] | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        detail = {400: "Bad request", 403: "Forbidden", 404: "Not found"}.get(status, "Server error")
        return JsonResponse({"detail": detail}, status=status)
    return render(request, template, context or {}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Only a translated reason (a lazy string from a permission Decision) is shown: a plain
    # developer message stays hidden.
    arg = exception.args[0] if exception is not None and exception.args else None
    return _error(request, "errors/403.html", 403, {"reason": arg if isinstance(arg, Promise) else ""})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No database or context processors here: the failure may be the database itself.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"request": request}), status=500)
