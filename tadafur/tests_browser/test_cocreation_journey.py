"""A co-creation call in a real browser, in Arabic: Khadija applies for her women's association
step by step (the draft is kept on the server between steps) and gets her receipt; Fatima,
assigned as reviewer, declares no conflict and scores; Said records the selection with its
reasons and publishes the results, which the public then reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "ورشات الخياطة التضامنية"
REASONS = "مشروع ملائم لحاجيات نساء الأحياء وقابل للتنفيذ."
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_khadija_applies_in_arabic_fatima_scores_said_publishes_the_results(
    page: Any,
    browser: Any,
    settat: Any,
    rachid: Any,
    khadija: Any,
    fatima: Any,
    said: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.associations.tests.conftest import make_association
    from tadafur.cocreation import services
    from tadafur.cocreation.models import Application, Call
    from tadafur.cocreation.tests.conftest import make_call
    from tadafur.core import clock

    today = clock.today()
    nisaa = make_association(seat=settat, representative=khadija)
    call = make_call(
        settat,
        rachid,
        questions_until=today + dt.timedelta(days=5),
        submission_opens=today - dt.timedelta(days=1),
        submission_until=today + dt.timedelta(days=10),
        review_until=today + dt.timedelta(days=20),
        results_on=today + dt.timedelta(days=30),
    )
    statutes = tmp_path / "statuts.pdf"
    statutes.write_bytes(PDF_BYTES)

    # 1. Khadija applies, in Arabic, one step at a time.
    context, applicant = _log_in(browser, page.base, khadija.email, PASSWORD)
    try:
        applicant.goto(page.base + f"/ar/cocreation/calls/{call.pk}/")
        assert applicant.locator("html").get_attribute("dir") == "rtl"
        start = applicant.locator(f"form[action='/ar/cocreation/calls/{call.pk}/apply/']")
        start.locator("select[name=association]").select_option(str(nisaa.pk))
        start.locator("input[name=title]").fill(TITLE)
        start.locator("button[type=submit]").click()
        application = Application.objects.get()
        url = f"/ar/cocreation/applications/{application.pk}/"
        applicant.wait_for_url(f"**{url}")
        details = applicant.locator(f"form[action='{url}']")
        details.locator("textarea[name=summary]").fill("تكوين 40 امرأة في الخياطة والتسويق.")
        details.locator("textarea[name=problem]").fill("ضعف مداخيل النساء في الأحياء الهامشية.")
        details.locator("textarea[name=activities]").fill("تكوين، تجهيز، سوق شهري.")
        details.locator("input[name=target_women]").fill("40")
        details.locator("input[name=women_led]").check()
        details.locator("button[type=submit]").click()
        applicant.wait_for_url(f"**{url}#budget")
        # The browser could close here: the first step is already on the server.
        assert Application.objects.get().summary.startswith("تكوين")
        budget = applicant.locator(f"form[action='{url}budget/']")
        budget.locator("input[name=label]").fill("تجهيزات")
        budget.locator("input[name=requested]").fill("80000")
        budget.locator("input[name=cofinanced]").fill("20000")
        budget.locator("button[type=submit]").click()
        applicant.wait_for_url(f"**{url}#budget")
        indicator = applicant.locator(f"form[action='{url}indicators/']")
        indicator.locator("input[name=label]").fill("نساء مكونات")
        indicator.locator("input[name=baseline]").fill("0")
        indicator.locator("input[name=target]").fill("40")
        indicator.locator("button[type=submit]").click()
        applicant.wait_for_url(f"**{url}#indicators")
        attach = applicant.locator(f"form[action='{url}attachments/']")
        attach.locator("input[name=file]").set_input_files(str(statutes))
        attach.locator("button[type=submit]").click()
        applicant.wait_for_url(f"**{url}#attachments")
        applicant.locator(f"form[action='{url}submit/'] button[type=submit]").click()
        applicant.wait_for_url(f"**{url}")
        application.refresh_from_db()
        assert application.status == "submitted" and application.number
        assert application.number in applicant.locator("main").inner_text()
        assert applicant.locator(f"a[href='{url}receipt.pdf']").is_visible()
    finally:
        context.close()

    # The deadline passes; staff start the review and assign Fatima (IEECAG).
    Call.objects.filter(pk=call.pk).update(
        submission_until=today - dt.timedelta(days=1),
        questions_until=today - dt.timedelta(days=2),
        submission_opens=today - dt.timedelta(days=3),
    )
    call.refresh_from_db()
    services.call_review_start(call=call, actor=rachid)
    assignment = services.reviewer_assign(application=application, reviewer=fatima, capacity="IEECAG", actor=rachid)

    # 2. Fatima declares no conflict of interest, then scores every criterion.
    context, reviewer = _log_in(browser, page.base, fatima.email, PASSWORD)
    try:
        review_url = f"/ar/cocreation/reviews/{assignment.pk}/"
        reviewer.goto(page.base + review_url)
        assert reviewer.locator(f"form[action='{review_url}score/']").count() == 0
        reviewer.locator("input[name=conflict][value=none]").check()
        reviewer.locator(f"form[action='{review_url}declare/'] button[type=submit]").click()
        reviewer.wait_for_url(f"**{review_url}")
        form = reviewer.locator(f"form[action='{review_url}score/']")
        for criterion, value in zip(call.criteria.order_by("position"), ["4", "5", "6"], strict=True):
            form.locator(f"input[name=score_{criterion.pk}]").fill(value)
            form.locator(f"textarea[name=comment_{criterion.pk}]").fill("واضح ومقنع")
        form.locator("button[type=submit]").click()
        reviewer.wait_for_url(f"**{review_url}")
        assert reviewer.locator(".messages .msg.success").is_visible()
    finally:
        context.close()
    assert assignment.scores.count() == 3

    # 3. Said records the committee's decision with its reasons and publishes the results.
    context, president = _log_in(browser, page.base, said.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        manage = f"/ar/cocreation/calls/{call.pk}/manage/"
        president.goto(page.base + manage)
        assert "80,00" in president.locator("section[aria-labelledby=review]").inner_text(), "Arabic decimal comma"
        select = president.locator(f"form[action='/ar/cocreation/calls/{call.pk}/select/']")
        select.locator("select[name=application]").select_option(str(application.pk))
        select.locator("input[name=selected][value='1']").check()
        select.locator("input[name=amount]").fill("75000")
        select.locator("textarea[name=reasons]").fill(REASONS)
        select.locator("button[type=submit]").click()
        president.wait_for_url(f"**{manage}#selection")
        president.locator(f"form[action='/ar/cocreation/calls/{call.pk}/results/'] button[type=submit]").click()
        president.wait_for_url(f"**{manage}")
    finally:
        context.close()
    call.refresh_from_db()
    assert call.status == "results_published"

    # 4. Anyone reads the results; Khadija reads her scores and the reasons.
    page.goto(page.base + f"/ar/cocreation/calls/{call.pk}/")
    results = page.locator("section[aria-labelledby=results]")
    assert TITLE in results.inner_text() and "75000" in results.inner_text()
    context, applicant = _log_in(browser, page.base, khadija.email, PASSWORD)
    try:
        applicant.goto(page.base + f"/ar/cocreation/applications/{application.pk}/")
        decision = applicant.locator("section[aria-labelledby=decision]")
        assert REASONS in decision.inner_text() and "80,00" in decision.inner_text()
    finally:
        context.close()
