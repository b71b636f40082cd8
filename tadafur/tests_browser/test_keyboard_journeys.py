"""Keyboard only: Amina signs a petition (in French) and casts her budget ballot (in Arabic) with
Tab, Shift+Tab, Space and Enter alone — no click. At every step the focused element shows a
visible focus ring, and the controls are reached in the order they are read."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# What has the focus, and whether a sighted keyboard user can see where it is.
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow && style.boxShadow !== 'none');
  return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '', id: e.id || '',
          href: e.getAttribute('href') || '', type: e.getAttribute('type') || '', ring: !!ring,
          html: e.outerHTML.slice(0, 100)};
}"""


def _key(tab: Any, key: str) -> dict[str, Any]:
    tab.keyboard.press(key)
    focused = tab.evaluate(FOCUSED)
    if focused["tag"] != "body":
        assert focused["ring"], f"no visible focus on {focused['html']}"
    return focused


def _tab_until(tab: Any, matches: Any, limit: int = 40) -> list[dict[str, Any]]:
    """Press Tab until `matches(focused)`; every element on the way shows its focus."""
    path = []
    for _ in range(limit):
        path.append(_key(tab, "Tab"))
        if matches(path[-1]):
            return path
    raise AssertionError(f"never reached after {limit} Tabs: {[p['html'] for p in path]}")


def _log_in_by_keyboard(tab: Any, lang: str, login: str) -> None:
    from tadafur.accounts.tests.factories import PASSWORD

    tab.goto(f"{tab.base}/{lang}/accounts/login/")
    _tab_until(tab, lambda f: f["id"] == "id_login")
    tab.keyboard.type(login)
    _tab_until(tab, lambda f: f["id"] == "id_password")
    tab.keyboard.type(PASSWORD)
    with tab.expect_navigation(url=f"**/{lang}/"):
        tab.keyboard.press("Enter")


def test_amina_signs_a_petition_with_the_keyboard_alone(page: Any, settat: Any, amina: Any) -> None:
    from tadafur.petitions.models import Signature
    from tadafur.petitions.tests.helpers import collecting, resident

    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")
    _log_in_by_keyboard(page, "fr", amina.email)
    page.goto(f"{page.base}/fr/petitions/{petition.pk}/")
    sign_url = f"/fr/petitions/{petition.pk}/sign/"
    path = _tab_until(page, lambda f: f["href"] == sign_url)
    assert path[0]["href"] == "#main", "the skip link comes first"
    with page.expect_navigation(url=f"**{sign_url}"):
        page.keyboard.press("Enter")

    # The form's controls in reading order: CNIE, consent, notification choice, Sign.
    _tab_until(page, lambda f: f["name"] == "cnie")
    page.keyboard.type("AB123456")
    assert _key(page, "Tab")["name"] == "consent"
    page.keyboard.press("Space")
    assert page.locator("input[name=consent]").is_checked()
    assert _key(page, "Tab")["name"] == "notify"
    submit = _key(page, "Tab")
    assert submit["tag"] == "button" and submit["type"] == "submit"
    # Shift+Tab goes back to the previous control, and Tab returns to Sign.
    assert _key(page, "Shift+Tab")["name"] == "notify"
    assert _key(page, "Tab")["type"] == "submit"
    with page.expect_navigation(url="**/fr/petitions/signature/*/"):
        page.keyboard.press("Enter")
    signature = Signature.objects.get(petition=petition, user=amina)
    assert page.locator(".facts strong").inner_text() == signature.verification_code


def test_amina_casts_her_budget_ballot_with_the_keyboard_alone(page: Any, settat: Any, amina: Any) -> None:
    from tadafur.budgets import selectors
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot

    cycle = make_cycle(settat)
    light = on_ballot(cycle, "Éclairage public Hay Salam", 400_000, marker=1)
    sport = on_ballot(cycle, "Terrain de sport", 600_000)
    coop = on_ballot(cycle, "Espace coopérative féminine", 300_000, marker=2)
    _log_in_by_keyboard(page, "ar", amina.email)
    page.goto(f"{page.base}/ar/budgets/{cycle.pk}/vote/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # Each project's box, then its details link, in the order of the ballot.
    boxes = [f"project_{p.pk}" for p in (light, sport, coop)]
    order = page.evaluate("() => [...document.querySelectorAll('input[name=project]')].map(e => +e.value)")
    first = _tab_until(page, lambda f: f["name"] == "project")
    assert first[-1]["id"] == f"project_{order[0]}"
    seen = [first[-1]["id"]]
    for _ in order[1:]:
        assert _key(page, "Tab")["href"].startswith("/ar/budgets/proposals/"), "the details link"
        seen.append(_key(page, "Tab")["id"])
    assert seen == [f"project_{pk}" for pk in order] and set(seen) == set(boxes)

    # Back with Shift+Tab to tick the light and the cooperative (Space), not the sports ground.
    wanted = {f"project_{light.pk}", f"project_{coop.pk}"}
    for _ in range(2 * len(order)):
        focused = page.evaluate(FOCUSED)
        if focused["id"] in wanted:
            page.keyboard.press("Space")
        if focused["id"] == f"project_{order[0]}":
            break
        _key(page, "Shift+Tab")
    for box in boxes:
        assert page.locator(f"#{box}").is_checked() == (box in wanted), box

    # On to "Vote" (past "Check my choice") and Enter.
    _tab_until(page, lambda f: f["name"] == "cast")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert selectors.choices_of(selectors.ballot_of(cycle, amina)) == {light.pk: 1, coop.pk: 1}
    assert page.locator(".messages .msg.success").is_visible()
