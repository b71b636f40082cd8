"""A participatory budget in a real browser, in Arabic.

Amina votes with JavaScript off: she ticks two projects, checks her choice and the page tells her
what remains of the envelope, then she casts her ballot. Rachid (staff, TOTP) types in a paper
ballot at the help desk from its one-time code. Once the vote has closed and the results are
computed by the Method of Equal Shares, the public results page explains why a project lost: what
it would have cost each supporter against the money they had left.

The election, checked by hand (envelope 1,000,000 MAD, 4 ballots: a share of 250,000 MAD each):
  Amina: A, C   paper: A   a man: B, C   a woman: A, B      A 300,000 · B 450,000 · C 400,000
Round 1: A costs its 3 supporters 100,000 each (ρ = 1/3; B and C 1/2): A is funded.
Round 2: B's supporters have 250,000 + 150,000 < 450,000; C: Amina gives her last 150,000 and the
man 250,000: C is funded. Round 3: B's supporters have 150,000 left: B loses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tadafur.tests_browser.test_newcomer_journey import _totp_now

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(browser: Any, base: str, email: str, password: str, totp_secret: str = "", js: bool = True) -> Any:
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="ar-MA", java_script_enabled=js)
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


def _digits(text: str) -> str:
    return re.sub(r"[\s,.\u202f\u00a0]", "", text)


def test_amina_votes_rachid_types_a_paper_ballot_and_a_loss_is_explained(
    page: Any, browser: Any, settat: Any, amina: Any, rachid: Any
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    from django.db.models import F
    from django.utils import translation

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.budgets import selectors, services
    from tadafur.budgets.models import Ballot, Cycle
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot, resident

    cycle = make_cycle(settat, ballot_type="cost_limited", rule="mes", envelope=1_000_000, max_choices=None)
    a = on_ballot(cycle, "إنارة حي السلام", 300_000, marker=1).pk
    b = on_ballot(cycle, "ملعب القرب", 450_000).pk
    c = on_ballot(cycle, "تعاونية نسائية", 400_000, marker=2).pk
    code = services.codes_generate(cycle=cycle, count=1, actor=rachid)[0].code

    # 1. Amina, JavaScript off, in Arabic: ticks A and C, checks, sees what remains, votes.
    context, amina_page = _log_in(browser, page.base, amina.email, PASSWORD, js=False)
    try:
        amina_page.goto(page.base + f"/ar/budgets/{cycle.pk}/vote/")
        assert amina_page.locator("html").get_attribute("dir") == "rtl"
        amina_page.locator(f"#project_{a}").check()
        amina_page.locator(f"#project_{c}").check()
        amina_page.locator("main form button[name=check]").click()
        status = amina_page.locator("main [role=status]").inner_text()
        assert "300000" in _digits(status), status  # 1,000,000 - 700,000 left in the envelope
        assert "700000" in _digits(status), status
        assert amina_page.locator(f"#project_{a}").is_checked() and amina_page.locator(f"#project_{c}").is_checked()
        amina_page.locator("main form button[name=cast]").click()
        amina_page.wait_for_url(f"**/ar/budgets/{cycle.pk}/vote/")
        assert amina_page.locator(".messages").count() == 1
    finally:
        context.close()
    ballot = Ballot.objects.get(cycle=cycle, voter=amina)
    assert ballot.channel == "online" and selectors.choices_of(ballot) == {a: 1, c: 1}

    # 2. Rachid (password + TOTP) types a paper ballot for A from its one-time code.
    context, desk = _log_in(browser, page.base, rachid.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        desk.goto(page.base + f"/ar/budgets/{cycle.pk}/desk/")
        paper = desk.locator("main form:has(input[name=mode][value=paper])")
        paper.locator("input[name=code]").fill(code.lower())  # typed as read, case does not matter
        paper.locator(f"input[name=project][value='{a}']").check()
        paper.locator("button[type=submit]").click()
        desk.wait_for_url(f"**/ar/budgets/{cycle.pk}/desk/")
        assert desk.locator(".messages .msg.error").count() == 0
    finally:
        context.close()
    assert Ballot.objects.filter(cycle=cycle, channel="paper", code__code=code).count() == 1

    # Two more residents vote online.
    services.ballot_cast(cycle=cycle, choices={b: 1, c: 1}, actor=resident(settat, sex="man"))
    services.ballot_cast(cycle=cycle, choices={a: 1, b: 1}, actor=resident(settat, sex="woman"))

    # 3. The vote closes (every phase ten days earlier) and the results are computed.
    shift = dt.timedelta(days=10)
    Cycle.objects.filter(pk=cycle.pk).update(
        information_starts=F("information_starts") - shift,
        proposals_start=F("proposals_start") - shift,
        review_starts=F("review_starts") - shift,
        vote_starts=F("vote_starts") - shift,
        results_start=F("results_start") - shift,
    )
    cycle.refresh_from_db()
    services.results_compute(cycle=cycle, actor=rachid)
    cycle.refresh_from_db()
    assert cycle.result["selected"] == [a, c]

    with translation.override("en"):
        why = {r.proposal.pk: (r.explanation, r.groups) for r in selectors.project_results(cycle)}
    assert why[b][0] == (
        "Not funded: it would have cost each of its 2 supporters 225,000 MAD, but when no further project could "
        "be paid for they had 150,000 MAD left in all (150,000 MAD at most each), less than its cost of 450,000 MAD."
    )
    with translation.override("ar"):
        why_ar = {r.proposal.pk: (r.explanation, r.groups) for r in selectors.project_results(cycle)}

    # 4. Anyone reads the results page in Arabic: the losing project's row says why it lost.
    page.goto(page.base + f"/ar/budgets/{cycle.pk}/results/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    row = page.locator("main table tbody tr", has_text="ملعب القرب").first
    text = row.inner_text()
    assert why_ar[b][0] in text and why_ar[b][1] in text
    funded = page.locator("main table tbody tr", has_text="تعاونية نسائية").first.inner_text()
    assert why_ar[c][0] in funded  # C: Amina gave all she had left, the man the rest
