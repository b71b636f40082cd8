"""The yearly execution report as a PDF. WeasyPrint shapes Arabic (Pango/HarfBuzz) with the
Noto Naskh/Sans Arabic fonts of the system, as the bodies' minutes do."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from tadafur.core.pdf import html_to_pdf
from tadafur.programmes import selectors
from tadafur.programmes.models import Programme


def report_pdf(programme: Programme, year: int) -> bytes:

    context = selectors.execution_report(programme, year)
    html = render_to_string(
        "programmes/report_pdf.html",
        {
            **context,
            "collectivity": programme.collectivity,
            "rtl": translation.get_language_bidi(),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    return html_to_pdf(html)
