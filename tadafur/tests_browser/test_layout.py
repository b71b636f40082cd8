"""Right-to-left layout and language switching, as a person sees them in a browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_arabic_pages_are_laid_out_right_to_left(page: Any) -> None:
    page.goto(page.base + "/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    width = page.viewport_size["width"]
    brand = page.locator(".brand").bounding_box()
    # In RTL the brand (start of the header) sits on the right-hand side.
    assert brand["x"] > width / 2
    # Settat's communes are listed.
    assert page.locator("a[href^='/ar/territories/06.461.']").count() >= 46


def test_the_switcher_keeps_the_page_and_flips_direction(page: Any) -> None:
    page.goto(page.base + "/ar/territories/06.461/")
    page.locator("nav.langs a[hreflang='fr']").click()
    page.wait_for_url("**/fr/territories/06.461/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] < page.viewport_size["width"] / 2
    assert page.locator("svg.map a").count() == 46


def test_keyboard_users_reach_the_content_with_the_skip_link(page: Any) -> None:
    page.goto(page.base + "/fr/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
