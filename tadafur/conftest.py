"""Project-wide fixtures: territories loaded once per test database, in-process tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the 1,631 territories once into the test database; tests run in transactions on top."""
    from tadafur.territories.loader import territories_load

    with django_db_blocker.unblock():
        territories_load()
    yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
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
