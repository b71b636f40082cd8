"""Through HTTP: Amina asks Settat, Rachid handles it at the desk, the public register and its
CSV show the request without Amina's name, contact or original wording."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time

from tadafur.inforequests import services
from tadafur.inforequests.models import InfoRequest
from tadafur.inforequests.states import RequestStatus
from tadafur.inforequests.tests.conftest import PDF_BYTES, file_request

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_amina_files_a_request_and_sees_its_status_and_deadline(settat, amina):
    client = logged_in(amina)
    page = client.get(f"/en/information-requests/in/{settat.code}/new/").content.decode()
    assert "20 working days" in page
    with freeze_time("2026-12-01 10:00"):
        response = client.post(
            f"/en/information-requests/in/{settat.code}/new/",
            {"subject": "Budget 2026", "text": "The adopted budget, please.", "answer_format": "electronic"},
        )
    request = InfoRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    own = client.get("/en/information-requests/mine/").content.decode()
    assert request.reference in own and "Received" in own and "2026-12-29" in own


def test_an_empty_request_is_explained_not_filed(settat, amina):
    response = logged_in(amina).post(f"/en/information-requests/in/{settat.code}/new/", {"subject": "", "text": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_the_register_hides_the_requester_and_the_original_wording(settat, amina, rachid, client):
    request = file_request(settat, amina)
    register = client.get(f"/en/information-requests/in/{settat.code}/").content.decode()
    assert request.reference in register and "Subject being reviewed for personal data" in register
    services.inforequest_acknowledge(
        request=request, public_subject="Budget 2026", public_text="The 2026 budget.", actor=rachid
    )
    services.inforequest_answer(
        request=request,
        answer_text="Dear Mrs El Idrissi, here it is.",
        public_answer="Here is the budget.",
        answer_file=SimpleUploadedFile("budget.pdf", PDF_BYTES),
        actor=rachid,
    )
    for url in (f"/en/information-requests/in/{settat.code}/", request.get_absolute_url(), "/en/information-requests/"):
        page = client.get(url).content.decode()
        assert "Budget 2026" in page
        for personal in ("Amina", "El Idrissi", "06 11 22 33 44", amina.email, "Dear Mrs"):
            assert personal not in page, (url, personal)
    csv = client.get(f"/en/information-requests/in/{settat.code}/register.csv")
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Budget 2026" in text and "Here is the budget." in text
    for personal in ("Amina", "El Idrissi", "06 11 22 33 44", amina.email):
        assert personal not in text


def test_the_requester_sees_her_request_as_filed(settat, amina, youssef):
    request = file_request(settat, amina)
    assert "06 11 22 33 44" in logged_in(amina).get(request.get_absolute_url()).content.decode()
    assert "06 11 22 33 44" not in logged_in(youssef).get(request.get_absolute_url()).content.decode()


def test_the_register_csv_is_safe_for_spreadsheets(settat, amina, rachid, client):
    request = file_request(settat, amina)
    services.inforequest_acknowledge(request=request, public_subject='=HYPERLINK("x")', actor=rachid)
    text = client.get("/en/information-requests/register.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_overdue_requests_are_flagged_in_the_register(settat, amina, client):
    with freeze_time("2026-12-01 10:00"):
        file_request(settat, amina)
    with freeze_time("2026-12-30 10:00"):
        page = client.get(f"/en/information-requests/in/{settat.code}/?overdue=on").content.decode()
    assert "Overdue" in page and "DAI-2026" in page
    with freeze_time("2026-12-29 10:00"):
        page = client.get(f"/en/information-requests/in/{settat.code}/?overdue=on").content.decode()
    assert "DAI-2026" not in page


def test_rachid_handles_a_request_from_the_desk(settat, amina, rachid):
    request = file_request(settat, amina)
    client = logged_in(rachid)
    desk = client.get(f"/en/information-requests/in/{settat.code}/desk/").content.decode()
    assert request.reference in desk
    client.post(f"/en/information-requests/{request.pk}/acknowledge/", {"public_subject": "Budget 2026"})
    client.post(f"/en/information-requests/{request.pk}/extend/", {"reason": "Large file"})
    response = client.post(f"/en/information-requests/{request.pk}/extend/", {"reason": "Again"}, follow=True)
    assert "only once" in response.content.decode()
    client.post(f"/en/information-requests/{request.pk}/refuse/", {"ground": "", "reasons": "No"})
    request.refresh_from_db()
    assert request.status == RequestStatus.EXTENDED
    client.post(
        f"/en/information-requests/{request.pk}/refuse/", {"ground": "deliberations", "reasons": "Not adopted yet."}
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED and request.refusal_ground == "deliberations"


def test_rachid_files_for_a_walk_in_visitor(settat, rachid):
    client = logged_in(rachid)
    response = client.post(
        f"/en/information-requests/in/{settat.code}/desk/",
        {
            "subject": "Plan",
            "text": "Town plan",
            "answer_format": "paper",
            "on_behalf_name": "Hajj Ahmed",
            "consent": "on",
        },
    )
    request = InfoRequest.objects.get()
    assert response.status_code == 302 and request.requester_name == "Hajj Ahmed" and request.consent_recorded


def test_a_citizen_cannot_open_the_desk_or_acknowledge(settat, amina):
    request = file_request(settat, amina)
    client = logged_in(amina)
    assert client.get(f"/en/information-requests/in/{settat.code}/desk/").status_code == 403
    client.post(f"/en/information-requests/{request.pk}/acknowledge/", {"public_subject": "Mine"})
    request.refresh_from_db()
    assert request.status == RequestStatus.FILED


def test_the_register_page_costs_the_same_queries_for_one_or_twenty_requests(
    settat, amina, client, django_assert_max_num_queries
):
    file_request(settat, amina)
    url = f"/en/information-requests/in/{settat.code}/"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(19):
        file_request(settat, amina)
    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_the_pages_render_in_arabic_right_to_left(settat, amina):
    request = file_request(settat, amina)
    client = logged_in(amina)
    for url in (
        f"/ar/information-requests/in/{settat.code}/",
        f"/ar/information-requests/in/{settat.code}/new/",
        f"/ar/information-requests/{request.pk}/",
        "/ar/information-requests/mine/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'dir="rtl"' in response.content.decode(), url
