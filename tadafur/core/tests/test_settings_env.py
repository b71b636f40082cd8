"""Settings come from the environment: email URLs, local secrets, the database's pragmas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.env import email_settings, local_secret

BASE_DIR = Path(__file__).resolve().parents[3]
# Variables that change settings; a subprocess starts from none of them unless a test sets it.
_SETTINGS_VARIABLES = (
    "DATABASE_URL", "REDIS_URL", "DEBUG", "HTTPS", "BEHIND_TLS_PROXY", "SECURE_SSL_REDIRECT", "EMAIL_URL",
    "ALLOWED_HOSTS", "TADAFUR_TESTING", "TADAFUR_REQUIRE_SECRETS", "TADAFUR_SQLITE_FULL_SYNC",
)  # fmt: skip


def run_with_settings(code: str, *, timeout: int = 120, **env: str) -> Any:
    """Evaluate config.settings afresh in a new interpreter with `env`, run `code`, return its JSON output.

    `code` sees `settings` (django.conf.settings) and must leave a JSON-able value in `result`.
    `timeout` only guards against a hung child; a busy machine needs more for heavy work.
    """
    environ = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(BASE_DIR))
    program = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        f"{code}\n"
        "print(json.dumps(result, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], env=environ, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- EMAIL_URL ------------------------------------------------------------------------------


def test_smtp_url_with_starttls_by_default() -> None:
    assert email_settings("smtp://tadafur:s%40cret%2Fx@mail.example.ma") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.ma",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "tadafur",
        "EMAIL_HOST_PASSWORD": "s@cret/x",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_smtp_url_without_tls_on_a_custom_port() -> None:
    result = email_settings("smtp://relay.local:2525?tls=0")
    assert (result["EMAIL_HOST"], result["EMAIL_PORT"]) == ("relay.local", 2525)
    assert result["EMAIL_USE_TLS"] is False and result["EMAIL_USE_SSL"] is False
    assert result["EMAIL_HOST_USER"] == "" and result["EMAIL_HOST_PASSWORD"] == ""


def test_smtps_url_uses_implicit_tls_on_465() -> None:
    result = email_settings("smtps://u:p@mail.example.ma")
    assert result["EMAIL_PORT"] == 465
    assert result["EMAIL_USE_SSL"] is True and result["EMAIL_USE_TLS"] is False


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.mail.backends.console.EmailBackend"),
        ("console:", "django.core.mail.backends.console.EmailBackend"),
        ("locmem:", "django.core.mail.backends.locmem.EmailBackend"),
    ],
)
def test_development_email_urls(url: str, backend: str) -> None:
    assert email_settings(url) == {"EMAIL_BACKEND": backend}


def test_an_unknown_email_scheme_is_refused_with_the_accepted_ones() -> None:
    with pytest.raises(ImproperlyConfigured, match="'http' is not smtp, smtps, console or locmem"):
        email_settings("http://mail.example.ma")


# --- Secrets --------------------------------------------------------------------------------


@pytest.fixture
def no_secret_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("SECRET_KEY", "PII_HASH_KEY", "FIELD_ENCRYPTION_KEY", "TADAFUR_REQUIRE_SECRETS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_local_secret_is_generated_once_and_reused(tmp_path: Path, no_secret_env: Any) -> None:
    first = local_secret("SECRET_KEY", tmp_path)
    path = tmp_path / ".local" / "secrets.json"
    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert local_secret("SECRET_KEY", tmp_path) == first

    key = local_secret("FIELD_ENCRYPTION_KEY", tmp_path)
    Fernet(key)  # a usable encryption key
    stored = json.loads(path.read_text())
    assert stored == {"SECRET_KEY": first, "FIELD_ENCRYPTION_KEY": key}
    assert local_secret("SECRET_KEY", tmp_path) == first


def test_the_environment_wins_over_the_local_file(tmp_path: Path, no_secret_env: Any) -> None:
    local_secret("PII_HASH_KEY", tmp_path)
    no_secret_env.setenv("PII_HASH_KEY", "from-the-environment")
    assert local_secret("PII_HASH_KEY", tmp_path) == "from-the-environment"


def test_required_secrets_missing_from_the_environment_stop_the_start(tmp_path: Path, no_secret_env: Any) -> None:
    no_secret_env.setenv("TADAFUR_REQUIRE_SECRETS", "1")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set in the environment"):
        local_secret("SECRET_KEY", tmp_path)
    assert not (tmp_path / ".local").exists()


def test_production_refuses_to_start_without_its_secrets() -> None:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "PII_HASH_KEY", "FIELD_ENCRYPTION_KEY"}}
    environ.update(TADAFUR_REQUIRE_SECRETS="1", DJANGO_SETTINGS_MODULE="config.settings")
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environ, cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "SECRET_KEY must be set in the environment in production." in done.stderr


# --- Database -------------------------------------------------------------------------------


def test_a_sqlite_file_database_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    pragmas = run_with_settings(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    result = {p: c.execute(f'PRAGMA {p}').fetchone()[0]\n"
        "              for p in ('journal_mode', 'foreign_keys', 'synchronous', 'busy_timeout')}\n"
        "result['transaction_mode'] = connection.settings_dict['OPTIONS']['transaction_mode']",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20000,
        "transaction_mode": "IMMEDIATE",
    }


def test_full_sync_can_be_asked_for(tmp_path: Path) -> None:
    synchronous = run_with_settings(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    result = c.execute('PRAGMA synchronous').fetchone()[0]",
        DATABASE_URL=f"sqlite:///{tmp_path / 'full.sqlite3'}",
        TADAFUR_SQLITE_FULL_SYNC="1",
    )
    assert synchronous == 2  # FULL


@pytest.mark.django_db
def test_the_test_database_connection_has_the_production_options() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    else:
        assert connection.vendor == "postgresql"
        # The PostgreSQL counterpart: persistent connections that are checked before reuse.
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        assert connection.settings_dict["CONN_MAX_AGE"] == 60
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"


def test_postgresql_urls_get_health_checked_persistent_connections() -> None:
    database = run_with_settings(
        "result = {k: settings.DATABASES['default'][k] for k in ('ENGINE', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}",
        DATABASE_URL="postgres://tadafur@db.internal:5432/tadafur",
    )
    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def test_redis_url_switches_cache_and_tasks_to_redis() -> None:
    configured = run_with_settings(
        "result = [settings.CACHES['default']['BACKEND'], settings.TASKS['default']['BACKEND'],"
        " settings.RQ_QUEUES['default']['URL']]",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert configured == [
        "django.core.cache.backends.redis.RedisCache",
        "django_tasks_rq.RQBackend",
        "redis://cache.internal:6379/2",
    ]
    without = run_with_settings(
        "result = [settings.CACHES['default']['BACKEND'], settings.TASKS['default']['BACKEND']]"
    )
    assert without == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]
