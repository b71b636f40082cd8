"""Accessibility smoke test of the main public pages, in Arabic and French, in a real browser:
labels, alternative text, one h1, the skip link first, html lang/dir, and keyboard-only use."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/territories/",
    "/territories/?q=settat",
    "/territories/06.461/",
    "/territories/06.461.01.15/",
    "/associations/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]

# Problems a screen reader or keyboard user would meet, collected by the page itself.
AUDIT = """() => {
  const problems = [];
  const named = el => (el.labels && el.labels.length && [...el.labels].some(l => l.textContent.trim()))
      || (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (!named(el)) problems.push(`form control without a label: ${el.outerHTML.slice(0, 120)}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push(`image without alt: ${img.outerHTML.slice(0, 120)}`);
  }
  for (const b of document.querySelectorAll('button, a[href]')) {
    const text = (b.textContent || '').trim() || b.getAttribute('aria-label') || b.getAttribute('title')
      || [...b.querySelectorAll('img[alt]')].map(i => i.alt).join('').trim();
    if (!text) problems.push(`link or button without a name: ${b.outerHTML.slice(0, 120)}`);
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  return problems;
}"""


def _focus_path(page: Any, presses: int) -> list[dict[str, str]]:
    path = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        path.append(
            page.evaluate(
                "() => { const e = document.activeElement; return {tag: e.tagName, cls: e.className || '', "
                "href: e.getAttribute('href') || '', hreflang: e.getAttribute('hreflang') || ''}; }"
            )
        )
    return path


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_public_pages_are_labelled_and_usable_with_the_keyboard_alone(page: Any, lang: str, direction: str) -> None:
    problems: list[str] = []
    for path in PAGES:
        url = f"/{lang}{path}"
        response = page.goto(page.base + url)
        assert response.status == 200, url
        html = page.locator("html")
        if html.get_attribute("lang") != lang or html.get_attribute("dir") != direction:
            problems.append(f"{url}: html lang={html.get_attribute('lang')} dir={html.get_attribute('dir')}")
        problems += [f"{url}: {p}" for p in page.evaluate(AUDIT)]
        first = _focus_path(page, 1)[0]
        if "skip" not in first["cls"].split():
            problems.append(f"{url}: the first Tab goes to {first}, not the skip link")
    assert not problems, "\n".join(problems)

    # Keyboard only (same test: each browser test reloads the territories, ~2 s).
    page.goto(f"{page.base}/{lang}/")
    path = _focus_path(page, 15)
    hrefs = [step["href"] for step in path]
    assert f"/{lang}/accounts/login/" in hrefs, path
    switcher = {step["hreflang"] for step in path if step["hreflang"]}
    assert switcher >= {"ar", "fr", "zgh", "en"}, path
    # Log in comes before the switcher, and Enter on a switcher link changes the language.
    assert hrefs.index(f"/{lang}/accounts/login/") < next(i for i, s in enumerate(path) if s["hreflang"])
    other = "fr" if lang == "ar" else "ar"
    page.goto(f"{page.base}/{lang}/")
    for _ in range(15):
        if _focus_path(page, 1)[0]["hreflang"] == other:
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{other}/")
    assert page.locator("html").get_attribute("lang") == other
