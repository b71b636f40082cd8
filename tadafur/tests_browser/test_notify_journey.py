"""Follows and notifications in a real browser, in Arabic: Youssef follows a petition of Settat
choosing SMS; Rachid, staff agent of Settat, starts the bureau's review; Youssef's phone gets a
short SMS with the petition's link, and his inbox on the platform shows the news."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_youssef_follows_a_petition_by_sms_and_hears_of_its_review(
    page: Any, browser: Any, settat: Any, amina: Any, youssef: Any, rachid: Any, sms_outbox: list[Any]
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.sms import sms_parts
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.notifications.models import Follow
    from tadafur.petitions.tests.helpers import filed

    petition = filed(amina, settat, title="إنارة الطريق الرئيسية لحي السلام")
    detail = f"/ar/petitions/{petition.pk}/"

    # 1. Youssef (who logs in with his phone) follows the petition, ticking SMS as well.
    context, citizen = _log_in(browser, page.base, youssef.phone, PASSWORD)
    citizen.goto(page.base + detail)
    follow_form = citizen.locator("form[action='/ar/notifications/follow/']")
    assert follow_form.locator("input[value=in_app]").is_checked()
    follow_form.locator("input[value=sms]").check()
    follow_form.locator("button[type=submit]").click()
    citizen.wait_for_url(f"**{detail}")
    assert citizen.locator("form[action='/ar/notifications/unfollow/']").is_visible()
    follow = Follow.objects.get(user=youssef, object_id=petition.pk)
    assert follow.sms and follow.in_app and not follow.email
    sms_outbox.clear()

    # 2. Rachid starts the bureau's review from the council inbox.
    staff_context, staff = _log_in(browser, page.base, rachid.email, PASSWORD, DEMO_TOTP_SECRET)
    staff.goto(page.base + f"/ar/petitions/inbox/{settat.code}/")
    staff.locator(f"form[action='/ar/petitions/{petition.pk}/council/review/'] button").click()
    staff.wait_for_load_state()
    petition.refresh_from_db()
    assert petition.status == "under_review"
    staff_context.close()

    # 3. His phone got one short SMS with the link; his inbox shows the news, unread.
    (sms,) = [m for m in sms_outbox if m.to == youssef.phone]
    assert sms.body.endswith(f"/ar/petitions/{petition.pk}/") and sms_parts(sms.body) <= 2
    citizen.goto(page.base + "/ar/notifications/")
    news = citizen.locator("main ul.cards li").first
    assert petition.title in news.inner_text()
    assert news.locator(".badge").count() == 1  # new
    news.locator("button[type=submit]").click()
    citizen.wait_for_url(f"**{detail}")
    citizen.goto(page.base + "/ar/notifications/")
    assert citizen.locator("main ul.cards li .badge").count() == 0  # read now
    context.close()
