"""Short codes: unambiguous alphabet, unique, stable; the tiny status page in Arabic and French; the poster."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tadafur.reach import codes, services
from tadafur.reach.models import ShortCode

pytestmark = pytest.mark.django_db


def test_the_alphabet_has_no_ambiguous_characters():
    assert not set("01OIL U") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 30


@given(st.integers(min_value=0, max_value=200))
def test_drawn_codes_are_six_valid_characters(_n):
    code = codes.new_code()
    assert len(code) == 6 and codes.is_valid(code)


def test_a_code_never_looks_like_a_cnie_number(monkeypatch):
    from tadafur.core.pii import CNIE_IN_TEXT

    draws = iter("T49434" + "AB2345" + "T4A434")  # two CNIE-shaped draws, then a good one
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: next(draws))
    code = codes.new_code()
    assert code == "T4A434" and not CNIE_IN_TEXT.search(code)


def test_typing_is_forgiving_but_ambiguous_characters_are_never_valid():
    assert codes.normalise(" abc-234 ") == "ABC234"
    assert not codes.is_valid("ABC10O") and not codes.is_valid("ABC23")


def test_a_code_is_stored_once_and_stable(petition):
    code = services.shortcode_for(petition)
    assert services.shortcode_for(petition) == code
    assert ShortCode.objects.filter(code=code).count() == 1


def test_codes_are_unique_even_when_the_draw_collides(petition, amina, settat, monkeypatch):
    from tadafur.petitions.tests.helpers import collecting

    first = services.shortcode_for(petition)
    draws = iter([first, first, "XYZ234"])
    monkeypatch.setattr(codes, "new_code", lambda: next(draws))
    other = collecting(amina, settat, title="Autre")
    assert services.shortcode_for(other) == "XYZ234"


def test_status_page_in_arabic_and_french(client, petition):
    code = services.shortcode_for(petition)
    fr = client.get(f"/s/{code}?lang=fr")
    assert fr.status_code == 200 and fr["Content-Language"] == "fr"
    body = fr.content.decode()
    assert petition.title in body and "Signatures" in body and "/fr/petitions/" in body
    assert len(fr.content) < 5000 and "<script" not in body and "stylesheet" not in body
    ar = client.get(f"/s/{code}", HTTP_ACCEPT_LANGUAGE="ar")
    assert ar["Content-Language"] == "ar" and 'dir="rtl"' in ar.content.decode()
    assert "/ar/petitions/" in ar.content.decode()


def test_plain_text_and_lowercase_codes(client, petition):
    code = services.shortcode_for(petition)
    txt = client.get(f"/s/{code.lower()}?txt&lang=fr")
    assert txt["Content-Type"].startswith("text/plain")
    assert petition.title in txt.content.decode() and "http://testserver/fr/petitions/" in txt.content.decode()


def test_the_code_form_finds_a_page_or_explains(client, petition):
    code = services.shortcode_for(petition)
    assert client.get("/s/").status_code == 200
    found = client.get("/s/", {"code": f"{code[:3]} {code[3:]}".lower()})
    assert found.status_code == 302 and found["Location"] == f"/s/{code}"
    missing = client.get("/s/", {"code": "ZZZZZZ", "lang": "en"})
    assert missing.status_code == 404 and "No page has this code" in missing.content.decode()
    in_french = client.get("/s/", {"code": "ZZZZZZ", "lang": "fr"})
    assert in_french.status_code == 404 and "No page has this code" not in in_french.content.decode()


def test_a_draft_has_no_public_status_page(client, amina, settat):
    from tadafur.petitions.tests.helpers import draft

    code = services.shortcode_for(draft(amina, settat))
    assert client.get(f"/s/{code}").status_code == 404


def test_poster_is_a_pdf_with_the_code(client, petition):
    from tadafur.bodies.tests.pdftext import PdfText

    code = services.shortcode_for(petition)
    response = client.get(f"/s/{code}/poster.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = PdfText(response.content)
    assert text.contains(code[:3]) and text.contains(code[3:])
    assert text.contains(f"/s/{code}")
    assert text.contains("Essalam")  # the title, in the French half
    assert any("Arabic" in name for name in text.font_names)


def test_the_poster_fits_one_a4_sheet(petition):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from tadafur.core.pdf import _font_css
    from tadafur.reach import poster, registry

    fonts = FontConfiguration()
    html = poster.poster_html("ABC234", petition, registry.for_object(petition), base_url="https://tadafur.ma")
    document = HTML(string=html).render(stylesheets=[CSS(string=_font_css(), font_config=fonts)], font_config=fonts)
    assert len(document.pages) == 1


def test_the_api_names_the_object_and_its_status(client, petition):
    code = services.shortcode_for(petition)
    data = client.get(f"/api/v1/s/{code}?lang=fr").json()
    assert data["type"] == "petitions.petition" and data["id"] == petition.pk
    assert any(line["label"] == "Signatures" for line in data["lines"])
    assert client.get("/api/v1/s/ZZZZZZ").status_code == 404


def test_pages_link_to_their_code_which_is_drawn_once_then_shown(client, petition):
    link = f"/s/to/petitions.petition/{petition.pk}"
    assert link in client.get(petition.get_absolute_url()).content.decode()
    assert not ShortCode.objects.exists()  # showing a page never writes
    response = client.get(link)
    code = ShortCode.objects.get().code
    assert response.status_code == 302 and response["Location"] == f"/s/{code}"
    assert client.get(link + "?poster")["Location"] == f"/s/{code}/poster.pdf"
    page = client.get(petition.get_absolute_url()).content.decode()
    # The page's language goes along, so a French reader gets the code's page in French.
    assert f'href="/s/{code}?lang=ar"' in page and codes.pretty(code) in page
    assert client.get(link + "?lang=fr")["Location"] == f"/s/{code}?lang=fr"
    french = client.get(f"/s/{code}?lang=fr").content.decode()
    assert '<html lang="fr"' in french and f'href="{petition.get_absolute_url().replace("/ar/", "/fr/", 1)}"' in french


def test_private_objects_get_no_code(client, amina, settat):
    from tadafur.petitions.tests.helpers import draft

    assert client.get(f"/s/to/petitions.petition/{draft(amina, settat).pk}").status_code == 404
    assert client.get("/s/to/auth.user/1").status_code == 404
    assert not ShortCode.objects.exists()
