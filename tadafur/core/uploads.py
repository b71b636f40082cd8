"""The one upload pipeline for photos and documents (feedback photos, news images, workshop and
activity photos, attachments).

Images are never stored as sent: the type is sniffed from the bytes by Pillow (not from the
name or the browser's content type), the size and the pixel count are bounded, and the picture
is re-encoded as JPEG (photos) at most MAX_SIDE pixels wide, which drops every metadata block
(EXIF with GPS position, camera serial, XMP). Documents must be real PDFs (magic bytes).

    photo = ImageUploadField(required=False)          # in a form: cleaned_data["photo"] is a
                                                      # ContentFile ready for an ImageField/FileField
    clean_image(upload) -> ContentFile                 # the same, outside forms (API)
    clean_pdf(upload) -> upload                        # raises ValidationError
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # a decompression bomb is refused before decoding
MAX_SIDE = 1600
JPEG_QUALITY = 82
PDF_MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _read_all(upload: Any, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    try:
        upload.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    return data


def clean_image(upload: Any, *, max_side: int = MAX_SIDE) -> ContentFile:
    """Sniff, bound and re-encode an uploaded picture; returns a metadata-free JPEG file."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    data = _read_all(upload, IMAGE_MAX_BYTES)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not a picture (JPEG, PNG, WebP or GIF)."), code="not_image") from exc
    if kind not in ACCEPTED_IMAGE_FORMATS:
        raise ValidationError(_("This file is not a picture (JPEG, PNG, WebP or GIF)."), code="not_image")
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(_("The picture is too large (too many pixels)."), code="too_many_pixels")
    try:
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)  # keep the orientation the camera meant, then drop EXIF
            img.thumbnail((max_side, max_side))
            if img.mode not in ("RGB", "L"):
                background = Image.new("RGB", img.size, (255, 255, 255))
                rgba = img.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                img = background
            out = io.BytesIO()
            img.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This picture could not be read."), code="unreadable") from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def clean_pdf(upload: Any) -> Any:
    """Refuse anything but a real PDF (extension and `%PDF-` signature) of at most 5 MB."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("The document must be a PDF file (ending in .pdf)."), code="extension")
    data = _read_all(upload, PDF_MAX_BYTES)
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(_("This file is not a PDF document."), code="magic")
    try:
        upload.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    return upload


class ImageUploadField(forms.ImageField):
    """A form field whose cleaned value is the re-encoded, metadata-free JPEG (or None)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def to_python(self, data: Any) -> Any:
        if data in self.empty_values:
            return None
        return clean_image(data)


class PdfUploadField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value and hasattr(value, "read") and value is not initial:
            clean_pdf(value)
        return value
