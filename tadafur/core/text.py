"""Text folding for search that tolerates spelling variants in Arabic and French."""

from __future__ import annotations

import re
import unicodedata

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ء": "",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ڭ": "ك",
        "گ": "ك",
        "ڤ": "ف",
    }
)
_SEPARATORS = re.compile(r"[\s\-'’`_.,()/]+")


def fold(text: str) -> str:
    """Fold `text` to a search key: lower case, no accents, one Arabic letter per family.

    Arabic: alef/hamza forms → ا, ta marbuta → ه, alef maqsura → ي, diacritics and tatweel
    removed. Latin: accents and case removed. Separators collapse to one space.
    """
    # NFKC first: Arabic presentation forms and ligatures (e.g. U+FC03) become plain letters.
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold()
    return _SEPARATORS.sub(" ", text).strip()
