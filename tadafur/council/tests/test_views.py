"""Through HTTP: Rachid plans and publishes, Amina reads in French, the minutes PDF and calendar."""

import pytest
from django.test import Client

from tadafur.bodies.tests.pdftext import PdfText
from tadafur.council import services
from tadafur.council.models import Session
from tadafur.council.tests.conftest import accepted_petition, at

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_rachid_plans_then_publishes_and_amina_reads_the_agenda_in_french(settat, rachid, amina, frozen):
    accepted_petition(settat, amina)
    staff = logged_in(rachid)
    response = staff.post(
        f"/en/council/in/{settat.code}/plan/",
        {
            "kind": "ordinary",
            "starts_at": "2026-02-03T10:00",
            "place": "Salle du conseil",
            "agenda": "Compte administratif",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    page = logged_in(amina).get(session.get_absolute_url())
    assert page.status_code == 404  # not public before the agenda is published
    assert "Accepted petitions waiting for the agenda" in staff.get(f"/en/council/{session.pk}/").content.decode()
    staff.post(f"/en/council/{session.pk}/publish/")
    page = Client().get(f"/fr/council/{session.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Compte administratif" in html
    assert "برمجة إنارة طريق حي السلام" in html
    assert 'lang="fr"' in html
    listing = Client().get(f"/fr/council/in/{settat.code}/").content.decode()
    assert session.get_absolute_url().replace("/en/", "/fr/") in listing or f"/fr/council/{session.pk}/" in listing


def test_a_refused_plan_explains_the_months(settat, rachid, frozen):
    staff = logged_in(rachid)
    response = staff.post(
        f"/en/council/in/{settat.code}/plan/",
        {"kind": "ordinary", "starts_at": "2026-03-03T10:00", "place": "Salle"},
        follow=True,
    )
    assert "February, May, October" in response.content.decode()
    assert not Session.objects.exists()


def test_amina_cannot_post_staff_actions(settat, amina, rachid, february):
    services.agenda_publish(session=february, actor=rachid)
    client = logged_in(amina)
    client.post(f"/en/council/{february.pk}/hold/", {"members_present": "20"})
    february.refresh_from_db()
    assert february.members_present is None


def test_minutes_pdf_has_the_arabic_text_and_the_votes(settat, rachid, february, frozen):
    services.agenda_publish(session=february, actor=rachid)
    frozen.move_to(at(2026, 2, 3, 12))
    services.session_hold(session=february, members_present=30, actor=rachid)
    services.point_outcome_record(
        point=february.points.get(), outcome="adopted", votes_for=27, votes_against=2, votes_abstain=1, actor=rachid
    )
    services.minutes_publish(session=february, minutes="صادق المجلس على برنامج عمل الجماعة", actor=rachid)
    response = Client().get(f"/ar/council/{february.pk}/minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = PdfText(response.content)
    assert text.contains("صادق المجلس على برنامج عمل الجماعة")
    assert text.contains("دراسة الحساب")
    assert text.contains("27")


def test_the_minutes_pdf_waits_for_publication(rachid, february):
    services.agenda_publish(session=february, actor=rachid)
    assert Client().get(f"/ar/council/{february.pk}/minutes.pdf").status_code == 404


def test_calendar_lists_published_sessions_with_their_council_page(settat, rachid, february, frozen):
    services.session_plan(collectivity=settat, kind="ordinary", starts_at=at(2026, 5, 5), place="Salle", actor=rachid)
    services.agenda_publish(session=february, actor=rachid)
    ics = Client().get(f"/fr/council/in/{settat.code}/calendar.ics").content.decode()
    assert ics.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20260203T" in ics
    assert f"/fr/council/{february.pk}/" in ics.replace("\r\n ", "")


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_public_council_and_news_pages_stay_under_60_kb(settat, rachid, february, lang):
    from tadafur.core.tests.test_page_weight import BUDGET, page_weight

    services.agenda_publish(session=february, actor=rachid)
    for url in (
        f"/{lang}/council/in/{settat.code}/",
        f"/{lang}/council/{february.pk}/",
        f"/{lang}/news/in/{settat.code}/",
    ):
        total, _parts = page_weight(Client(), url)
        assert total <= BUDGET, (url, total)


def test_the_public_list_costs_the_same_queries_for_one_or_three_sessions(settat, rachid, february, frozen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.agenda_publish(session=february, actor=rachid)
    url = f"/fr/council/in/{settat.code}/"
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for month in (5, 10):
        session = services.session_plan(
            collectivity=settat,
            kind="ordinary",
            starts_at=at(2026, month, 5),
            place="Salle",
            agenda=["Point"],
            actor=rachid,
        )
        services.agenda_publish(session=session, actor=rachid)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)
