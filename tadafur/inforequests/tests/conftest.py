"""Information requests tests: media in a temporary folder; a request helper."""

from __future__ import annotations

from typing import Any

import pytest

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def file_request(collectivity: Any, actor: Any, **extra: Any) -> Any:
    from tadafur.inforequests import services

    data = {
        "subject": "Budget 2026 — demande d'Amina El Idrissi",
        "text": "Je, Amina El Idrissi (06 11 22 33 44), demande le budget 2026 de la commune.",
    }
    data.update(extra)
    return services.inforequest_file(collectivity=collectivity, actor=actor, **data)
