"""Request id: one id per request, put in the audit log, the logs and the response header."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs a 4xx/5xx after the middleware has returned: take the id from the
        # request it attaches to the record.
        request_id = _request_id.get() or getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id or "-"
        return True


class RejectNulMiddleware:
    """A NUL character in the path, the query string or a JSON body is refused with a 400.

    No legitimate input holds one, PostgreSQL text columns cannot store one (the query would fail
    with a 500), and some parsers treat it as the end of a string. Found by the API fuzzing test.
    Placed after the authentication middleware so that the 400 page can render like any other.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_query = any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())
        if "\x00" in request.path or in_query or self._nul_in_json(request):
            from django.core.exceptions import BadRequest

            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _nul_in_json(request: HttpRequest) -> bool:
        if request.method in {"GET", "HEAD", "OPTIONS"} or request.content_type != "application/json":
            return False
        return b"\x00" in request.body or b"\\u0000" in request.body
