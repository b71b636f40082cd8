"""Uploaded documents of a body (internal rules, follow-up evidence): real PDFs of at most 5 MB."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_pdf_document(upload: Any) -> None:
    """The extension is not enough (a renamed file would pass): the first bytes must be `%PDF-`."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The document must be a PDF file (ending in .pdf)."), code="extension")
    size = getattr(upload, "size", None)
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="too_large")
    try:
        position = upload.tell()
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        upload.seek(position)
    except (AttributeError, OSError, ValueError):
        return  # an already stored file: nothing new to check
    if head != PDF_MAGIC:
        raise ValidationError(_("This file is not a PDF document."), code="magic")
