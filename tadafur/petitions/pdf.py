"""The filing receipt (وصل الإيداع / récépissé de dépôt) as a PDF, in Arabic and French.

Rendered on demand with WeasyPrint from templates/petitions/receipt_pdf.html (no file kept:
the receipt is fully determined by the filed petition). Arabic is shaped by WeasyPrint's
HarfBuzz with the Noto Naskh Arabic font installed on the server.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from tadafur.petitions import log, selectors
from tadafur.petitions.models import Petition


def _section(petition: Petition, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "petitions/receipt_pdf_section.html",
            {
                "petition": petition,
                "language": language,
                "direction": "rtl" if language == "ar" else "ltr",
                "territory_name": petition.territory.name if petition.territory else "",
                "answer_due": selectors.answer_due(petition),
                "root": log.current_root(petition),
            },
        )


def receipt_pdf(petition: Petition) -> bytes:
    """The receipt of a filed petition: one page in Arabic, one in French."""
    from weasyprint import HTML

    html = render_to_string(
        "petitions/receipt_pdf.html", {"sections": [_section(petition, "ar"), _section(petition, "fr")]}
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
