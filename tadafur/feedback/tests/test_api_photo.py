"""The reporter adds the report's photo through the API (multipart): re-encoded without its EXIF,
a disguised PDF or an oversized file refused in the request's language, others refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tadafur.core.models import AuditEntry
from tadafur.feedback import services
from tadafur.feedback.tests.conftest import make_report, photo_with_gps

pytestmark = pytest.mark.django_db


def logged_in(user, **headers):
    client = Client(**headers)
    client.force_login(user)
    return client


def _send(client, report, content, name="photo.jpg", kind="image/jpeg"):
    return client.post(
        f"/api/v1/feedback/{report.pk}/photo", {"photo": SimpleUploadedFile(name, content, content_type=kind)}
    )


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 120, 200, 128)).save(out, format="PNG")
    return out.getvalue()


def test_a_jpeg_is_re_encoded_without_its_exif_and_shown_in_the_report(settat, amina):
    report = make_report(settat, amina)
    response = _send(logged_in(amina), report, photo_with_gps())
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert response.json()["photo"] == report.photo.url and report.photo.name.endswith(".jpg")
    assert "photo.jpg" not in report.photo.name  # never the uploader's file name
    with Image.open(report.photo) as img:
        assert img.format == "JPEG"
        assert not img.getexif()  # no GPS position, no camera make
    assert AuditEntry.objects.filter(action="feedback.photo", object_id=str(report.pk)).exists()
    assert Client().get(f"/api/v1/feedback/{report.pk}").json()["photo"] == report.photo.url


def test_a_png_is_accepted_as_a_jpeg_and_a_second_photo_replaces_the_first(
    settat, amina, django_capture_on_commit_callbacks
):
    report = make_report(settat, amina)
    client = logged_in(amina)
    assert _send(client, report, photo_with_gps()).status_code == 200
    report.refresh_from_db()
    first = report.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(client, report, _png(), name="street.png", kind="image/png").status_code == 200
    report.refresh_from_db()
    assert report.photo.name != first
    assert not report.photo.storage.exists(first)  # the replaced file is gone
    with Image.open(report.photo) as img:
        assert img.format == "JPEG" and img.size == (40, 30)


def test_a_pdf_renamed_jpg_is_refused_with_a_422_in_the_users_language(settat, amina):
    report = make_report(settat, amina)
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    response = _send(logged_in(amina, HTTP_ACCEPT_LANGUAGE="fr"), report, pdf)
    assert response.status_code == 422
    assert response.json()["errors"]["photo"] == ["Ce fichier n’est pas une image (JPEG, PNG, WebP ou GIF)."]
    arabic = _send(logged_in(amina, HTTP_ACCEPT_LANGUAGE="ar"), report, pdf)
    assert arabic.status_code == 422 and arabic.json()["detail"] == "هذا الملف ليس صورة (JPEG أو PNG أو WebP أو GIF)."
    report.refresh_from_db()
    assert not report.photo


def test_a_file_over_8_mb_is_refused_before_it_is_decoded(settat, amina):
    report = make_report(settat, amina)
    big = photo_with_gps() + b"\0" * (8 * 1024 * 1024)
    response = _send(logged_in(amina, HTTP_ACCEPT_LANGUAGE="fr"), report, big)
    assert response.status_code == 422
    assert response.json()["errors"]["photo"] == ["Le fichier dépasse 8 Mo."]
    report.refresh_from_db()
    assert not report.photo


def test_only_the_reporter_adds_a_photo_and_only_while_the_report_is_open(settat, amina, khadija, rachid):
    report = make_report(settat, amina)
    assert Client().post(f"/api/v1/feedback/{report.pk}/photo").status_code == 401
    refused = _send(logged_in(khadija, HTTP_ACCEPT_LANGUAGE="en"), report, photo_with_gps())
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the person who reported the problem can add its photo."
    assert _send(logged_in(rachid), report, photo_with_gps()).status_code == 403  # staff neither
    services.report_resolve(report=report, note="Replaced the bulb.", actor=rachid)
    closed = _send(logged_in(amina, HTTP_ACCEPT_LANGUAGE="en"), report, photo_with_gps())
    assert closed.status_code == 403 and "while the report is open" in closed.json()["detail"]
    report.refresh_from_db()
    assert not report.photo
    missing = logged_in(amina).post("/api/v1/feedback/999999/photo", {"photo": SimpleUploadedFile("a.jpg", b"x")})
    assert missing.status_code == 404
