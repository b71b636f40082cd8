"""A newcomer's first day, in a real browser: sign up in Arabic, confirm by the SMS code, be
verified in person by Rachid at Settat's help desk, then read the site in French and Tifinagh."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SETTAT = "06.461.01.15"
PASSWORD = "Tadafur-participation-2026"
NEWCOMER_PHONE = "0661234567"


def _totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    if time.time() % 30 > 28:  # a code about to expire could be refused by the time it is sent
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def _center_x(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["x"] + box["width"] / 2


def _first_and_last_nav_links(page: Any) -> tuple[float, float]:
    return (
        _center_x(page, "nav.main-nav li:first-child a"),
        _center_x(page, "nav.main-nav li:last-child > *"),
    )


def test_a_newcomer_signs_up_in_arabic_is_verified_at_the_help_desk_and_switches_language(
    page: Any, browser: Any, sms_outbox: list[Any], rachid: Any
) -> None:
    # `page` comes first: it restores the territories that the `rachid` fixture needs.
    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD as RACHID_PASSWORD

    width = page.viewport_size["width"]

    # 1. Sign up in Arabic with a mobile number; the layout is right to left.
    page.goto(page.base + "/ar/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    first, last = _first_and_last_nav_links(page)
    assert first > width / 2, "in Arabic the main navigation starts on the right half of the header"
    assert first > last, "in Arabic the navigation reads from right to left"
    assert _center_x(page, ".brand") > first, "the brand sits at the right-hand start of the header"
    page.get_by_label("رقم الهاتف المحمول").fill(NEWCOMER_PHONE)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    # 2. Confirm by the code sent by SMS (the test double keeps the message).
    page.wait_for_url("**/ar/accounts/phone/verify/")
    assert sms_outbox and sms_outbox[-1].to == "+212661234567"
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].body).group(1)  # type: ignore[union-attr]
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/ar/")
    my_account = page.locator("nav.main-nav a[href='/ar/me/']")
    assert my_account.is_visible(), "the newcomer lands logged in"
    my_account.click()
    assert page.locator(".badge.ok").count() == 0  # not yet a verified resident

    # 3. Rachid, in his own browser, logs in with password and authenticator code, opens
    #    Settat's help desk from his account page, finds the newcomer and checks her card.
    desk = browser.new_context(viewport={"width": 1024, "height": 800}, locale="ar-MA")
    try:
        staff = desk.new_page()
        staff.set_default_timeout(10_000)
        staff.goto(page.base + "/ar/accounts/login/")
        staff.locator("#id_login").fill(rachid.email)
        staff.locator("#id_password").fill(RACHID_PASSWORD)
        staff.locator("main form button[type=submit]").first.click()
        staff.wait_for_url("**/accounts/2fa/authenticate/")
        staff.locator("input[name=code]").fill(_totp_now(DEMO_TOTP_SECRET))
        staff.locator("main form button[type=submit]").first.click()
        staff.wait_for_url("**/ar/")
        staff.goto(page.base + "/ar/me/")
        staff.locator(f"a[href='/ar/me/collectivities/{SETTAT}/help-desk/']").click()
        staff.locator("form.search input[name=contact]").fill("06 61 23 45 67")
        staff.locator("form.search button[type=submit]").click()
        person = staff.locator("section.panel")
        assert "+212661234567" in person.inner_text()
        person.locator("input[name=checked_card]").check()
        person.locator("button[type=submit]").click()
        staff.wait_for_url(f"**/ar/me/collectivities/{SETTAT}/help-desk/")
        assert staff.locator(".messages .msg.success").is_visible()
    finally:
        desk.close()

    # 4. The newcomer's account now shows her verified as a resident of Settat.
    page.reload()
    level = page.locator(".facts .badge.ok")
    assert level.is_visible()
    assert "سطات" in page.locator(".facts").inner_text()

    # 5. French: same page, left to right, the navigation on the left.
    page.locator("nav.langs a[hreflang='fr']").click()
    page.wait_for_url("**/fr/me/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("lang") == "fr"
    first, last = _first_and_last_nav_links(page)
    assert first < width / 2 and first < last
    assert _center_x(page, ".brand") < first
    assert page.locator("h1").inner_text() == "Mon compte"
    assert "Settat" in page.locator(".facts").inner_text()

    # 6. Tifinagh: its own language entry, its font stylesheet, and Tifinagh text on screen.
    page.locator("nav.langs a[hreflang='zgh']").click()
    page.wait_for_url("**/zgh/me/")
    assert page.locator("html").get_attribute("lang") == "zgh"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.evaluate(
        "[...document.styleSheets].some(s => s.href && s.href.endsWith('/css/tifinagh.css') && s.cssRules.length > 0)"
    ), "the Tifinagh font stylesheet is loaded on zgh pages"
    heading = page.locator("h1")
    assert heading.inner_text() == "ⴰⵎⵉⴹⴰⵏ ⵉⵏⵓ"  # My account
    assert heading.is_visible()
    # The page's Tifinagh font loads for this text (waiting for it: checking at once raced the download).
    assert page.evaluate("document.fonts.load('16px \"Noto Sans Tifinagh\"', 'ⴰⵎⵉⴹⴰⵏ').then(faces => faces.length > 0)")
