"""Comments and moderation in a real browser, in Arabic, without JavaScript-only controls:
Amina comments on a petition, Khadija flags an abusive reply, Rachid hides it from the
moderation queue with a reason, and anyone then reads "hidden by moderation" in its place.
A visitor with a basic phone reads the petition's tiny status page from its short code."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "الإنارة ضرورية قرب المدرسة."
ABUSE = "رقم هاتف الجار هو 0611223344"


def test_amina_comments_khadija_flags_rachid_hides_and_a_phone_reads_the_code(
    page: Any, browser: Any, settat: Any, amina: Any, khadija: Any, rachid: Any, youssef: Any
) -> None:
    from django.utils import translation
    from django.utils.translation import gettext

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.comments import services
    from tadafur.comments.models import Comment
    from tadafur.petitions.tests.helpers import collecting, resident
    from tadafur.reach.services import shortcode_for

    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")
    url = f"/ar/petitions/{petition.pk}/"

    # 1. Amina comments from the petition's page (a plain POST form).
    context, amina_page = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        amina_page.goto(page.base + url)
        form = amina_page.locator("section.comments form.panel")
        form.locator("textarea[name=text]").fill(COMMENT)
        form.locator("button[type=submit]").click()
        amina_page.wait_for_url(f"**{url}*")
        assert COMMENT in amina_page.locator("section.comments").inner_text()
    finally:
        context.close()
    top = Comment.objects.get(text=COMMENT)
    abuse = services.comment_post(target=petition, text=ABUSE, parent=top, actor=youssef)

    # 2. Khadija flags the reply, choosing a reason from the list.
    context, khadija_page = _log_in(browser, page.base, khadija.email, PASSWORD)
    try:
        khadija_page.goto(page.base + url)
        reply = khadija_page.locator(f"#comment-{abuse.pk}")
        reply.locator("summary").first.click()
        reply.locator("select[name=reason]").select_option("personal_data")
        reply.locator(f"form[action$='/comments/{abuse.pk}/flag/'] button[type=submit]").click()
        khadija_page.wait_for_url(f"**{url}*")
    finally:
        context.close()
    assert abuse.flags.count() == 1

    # 3. Rachid (two-factor) opens the queue, where the flagged reply comes first, and hides it.
    context, rachid_page = _log_in(browser, page.base, rachid.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        rachid_page.goto(page.base + f"/ar/comments/moderation/{settat.code}/")
        first_row = rachid_page.locator("main table tbody tr").first
        assert first_row.get_attribute("id") == f"comment-{abuse.pk}"
        first_row.locator("select[name=reason]").select_option("personal_data")
        first_row.locator("input[name=note]").fill("نشر رقم هاتف شخص آخر.")
        first_row.locator(f"form[action$='/comments/{abuse.pk}/hide/'] button[type=submit]").click()
        rachid_page.wait_for_url(f"**/comments/moderation/{settat.code}/")
    finally:
        context.close()
    abuse.refresh_from_db()
    assert abuse.is_hidden and abuse.hidden_by == rachid

    # 4. A visitor sees the reason in place of the text.
    page.goto(page.base + url)
    section = page.locator("section.comments").inner_text()
    assert COMMENT in section and "0611223344" not in section
    with translation.override("ar"):
        hidden_line = gettext("Hidden by moderation: %(reason)s") % {"reason": abuse.get_hidden_reason_display()}
    assert hidden_line in section

    # 5. The short code's tiny page, text only, as a basic phone would fetch it.
    code = shortcode_for(petition)
    page.goto(page.base + f"/s/{code.lower()}?lang=fr")
    assert petition.title in page.locator("h1").inner_text()
    assert page.locator("link[rel=stylesheet], script").count() == 0
