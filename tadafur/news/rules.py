"""Languages of a news item and the fallback order when a translation is missing (SPEC §9:
Arabic first, French second)."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("ar", "fr", "zgh", "en")
FALLBACK = ("ar", "fr")


def pick_language(available: Mapping[str, str], requested: str) -> str:
    """The language to show: the requested one, else Arabic, else French, else any written one
    (in LANGUAGES order); "" when nothing is written at all."""
    written = [lang for lang in LANGUAGES if (available.get(lang) or "").strip()]
    for lang in (requested, *FALLBACK, *written):
        if lang in written:
            return lang
    return ""
