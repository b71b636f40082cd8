"""The application receipt (وصل الإيداع / accusé de réception) as a PDF, in Arabic and French.

Rendered on demand with WeasyPrint (no file kept: the receipt is fully determined by the
submitted application). Arabic is shaped by HarfBuzz with the Noto Arabic fonts.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from tadafur.cocreation import selectors
from tadafur.cocreation.models import Application


def _section(application: Application, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "cocreation/receipt_section.html",
            {
                "application": application,
                "call": application.call,
                "budget": selectors.budget(application),
                "attachments": list(application.attachments.all()),
                "direction": "rtl" if language == "ar" else "ltr",
                "language": language,
                "association_name": application.association.name_ar
                if language == "ar"
                else application.association.name_fr,
            },
        )


def receipt_pdf(application: Application) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "cocreation/receipt_pdf.html",
        {"sections": [_section(application, "ar"), _section(application, "fr")], "number": application.number},
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
