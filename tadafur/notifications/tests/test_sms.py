"""SMS wording stays within two parts, ends with its link, and counts Arabic in UCS-2."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tadafur.accounts.sms import is_gsm7, sms_parts
from tadafur.notifications.kinds import sms_compose

URL = "https://tadafur.ma/ar/petitions/1234/"


def test_a_short_french_message_is_one_gsm7_sms_with_its_link():
    text = sms_compose("Petition %(title)s: %(status)s", {"title": "Eclairage public", "status": "Déposée"}, URL)
    assert text == f"Petition Eclairage public: Déposée {URL}"
    assert is_gsm7(text) and sms_parts(text) == 1


def test_a_short_arabic_message_fits_one_ucs2_sms():
    text = sms_compose("عريضة %(title)s: %(status)s", {"title": "الإنارة", "status": "مودعة"}, URL)
    assert not is_gsm7(text) and len(text) <= 70 and sms_parts(text) == 1


def test_a_long_arabic_title_is_cut_to_two_ucs2_parts_keeping_the_link():
    title = "إنارة الطريق الرئيسية لحي السلام وتأهيل الأرصفة وإحداث ممرات للراجلين قرب المدرسة الابتدائية " * 2
    text = sms_compose("عريضة %(title)s: %(status)s", {"title": title, "status": "مقبولة"}, URL)
    assert sms_parts(text) == 2 and len(text) <= 2 * 67
    assert text.endswith(URL) and "…" in text and "مقبولة" in text
    # As long as it may be: one more word would not have fitted in the two parts.
    assert len(text) > 2 * 67 - 14


def test_a_long_french_title_stays_in_gsm7_with_three_dots():
    title = "Eclairage de la route principale du quartier Essalam et amenagement des trottoirs " * 4
    text = sms_compose("Petition %(title)s: %(status)s", {"title": title, "status": "Acceptee"}, URL)
    assert is_gsm7(text) and sms_parts(text) == 2 and len(text) <= 306
    assert text.endswith(f"Acceptee {URL}") and "..." in text


def test_a_cedilla_switches_a_french_message_to_ucs2_and_it_is_counted_so():
    title = "Reçu de la commune pour la réfection des chaussées et des trottoirs " * 3
    text = sms_compose("Petition %(title)s: %(status)s", {"title": title, "status": "Reçue"}, URL)
    assert not is_gsm7(text) and sms_parts(text) <= 2 and len(text) <= 134


@given(st.text(max_size=400), st.sampled_from(["Petition %(title)s: %(status)s", "عريضة %(title)s: %(status)s"]))
def test_any_title_gives_at_most_two_parts_ending_with_the_link(title, template):
    text = sms_compose(template, {"title": title, "status": "ok"}, URL)
    assert sms_parts(text) <= 2
    assert text.endswith(URL)
