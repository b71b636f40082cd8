"""The filing receipt (وصل الإيداع / récépissé de dépôt) as a PDF, in Arabic and French.

Rendered on demand with WeasyPrint from templates/petitions/receipt_pdf.html (no file kept:
the receipt is fully determined by the filed petition). Arabic is shaped by WeasyPrint's
HarfBuzz with the Noto Naskh Arabic font installed on the server.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from tadafur.core.pdf import html_to_pdf
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

    html = render_to_string(
        "petitions/receipt_pdf.html", {"sections": [_section(petition, "ar"), _section(petition, "fr")]}
    )
    return html_to_pdf(html)


def _dossier_section(petition: Petition, language: str, *, council_copy: bool) -> str:
    from tadafur.petitions import exports

    with translation.override(language):
        return render_to_string(
            "petitions/dossier_pdf_section.html",
            {
                "petition": petition,
                "language": language,
                "direction": "rtl" if language == "ar" else "ltr",
                "territory_name": petition.territory.name if petition.territory else "",
                "members": petition.members.select_related("user"),
                "answer_due": selectors.answer_due(petition),
                "root": log.current_root(petition),
                "log_size": petition.log_size,
                "counts": exports.counts(petition, suppress=not council_copy),
                "council_copy": council_copy,
            },
        )


def _dossier_list(petition: Petition) -> str:
    from tadafur.petitions import exports

    with translation.override("ar"):
        return render_to_string(
            "petitions/dossier_pdf_list.html",
            {"rows": exports.signature_list(petition), "petition": petition},
        )


def dossier_pdf(petition: Petition, *, council_copy: bool) -> bytes:
    """The filing dossier (issue 3 §8): the petition form, counts, the log root and date, in
    Arabic then French; the council copy adds the list of signers with names and CNIE numbers
    (decrypted now, never stored in clear), the public version has no personal data and
    suppresses counts under 5."""

    sections = [_dossier_section(petition, lang, council_copy=council_copy) for lang in ("ar", "fr")]
    if council_copy:
        sections.append(_dossier_list(petition))
    html = render_to_string("petitions/receipt_pdf.html", {"sections": sections})
    return html_to_pdf(html)
