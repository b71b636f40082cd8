"""The main journey of each module on a phone (390×844, touch), in Arabic and in French, and one
fully in Tamazight (Tifinagh). Each checks what a person sees: the language and its direction,
the key text, and that nothing makes the page scroll sideways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

LANGS = ["ar", "fr"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# Elements wider than the viewport, named so that a failure says which one overflows.
OVERFLOW = """(phone) => {
  const ltr = document.documentElement.dir !== 'rtl';
  const wider = e => e.getBoundingClientRect().width > phone + 1;
  const sticksOut = e => { const r = e.getBoundingClientRect();
    return r.width && (ltr ? r.right > phone + 1 : r.left < -1); };
  const innermost = test => [...document.querySelectorAll('main *, header *, footer *')]
    .filter(e => test(e) && ![...e.children].some(test) && !e.closest('.skip'));
  // The innermost elements wider than the phone, or else sticking out past its end edge,
  // so that a failure names its culprits.
  const wide = (innermost(wider).length ? innermost(wider) : innermost(sticksOut)).slice(0, 5)
    .map(e => { const r = e.getBoundingClientRect();
      return `${e.tagName.toLowerCase()}.${e.className} [${Math.round(r.left)}, ${Math.round(r.right)}]`; });
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""


@pytest.fixture
def phone(browser: Any, page: Any) -> Iterator[Any]:
    """A phone-sized tab (`page` restores the territories and gives the live server)."""
    context = browser.new_context(**PHONE, locale="ar-MA")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = page.base  # type: ignore[attr-defined]
    yield tab
    context.close()


def _log_in(tab: Any, lang: str, login: str) -> None:
    from tadafur.accounts.tests.factories import PASSWORD

    tab.goto(f"{tab.base}/{lang}/accounts/login/")
    tab.locator("#id_login").fill(login)
    tab.locator("#id_password").fill(PASSWORD)
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url(f"**/{lang}/")


def fits_the_phone(tab: Any, lang: str) -> None:
    """The page is in `lang`, in its direction, and does not scroll sideways."""
    html = tab.locator("html")
    assert html.get_attribute("lang") == lang, tab.url
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), tab.url
    box = tab.evaluate(OVERFLOW, PHONE["viewport"]["width"])
    # On a phone the browser widens its layout to the widest element (then zooms out): the page
    # must fit the phone's own width, not merely the widened layout.
    assert box["scroll"] <= box["inner"] <= PHONE["viewport"]["width"], f"{tab.url} scrolls sideways: {box}"


def _translated(lang: str, message: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(lang):
        return gettext(message)


# Petitions: Amina signs.


@pytest.mark.parametrize("lang", LANGS)
def test_petitions_amina_signs_on_her_phone(phone: Any, lang: str, settat: Any, amina: Any) -> None:
    from tadafur.petitions.models import Signature
    from tadafur.petitions.tests.helpers import collecting, resident

    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")
    _log_in(phone, lang, amina.email)
    phone.goto(f"{phone.base}/{lang}/petitions/{petition.pk}/")
    fits_the_phone(phone, lang)
    assert phone.locator("h1").inner_text().strip() == petition.title
    phone.locator(f"main a.btn[href='/{lang}/petitions/{petition.pk}/sign/']").tap()
    phone.wait_for_url(f"**/{lang}/petitions/{petition.pk}/sign/")
    fits_the_phone(phone, lang)
    phone.locator("input[name=cnie]").fill("AB123456")
    phone.locator("input[name=consent]").tap()
    phone.locator("main form button[type=submit]").tap()
    phone.wait_for_url(f"**/{lang}/petitions/signature/*/")
    fits_the_phone(phone, lang)
    signature = Signature.objects.get(petition=petition, user=amina)
    assert phone.locator(".facts strong").inner_text() == signature.verification_code


# Budgets: Amina votes.


@pytest.mark.parametrize("lang", LANGS)
def test_budgets_amina_votes_on_her_phone(phone: Any, lang: str, settat: Any, amina: Any) -> None:
    from tadafur.budgets import selectors
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot

    cycle = make_cycle(settat)
    light = on_ballot(cycle, "Éclairage public Hay Salam", 400_000, marker=1)
    on_ballot(cycle, "Terrain de sport du quartier El Qods", 600_000)
    _log_in(phone, lang, amina.email)
    phone.goto(f"{phone.base}/{lang}/budgets/{cycle.pk}/vote/")
    fits_the_phone(phone, lang)
    # The ballot's table is the widest thing on the page: its project names stay readable.
    assert phone.locator(f"label[for=project_{light.pk}]").is_visible()
    phone.locator(f"label[for=project_{light.pk}]").tap()
    assert phone.locator(f"#project_{light.pk}").is_checked()
    with phone.expect_navigation():
        phone.locator("main form button[name=cast]").tap()
    fits_the_phone(phone, lang)
    assert selectors.choices_of(selectors.ballot_of(cycle, amina)) == {light.pk: 1}
    assert phone.locator(".messages .msg.success").is_visible()


# Bodies: a visitor reads an opinion of the equality body and the council's answer.


@pytest.mark.parametrize("lang", LANGS)
def test_bodies_a_visitor_reads_an_opinion_and_the_council_answer(
    phone: Any, lang: str, settat: Any, rachid: Any, fatima: Any, said: Any
) -> None:
    from tadafur.bodies import services as bodies
    from tadafur.bodies.tests.conftest import add_member, make_ieecag

    body = make_ieecag(settat, rachid)
    add_member(body, rachid, "فاطمة الزهراء", "woman", "35_49", user=fatima, bureau_role="secretary")
    opinion = bodies.opinion_draft(
        body=body,
        title="رأي الهيئة في ميزانية 2027",
        text="توصي الهيئة بتخصيص اعتمادات لدار المرأة.",
        actor=fatima,
    )
    bodies.opinion_adopt(opinion=opinion, actor=fatima)
    reasons = "Le conseil retient la recommandation dans le budget 2027."
    given = bodies.opinion_answer(opinion=opinion, verdict="accepted", reasons=reasons, actor=said)

    phone.goto(f"{phone.base}/{lang}/bodies/{body.pk}/")
    fits_the_phone(phone, lang)
    phone.locator(f"main a[href='/{lang}/bodies/opinions/{opinion.pk}/']").first.tap()
    phone.wait_for_url(f"**/{lang}/bodies/opinions/{opinion.pk}/")
    fits_the_phone(phone, lang)
    assert phone.locator("h1").inner_text().strip() == opinion.title
    answer = phone.locator("section[aria-labelledby=answer]")
    assert reasons in answer.inner_text()
    from django.utils import translation

    with translation.override(lang):
        accepted = given.get_verdict_display()
    assert answer.locator(".badge.ok").inner_text().strip() == accepted


# Programmes: a visitor reads a project of the action programme.


@pytest.mark.parametrize("lang", LANGS)
def test_programmes_a_visitor_reads_a_project(phone: Any, lang: str, settat: Any, rachid: Any) -> None:
    from tadafur.programmes import services as programmes
    from tadafur.programmes.tests.conftest import make_project

    programme = programmes.programme_create(collectivity=settat, start_year=2022, actor=rachid)
    axis = programmes.axis_add(
        programme=programme, title_ar="الإدماج الاجتماعي", title_fr="Inclusion sociale", order=1, actor=rachid
    )
    project = make_project(axis, rachid)
    phone.goto(f"{phone.base}/{lang}/programmes/{programme.pk}/")
    fits_the_phone(phone, lang)
    phone.locator(f"main a[href='/{lang}/programmes/projects/{project.pk}/']").first.tap()
    phone.wait_for_url(f"**/{lang}/programmes/projects/{project.pk}/")
    fits_the_phone(phone, lang)
    title = project.title_ar if lang == "ar" else project.title_fr
    assert title in phone.locator("h1").inner_text()


# Engagement: Amina follows a petition, reports a broken street light, asks for a document.


@pytest.mark.parametrize("lang", LANGS)
def test_engagement_amina_follows_reports_and_asks_on_her_phone(
    phone: Any, lang: str, settat: Any, amina: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from tadafur.feedback.models import Report
    from tadafur.inforequests.models import InfoRequest
    from tadafur.notifications.models import Follow
    from tadafur.petitions.tests.helpers import collecting, resident

    petition = collecting(resident(settat), settat, title="Éclairage du quartier Essalam")
    _log_in(phone, lang, amina.email)

    # 1. She follows the petition.
    phone.goto(f"{phone.base}/{lang}/petitions/{petition.pk}/")
    with phone.expect_navigation(url=f"**/{lang}/petitions/{petition.pk}/"):
        phone.locator(f"form[action='/{lang}/notifications/follow/'] button[type=submit]").tap()
    fits_the_phone(phone, lang)
    assert phone.locator(f"form[action='/{lang}/notifications/unfollow/']").is_visible()
    assert Follow.objects.filter(user=amina, object_id=petition.pk).exists()

    # 2. She reports a street light out, without a photo.
    phone.goto(f"{phone.base}/{lang}/feedback/in/{settat.code}/new/")
    fits_the_phone(phone, lang)
    phone.locator("select[name=service]").select_option("lighting")
    phone.locator("textarea[name=description]").fill("Lampadaire éteint depuis trois jours près de l'école.")
    phone.locator("input[name=address]").fill("Avenue Hassan II, près de l'école Ibn Khaldoun")
    phone.locator("main form button[type=submit]").tap()
    phone.wait_for_url(f"**/{lang}/feedback/*/")
    fits_the_phone(phone, lang)
    report = Report.objects.get()
    assert phone.url.endswith(f"/{lang}/feedback/{report.pk}/")
    assert phone.locator(".messages .msg.success").is_visible()

    # 3. She asks the commune for its adopted budget.
    phone.goto(f"{phone.base}/{lang}/information-requests/in/{settat.code}/new/")
    fits_the_phone(phone, lang)
    phone.locator("input[name=subject]").fill("Budget 2026")
    phone.locator("textarea[name=text]").fill("Le budget adopté de la commune pour 2026.")
    phone.locator("main form button[type=submit]").tap()
    phone.wait_for_url(f"**/{lang}/information-requests/*/")
    fits_the_phone(phone, lang)
    request = InfoRequest.objects.get()
    assert request.requester_id == amina.pk
    assert request.reference in phone.locator("main").inner_text()


# Dashboards: a visitor opens Settat commune's profile.


@pytest.mark.parametrize("lang", LANGS)
def test_dashboards_a_visitor_opens_a_commune_profile(phone: Any, lang: str, settat: Any) -> None:
    phone.goto(f"{phone.base}/{lang}/dashboards/06.461/")
    fits_the_phone(phone, lang)
    phone.goto(f"{phone.base}/{lang}/dashboards/{settat.code}/")
    fits_the_phone(phone, lang)
    name = settat.name_ar if lang == "ar" else settat.name_fr
    assert name in phone.locator("h1").inner_text()


# Co-creation: a visitor reads an open call for projects.


@pytest.mark.parametrize("lang", LANGS)
def test_cocreation_a_visitor_reads_an_open_call(phone: Any, lang: str, settat: Any, rachid: Any) -> None:
    from tadafur.cocreation.tests.conftest import make_call
    from tadafur.core import clock

    today = clock.today()
    call = make_call(
        settat,
        rachid,
        questions_until=today + dt.timedelta(days=5),
        submission_opens=today - dt.timedelta(days=1),
        submission_until=today + dt.timedelta(days=10),
        review_until=today + dt.timedelta(days=20),
        results_on=today + dt.timedelta(days=30),
    )
    phone.goto(f"{phone.base}/{lang}/cocreation/")
    fits_the_phone(phone, lang)
    phone.locator(f"main a[href='/{lang}/cocreation/calls/{call.pk}/']").first.tap()
    phone.wait_for_url(f"**/{lang}/cocreation/calls/{call.pk}/")
    fits_the_phone(phone, lang)
    assert phone.locator("h1").inner_text().strip() == call.title
    assert call.gender_criteria in phone.locator("main").inner_text()


# Fully in Tamazight: Youssef signs a petition, every label in Tifinagh.

TIFINAGH = range(0x2D30, 0x2D80)


def _tifinagh_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(ord(c) in TIFINAGH for c in letters) / max(len(letters), 1)


def test_youssef_signs_a_petition_entirely_in_tamazight(phone: Any, oulad_said: Any, youssef: Any) -> None:
    from tadafur.petitions.models import Signature
    from tadafur.petitions.tests.helpers import collecting, resident

    assert youssef.resident_of_id == oulad_said.pk
    petition = collecting(resident(oulad_said), oulad_said, title="ⴰⵙⴼⵉⵡ ⵏ ⵓⵖⵔⴰⵙ ⵏ ⵍⵃⵉ")
    _log_in(phone, "zgh", youssef.phone)
    phone.goto(f"{phone.base}/zgh/petitions/{petition.pk}/")
    fits_the_phone(phone, "zgh")
    # The interface around the petition is in Tifinagh, not a fallback to French or Arabic.
    chrome = phone.locator("header").inner_text() + phone.locator("footer").inner_text()
    assert _tifinagh_share(chrome) > 0.6, chrome
    sign = _translated("zgh", "Sign")
    assert all(ord(c) in TIFINAGH for c in sign if c.isalpha()), sign
    phone.locator(f"main a.btn[href='/zgh/petitions/{petition.pk}/sign/']").tap()
    phone.wait_for_url(f"**/zgh/petitions/{petition.pk}/sign/")
    fits_the_phone(phone, "zgh")
    form = phone.locator("main form")
    assert _tifinagh_share(form.inner_text()) > 0.6, form.inner_text()
    phone.locator("input[name=cnie]").fill("CD654321")
    phone.locator("input[name=consent]").tap()
    phone.locator("main form button[type=submit]", has_text=sign).tap()
    phone.wait_for_url("**/zgh/petitions/signature/*/")
    fits_the_phone(phone, "zgh")
    signature = Signature.objects.get(petition=petition, user=youssef)
    assert phone.locator(".facts strong").inner_text() == signature.verification_code
    assert _tifinagh_share(phone.locator("main").inner_text().replace(petition.title, "")) > 0.5


# The other public pages a person reaches from the menu fit the phone too.

PUBLIC = [
    "/",
    "/territories/06.461/",
    "/petitions/",
    "/petitions/rules/",
    "/budgets/",
    "/associations/",
    "/dashboards/",
    "/open-data/",
    "/cocreation/",
    "/feedback/",
    "/information-requests/",
    "/council/in/06.461.01.15/",
    "/accounts/signup/",
]


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_fit_a_phone(phone: Any, lang: str) -> None:
    problems = []
    for path in PUBLIC:
        response = phone.goto(f"{phone.base}/{lang}{path}")
        assert response.status == 200, path
        try:
            fits_the_phone(phone, lang)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n".join(problems)
