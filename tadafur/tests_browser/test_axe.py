"""axe-core (npm, pinned in package-lock.json) on each public page and form, in Arabic and French:
no serious or critical violation. `make install-test` installs it with `npm ci`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tadafur.tests_browser.test_accessibility import PAGES

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# The accessibility smoke test's pages, and every module's public pages since.
PUBLIC = [
    *PAGES,
    "/petitions/",
    "/petitions/rules/",
    "/budgets/",
    "/dashboards/",
    "/dashboards/06.461/compare/",
    "/open-data/",
    "/cocreation/",
    "/feedback/",
    "/information-requests/",
    "/steering/",
    "/council/in/06.461.01.15/",
    "/news/in/06.461.01.15/",
]

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture
def axe_tab(browser: Any, page: Any) -> Any:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install-test` (npm ci installs axe-core).")
    # The CSP forbids inline scripts; axe is injected as one, in the test browser only.
    context = browser.new_context(viewport={"width": 1024, "height": 800}, bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.base = page.base  # type: ignore[attr-defined]
    yield tab
    context.close()


def _violations(tab: Any, url: str) -> list[str]:
    response = tab.goto(tab.base + url)
    assert response.status == 200, url
    tab.add_script_tag(path=str(AXE))
    return [f"{url}: {v}" for v in tab.evaluate(RUN)]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_public_pages_and_forms_have_no_serious_accessibility_violation(
    axe_tab: Any, lang: str, settat: Any, amina: Any
) -> None:
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot
    from tadafur.petitions.tests.helpers import collecting, resident

    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")
    cycle = make_cycle(settat)
    proposal = on_ballot(cycle, "Éclairage public Hay Salam", 400_000, marker=1)
    pages = PUBLIC + [f"/petitions/{petition.pk}/", f"/budgets/{cycle.pk}/", f"/budgets/proposals/{proposal.pk}/"]
    problems = [problem for path in pages for problem in _violations(axe_tab, f"/{lang}{path}")]

    # Forms behind a login: signing and voting, as Amina.
    from tadafur.accounts.tests.factories import PASSWORD

    axe_tab.goto(axe_tab.base + f"/{lang}/accounts/login/")
    axe_tab.locator("#id_login").fill(amina.email)
    axe_tab.locator("#id_password").fill(PASSWORD)
    axe_tab.locator("main form button[type=submit]").first.click()
    axe_tab.wait_for_url(f"**/{lang}/")
    for path in (f"/petitions/{petition.pk}/sign/", f"/budgets/{cycle.pk}/vote/", "/me/"):
        problems += _violations(axe_tab, f"/{lang}{path}")
    assert not problems, "\n".join(problems)
