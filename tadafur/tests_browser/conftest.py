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


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: Any) -> Iterator[Any]:
    from django.core.cache import cache

    from tadafur.petitions import rules

    # Each transactional test starts from the test database's reference data (territories,
    # rulebooks), restored if a test changed it (tadafur/core/tests/fast_flush.py); the
    # in-process rulebook cache is dropped so that it cannot outlive a restored rule.
    rules.invalidate()
    # allauth's rate limits (sign-ups, logins per address) live in the cache; with Redis they
    # would outlast the tests that filled them.
    cache.clear()
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="ar-MA")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
