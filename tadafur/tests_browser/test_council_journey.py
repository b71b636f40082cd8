"""Council sessions in a real browser: Rachid, staff of Settat, plans the next ordinary session,
adds a point and publishes the agenda (the accepted petition is inscribed on it); Amina reads
the agenda in French."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

POINT = "Convention de partenariat pour le transport scolaire"


def _session_rules_present() -> None:
    """The session rules are seeded by a data migration, which an earlier browser test's flush removed."""
    import importlib

    from django.apps import apps

    from tadafur.council.models import SessionRule

    if not SessionRule.objects.exists():
        importlib.import_module("tadafur.council.migrations.0001_initial").seed_rules(apps, None)


def test_rachid_publishes_the_agenda_and_amina_reads_it_in_french(
    page: Any, browser: Any, settat: Any, rachid: Any, amina: Any
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    from django.utils import timezone

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.core import clock
    from tadafur.council.demo import _ordinary_dates
    from tadafur.council.models import Session
    from tadafur.council.tests.conftest import accepted_petition

    _session_rules_present()
    petition = accepted_petition(settat, amina, title="Éclairage de la route d'Essalam")
    _past, upcoming = _ordinary_dates([2, 5, 10], clock.today())
    local = timezone.localtime(upcoming)

    # 1. Rachid (password and authenticator code) plans the session and adds a point.
    context, staff = _log_in(browser, page.base, rachid.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        staff.goto(page.base + f"/ar/council/in/{settat.code}/")
        plan = staff.locator(f"form[action='/ar/council/in/{settat.code}/plan/']")
        plan.locator("select[name=kind]").select_option("ordinary")
        plan.locator("input[name=starts_at]").fill(local.strftime("%Y-%m-%dT%H:%M"))
        plan.locator("input[name=place]").fill("قاعة الاجتماعات بمقر الجماعة")
        plan.locator("textarea[name=agenda]").fill(POINT)
        plan.locator("button[type=submit]").click()
        staff.wait_for_url(f"**/ar/council/in/{settat.code}/")
        assert staff.locator(".messages .msg.success").is_visible()
        session = Session.objects.get()
        staff.goto(page.base + f"/ar/council/{session.pk}/")
        assert petition.title in staff.locator("section[aria-labelledby=secretariat]").inner_text()
        staff.locator(f"form[action='/ar/council/{session.pk}/publish/'] button[type=submit]").click()
        staff.wait_for_url(f"**/ar/council/{session.pk}/")
        assert staff.locator(".messages .msg.success").is_visible()
    finally:
        context.close()
    session.refresh_from_db()
    assert session.is_published

    # 2. Amina opens the public page in French: the agenda with the petition's point.
    context, citizen = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        citizen.goto(page.base + f"/fr/council/in/{settat.code}/")
        citizen.locator(f"a[href='/fr/council/{session.pk}/']").first.click()
        citizen.wait_for_url(f"**/fr/council/{session.pk}/")
        assert citizen.locator("html").get_attribute("lang") == "fr"
        assert citizen.locator("html").get_attribute("dir") == "ltr"
        agenda = citizen.locator("section[aria-labelledby=agenda]")
        assert POINT in agenda.inner_text()
        assert agenda.locator(f"a[href='/fr/petitions/{petition.pk}/']").inner_text() == petition.title
        assert citizen.locator("section[aria-labelledby=secretariat]").count() == 0
    finally:
        context.close()
