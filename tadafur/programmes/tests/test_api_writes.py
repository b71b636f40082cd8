"""Programme writes through the API, and workshop photos: the same services and rules as the pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time
from PIL import Image

from tadafur.programmes.models import Programme, Project, Workshop
from tadafur.programmes.tests.conftest import OPENS

pytestmark = pytest.mark.django_db


def post(client, user, url, payload=None):
    client.force_login(user)
    return client.post(url, payload or {}, content_type="application/json")


def test_rachid_builds_a_programme_by_api(client, settat, rachid):
    response = post(client, rachid, "/api/v1/programmes/", {"collectivity": settat.code, "start_year": 2028})
    assert response.status_code == 201
    pid = response.json()["id"]
    assert post(client, rachid, f"/api/v1/programmes/{pid}/phase", {"to": "diagnosis"}).json()["phase"] == "diagnosis"
    workshop = post(
        client,
        rachid,
        f"/api/v1/programmes/{pid}/workshops",
        {"held_on": "2028-02-10", "place": "دار الشباب", "needs": "إنارة", "women_under_35": 12, "men_35_plus": 4},
    )
    assert workshop.status_code == 201 and Workshop.objects.get().total == 16
    axis = post(client, rachid, f"/api/v1/programmes/{pid}/axes", {"title_ar": "محور", "title_fr": "Axe"})
    project = {
        "title_ar": "مشروع",
        "title_fr": "Projet",
        "cost": "1000000",
        "first_three_years": "2000000",
        "start_year": 2028,
        "end_year": 2030,
    }
    refused = post(client, rachid, f"/api/v1/programmes/axes/{axis.json()['id']}/projects", project)
    assert refused.status_code == 422 and "first_three_years" in refused.json()["errors"]
    project["first_three_years"] = "400000"
    created = post(client, rachid, f"/api/v1/programmes/axes/{axis.json()['id']}/projects", project)
    assert created.status_code == 201
    progress = post(
        client,
        rachid,
        f"/api/v1/programmes/projects/{created.json()['id']}/progress",
        {"status": "in_progress", "progress": 30, "executed": "250000"},
    )
    assert progress.status_code == 200
    assert Project.objects.get().progress == 30


def test_a_citizen_cannot_write_a_programme_but_comments_during_the_consultation(
    client, in_consultation, axes, amina, settat
):
    assert (
        post(
            client, amina, f"/api/v1/programmes/{in_consultation.pk}/axes", {"title_ar": "x", "title_fr": "x"}
        ).status_code
        == 403
    )
    assert (
        post(client, amina, "/api/v1/programmes/", {"collectivity": settat.code, "start_year": 2028}).status_code == 403
    )
    with freeze_time(OPENS):
        comment = post(client, amina, f"/api/v1/programmes/{in_consultation.pk}/comments", {"text": "أقترح..."})
        assert comment.status_code == 201
        order = [a.pk for a in axes]
        assert (
            post(client, amina, f"/api/v1/programmes/{in_consultation.pk}/ranking", {"order": order}).status_code == 201
        )
        again = post(client, amina, f"/api/v1/programmes/{in_consultation.pk}/ranking", {"order": order})
        assert again.status_code == 422
    assert Programme.objects.count() == 1


def test_workshop_photos_are_re_encoded_and_shown_on_the_diagnosis(client, pac, rachid, amina, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    img = Image.new("RGB", (40, 30), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Phone Y"
    raw = io.BytesIO()
    img.save(raw, format="PNG", exif=exif)
    client.force_login(rachid)
    response = client.post(
        reverse("programmes:workshop", args=[pac.pk]),
        {
            "held_on": "2022-05-10",
            "place": "Dar Chabab",
            "women_under_35": "8",
            "women_35_plus": "5",
            "men_under_35": "3",
            "men_35_plus": "2",
            "needs": "Éclairage",
            "photo": SimpleUploadedFile("atelier.png", raw.getvalue(), content_type="image/png"),
            "photo_caption": "Atelier de diagnostic",
        },
    )
    assert response.status_code == 302
    photo = Workshop.objects.get().photos.get()
    assert photo.image.name.endswith(".jpg")
    with photo.image.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    client.force_login(amina)
    page = client.get(reverse("programmes:diagnosis", args=[pac.pk])).content.decode()
    assert photo.image.url in page and "Atelier de diagnostic" in page
    assert "Add the photo" not in page
    refused = client.post(
        reverse("programmes:workshop_photo", args=[photo.workshop_id]),
        {"photo": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")},
    )
    assert refused.status_code == 302 and Workshop.objects.get().photos.count() == 1
