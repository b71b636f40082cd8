"""Flows through HTTP: Rachid moves the programme and records the adoption, Amina takes part in
the consultation and reads the project page with the body's opinion, in Arabic."""

import datetime as dt
import gzip
from decimal import Decimal

import pytest
from django.test import Client
from freezegun import freeze_time

from tadafur.bodies import services as body_services
from tadafur.bodies.rules import BodyKind
from tadafur.bodies.tests.pdftext import PdfText
from tadafur.programmes import services
from tadafur.programmes.models import Comment, Ranking

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_anyone_reads_the_programme_and_its_diagnosis(pac, project, settat):
    client = Client()
    page = client.get(f"/en/programmes/in/{settat.code}/").content.decode()
    assert "Commune action programme (PAC) 2022–2027" in page
    page = client.get(f"/en/programmes/{pac.pk}/").content.decode()
    assert "Maison de la femme" in page and "Manage the programme" not in page
    response = client.get(f"/ar/programmes/{pac.pk}/diagnosis/")
    page = response.content.decode()
    # Settat's illiteracy by sex (census 2024) beside the province and Morocco, each chart with its table.
    assert "22.4" in page and "10.5" in page and "سطات" in page
    assert page.count('<svg class="chart"') == 4 and page.count('<table class="table"') >= 5
    assert "HCP" in page
    assert len(gzip.compress(response.content)) < 60_000


def test_rachid_moves_the_programme_and_records_the_adoption(pac, axes, rachid):
    client = logged_in(rachid)
    assert "Manage the programme" in client.get(f"/en/programmes/{pac.pk}/").content.decode()
    for step in ("diagnosis", "priorities", "drafting"):
        client.post(f"/en/programmes/{pac.pk}/advance/", {"to": step})
    client.post(f"/en/programmes/{pac.pk}/window/", {"opens": "2022-11-01", "closes": "2022-11-30"})
    client.post(f"/en/programmes/{pac.pk}/advance/", {"to": "consultation"})
    client.post(
        f"/en/programmes/{pac.pk}/changes/",
        {"input_summary": "Dar Al Mouatin", "taken_up": "on", "response": "Ajoutée à l'axe 3"},
    )
    response = client.post(
        f"/en/programmes/{pac.pk}/adopt/",
        {"session": "2023-02-07", "votes_for": "31", "votes_against": "4", "votes_abstain": "2"},
        follow=True,
    )
    page = response.content.decode()
    assert "The council&#x27;s adoption is recorded." in page
    assert "Adopted by the council in its session of" in page and "Ajoutée à l&#x27;axe 3" in page
    pac.refresh_from_db()
    assert pac.phase == "adopted" and pac.votes_for == 31


def test_amina_cannot_advance_the_programme(pac, amina):
    response = logged_in(amina).post(f"/en/programmes/{pac.pk}/advance/", {"to": "diagnosis"}, follow=True)
    assert "Only the staff, administrators and council president" in response.content.decode()
    pac.refresh_from_db()
    assert pac.phase == "launch"


@freeze_time("2022-11-15")
def test_amina_comments_and_ranks_in_the_window(in_consultation, axes, amina):
    client = logged_in(amina)
    page = client.get(f"/en/programmes/{in_consultation.pk}/consultation/").content.decode()
    assert "Rank the priorities" in page
    client.post(
        f"/en/programmes/{in_consultation.pk}/consultation/comment/", {"axis": axes[2].pk, "text": "دار المرأة"}
    )
    ranks = {f"axis_{axes[0].pk}": "2", f"axis_{axes[1].pk}": "3", f"axis_{axes[2].pk}": "1"}
    client.post(f"/en/programmes/{in_consultation.pk}/consultation/ranking/", ranks)
    assert Ranking.objects.get().order == [axes[2].pk, axes[0].pk, axes[1].pk]
    page = client.post(
        f"/en/programmes/{in_consultation.pk}/consultation/ranking/", ranks, follow=True
    ).content.decode()
    assert "You have already ranked" in page
    page = Client().get(f"/en/programmes/{in_consultation.pk}/consultation/").content.decode()
    assert "دار المرأة" in page and "&lt; 5" in page and "Log in first." in page


def test_amina_is_told_the_consultation_is_closed(in_consultation, axes, amina):
    with freeze_time("2022-12-01"):
        client = logged_in(amina)
        page = client.get(f"/en/programmes/{in_consultation.pk}/consultation/").content.decode()
        assert "The consultation on this programme is not open." in page and "Rank the priorities" not in page
        client.post(f"/en/programmes/{in_consultation.pk}/consultation/comment/", {"text": "متأخر"})
    assert not Comment.objects.exists()


def test_amina_sees_the_body_opinion_and_the_answer_on_the_project_page_in_arabic(
    project, rachid, fatima, said, amina, settat
):
    body = body_services.body_create(
        collectivity=settat,
        kind=BodyKind.IEECAG,
        name_ar="هيئة المساواة",
        name_fr="Instance de l'égalité",
        actor=rachid,
    )
    from tadafur.bodies.tests.conftest import add_member

    add_member(body, rachid, "فاطمة الزهراء", user=fatima, bureau_role="secretary")
    opinion = body_services.opinion_draft(
        body=body,
        title="رأي في دار المرأة",
        text="توصي الهيئة بتوسيع ساعات الاستقبال",
        concerns={
            "type": "programmes.project",
            "id": project.pk,
            "label": project.title_ar,
            "url": project.get_absolute_url(),
        },
        actor=fatima,
    )
    body_services.opinion_adopt(opinion=opinion, actor=fatima)
    page = logged_in(amina).get(f"/ar/programmes/projects/{project.pk}/").content.decode()
    assert "رأي في دار المرأة" in page and "هيئة المساواة" in page
    body_services.opinion_answer(opinion=opinion, verdict="accepted", reasons="يقبل المجلس التوصية", actor=said)
    page = logged_in(amina).get(f"/ar/programmes/projects/{project.pk}/").content.decode()
    assert "يقبل المجلس التوصية" in page and 'dir="rtl"' in page


def test_said_updates_a_project_progress_from_its_page(project, said):
    client = logged_in(said)
    client.post(
        f"/en/programmes/projects/{project.pk}/progress/",
        {"status": "in_progress", "progress": "45", "executed": "900000"},
    )
    project.refresh_from_db()
    assert (project.progress, project.executed) == (45, Decimal("900000"))


def _adopted(pac, said):
    from tadafur.programmes.tests.conftest import advance_to

    advance_to(pac, "consultation", said)
    services.programme_adopt(
        programme=pac, session=dt.date(2023, 2, 7), votes_for=31, votes_against=4, votes_abstain=2, actor=said
    )


def test_the_yearly_report_is_a_page_and_a_pdf_with_arabic(pac, project, said):
    assert Client().get(f"/ar/programmes/{pac.pk}/report/2024/").status_code == 404  # not adopted yet
    _adopted(pac, said)
    services.project_progress_update(
        project=project, status="in_progress", progress=50, executed=Decimal("2000000"), actor=said
    )
    page = Client().get(f"/ar/programmes/{pac.pk}/report/2024/").content.decode()
    assert "دار المرأة بحي مولاي إسماعيل" in page and "50 %" in page
    assert Client().get(f"/ar/programmes/{pac.pk}/report/2031/").status_code == 404
    response = Client().get(f"/ar/programmes/{pac.pk}/report/2024.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = PdfText(response.content)
    assert text.contains("دار المرأة بحي مولاي إسماعيل")
    assert any("Arabic" in name for name in text.font_names)
    assert len(text.glyphs_for("م")) >= 2  # shaped: initial/medial/final forms differ


def test_rachid_records_a_workshop_an_axis_and_a_project(pac, rachid):
    client = logged_in(rachid)
    client.post(
        f"/en/programmes/{pac.pk}/workshops/",
        {"held_on": "2022-05-14", "place": "دار الشباب", "women_under_35": "14", "women_35_plus": "11",
         "men_under_35": "12", "men_35_plus": "9", "needs": "الإنارة العمومية"},
    )  # fmt: skip
    client.post(f"/en/programmes/{pac.pk}/axes/", {"title_ar": "الطرق", "title_fr": "Voirie", "order": "1"})
    axis = pac.axes.get()
    response = client.post(
        f"/en/programmes/{pac.pk}/projects/",
        {"axis": axis.pk, "title_ar": "تهيئة الطرق", "title_fr": "Voirie Essalam", "cost": "1000000",
         "first_three_years": "2000000", "start_year": "2023", "end_year": "2025", "gender_marker": "0"},
        follow=True,
    )  # fmt: skip
    assert "cannot exceed the cost" in response.content.decode() and not axis.projects.exists()
    client.post(
        f"/en/programmes/{pac.pk}/projects/",
        {"axis": axis.pk, "title_ar": "تهيئة الطرق", "title_fr": "Voirie Essalam", "cost": "1000000",
         "first_three_years": "800000", "start_year": "2023", "end_year": "2025", "gender_marker": "1"},
    )  # fmt: skip
    page = Client().get(f"/en/programmes/{pac.pk}/diagnosis/").content.decode()
    assert "الإنارة العمومية" in page
    assert "Voirie Essalam" in Client().get(f"/en/programmes/{pac.pk}/").content.decode()
    assert axis.projects.get().gender_marker == 1


def test_the_programme_page_query_count_does_not_grow_with_projects(pac, axes, rachid, django_assert_max_num_queries):
    from tadafur.programmes.tests.conftest import make_project

    for axis in axes:
        for _ in range(4):
            make_project(axis, rachid)
    client = Client()
    with django_assert_max_num_queries(8):
        assert client.get(f"/en/programmes/{pac.pk}/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"/api/v1/programmes/{pac.pk}").status_code == 200
