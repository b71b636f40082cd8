"""Rachid writes Settat's news and calls; Amina and Youssef read them in their language."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from freezegun import freeze_time

from tadafur.bodies.tests.conftest import PDF_BYTES
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.news import services
from tadafur.news.models import NewsItem
from tadafur.news.states import NewsStatus
from tadafur.news.tests.conftest import photo_with_gps

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def _item(settat, rachid, **extra):
    data = {
        "collectivity": settat,
        "kind": "news",
        "titles": {"ar": "افتتاح المكتبة الجماعية", "fr": "Ouverture de la bibliothèque communale"},
        "texts": {"ar": "تفتح المكتبة أبوابها يوم السبت.", "fr": "La bibliothèque ouvre samedi."},
        "actor": rachid,
        "publish": True,
    }
    if "titles" in extra:
        data["texts"] = {}
    data.update(extra)
    return services.news_create(**data)


def test_amina_reads_french_and_youssef_falls_back_to_arabic_with_a_notice(settat, rachid):
    item = _item(settat, rachid)
    fr = Client().get(f"/fr/news/{item.pk}/").content.decode()
    assert "La bibliothèque ouvre samedi." in fr
    assert 'id="fallback"' not in fr
    zgh = Client().get(f"/en/news/{item.pk}/").content.decode()
    assert "تفتح المكتبة أبوابها يوم السبت." in zgh
    assert "Shown in العربيّة" in zgh
    assert 'lang="ar" dir="rtl"' in zgh


def test_french_only_news_falls_back_to_french_for_an_arabic_reader(settat, rachid):
    item = _item(settat, rachid, titles={"fr": "Coupure d'eau"}, texts={"fr": "Mardi matin."})
    shown = item.localized("ar")
    assert (shown.language, shown.title, shown.is_fallback) == ("fr", "Coupure d'eau", True)


def test_the_api_says_which_language_is_shown(settat, rachid):
    item = _item(settat, rachid, titles={"fr": "Coupure d'eau", "zgh": "ⴰⵎⴰⵏ"})
    data = Client().get(f"/api/v1/news/{item.pk}?lang=en").json()
    assert (data["language"], data["is_fallback"], data["languages"]) == ("fr", True, ["fr", "zgh"])
    assert Client().get(f"/api/v1/news/{item.pk}?lang=zgh").json()["title"] == "ⴰⵎⴰⵏ"


def test_a_call_for_participation_needs_a_deadline_and_is_an_open_item(settat, rachid):
    with pytest.raises(ValidationFailed) as exc:
        _item(settat, rachid, kind="call")
    assert "deadline" in exc.value.errors
    with freeze_time("2026-03-01"):
        call = _item(settat, rachid, kind="call", deadline=dt.date(2026, 3, 31))
        from tadafur.core import registry

        assert [url for _label, url in registry.get("news").open_items(settat)] == [call.get_absolute_url()]
    with freeze_time("2026-04-01"):
        assert registry.get("news").open_items(settat) == []


def test_a_text_needs_its_title_and_some_title_is_needed(settat, rachid):
    with pytest.raises(ValidationFailed):
        _item(settat, rachid, titles={}, texts={})
    with pytest.raises(ValidationFailed) as exc:
        _item(settat, rachid, titles={"ar": "عنوان"}, texts={"fr": "Texte sans titre"})
    assert "title_fr" in exc.value.errors


def test_amina_cannot_publish_news(settat, amina):
    with pytest.raises(NotAllowed):
        _item(settat, amina)


def test_the_picture_is_re_encoded_without_its_metadata(settat, rachid):
    from PIL import Image

    client = logged_in(rachid)
    response = client.post(
        f"/en/news/in/{settat.code}/new/",
        {
            "kind": "news",
            "title_ar": "حملة النظافة",
            "text_ar": "حملة نظافة بالأحياء",
            "image": SimpleUploadedFile("IMG_2041 amina home.jpg", photo_with_gps(), content_type="image/jpeg"),
            "attachment": SimpleUploadedFile("programme.pdf", PDF_BYTES, content_type="application/pdf"),
            "publish": "on",
        },
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.status == NewsStatus.PUBLISHED
    assert "amina" not in item.image.name and item.image.name.endswith(".jpg")
    with Image.open(item.image.path) as img:
        assert img.format == "JPEG"
        assert max(img.size) <= 1600
        assert not img.getexif()
    assert item.attachment.name.endswith(".pdf")


def test_a_fake_picture_is_refused_on_the_form(settat, rachid):
    client = logged_in(rachid)
    response = client.post(
        f"/en/news/in/{settat.code}/new/",
        {"kind": "news", "title_ar": "خبر", "image": SimpleUploadedFile("x.jpg", b"not an image")},
    )
    assert response.status_code == 200
    assert "not a picture" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_publish_and_unpublish_are_audited_and_drafts_are_hidden(settat, rachid):
    item = _item(settat, rachid, publish=False)
    assert Client().get(f"/fr/news/{item.pk}/").status_code == 404
    assert "Ouverture" not in Client().get(f"/fr/news/in/{settat.code}/").content.decode()
    client = logged_in(rachid)
    client.post(f"/fr/news/{item.pk}/publish/")
    assert "Ouverture" in Client().get(f"/fr/news/in/{settat.code}/").content.decode()
    client.post(f"/fr/news/{item.pk}/unpublish/")
    assert Client().get(f"/fr/news/{item.pk}/").status_code == 404
    assert list(
        AuditEntry.objects.filter(action__startswith="newsitem.").values_list("action", flat=True).order_by("pk")
    ) == [
        "newsitem.published",
        "newsitem.unpublished",
    ]


def test_atom_feed_lists_published_news(settat, rachid):
    _item(settat, rachid)
    _item(settat, rachid, titles={"fr": "Brouillon"}, publish=False)
    feed = Client().get(f"/fr/news/in/{settat.code}/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Ouverture de la bibliothèque communale" in body and "Brouillon" not in body


def test_staff_create_news_through_the_api(settat, rachid, amina):
    payload = {
        "collectivity": settat.code,
        "kind": "call",
        "titles": {"fr": "Appel"},
        "deadline": "2030-01-01",
        "publish": True,
    }
    citizen = logged_in(amina)
    assert citizen.post("/api/v1/news/", payload, content_type="application/json").status_code == 403
    staff = logged_in(rachid)
    response = staff.post("/api/v1/news/", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "published"
    listed = Client().get(f"/api/v1/news/?collectivity={settat.code}&kind=call").json()
    assert [n["title"] for n in listed] == ["Appel"]
    bad = staff.post("/api/v1/news/", {**payload, "deadline": None}, content_type="application/json")
    assert bad.status_code == 422


def test_amina_who_follows_settat_hears_of_published_news_once(
    settat, rachid, amina, django_capture_on_commit_callbacks
):
    from tadafur.notifications.models import Notification
    from tadafur.notifications.services import follow_create

    follow_create(user=amina, obj=settat, channels=["in_app"])
    item = _item(settat, rachid, publish=False)
    assert not Notification.objects.filter(user=amina).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(item=item, actor=rachid)
    item.refresh_from_db()
    services.news_unpublish(item=item, actor=rachid)
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(item=item, actor=rachid)
    notes = list(Notification.objects.filter(user=amina))
    assert len(notes) == 1
    assert "افتتاح المكتبة الجماعية" in notes[0].subject or "Ouverture" in notes[0].subject
