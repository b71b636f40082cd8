"""The session's minutes as a PDF (WeasyPrint shapes Arabic with the system's Noto fonts)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from tadafur.council.models import Session


def minutes_pdf(session: Session) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "council/minutes_pdf.html",
        {
            "session": session,
            "meeting": session.meeting,
            "collectivity": session.council.collectivity,
            "points": list(session.points.all()),
            "rtl": translation.get_language_bidi(),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    return HTML(string=html).write_pdf()
