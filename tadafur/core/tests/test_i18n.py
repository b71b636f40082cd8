"""The four interface languages: complete catalogues, right direction, switcher, fonts, number formats."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
LANGS = ("ar", "fr", "zgh", "en")


def _i18n_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_check", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    """Catalogue reports for the strings the code uses now (a fresh makemessages into a temp dir)."""
    check = _i18n_check()
    return {report.language: report for report in check.check(LANGS)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_interface_string_is_translated(reports: dict[str, Any], lang: str) -> None:
    report = reports[lang]
    assert report.total > 100, "makemessages found almost no strings: is the extraction broken?"
    problems = [f"untranslated: {m}" for m in report.missing] + [f"fuzzy: {m}" for m in report.fuzzy]
    problems += [f"error: {e}" for e in report.errors]
    assert not problems, (
        f"locale/{lang}/LC_MESSAGES/django.po is not complete ({len(problems)} problems). "
        "Run `.venv/bin/python scripts/i18n_check.py --update`, translate the empty msgstr "
        "(glossary: locale/TERMS.md), then re-run the check.\n  " + "\n  ".join(problems[:40])
    )


def test_catalogues_compile(tmp_path: Path) -> None:
    """msgfmt --check: placeholders such as %(name)s survive in every translation (as compilemessages does)."""
    for lang in LANGS:
        po = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        result = subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / f"{lang}.mo"), str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{po}: {result.stderr}"


def test_the_checker_names_what_is_missing(tmp_path: Path) -> None:
    """An empty msgstr, a missing plural form and a fuzzy entry are each reported by their msgid."""
    check = _i18n_check()
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Collectivities"\nmsgstr "Collectivités"\n\n'
        'msgctxt "territory kind"\nmsgid "Province"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Communes"\nmsgstr "Commune"\n\n'
        '#, python-format\nmsgid "%(counter)s result"\nmsgid_plural "%(counter)s results"\n'
        'msgstr[0] "%(counter)s résultat"\nmsgstr[1] ""\n\n'
        'msgid ""\n"Two "\n"lines"\nmsgstr ""\n"Deux "\n"lignes"\n',
        encoding="utf-8",
    )
    report = check.check_catalogue(po, "fr")
    assert report.total == 5
    assert report.missing == ["[territory kind] 'Province'", "'%(counter)s result'"]
    assert report.fuzzy == ["'Communes'"]


def _html_tag(html: str) -> str:
    match = re.search(r"<html[^>]*>", html)
    assert match, "no <html> tag"
    return match.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("zgh", "ltr"), ("en", "ltr")])
def test_each_language_prefix_serves_its_page(client: Client, lang: str, direction: str) -> None:
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    tag = _html_tag(response.content.decode())
    assert f'lang="{lang}"' in tag and f'dir="{direction}"' in tag


@pytest.mark.django_db
def test_pages_are_in_the_language_of_their_prefix(client: Client) -> None:
    texts = {lang: client.get(f"/{lang}/territories/").content.decode() for lang in LANGS}
    assert "الجماعات الترابية" in texts["ar"]
    assert "Collectivités" in texts["fr"]
    assert "ⵜⵉⴳⵔⴰⵡⵉⵏ" in texts["zgh"]
    assert "Collectivities" in texts["en"]


@pytest.mark.django_db
def test_language_switcher_keeps_the_page(client: Client, settat: Any) -> None:
    html = client.get(f"/fr/territories/{settat.code}/").content.decode()
    nav = re.search(r'<nav class="langs".*?</nav>', html, re.S)
    assert nav, "no language switcher"
    links = dict(re.findall(r'href="([^"]+)" hreflang="([^"]+)"', nav.group(0)))
    assert {v: k for k, v in links.items()} == {lang: f"/{lang}/territories/{settat.code}/" for lang in LANGS}
    for lang in LANGS:
        assert client.get(f"/{lang}/territories/{settat.code}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_tifinagh_font_only_on_amazigh_pages(client: Client, lang: str) -> None:
    html = client.get(f"/{lang}/").content.decode()
    assert ("tifinagh.css" in html) == (lang == "zgh")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ar", "171.556"), ("fr", "171\u00a0556"), ("zgh", "171\u202f556"), ("en", "171,556")],
)
def test_population_is_grouped_the_local_way(client: Client, settat: Any, lang: str, expected: str) -> None:
    assert settat.population_2024 == 171556
    html = client.get(f"/{lang}/territories/{settat.code}/").content.decode()
    assert expected in html
    assert ">171556<" not in html


@pytest.mark.django_db
def test_admin_login_is_right_to_left_in_arabic(client: Client) -> None:
    response = client.get("/ar/admin/login/")
    assert response.status_code == 200
    tag = _html_tag(response.content.decode())
    assert 'dir="rtl"' in tag and 'lang="ar"' in tag
