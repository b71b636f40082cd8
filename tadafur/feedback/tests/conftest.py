"""Service feedback tests: media in a temporary folder; photos carrying EXIF; a report helper."""

from __future__ import annotations

import io
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def photo_with_gps() -> bytes:
    """A JPEG whose EXIF carries a camera make and a GPS position, as phones write them."""
    from PIL import Image

    img = Image.new("RGB", (64, 48), (200, 180, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (33.0, 0.0, 1.0), 3: "W", 4: (7.0, 37.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def make_report(collectivity: Any, actor: Any, **extra: Any) -> Any:
    from tadafur.feedback import services

    data = {
        "service": "lighting",
        "description": "The street light is out.",
        "address": "Avenue Hassan II, near the school",
    }
    data.update(extra)
    return services.report_file(collectivity=collectivity, actor=actor, **data)
