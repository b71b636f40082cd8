"""Service feedback in a real browser, in Arabic: Amina reports a broken street light with a photo
taken by her phone (its GPS position removed on upload); Rachid, staff agent of Settat, assigns
and resolves it; Amina opens her report and sees it resolved, with what the commune did."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

DESCRIPTION = "عمود الإنارة مطفأ منذ ثلاثة أيام قرب المدرسة."
ADDRESS = "شارع الحسن الثاني، قرب مدرسة ابن خلدون"
NOTE = "تم تغيير المصباح وإصلاح الربط الكهربائي."


def test_amina_reports_a_broken_street_light_and_sees_it_resolved(
    page: Any, browser: Any, settat: Any, rachid: Any, amina: Any, settings: Any, tmp_path: Any
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    from django.utils import translation
    from PIL import Image

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.feedback.models import Report
    from tadafur.feedback.states import ReportStatus
    from tadafur.feedback.tests.conftest import photo_with_gps

    settings.MEDIA_ROOT = str(tmp_path / "media")
    with translation.override("ar"):
        resolved_label = str(ReportStatus.RESOLVED.label)

    context, citizen = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        citizen.goto(page.base + f"/ar/feedback/in/{settat.code}/new/")
        assert citizen.locator("html").get_attribute("dir") == "rtl"
        citizen.locator("select[name=service]").select_option("lighting")
        citizen.locator("textarea[name=description]").fill(DESCRIPTION)
        citizen.locator("input[name=address]").fill(ADDRESS)
        citizen.locator("input[name=latitude]").fill("33.19")
        citizen.locator("input[name=longitude]").fill("-7.64")
        citizen.locator("input[name=photo]").set_input_files(
            {"name": "IMG_20261102.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}
        )
        citizen.locator("main form button[type=submit]").click()
        citizen.wait_for_url("**/ar/feedback/*/")
        report = Report.objects.get()
        assert citizen.locator(".messages .msg.success").is_visible()
        assert citizen.locator(f"img[src='{report.photo.url}']").is_visible()
        with Image.open(io.BytesIO(report.photo.read())) as img:
            assert not img.getexif(), "the phone's EXIF (GPS position) must not be stored"
    finally:
        context.close()

    context, staff = _log_in(browser, page.base, rachid.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        staff.goto(page.base + f"/ar/feedback/{report.pk}/")
        staff.locator(f"form[action='/ar/feedback/{report.pk}/acknowledge/'] button[type=submit]").click()
        staff.wait_for_load_state()
        assign = staff.locator(f"form[action='/ar/feedback/{report.pk}/assign/']")
        assign.locator("input[name=service_name]").fill("مصلحة الإنارة العمومية")
        assign.locator("button[type=submit]").click()
        staff.wait_for_load_state()
        resolve = staff.locator(f"form[action='/ar/feedback/{report.pk}/resolve/']")
        resolve.locator("textarea[name=note]").fill(NOTE)
        resolve.locator("button[type=submit]").click()
        staff.wait_for_load_state()
        assert staff.locator("#report-status").inner_text().strip() == resolved_label
    finally:
        context.close()

    context, citizen = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        citizen.goto(page.base + "/ar/feedback/mine/")
        citizen.locator(f"a[href='/ar/feedback/{report.pk}/']").click()
        citizen.wait_for_url(f"**/ar/feedback/{report.pk}/")
        assert citizen.locator("#report-status").inner_text().strip() == resolved_label
        assert NOTE in citizen.locator("section[aria-labelledby=done]").inner_text()
        assert citizen.locator(f"form[action='/ar/feedback/{report.pk}/reopen/']").is_visible()
    finally:
        context.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.acknowledged_at is not None
