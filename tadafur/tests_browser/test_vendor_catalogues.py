"""Django's and allauth's own strings (form labels, validation and password messages, month
names) in our languages, from locale/vendor/ (LOCALE_PATHS after locale/).

Without them a /zgh/ page mixes Tifinagh with Arabic: Django and allauth ship no zgh catalogue,
so their msgids fall back to LANGUAGE_CODE (ar). And Django's Arabic month names are the
Mashriq ones (يوليو، أغسطس), not those used in Morocco (يوليوز، غشت).
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

VENDOR = Path(django_settings.BASE_DIR) / "locale" / "vendor"
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
TIFINAGH_LETTER = re.compile(r"[\u2D30-\u2D7F]")


def _compile(tmp_path: Path) -> Path:
    """The vendor .po files compiled into tmp_path (the test does not rely on a stale .mo)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: apt-get install gettext (compilemessages needs it too)"
    for po in VENDOR.glob("*/LC_MESSAGES/django.po"):
        target = tmp_path / po.relative_to(VENDOR).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([msgfmt, "--check", "-o", str(target), str(po)], check=True)
    return tmp_path


@pytest.fixture
def vendor_catalogues(settings: Any, tmp_path: Path) -> Path:
    # Changing LOCALE_PATHS through the settings fixture resets Django's translation caches
    # (django.test.signals), both now and when the test ends.
    compiled = _compile(tmp_path)
    settings.LOCALE_PATHS = [Path(settings.BASE_DIR) / "locale", compiled]
    return compiled


def _labels(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", label).strip() for label in re.findall(r"<label\b[^>]*>(.*?)</label>", html, re.S)
    ]


@pytest.mark.django_db
def test_the_zgh_login_form_speaks_tifinagh_only(client: Client, vendor_catalogues: Path) -> None:
    html = client.get("/zgh/accounts/login/").content.decode()
    labels = _labels(html)
    assert len(labels) >= 3, labels  # login, password, remember me
    for label in labels:
        assert not ARABIC_LETTER.search(label), f"Arabic in a zgh label: {label!r}"
        assert TIFINAGH_LETTER.search(label), f"label not in Tifinagh: {label!r}"
    password = re.search(r'<label for="id_password">(.*?)</label>', html, re.S)
    assert password and "ⴰⵡⴰⵍ ⵏ ⵓⵣⵔⴰⵢ" in password.group(1)
    placeholders = re.findall(r'placeholder="([^"]*)"', html)
    assert placeholders and not any(ARABIC_LETTER.search(p) for p in placeholders), placeholders


@pytest.mark.django_db
def test_zgh_validation_and_password_messages_are_in_tifinagh(client: Client, vendor_catalogues: Path) -> None:
    html = client.post("/zgh/accounts/login/", {"login": "", "password": ""}).content.decode()
    required = " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))
    assert TIFINAGH_LETTER.search(required) and not ARABIC_LETTER.search(required), required
    html = client.post(
        "/zgh/accounts/signup/", {"email": "nadia@example.ma", "password1": "1234", "password2": "1234"}
    ).content.decode()
    errors = " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))
    assert "ⵉⵎⵥⵥⵉ ⴱⴰⵀⵔⴰ" in errors and "ⵖⴰⵙ ⵉⵎⴹⴰⵏ" in errors  # too short, entirely numeric
    assert not ARABIC_LETTER.search(re.sub(r"<[^>]+>", "", errors)), errors


@pytest.mark.django_db
def test_without_the_vendor_catalogue_zgh_falls_back_to_arabic(client: Client, settings: Any) -> None:
    # The reason the vendor catalogue exists: the project's catalogue alone leaves these in Arabic.
    settings.LOCALE_PATHS = [Path(settings.BASE_DIR) / "locale"]
    html = client.post(
        "/zgh/accounts/signup/", {"email": "nadia@example.ma", "password1": "1234", "password2": "1234"}
    ).content.decode()
    errors = " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))
    assert ARABIC_LETTER.search(errors), errors


def test_dates_use_moroccan_month_names_in_arabic_and_tifinagh(vendor_catalogues: Path) -> None:
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("ar"):
        assert "يوليوز" in date_format(date(2026, 7, 14), "j F Y")
        assert "غشت" in date_format(date(2026, 8, 1), "F")
        assert "شتنبر" in date_format(date(2026, 9, 1), "N")  # abbreviated month (AP style)
    with translation.override("zgh"):
        assert date_format(date(2026, 12, 1), "F") == "ⴷⵓⵊⴰⵏⴱⵉⵔ"


def test_every_vendor_msgid_exists_in_the_installed_django_or_allauth(tmp_path: Path) -> None:
    # After upgrading Django or allauth a renamed msgid would silently stop translating.
    import allauth
    import django

    known: set[Any] = set()
    for package in (Path(django.__file__).parent, Path(allauth.__file__).parent):
        for mo in package.glob("**/locale/fr/LC_MESSAGES/django.mo"):
            with mo.open("rb") as f:
                known |= set(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]
    compiled = _compile(tmp_path)
    for lang in ("zgh", "ar"):
        with (compiled / lang / "LC_MESSAGES" / "django.mo").open("rb") as f:
            ours = {key for key in gettext.GNUTranslations(f)._catalog if key != ""}  # type: ignore[attr-defined]
        assert ours, lang
        missing = {key for key in ours if key not in known}
        assert not missing, f"{lang}: msgids no longer used by Django/allauth: {sorted(map(str, missing))}"
