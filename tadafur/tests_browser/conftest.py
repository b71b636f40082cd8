"""Browser tests: Playwright (Python) driving Debian's chromium against a live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("TADAFUR_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests_browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
    # in the same thread are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


_TERRITORIES: list[Any] = []


def _territories_present() -> None:
    """A live server needs committed data, so each browser test flushes the database afterwards
    (pytest-django runs them after the other database tests). The 1,631 territories are put
    back from a copy of the rows taken once, several times faster than the loader."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from tadafur.territories.loader import territories_load
    from tadafur.territories.models import Territory

    if Territory.objects.exists():
        pass
    elif _TERRITORIES:
        with transaction.atomic():
            Territory.objects.bulk_create(_TERRITORIES, batch_size=500)
            with connection.cursor() as cursor:  # PostgreSQL: the id sequence follows the restored ids
                for sql in connection.ops.sequence_reset_sql(no_style(), [Territory]):
                    cursor.execute(sql)
    else:
        territories_load()
    if not _TERRITORIES:
        _TERRITORIES.extend(Territory.objects.order_by("code"))


# Reference data that data migrations seed: (model, migration module, its seeding function).
SEEDED = (
    ("petitions.PetitionRule", "tadafur.petitions.migrations.0002_seed_rulebook", "seed"),
    ("associations.AssociationRule", "tadafur.associations.migrations.0002_seed_rules", "seed"),
    ("council.SessionRule", "tadafur.council.migrations.0001_initial", "seed_rules"),
    ("inforequests.PublicHoliday", "tadafur.inforequests.migrations.0002_lunar_holidays", "seed"),
)


def _seeded_data_present() -> None:
    """Each browser test's flush also empties the tables data migrations fill (the petition
    rulebook, session rules, public holidays): put them back, as `migrate` left them."""
    import importlib

    from django.apps import apps

    for label, module, function in SEEDED:
        if not apps.get_model(label).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)
    from tadafur.petitions import rules

    rules.invalidate()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: Any) -> Iterator[Any]:
    from django.core.cache import cache

    _territories_present()
    _seeded_data_present()
    # allauth's rate limits (sign-ups, logins per address) live in the cache; with Redis they
    # would outlast the tests that filled them.
    cache.clear()
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="ar-MA")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
