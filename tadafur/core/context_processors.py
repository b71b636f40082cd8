from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request: HttpRequest) -> dict[str, Any]:
    """Language switcher links that keep the current page, and site-wide names."""
    path = request.get_full_path()
    switcher = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        switcher.append({"code": code, "name_local": info["name_local"], "url": translate_url(path, code)})
    return {"language_switcher": switcher, "SITE_URL": settings.SITE_URL}
