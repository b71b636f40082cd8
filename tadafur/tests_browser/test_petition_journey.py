"""A petition in a real browser, in Arabic: Amina signs a citizens' petition of Settat online and
checks on her receipt that her signature is in the public log; then Rachid types a paper sheet
carrying her CNIE again, and the line is refused with where her first signature came from."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.tests_browser.test_newcomer_journey import _totp_now

pytestmark = pytest.mark.django_db(transaction=True)

AMINA_CNIE = "AB123456"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _log_in(browser: Any, base: str, email: str, password: str, totp_secret: str = "") -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="ar-MA")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/ar/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").first.click()
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(_totp_now(totp_secret))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/ar/")
    return context, page


def test_amina_signs_online_and_a_paper_line_with_her_cnie_is_refused(
    page: Any, browser: Any, settat: Any, amina: Any, rachid: Any, settings: Any, tmp_path: Any
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the scan of the paper sheet lands here
    from django.utils import translation

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.petitions.models import Signature
    from tadafur.petitions.paper import where_signed
    from tadafur.petitions.tests.helpers import collecting, resident

    assert amina.is_resident_verified and amina.resident_of_id == settat.pk
    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")

    # 1. Amina logs in (Arabic), opens the petition and signs it with her CNIE and consent.
    amina_context, amina_page = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        amina_page.goto(page.base + f"/ar/petitions/{petition.pk}/")
        assert amina_page.locator("html").get_attribute("dir") == "rtl"
        assert amina_page.locator("h1").inner_text().strip() == petition.title
        amina_page.locator(f"main a.btn[href='/ar/petitions/{petition.pk}/sign/']").click()
        amina_page.wait_for_url(f"**/ar/petitions/{petition.pk}/sign/")
        assert amina_page.locator("html").get_attribute("dir") == "rtl"
        amina_page.locator("input[name=cnie]").fill(AMINA_CNIE)
        amina_page.locator("input[name=consent]").check()
        amina_page.locator("main form button[type=submit]").click()

        # 2. Her receipt: the verification code, and the inclusion proof verifies against the root.
        amina_page.wait_for_url("**/ar/petitions/signature/*/")
        signature = Signature.objects.get(petition=petition, user=amina)
        assert amina_page.url.endswith(f"/ar/petitions/signature/{signature.verification_code}/")
        assert amina_page.locator("html").get_attribute("dir") == "rtl"
        assert amina_page.locator(".facts strong").inner_text() == signature.verification_code
        proof = amina_page.locator("section.panel[aria-labelledby=proof]")
        assert proof.locator(".badge.ok").is_visible(), "the inclusion proof leads to the petition's root"
        assert proof.locator(".badge.warn").count() == 0
        assert proof.locator("code").first.inner_text().strip(), "the current root is shown"

        # Back on the petition, she is told she has signed, with a link to her receipt.
        amina_page.goto(page.base + f"/ar/petitions/{petition.pk}/")
        assert amina_page.locator(f"a[href='/ar/petitions/signature/{signature.verification_code}/']").is_visible()
    finally:
        amina_context.close()

    # 3. Rachid registers a received paper sheet of two lines and types line 1 with Amina's CNIE.
    staff_context, staff = _log_in(browser, page.base, rachid.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        staff.goto(page.base + f"/ar/petitions/{petition.pk}/paper/")
        assert staff.locator("html").get_attribute("dir") == "rtl"
        staff.locator("input[name=scan]").set_input_files(
            files=[{"name": "sheet.png", "mimeType": "image/png", "buffer": PNG}]
        )
        staff.locator("input[name=declared_lines]").fill("2")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_url(f"**/ar/petitions/{petition.pk}/paper/1/")

        staff.locator("input[name=line_number]").fill("1")
        staff.locator("input[name=full_name]").fill("Amina El Idrissi")
        staff.locator("input[name=cnie]").fill("ab 123456")  # typed as it reads on the sheet
        staff.locator("select[name=commune]").select_option(settat.code)
        staff.locator("main form button[type=submit]").first.click()
        staff.wait_for_url(f"**/ar/petitions/{petition.pk}/paper/1/")

        with translation.override("ar"):
            already = where_signed(signature)
        assert already.strip()
        assert already in staff.locator(".messages .msg.error").inner_text()
        row = staff.locator("section[aria-labelledby=lines] tbody tr").first
        assert row.locator(".badge.warn").is_visible(), "the line is refused"
        assert already in row.inner_text()
    finally:
        staff_context.close()

    # Only Amina's online signature counts: the refused line made no second signature.
    assert Signature.objects.filter(petition=petition).count() == 1
