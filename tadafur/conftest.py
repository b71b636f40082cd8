"""Project-wide fixtures: territories loaded once per test database, in-process tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# Property tests explore the same examples on every run (CI must be deterministic), with no
# per-example deadline (the 2-core CI machine runs two database passes).
hypothesis_settings.register_profile("tadafur", derandomize=True, deadline=None)
hypothesis_settings.load_profile("tadafur")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the 1,631 territories once into the test database; tests run in transactions on top."""
    from tadafur.territories.loader import territories_load

    with django_db_blocker.unblock():
        territories_load()
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Code run outside a request (services, rules) speaks English in tests, whatever language
    the previous test's request left active. Requests still pick their language from the URL."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    # Hashing passwords at full strength is the slowest part of account tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process in tests; the Redis queue has its own test (tadafur/core/tests/test_tasks.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def settat_province() -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code="06.461")


@pytest.fixture
def settat() -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code="06.461.01.15")


@pytest.fixture
def oulad_said() -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code="06.461.15.19")


def pytest_report_header(config: Any) -> str:
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"tadafur: database={db} redis={'yes' if settings.REDIS_URL else 'no'}"


# --- Persona cast (tadafur/accounts/demo.py), one fixture each -------------------------------


@pytest.fixture(autouse=True)
def _sms_outbox(settings: Any) -> Iterator[list[Any]]:
    from tadafur.accounts.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "tadafur.accounts.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def sms_outbox(_sms_outbox: list[Any]) -> list[Any]:
    return _sms_outbox


def _persona(key: str) -> Any:
    from tadafur.accounts.demo import CAST, persona_create
    from tadafur.accounts.tests.factories import PASSWORD

    persona = next(p for p in CAST if p.key == key)
    user, _ = persona_create(persona, password=PASSWORD)
    return user


@pytest.fixture
def amina(db: Any) -> Any:
    return _persona("amina")


@pytest.fixture
def youssef(db: Any) -> Any:
    return _persona("youssef")


@pytest.fixture
def khadija(db: Any) -> Any:
    return _persona("khadija")


@pytest.fixture
def rachid(db: Any) -> Any:
    """Staff agent of Settat commune, with TOTP set up (demo secret)."""
    return _persona("rachid")


@pytest.fixture
def said(db: Any) -> Any:
    return _persona("said")


@pytest.fixture
def fatima(db: Any) -> Any:
    return _persona("fatima")


@pytest.fixture
def hassan(db: Any) -> Any:
    return _persona("hassan")


@pytest.fixture
def platform_admin(db: Any) -> Any:
    return _persona("admin")
