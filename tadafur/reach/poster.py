"""The printable poster (A4) of a public object: Arabic then French, big code and short URL.

No QR code: no QR library is among the project's dependencies (decision 0615); the code is
short enough to type, and the short URL is printed in full.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation

from tadafur.core import clock
from tadafur.core.pdf import html_to_pdf
from tadafur.reach import codes, selectors
from tadafur.reach.registry import Entry


def poster_pdf(code: str, obj: Any, entry: Entry, *, base_url: str) -> bytes:
    return html_to_pdf(poster_html(code, obj, entry, base_url=base_url))


def poster_html(code: str, obj: Any, entry: Entry, *, base_url: str) -> str:
    sections = []
    for language in ("ar", "fr"):
        with translation.override(language):
            status = selectors.status_of(code, obj, entry)
            sections.append(
                render_to_string(
                    "reach/poster_pdf_section.html",
                    {
                        "status": status,
                        "language": language,
                        "direction": "rtl" if language == "ar" else "ltr",
                        "pretty_code": codes.pretty(code),
                        "short_url": f"{base_url}/s/{code}",
                        "index_url": f"{base_url}/s/",
                        "printed": formats.date_format(clock.today(), "SHORT_DATE_FORMAT"),
                    },
                )
            )
    return render_to_string("reach/poster_pdf.html", {"sections": sections})
