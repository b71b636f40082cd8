"""The public API, `/api/v1/`, with its OpenAPI document at `/api/v1/openapi.json`.

Each module contributes a router built over its own services and selectors.
"""

from __future__ import annotations

import logging

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import HttpError

from tadafur.core.errors import DomainError

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Tadafur API",
    version="1",
    description="Public and partner API of Tadafur, the civic participation platform for Moroccan collectivities.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    payload: dict[str, object] = {"detail": exc.message, "code": exc.code}
    if getattr(exc, "errors", None):
        payload["errors"] = exc.errors  # type: ignore[attr-defined]
    return api.create_response(request, payload, status=exc.status)


@api.exception_handler(DataError)
def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database cannot store (longer than its column, past its range) that no schema
    bound caught is the caller's input: a 422, not a 500 (API fuzz on PostgreSQL, decision 0811).
    Logged without the value, so the schema can be tightened."""
    logger.warning("api: the database refused a value on %s %s (%s)", request.method, request.path, type(exc).__name__)
    payload = {"detail": gettext("A value is too long or out of range."), "code": "value_out_of_range"}
    return api.create_response(request, payload, status=422)


def _register_routers() -> None:
    from tadafur.associations.api import router as associations_router
    from tadafur.bodies.api import router as bodies_router
    from tadafur.budgets.api import router as budgets_router
    from tadafur.cocreation.api import router as cocreation_router
    from tadafur.comments.api import router as comments_router
    from tadafur.council.api import router as council_router
    from tadafur.dashboards.api import router as dashboards_router
    from tadafur.feedback.api import router as feedback_router
    from tadafur.inforequests.api import router as inforequests_router
    from tadafur.news.api import router as news_router
    from tadafur.notifications.api import router as notifications_router
    from tadafur.opendata.api import router as opendata_router
    from tadafur.petitions.api import router as petitions_router
    from tadafur.programmes.api import router as programmes_router
    from tadafur.reach.api import router as reach_router
    from tadafur.steering.api import router as steering_router
    from tadafur.territories.api import router as territories_router

    # Petitions first: Django tries URL patterns in order, and signing is the path a viral petition
    # loads (92 patterns were tried before it). Their paths start with "petitions/" and
    # "petition-rules/", which no other router uses, so the order changes no routing.
    api.add_router("/", petitions_router)
    api.add_router("/territories", territories_router)
    api.add_router("/associations", associations_router)
    api.add_router("/bodies", bodies_router)
    api.add_router("/programmes", programmes_router)
    api.add_router("/budgets", budgets_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/comments", comments_router)
    api.add_router("/s", reach_router)
    api.add_router("/council", council_router)
    api.add_router("/news", news_router)
    api.add_router("/information-requests", inforequests_router)
    api.add_router("/feedback", feedback_router)
    api.add_router("/steering", steering_router)
    api.add_router("/dashboards", dashboards_router)
    api.add_router("/open-data", opendata_router)
    api.add_router("/cocreation", cocreation_router)


_register_routers()

__all__ = ["api", "HttpError"]
