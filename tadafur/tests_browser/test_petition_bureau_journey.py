"""The bureau's decision in a real browser, in Arabic (issue 3 §12): Said, president of the council
of Settat, opens the council's petition inbox, starts the bureau's review of a filed petition and
declares it inadmissible with grounds and a reasoned text; Amina, its agent, then reads both on the
petition's page."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

REASONS = "يتعلق موضوع العريضة بقضية معروضة على القضاء، ولا يجوز للمجلس البت فيها."


def test_said_rejects_a_filed_petition_with_reasons_and_the_agent_reads_them(
    page: Any, browser: Any, settat: Any, amina: Any, said: Any
) -> None:
    # `page` comes first: it restores the territories and the rulebook the fixtures need.
    from django.utils import translation

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.petitions.models import InadmissibilityGround, Petition
    from tadafur.petitions.states import PetitionState
    from tadafur.petitions.tests.helpers import filed

    petition = filed(amina, settat, title="Éclairage du quartier Essalam")
    assert petition.status == PetitionState.FILED
    ground = InadmissibilityGround.objects.order_by("code").first()
    assert ground is not None
    with translation.override("ar"):
        ground_label = ground.display_label

    # 1. Said signs in with his second factor and opens the council's inbox, in Arabic.
    said_context, said_page = _log_in(browser, page.base, said.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        inbox = f"/ar/petitions/inbox/{settat.code}/"
        said_page.goto(page.base + inbox)
        assert said_page.locator("html").get_attribute("dir") == "rtl"
        panel = said_page.locator(f"section.panel[aria-labelledby=p{petition.pk}]")
        assert panel.locator("h2").inner_text().strip() == petition.title
        assert petition.receipt_number in panel.inner_text()

        # 2. He starts the bureau's review.
        panel.locator(f"form[action$='/petitions/{petition.pk}/council/review/'] button[type=submit]").click()
        said_page.wait_for_url("**" + inbox)
        assert said_page.locator(".messages .msg").first.is_visible()
        assert Petition.objects.get(pk=petition.pk).status == PetitionState.UNDER_REVIEW

        # 3. Rejecting with no ground and no text is refused and explained; nothing changes.
        panel = said_page.locator(f"section.panel[aria-labelledby=p{petition.pk}]")
        reject = panel.locator(f"form[action$='/petitions/{petition.pk}/council/reject/']")
        panel.locator("details").nth(1).locator("summary").click()
        reject.locator("button[type=submit]").click()
        said_page.wait_for_url("**" + inbox)
        assert said_page.locator(".messages .msg.error").first.is_visible()
        assert Petition.objects.get(pk=petition.pk).status == PetitionState.UNDER_REVIEW

        # 4. He chooses a ground from the list, writes the reasons and records the decision.
        panel = said_page.locator(f"section.panel[aria-labelledby=p{petition.pk}]")
        panel.locator("details").nth(1).locator("summary").click()
        reject = panel.locator(f"form[action$='/petitions/{petition.pk}/council/reject/']")
        reject.locator(f"input[name=grounds][value='{ground.pk}']").check()
        reject.locator("textarea[name=text]").fill(REASONS)
        reject.locator("button[type=submit]").click()
        said_page.wait_for_url("**" + inbox)
        assert said_page.locator(".messages .msg.error").count() == 0
    finally:
        said_context.close()

    rejected = Petition.objects.get(pk=petition.pk)
    assert rejected.status == PetitionState.REJECTED and rejected.decision_text == REASONS

    # 5. Amina, the agent, reads the grounds and the reasoned decision on the petition's page.
    amina_context, amina_page = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        amina_page.goto(page.base + f"/ar/petitions/{petition.pk}/")
        assert amina_page.locator("html").get_attribute("dir") == "rtl"
        decision = amina_page.locator("section.panel[aria-labelledby=rejected]")
        assert decision.is_visible()
        text = decision.inner_text()
        assert ground_label in text
        assert REASONS in text
    finally:
        amina_context.close()
