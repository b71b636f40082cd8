"""Flows through HTTP: Khadija applies step by step, Fatima reviews, Said selects, the public
reads the results; and who may see what (Khadija only her association's applications,
reviewers only their assignments)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tadafur.associations.tests.conftest import make_association
from tadafur.cocreation import services
from tadafur.cocreation.models import Application, Call
from tadafur.cocreation.states import ApplicationStatus
from tadafur.cocreation.tests.conftest import PDF_BYTES, complete

pytestmark = pytest.mark.django_db
D = Decimal


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_public_reads_the_open_call(call):
    page = Client().get(f"/en/cocreation/calls/{call.pk}/").content.decode()
    assert "Open for applications" in page and "Pertinence" in page and "Statuts" in page
    assert "Initiatives locales" in Client().get("/en/cocreation/").content.decode()


def test_a_draft_call_is_not_public(settat, rachid):
    from tadafur.cocreation.tests.conftest import make_call

    call = make_call(settat, rachid, publish=False)
    assert Client().get(f"/en/cocreation/calls/{call.pk}/").status_code == 404
    assert logged_in(rachid).get(f"/en/cocreation/calls/{call.pk}/manage/").status_code == 200


def test_khadija_applies_step_by_step_and_gets_her_receipt(call, nisaa, khadija):
    client = logged_in(khadija)
    page = client.get(f"/en/cocreation/calls/{call.pk}/").content.decode()
    assert "The association meets the conditions of this call." in page
    response = client.post(f"/en/cocreation/calls/{call.pk}/apply/", {"association": nisaa.pk, "title": "Couture"})
    application = Application.objects.get()
    url = f"/en/cocreation/applications/{application.pk}/"
    assert response["Location"] == url
    client.post(
        url,
        {
            "title": "Couture solidaire",
            "summary": "Ateliers",
            "problem": "Revenus",
            "activities": "Formation",
            "target_women": "30",
            "target_men": "0",
            "target_girls": "0",
            "target_boys": "0",
            "women_led": "on",
        },
    )
    client.post(f"{url}budget/", {"label": "Équipement", "requested": "60000", "cofinanced": "15000"})
    client.post(f"{url}indicators/", {"label": "Femmes formées", "baseline": "0", "target": "30"})
    page = client.get(url).content.decode()
    assert "Attach the document: Statuts." in page
    client.post(f"{url}attachments/", {"document": "Statuts", "file": SimpleUploadedFile("s.pdf", PDF_BYTES)})
    response = client.post(f"{url}submit/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.women_led
    assert "Receipt number" in client.get(url).content.decode()
    pdf = client.get(f"{url}receipt.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_a_renamed_picture_is_refused_as_attachment(draft, khadija):
    client = logged_in(khadija)
    client.post(
        f"/en/cocreation/applications/{draft.pk}/attachments/",
        {"document": "Statuts", "file": SimpleUploadedFile("s.pdf", b"\x89PNG\r\n")},
    )
    assert not draft.attachments.exists()


def test_khadija_sees_only_her_associations_applications(call, draft, settat, amina, khadija):
    other = make_association(seat=settat, reference="RD-S-OTHER", representative=amina, name_fr="Autre")
    other_draft = services.application_start(call=call, association=other, title="Autre projet", actor=amina)
    client = logged_in(khadija)
    mine = client.get("/en/cocreation/mine/").content.decode()
    assert "Couture solidaire" in mine and "Autre projet" not in mine
    assert client.get(f"/en/cocreation/applications/{other_draft.pk}/").status_code == 404
    assert client.get(f"/en/cocreation/applications/{draft.pk}/").status_code == 200


def test_reviewers_see_only_their_assignments(in_review, submitted, call, settat, rachid, fatima, hassan, amina):
    other = make_association(seat=settat, reference="RD-S-OTHER", representative=amina, name_fr="Autre")
    assignment = services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    fatima_client = logged_in(fatima)
    assert fatima_client.get(f"/en/cocreation/reviews/{assignment.pk}/").status_code == 200
    assert logged_in(hassan).get(f"/en/cocreation/reviews/{assignment.pk}/").status_code == 404
    assert logged_in(hassan).get(f"/en/cocreation/applications/{submitted.pk}/").status_code == 404
    # Fatima, assigned, reads the application; a declared conflict takes it away.
    assert fatima_client.get(f"/en/cocreation/applications/{submitted.pk}/").status_code == 200
    fatima_client.post(f"/en/cocreation/reviews/{assignment.pk}/declare/", {"conflict": "conflict", "note": "Cousine"})
    assert fatima_client.get(f"/en/cocreation/applications/{submitted.pk}/").status_code == 404
    assert other.pk  # the other association's existence changes nothing for Fatima


def test_fatima_declares_and_scores_through_the_page(in_review, submitted, rachid, fatima):
    assignment = services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    client = logged_in(fatima)
    page = client.get(f"/en/cocreation/reviews/{assignment.pk}/").content.decode()
    assert "Before you read and score" in page and "Save the scores" not in page
    client.post(f"/en/cocreation/reviews/{assignment.pk}/declare/", {"conflict": "none"})
    criteria = list(in_review.criteria.order_by("position"))
    data = {f"score_{c.pk}": v for c, v in zip(criteria, [4, 5, 6], strict=True)}
    data |= {f"comment_{c.pk}": "Clair" for c in criteria}
    client.post(f"/en/cocreation/reviews/{assignment.pk}/score/", data)
    assert assignment.scores.count() == 3
    manage = logged_in(rachid).get(f"/en/cocreation/calls/{in_review.pk}/manage/").content.decode()
    assert "80.00" in manage


def test_said_selects_publishes_and_khadija_reads_her_scores_and_reasons(
    in_review, submitted, rachid, fatima, said, khadija
):
    assignment = services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    services.conflict_declare(assignment=assignment, conflict=False, actor=fatima)
    criteria = list(in_review.criteria.order_by("position"))
    services.scores_record(
        assignment=assignment,
        scores={c.pk: (v, "Bien argumenté") for c, v in zip(criteria, [4, 5, 6], strict=True)},
        actor=fatima,
    )
    client = logged_in(said)
    client.post(
        f"/en/cocreation/calls/{in_review.pk}/select/",
        {"application": submitted.pk, "selected": "1", "amount": "70000", "reasons": "Projet solide."},
    )
    client.post(f"/en/cocreation/calls/{in_review.pk}/results/")
    page = logged_in(khadija).get(f"/en/cocreation/applications/{submitted.pk}/").content.decode()
    assert "Projet solide." in page and "80.00" in page and "Bien argumenté" in page
    public = Client().get(f"/en/cocreation/calls/{in_review.pk}/").content.decode()
    assert "Couture solidaire" in public and "70000" in public
    assert Client().get(f"/en/cocreation/projects/{submitted.pk}/").status_code == 200
    csv = Client().get(f"/en/cocreation/calls/{in_review.pk}/open-data.csv")
    body = csv.content.decode("utf-8-sig")
    assert submitted.number in body and khadija.email not in body and "Bien argumenté" not in body


def test_scores_stay_hidden_from_the_applicant_before_results(in_review, submitted, khadija):
    page = logged_in(khadija).get(f"/en/cocreation/applications/{submitted.pk}/").content.decode()
    assert "Decision and scores" not in page


def test_rachid_creates_a_call_in_the_browser_form(settat, rachid):
    response = logged_in(rachid).post(
        f"/en/cocreation/in/{settat.code}/new/",
        {
            "title": "Appel jeunesse",
            "theme": "Sport",
            "envelope": "100000",
            "max_per_project": "200000",
            "cofinancing_min_percent": "10",
            "min_years_constituted": "0",
            "questions_until": "2026-03-20",
            "submission_opens": "2026-03-01",
            "submission_until": "2026-03-31",
            "review_until": "2026-04-30",
            "results_on": "2026-05-15",
        },
    )
    assert response.status_code == 200 and "cannot exceed the envelope" in response.content.decode()
    assert not Call.objects.exists()


def test_amina_cannot_open_the_call_form(settat, amina):
    assert logged_in(amina).get(f"/en/cocreation/in/{settat.code}/new/").status_code == 403


def test_figures_page_flags_late_reports(in_review, submitted, said, rachid):
    services.selection_record(application=submitted, selected=True, reasons="Ok", amount=D("80000"), actor=said)
    services.results_publish(call=in_review, actor=said)
    agreement = services.agreement_create(
        application=submitted,
        amount=D("80000"),
        signed_on=dt.date(2026, 5, 20),
        ends_on=dt.date(2026, 12, 31),
        obligations="Rapports",
        actor=rachid,
    )
    services.report_schedule(agreement=agreement, kind="activity", due_on=dt.date(2026, 3, 1), actor=rachid)
    page = Client().get(f"/en/cocreation/in/{in_review.collectivity.code}/figures/").content.decode()
    assert "Late reports" in page and "Couture solidaire" in page


def test_arabic_pages_render(call):
    assert Client().get(f"/ar/cocreation/calls/{call.pk}/").status_code == 200


def test_complete_helper_is_enough_to_submit(draft, khadija):
    complete(draft, khadija)
    assert services.application_submit(application=draft, actor=khadija).number


def test_rachid_sees_the_calls_he_runs_and_amina_none(call, rachid, amina):
    assert call.title[:20] in logged_in(rachid).get("/en/cocreation/mine/").content.decode().replace("&#x27;", "'")
    assert "Calls I run" not in logged_in(amina).get("/en/cocreation/mine/").content.decode()


def test_the_public_call_page_keeps_a_query_budget(call, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert Client().get(f"/en/cocreation/calls/{call.pk}/").status_code == 200
    with django_assert_max_num_queries(3):
        assert Client().get("/en/cocreation/").status_code == 200


def test_the_open_data_registry_serves_the_projects_without_personal_data(in_review, submitted, said, khadija):
    services.selection_record(application=submitted, selected=True, reasons="Bon", amount=D("80000"), actor=said)
    services.results_publish(call=in_review, actor=said)
    response = Client().get("/en/open-data/cocreation.projects.csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert submitted.number in text and khadija.email not in text and khadija.last_name not in text
