"""The main journeys with JavaScript switched off in the browser: every page must work without it.
Amina signs a petition and votes in the participatory budget; a visitor reads a body's page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nojs(browser: Any, page: Any) -> Iterator[Any]:
    """A phone-sized browser tab with JavaScript disabled (`page` restores the territories)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-MA", java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = page.base  # type: ignore[attr-defined]
    yield tab
    context.close()


def _log_in(tab: Any, email: str) -> None:
    from tadafur.accounts.tests.factories import PASSWORD

    tab.goto(tab.base + "/ar/accounts/login/")
    tab.locator("#id_login").fill(email)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url("**/ar/")


def test_amina_signs_a_petition_without_javascript(nojs: Any, settat: Any, amina: Any) -> None:
    from tadafur.petitions.models import Signature
    from tadafur.petitions.tests.helpers import collecting, resident

    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")
    _log_in(nojs, amina.email)
    nojs.goto(nojs.base + f"/ar/petitions/{petition.pk}/")
    nojs.locator(f"main a.btn[href='/ar/petitions/{petition.pk}/sign/']").click()
    nojs.wait_for_url(f"**/ar/petitions/{petition.pk}/sign/")
    nojs.locator("input[name=cnie]").fill("AB123456")
    nojs.locator("input[name=consent]").check()
    nojs.locator("main form button[type=submit]").click()
    nojs.wait_for_url("**/ar/petitions/signature/*/")
    signature = Signature.objects.get(petition=petition, user=amina)
    assert nojs.locator(".facts strong").inner_text() == signature.verification_code


def test_amina_checks_then_casts_her_budget_ballot_without_javascript(nojs: Any, settat: Any, amina: Any) -> None:
    from tadafur.budgets import selectors
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot

    cycle = make_cycle(settat, ballot_type="cost_limited", max_choices=None, envelope=1_000_000, rule="greedy")
    light = on_ballot(cycle, "Éclairage public Hay Salam", 400_000, marker=1)
    coop = on_ballot(cycle, "Espace coopérative féminine", 500_000, marker=2)
    on_ballot(cycle, "Terrain de sport", 600_000)
    _log_in(nojs, amina.email)
    nojs.goto(nojs.base + f"/ar/budgets/{cycle.pk}/vote/")
    nojs.locator(f"#project_{light.pk}").check()
    nojs.locator(f"#project_{coop.pk}").check()
    # "Check my choice" is a plain submit: the server answers with what is left in the envelope.
    nojs.locator("main form button[name=check]").click()
    nojs.wait_for_load_state()
    assert "100000" in nojs.locator("main [role=status]").inner_text()
    assert nojs.locator(f"#project_{light.pk}").is_checked()
    assert selectors.ballot_of(cycle, amina) is None
    nojs.locator("main form button[name=cast]").click()
    nojs.wait_for_load_state()
    assert selectors.choices_of(selectors.ballot_of(cycle, amina)) == {light.pk: 1, coop.pk: 1}


def test_a_visitor_reads_a_body_page_without_javascript(nojs: Any, settat: Any, rachid: Any) -> None:
    from tadafur.bodies.tests.conftest import make_ieecag

    body = make_ieecag(settat, rachid)
    response = nojs.goto(nojs.base + f"/ar{body.get_absolute_url()[3:]}")
    assert response.status == 200
    assert nojs.locator("html").get_attribute("dir") == "rtl"
    assert "هيئة المساواة" in nojs.locator("h1").inner_text()
    # The language switcher and the skip link are plain links and forms.
    nojs.goto(nojs.base + f"/fr{body.get_absolute_url()[3:]}")
    assert nojs.locator("html").get_attribute("lang") == "fr"
    assert "équité" in nojs.locator("h1").inner_text()
