"""Security defaults a visitor's browser and an operator can check from the outside."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config import urls as project_urls
from tadafur.core.tests.test_settings_env import run_with_settings

pytestmark = pytest.mark.django_db


def _csp(response: HttpResponse) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("staff only")


def _touch_session(request: HttpRequest) -> HttpResponse:
    request.session["seen"] = True
    return HttpResponse("ok")


# This module doubles as a URLconf for the 403 test: the project's URLs and handler, plus a
# page that refuses (no public page refuses anyone yet) and one that starts a session.
urlpatterns = [
    *project_urls.urlpatterns,
    *i18n_patterns(path("test-forbidden/", _forbidden), path("test-session/", _touch_session)),
]
handler403 = project_urls.handler403


@pytest.fixture
def test_urls(settings: Any) -> Iterator[None]:
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.mark.parametrize("url", ["/ar/", "/fr/territories/06.461/", "/en/accounts/login/"])
def test_pages_carry_the_security_headers(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    csp = _csp(response)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_pages_have_no_inline_scripts_or_styles(client: Client) -> None:
    # The CSP would block them in the browser; better to fail here than silently in production.
    for url in ("/ar/", "/fr/territories/06.461/", "/fr/territories/06.461.15.19/", "/en/accounts/signup/"):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_a_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client: Client) -> None:
    assert client.get("/ar/", HTTP_X_REQUEST_ID="nginx-4f2a9c01b7").headers["X-Request-ID"] == "nginx-4f2a9c01b7"
    replaced = client.get("/ar/", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_session_cookie_is_http_only_and_same_site(client: Client, test_urls: None) -> None:
    response = client.get("/fr/test-session/")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP in development; HTTPS=1 turns it on (below)


def test_https_settings_secure_cookies_and_hsts() -> None:
    names = [
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "DEBUG",
    ]  # fmt: skip
    code = f"result = {{n: getattr(settings, n) for n in {names!r}}}"
    production = run_with_settings(code, HTTPS="1", BEHIND_TLS_PROXY="1")
    assert production == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "DEBUG": False,
    }
    development = run_with_settings(code)
    assert development["SESSION_COOKIE_SECURE"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0
    assert development["SECURE_PROXY_SSL_HEADER"] is None
    # Off unless asked for, even on a developer's machine.
    assert development["DEBUG"] is False


def test_hsts_header_is_sent_over_https(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/ar/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_debug_is_off_in_the_running_settings(settings: Any) -> None:
    assert settings.DEBUG is False


# --- Error pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "direction", "text"),
    [("ar", "rtl", "<h1>"), ("fr", "ltr", "<h1>"), ("en", "ltr", "Page not found")],
)
def test_404_page_is_friendly_and_in_the_users_language(
    client: Client, language: str, direction: str, text: str
) -> None:
    response = client.get(f"/{language}/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert text in html
    assert f'href="/{language}/"' in html  # a way back home
    assert "Traceback" not in html


def test_french_404_is_translated(client: Client) -> None:
    english = client.get("/en/no-such-page/").content.decode()
    french = client.get("/fr/no-such-page/").content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", french)
    assert heading is not None
    assert heading.group(1) not in english, "the French 404 heading is the English one"


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_403_page_is_friendly_and_in_the_users_language(
    client: Client, test_urls: None, language: str, direction: str
) -> None:
    response = client.get(f"/{language}/test-forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert "<h1>" in html and f'href="/{language}/"' in html
    assert "Traceback" not in html and "staff only" not in html


@pytest.mark.parametrize("url", ["/api/v1/no-such-endpoint", "/api/v1/territories/99.999"])
def test_api_404s_are_json(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
