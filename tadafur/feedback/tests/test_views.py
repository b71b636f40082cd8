"""Through HTTP: Amina reports with a photo (its EXIF removed), Rachid handles it, the public
list and map show it without Amina's name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tadafur.feedback import services
from tadafur.feedback.models import Report
from tadafur.feedback.states import ReportStatus
from tadafur.feedback.tests.conftest import make_report, photo_with_gps

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_photo_is_re_encoded_without_its_exif(settat, amina):
    raw = photo_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()  # the fixture does carry metadata
    response = logged_in(amina).post(
        f"/en/feedback/in/{settat.code}/new/",
        {
            "service": "lighting",
            "description": "The street light is out.",
            "address": "Avenue Hassan II",
            "latitude": "33.19",
            "longitude": "-7.64",
            "photo": SimpleUploadedFile("IMG_20261102_Amina.jpg", raw, content_type="image/jpeg"),
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    stored = report.photo.read()
    assert stored != raw and "Amina" not in report.photo.name
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and not img.getexif() and "exif" not in img.info
    assert b"PhoneMaker" not in stored


def test_a_file_that_is_not_a_picture_is_refused_with_a_reason(settat, amina):
    response = logged_in(amina).post(
        f"/en/feedback/in/{settat.code}/new/",
        {
            "service": "waste",
            "description": "Bins full.",
            "address": "Rue 12",
            "photo": SimpleUploadedFile("bins.jpg", b"not an image", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200 and not Report.objects.exists()
    assert "picture" in response.content.decode()


def test_half_a_point_is_explained(settat, amina):
    response = logged_in(amina).post(
        f"/en/feedback/in/{settat.code}/new/",
        {"service": "roads", "description": "Hole.", "address": "Route de Casablanca", "latitude": "33.2"},
    )
    assert response.status_code == 200 and "both the latitude and the longitude" in response.content.decode()


def test_the_public_list_and_map_show_reports_without_the_reporter(settat, amina, client):
    make_report(settat, amina, latitude="33.190000", longitude="-7.640000")
    make_report(settat, amina, service="roads", address="Route de Casablanca")
    page = client.get(f"/en/feedback/in/{settat.code}/").content.decode()
    assert "<svg" in page and page.count("<circle") == 1  # the report without a point is in the list only
    assert "Route de Casablanca" in page and "Avenue Hassan II" in page
    assert "Amina" not in page and "El Idrissi" not in page and amina.email not in page
    assert "How fast the commune responds" in page
    api = client.get(f"/api/v1/feedback/?commune={settat.code}")
    assert api.status_code == 200 and len(api.json()) == 2 and "Amina" not in api.content.decode()


def test_rachid_acknowledges_assigns_and_resolves_from_the_page(settat, amina, rachid):
    report = make_report(settat, amina)
    client = logged_in(rachid)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Handle the report" in page
    client.post(f"/en/feedback/{report.pk}/acknowledge/")
    client.post(f"/en/feedback/{report.pk}/assign/", {"service_name": "Lighting service", "agent": rachid.pk})
    response = client.post(f"/en/feedback/{report.pk}/resolve/", {"note": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    client.post(
        f"/en/feedback/{report.pk}/resolve/",
        {
            "note": "Bulb replaced.",
            "photo": SimpleUploadedFile("after.jpg", photo_with_gps(), content_type="image/jpeg"),
        },
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.assigned_agent == rachid
    with Image.open(report.resolution_photo) as img:
        assert not img.getexif()


def test_amina_cannot_handle_and_sees_the_reopen_form_once_resolved(settat, amina, rachid):
    report = make_report(settat, amina)
    client = logged_in(amina)
    assert "Handle the report" not in client.get(report.get_absolute_url()).content.decode()
    client.post(f"/en/feedback/{report.pk}/acknowledge/")
    report.refresh_from_db()
    assert report.status == ReportStatus.REPORTED
    services.report_resolve(report=report, note="Done.", actor=rachid)
    assert "Reopen the report" in client.get(report.get_absolute_url()).content.decode()
    client.post(f"/en/feedback/{report.pk}/reopen/", {"reason": "Still dark at night."})
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED


def test_the_api_creates_with_a_session_and_staff_move_it(settat, amina, rachid, client):
    payload = {"commune": settat.code, "service": "water", "description": "Leak", "address": "Place du marché"}
    assert client.post("/api/v1/feedback/", payload, content_type="application/json").status_code == 401
    created = logged_in(amina).post("/api/v1/feedback/", payload, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert logged_in(amina).post(f"/api/v1/feedback/{pk}/acknowledge").status_code == 403
    resolved = logged_in(rachid).post(
        f"/api/v1/feedback/{pk}/resolve", {"note": "Fixed"}, content_type="application/json"
    )
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolution_note"] == "Fixed"


def test_the_list_page_costs_the_same_queries_for_one_or_twenty_reports(
    settat, amina, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_report(settat, amina, latitude="33.190000", longitude="-7.640000")
    url = f"/en/feedback/in/{settat.code}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(19):
        make_report(settat, amina, latitude="33.200000", longitude="-7.630000")
    with django_assert_max_num_queries(len(one)):
        client.get(url)
