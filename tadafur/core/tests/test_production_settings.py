"""The settings a production deployment gets from its environment (docs/operations.md), checked
in a fresh interpreter: secure cookies, HSTS, HTTPS redirect, CSRF origins, CSP, framing and
referrer policies, and `manage.py check --deploy` clean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tadafur.core.tests.test_settings_env import _SETTINGS_VARIABLES, BASE_DIR, run_with_settings

PRODUCTION = {
    "SITE_URL": "https://tadafur.example.ma",
    "ALLOWED_HOSTS": "tadafur.example.ma",
    "BEHIND_TLS_PROXY": "1",
    "SECRET_KEY": "x" * 20 + "production-secret-key-of-enough-length-and-variety-0123456789",
    "PII_HASH_KEY": "pii-hash-key-for-the-test",
    "FIELD_ENCRYPTION_KEY": "dGhpcnR5LXR3by1ieXRlcy1rZXktZm9yLXRoZS10ZXN0cw==",
    "TADAFUR_REQUIRE_SECRETS": "1",
}

NAMES = [
    "DEBUG", "HTTPS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF", "CONTENT_SECURITY_POLICY", "MIDDLEWARE",
]  # fmt: skip
CODE = f"result = {{n: getattr(settings, n) for n in {NAMES!r}}}"


@pytest.fixture(scope="module")
def production() -> dict:
    return run_with_settings(CODE, **PRODUCTION)


def test_an_https_site_url_alone_turns_every_transport_protection_on(production: dict) -> None:
    assert production["DEBUG"] is False
    assert production["HTTPS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["CSRF_TRUSTED_ORIGINS"] == ["https://tadafur.example.ma"]


def test_browser_policies_are_on(production: dict) -> None:
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert "csp.middleware.CSPMiddleware" in production["MIDDLEWARE"]
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in production["MIDDLEWARE"]
    assert "django.middleware.csrf.CsrfViewMiddleware" in production["MIDDLEWARE"]
    assert production["MIDDLEWARE"][0] == "django.middleware.security.SecurityMiddleware"
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert not any("'unsafe-inline'" in v or "'unsafe-eval'" in v for v in directives.values())


def test_an_explicit_csrf_origin_list_wins() -> None:
    origins = run_with_settings(
        "result = settings.CSRF_TRUSTED_ORIGINS",
        **{**PRODUCTION, "CSRF_TRUSTED_ORIGINS": "https://a.example.ma,https://b.example.ma"},
    )
    assert origins == ["https://a.example.ma", "https://b.example.ma"]


def test_a_development_machine_stays_on_plain_http() -> None:
    development = run_with_settings(CODE)
    assert development["HTTPS"] is False
    assert development["SESSION_COOKIE_SECURE"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0
    assert development["CSRF_TRUSTED_ORIGINS"] == []
    assert development["DEBUG"] is False


def _check_deploy(**env: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never does.
    left_out = {*_SETTINGS_VARIABLES, "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "METRICS_TOKEN"}
    environ = {k: v for k, v in os.environ.items() if k not in left_out}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environ, cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_passes_with_the_documented_production_environment() -> None:
    done = _check_deploy(**PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_deploy_warns_when_the_site_is_not_on_https() -> None:
    done = _check_deploy(**{**PRODUCTION, "SITE_URL": "http://tadafur.example.ma", "METRICS_TOKEN": "short"})
    assert done.returncode != 0
    output = done.stdout + done.stderr
    for check in ("tadafur.W001", "tadafur.W002", "tadafur.W003", "security.W004", "security.W012"):
        assert check in output, check
