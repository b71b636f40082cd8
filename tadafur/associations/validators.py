"""Checks on uploaded statutes: a real PDF (extension and magic bytes), at most 5 MB."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STATUTES_MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_pdf(upload: Any) -> None:
    """Refuse a file that is not a PDF or is larger than 5 MB.

    The extension alone is not enough (a renamed image or executable would pass), so the first
    bytes must be the PDF signature `%PDF-`.
    """
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The statutes must be a PDF file (ending in .pdf)."), code="extension")
    size = getattr(upload, "size", None)
    if size is not None and size > STATUTES_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Please send a lighter scan."), code="too_large")
    try:
        position = upload.tell()
    except (AttributeError, OSError, ValueError):
        position = None
    try:
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
    except (AttributeError, OSError, ValueError):
        # An already stored file (no upload in this request): nothing new to check.
        return
    finally:
        if position is not None:
            try:
                upload.seek(position)
            except (AttributeError, OSError, ValueError):
                pass
    if head != PDF_MAGIC:
        raise ValidationError(_("This file is not a PDF document. Please upload the statutes as a PDF."), code="magic")
